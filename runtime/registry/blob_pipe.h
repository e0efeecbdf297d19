// A bounded byte queue between a blob's download (one thread) and its upload (another):
// the two transfers overlap, and memory stays at the bound whatever the blob's size.
#pragma once

#include <condition_variable>
#include <cstring>
#include <mutex>
#include <algorithm>
#include <vector>

namespace ferry::registry {

class BlobPipe {
 public:
  explicit BlobPipe(size_t capacity) : ring_(capacity) {}

  // Blocks while full; false once the reader has given up.
  bool write(const char* data, size_t size) {
    std::unique_lock lock(mutex_);
    while (size > 0) {
      changed_.wait(lock, [&] { return failed_ || used_ < ring_.size(); });
      if (failed_) return false;
      // Into the free space after the data, up to the end of the ring.
      const size_t tail = (head_ + used_) % ring_.size();
      const size_t n = std::min({size, ring_.size() - used_, ring_.size() - tail});
      std::memcpy(ring_.data() + tail, data, n);
      used_ += n;
      data += n;
      size -= n;
      changed_.notify_all();
    }
    return true;
  }

  // Blocks while empty; 0 at the end, -1 when the writer failed (or fail() was called).
  long read(char* out, size_t size) {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return failed_ || closed_ || used_ > 0; });
    if (failed_) return -1;
    if (used_ == 0) return 0;
    const size_t n = std::min({size, used_, ring_.size() - head_});
    std::memcpy(out, ring_.data() + head_, n);
    head_ = (head_ + n) % ring_.size();
    used_ -= n;
    changed_.notify_all();
    return static_cast<long>(n);
  }

  void close() { set(closed_); }  // everything was written, and verified
  void fail() { set(failed_); }   // either side stops

 private:
  void set(bool& flag) {
    const std::lock_guard lock(mutex_);
    flag = true;
    changed_.notify_all();
  }

  std::vector<char> ring_;
  size_t head_ = 0;  // where the oldest byte is
  size_t used_ = 0;
  std::mutex mutex_;
  std::condition_variable changed_;
  bool closed_ = false;
  bool failed_ = false;
};

}  // namespace ferry::registry
