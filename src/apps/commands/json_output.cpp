#include "apps/commands/json_output.hpp"

#include <unistd.h>

#include <string>

#include "web/exchange_time.hpp"

namespace rt::app {

nlohmann::json json_money(Decimal d) { return d.to_string(); }

nlohmann::json json_money(const std::optional<Decimal>& d) { return d ? json_money(*d) : nlohmann::json(); }

nlohmann::json json_time(Timestamp t) { return t == Timestamp{} ? nlohmann::json() : nlohmann::json(web::exchange_time(t)); }

void print_json(const nlohmann::json& doc, std::FILE* out) {
  const std::string text = doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
  std::fprintf(out, "%s\n", text.c_str());
  std::fflush(out);
}

JsonStdout::JsonStdout(bool enabled) {
  if (!enabled) return;
  std::fflush(stdout);
  saved_fd_ = ::dup(STDOUT_FILENO);
  if (saved_fd_ >= 0) ::dup2(STDERR_FILENO, STDOUT_FILENO);
}

JsonStdout::~JsonStdout() {
  if (saved_fd_ < 0) return;
  std::fflush(stdout);
  ::dup2(saved_fd_, STDOUT_FILENO);
  ::close(saved_fd_);
}

void JsonStdout::emit(const nlohmann::json& doc) const {
  if (saved_fd_ < 0) {
    print_json(doc);
    return;
  }
  std::fflush(stdout);
  const std::string text = doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  std::size_t written = 0;
  while (written < text.size()) {
    const auto n = ::write(saved_fd_, text.data() + written, text.size() - written);
    if (n <= 0) break;
    written += static_cast<std::size_t>(n);
  }
}

}  // namespace rt::app
