#pragma once
// MappedFile: a whole file's bytes, read-only, mapped into memory (no copy, no zero-fill), or read
// into a buffer when the file cannot be mapped (a pipe, an empty file). Move-only; unmaps on
// destruction. Used to load CSV bars and bar caches.
#include <optional>
#include <string>
#include <string_view>

namespace rt::backtest {

class MappedFile {
 public:
  // nullopt when the file cannot be opened or read.
  static std::optional<MappedFile> open(const std::string& path);

  MappedFile(MappedFile&& other) noexcept;
  MappedFile& operator=(MappedFile&& other) noexcept;
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  ~MappedFile();

  [[nodiscard]] std::string_view bytes() const {
    return map_ != nullptr ? std::string_view(map_, size_) : copy_;
  }

 private:
  MappedFile() = default;
  const char* map_ = nullptr;
  std::size_t size_ = 0;
  std::string copy_;
};

}  // namespace rt::backtest
