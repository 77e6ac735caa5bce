#pragma once
// RingBuffer: a fixed-capacity FIFO of doubles used by the rolling indicators. Memory is allocated
// once in the constructor; push/pop never allocate. Not thread-safe (lives on its owner's thread).
// Indices wrap with a compare instead of `%`: a 64-bit division costs more than the rest of an
// indicator update, and indicators run on every bar of every symbol (and of every backtest).
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
    data_[wrap(head_ + size_)] = v;
    ++size_;
  }
  void pop_front() {
    if (empty()) std::abort();
    head_ = wrap(head_ + 1);
    --size_;
  }
  void pop_back() {
    if (empty()) std::abort();
    --size_;
  }
  // Oldest element first: (*this)[0] is the front.
  [[nodiscard]] const T& operator[](std::size_t i) const { return data_[wrap(head_ + i)]; }
  [[nodiscard]] const T& front() const { return (*this)[0]; }
  [[nodiscard]] const T& back() const { return (*this)[size_ - 1]; }
  void clear() {
    head_ = 0;
    size_ = 0;
  }

 private:
  // i < 2 x capacity for every caller (head_ < capacity, offsets <= size_ <= capacity).
  [[nodiscard]] std::size_t wrap(std::size_t i) const { return i >= data_.size() ? i - data_.size() : i; }

  std::vector<T> data_;
  std::size_t head_ = 0;
  std::size_t size_ = 0;
};

}  // namespace rt::trading
