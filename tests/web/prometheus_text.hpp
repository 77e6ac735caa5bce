#pragma once
// A small parser for the Prometheus text exposition format (0.0.4), strict enough to catch what a
// scraper would reject: every line is a comment (# HELP / # TYPE), blank, or `name{labels} value`
// with valid names, quoted and escaped label values, and a number (or NaN / +Inf / -Inf).
#include <cmath>
#include <cstdlib>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

namespace rt::test {

struct PromSample {
  std::string name;
  std::map<std::string, std::string> labels;
  double value = 0;
};

struct PromText {
  std::map<std::string, std::string> help;  // by family
  std::map<std::string, std::string> type;  // by family
  std::vector<PromSample> samples;
  std::string error;  // empty when the whole text parsed

  [[nodiscard]] std::optional<double> value(const std::string& name,
                                            const std::map<std::string, std::string>& labels = {}) const {
    for (const auto& s : samples)
      if (s.name == name && s.labels == labels) return s.value;
    return std::nullopt;
  }
};

inline bool prom_name_char(char c, bool first) {
  bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
  return first ? alpha : (alpha || (c >= '0' && c <= '9'));
}

inline PromText parse_prometheus(const std::string& text) {
  PromText out;
  std::istringstream in(text);
  std::string line;
  int number = 0;
  auto fail = [&](const std::string& why) {
    if (out.error.empty()) out.error = "line " + std::to_string(number) + ": " + why + ": " + line;
  };
  if (!text.empty() && text.back() != '\n') out.error = "the text must end with a newline";
  while (std::getline(in, line)) {
    ++number;
    if (line.empty()) continue;
    if (line[0] == '#') {
      std::istringstream words(line.substr(1));
      std::string kind, family;
      words >> kind >> family;
      std::string rest;
      std::getline(words, rest);
      if (!rest.empty() && rest[0] == ' ') rest.erase(0, 1);
      if (kind == "HELP") out.help[family] = rest;
      else if (kind == "TYPE") {
        if (rest != "counter" && rest != "gauge" && rest != "histogram" && rest != "summary" && rest != "untyped")
          fail("unknown type");
        if (out.type.count(family)) fail("second TYPE line");
        out.type[family] = rest;
      }
      continue;
    }
    PromSample s;
    std::size_t i = 0;
    while (i < line.size() && prom_name_char(line[i], i == 0)) ++i;
    s.name = line.substr(0, i);
    if (s.name.empty()) { fail("no metric name"); continue; }
    if (i < line.size() && line[i] == '{') {
      ++i;
      while (i < line.size() && line[i] != '}') {
        std::size_t start = i;
        while (i < line.size() && prom_name_char(line[i], i == start) && line[i] != ':') ++i;
        std::string key = line.substr(start, i - start);
        if (key.empty() || i + 1 >= line.size() || line[i] != '=' || line[i + 1] != '"') { fail("bad label"); break; }
        i += 2;
        std::string value;
        bool closed = false;
        while (i < line.size()) {
          char c = line[i++];
          if (c == '"') { closed = true; break; }
          if (c == '\\') {
            if (i >= line.size()) break;
            char e = line[i++];
            if (e == 'n') value += '\n';
            else if (e == '\\' || e == '"') value += e;
            else { fail("bad escape"); break; }
          } else {
            value += c;
          }
        }
        if (!closed) { fail("unterminated label value"); break; }
        s.labels[key] = value;
        if (i < line.size() && line[i] == ',') ++i;
      }
      if (i >= line.size() || line[i] != '}') { fail("unterminated labels"); continue; }
      ++i;
    }
    if (i >= line.size() || line[i] != ' ') { fail("no value"); continue; }
    std::string value = line.substr(i + 1);
    if (value == "NaN") s.value = std::nan("");
    else if (value == "+Inf") s.value = INFINITY;
    else if (value == "-Inf") s.value = -INFINITY;
    else {
      char* end = nullptr;
      s.value = std::strtod(value.c_str(), &end);
      if (value.empty() || end == nullptr || *end != '\0') { fail("bad number"); continue; }
    }
    // Every sample belongs to a family that was declared with TYPE.
    std::string family = s.name;
    for (const char* suffix : {"_bucket", "_sum", "_count"}) {
      std::string suf = suffix;
      if (!out.type.count(family) && family.size() > suf.size() &&
          family.compare(family.size() - suf.size(), suf.size(), suf) == 0)
        family = family.substr(0, family.size() - suf.size());
    }
    if (!out.type.count(family)) fail("sample without a TYPE line");
    out.samples.push_back(std::move(s));
  }
  return out;
}

}  // namespace rt::test
