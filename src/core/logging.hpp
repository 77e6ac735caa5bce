#pragma once
// Logging setup for the binary. Code logs through spdlog in .cpp files only; this header stays
// light so it can be included anywhere.
#include <string_view>

#include "core/result.hpp"

namespace rt {

// Configures the default spdlog logger: stderr, a compact pattern, the given level
// ("trace", "debug", "info", "warn", "error", "off").
Status setup_logging(std::string_view level);

}  // namespace rt
