#pragma once
// PassFailReport: the output of the quick connection tests (check, account): progress lines for a
// person, or one JSON object with --json, and always a final PASS or FAIL with the exit code.
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>

namespace rt::app {

class PassFailReport {
 public:
  explicit PassFailReport(bool json) : json_mode_(json) {}

  // A progress line; silent in JSON mode (the facts go into json() instead).
  void say(const std::string& line) const {
    if (!json_mode_) std::printf("%s\n", line.c_str());
  }
  [[nodiscard]] bool json_mode() const { return json_mode_; }
  nlohmann::json& json() { return json_; }

  // Prints the result and returns the process exit code (0 PASS, 1 FAIL).
  int finish(bool pass, const std::string& reason) {
    if (json_mode_) {
      json_["result"] = pass ? "PASS" : "FAIL";
      if (!pass) json_["reason"] = reason;
      std::printf("%s\n", json_.dump(2).c_str());
    } else {
      std::printf("Result: %s%s\n", pass ? "PASS" : "FAIL: ", pass ? "" : reason.c_str());
    }
    std::fflush(stdout);
    return pass ? 0 : 1;
  }

 private:
  bool json_mode_;
  nlohmann::json json_;
};

}  // namespace rt::app
