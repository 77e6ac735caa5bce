#pragma once
// A plain text table for terminal output: columns sized to their widest cell.
#include <cstdio>
#include <string>
#include <vector>

namespace rt::app {

class Table {
 public:
  explicit Table(std::vector<std::string> header) : header_(std::move(header)) {}
  void add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  void print(std::FILE* out) const;

 private:
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace rt::app
