// The progress of a copy on a terminal: a line per blob being uploaded (bytes, share,
// rate) and a total, redrawn a few times a second on stderr; when the copy ends, the
// lines give way to one summary line. Only where stderr is a terminal and no
// --verbose or --log-format json output asks for the lines to stay.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <map>
#include <mutex>
#include <string>
#include <thread>

#include "runtime/registry/copy_event.h"

namespace ferry::cli {

class ProgressDisplay {
 public:
  explicit ProgressDisplay(std::FILE* out);
  ~ProgressDisplay();  // stops drawing and prints the summary
  ProgressDisplay(const ProgressDisplay&) = delete;
  ProgressDisplay& operator=(const ProgressDisplay&) = delete;

  // CopyOptions::progress and CopyOptions::log; each is called one at a time.
  void progress(const std::string& digest, uint64_t done, uint64_t total);
  void event(const registry::CopyEvent& event);

 private:
  struct Blob {
    uint64_t done = 0;
    uint64_t total = 0;
  };
  using Clock = std::chrono::steady_clock;

  void draw_loop();
  void draw();  // with mutex_ held
  void erase();

  std::FILE* out_;
  Clock::time_point start_ = Clock::now();
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::map<std::string, Blob> active_;  // by digest, while uploading
  size_t blobs_done_ = 0;
  size_t blobs_skipped_ = 0;  // there already, or mounted
  uint64_t bytes_done_ = 0;   // of finished blobs
  size_t lines_ = 0;          // drawn last time, to be drawn over
  std::thread drawer_;
};

}  // namespace ferry::cli
