#include "core/text.hpp"

#include <algorithm>
#include <charconv>

namespace rt {

namespace {

bool is_space(char c) noexcept {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

char lower(char c) noexcept {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}
char upper(char c) noexcept {
  return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
}

template <class Int>
bool read_whole(std::string_view s, Int& out) noexcept {
  if (s.empty()) return false;
  Int value{};
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc{} || end != s.data() + s.size()) return false;
  out = value;
  return true;
}

}  // namespace

std::string_view trim(std::string_view s) noexcept {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  split_into(s, sep, out);
  return out;
}

void split_into(std::string_view s, char sep, std::vector<std::string_view>& out) {
  out.clear();
  // A byte loop, not find(): fields in bar files and specs are a few bytes long, shorter than a
  // memchr call is worth.
  const char* start = s.data();
  const char* const end = start + s.size();
  for (const char* p = start; p != end; ++p) {
    if (*p == sep) {
      out.emplace_back(start, static_cast<std::size_t>(p - start));
      start = p + 1;
    }
  }
  out.emplace_back(start, static_cast<std::size_t>(end - start));
}

std::vector<std::string_view> split_trimmed(std::string_view s, char sep) {
  auto out = split(s, sep);
  for (auto& field : out) field = trim(field);
  return out;
}

std::vector<std::string_view> split_whitespace(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && is_space(s[i])) ++i;
    const std::size_t start = i;
    while (i < s.size() && !is_space(s[i])) ++i;
    if (i > start) out.push_back(s.substr(start, i - start));
  }
  return out;
}

bool read_int(std::string_view s, int& out) noexcept {
  return read_whole(s, out);
}
bool read_int(std::string_view s, std::int64_t& out) noexcept {
  return read_whole(s, out);
}

bool read_double(std::string_view s, double& out) noexcept {
  // from_chars also reads "inf" and "nan": a config value or a price is never one of those.
  if (s.empty() || !(s.front() == '-' || s.front() == '.' || (s.front() >= '0' && s.front() <= '9'))) return false;
  if (s.front() == '-' && (s.size() == 1 || !(s[1] == '.' || (s[1] >= '0' && s[1] <= '9')))) return false;
  return read_whole(s, out);
}

std::string to_lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), lower);
  return out;
}

std::string to_upper(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), upper);
  return out;
}

bool contains_ignoring_case(std::string_view text, std::string_view needle) noexcept {
  if (needle.empty()) return true;
  auto it = std::search(text.begin(), text.end(), needle.begin(), needle.end(),
                        [](char a, char b) { return lower(a) == lower(b); });
  return it != text.end();
}

}  // namespace rt
