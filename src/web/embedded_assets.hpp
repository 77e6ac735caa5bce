#pragma once
// The dashboard's static files (src/web/assets/), compiled into the binary at build time by
// embed_assets.cmake, so the page needs nothing from disk or from any other host.
// Thread: immutable data; any thread.
#include <string_view>

namespace rt::web {

struct EmbeddedAsset {
  std::string_view path;          // "/index.html", "/app.js", ...
  std::string_view content_type;  // "text/html; charset=utf-8", ...
  std::string_view body;
};

// The asset served at `path`, or nullptr.
[[nodiscard]] const EmbeddedAsset* find_embedded_asset(std::string_view path) noexcept;

}  // namespace rt::web
