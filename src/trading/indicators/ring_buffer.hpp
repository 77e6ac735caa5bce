#pragma once
// RingBuffer: a fixed-capacity FIFO of doubles used by the rolling indicators. Memory is allocated
// once in the constructor; push/pop never allocate. Not thread-safe (lives on its owner's thread).
#include <cstddef>
#include <cstdlib>
#include <vector>

namespace rt::trading {

template <class T>
class RingBuffer {
 public:
  explicit RingBuffer(std::size_t capacity) : data_(capacity == 0 ? 1 : capacity) {}

  [[nodiscard]] std::size_t size() const { return size_; }
  [[nodiscard]] std::size_t capacity() const { return data_.size(); }
  [[nodiscard]] bool empty() const { return size_ == 0; }
  [[nodiscard]] bool full() const { return size_ == data_.size(); }

  // Appends at the back; the buffer must not be full.
  void push_back(const T& v) {
    if (full()) std::abort();
    data_[(head_ + size_) % data_.size()] = v;
    ++size_;
  }
  void pop_front() {
    if (empty()) std::abort();
    head_ = (head_ + 1) % data_.size();
    --size_;
  }
  void pop_back() {
    if (empty()) std::abort();
    --size_;
  }
  // Oldest element first: (*this)[0] is the front.
  [[nodiscard]] const T& operator[](std::size_t i) const { return data_[(head_ + i) % data_.size()]; }
  [[nodiscard]] const T& front() const { return (*this)[0]; }
  [[nodiscard]] const T& back() const { return (*this)[size_ - 1]; }
  void clear() {
    head_ = 0;
    size_ = 0;
  }

 private:
  std::vector<T> data_;
  std::size_t head_ = 0;
  std::size_t size_ = 0;
};

}  // namespace rt::trading
