#include "cli/progress_display.h"

#include <fmt/format.h>

namespace ferry::cli {
namespace {

std::string megabytes(uint64_t bytes) { return fmt::format("{:.1f} MB", static_cast<double>(bytes) / 1e6); }

std::string rate(uint64_t bytes, double seconds) {
  return seconds > 0 ? fmt::format("{:.1f} MB/s", static_cast<double>(bytes) / 1e6 / seconds) : "-";
}

}  // namespace

ProgressDisplay::ProgressDisplay(std::FILE* out) : out_(out), drawer_([this] { draw_loop(); }) {}

ProgressDisplay::~ProgressDisplay() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  drawer_.join();
  erase();
  const double seconds = std::chrono::duration<double>(Clock::now() - start_).count();
  std::fprintf(out_, "  %zu blobs uploaded (%s in %.1f s, %s), %zu already there or mounted\n", blobs_done_,
               megabytes(bytes_done_).c_str(), seconds, rate(bytes_done_, seconds).c_str(), blobs_skipped_);
  std::fflush(out_);
}

void ProgressDisplay::progress(const std::string& digest, uint64_t done, uint64_t total) {
  const std::lock_guard lock(mutex_);
  active_[digest] = {done, total};
}

void ProgressDisplay::event(const registry::CopyEvent& event) {
  using K = registry::CopyEvent::Kind;
  const std::lock_guard lock(mutex_);
  if (event.kind == K::BlobCopied) {
    active_.erase(event.digest);
    ++blobs_done_;
    bytes_done_ += event.bytes;
  } else if (event.kind == K::BlobPresent || event.kind == K::BlobMounted) {
    ++blobs_skipped_;
  }
}

void ProgressDisplay::draw_loop() {
  std::unique_lock lock(mutex_);
  while (!wake_.wait_for(lock, std::chrono::milliseconds(200), [this] { return stopping_; })) draw();
}

void ProgressDisplay::draw() {
  std::string frame;
  if (lines_ > 0) frame += fmt::format("\x1b[{}A", lines_);  // back to the first line drawn
  frame += "\x1b[J";                                          // and clear below
  const double seconds = std::chrono::duration<double>(Clock::now() - start_).count();
  uint64_t moving = 0;
  lines_ = 0;
  for (const auto& [digest, b] : active_) {
    moving += b.done;
    const int percent = b.total ? static_cast<int>(100 * b.done / b.total) : 100;
    frame += fmt::format("  {}  {:>10} / {:<10} {:>3}%\n", digest.substr(0, 19), megabytes(b.done), megabytes(b.total), percent);
    ++lines_;
  }
  frame += fmt::format("  total: {} blobs uploaded, {} uploading, {}, {}\n", blobs_done_, active_.size(),
                       megabytes(bytes_done_ + moving), rate(bytes_done_ + moving, seconds));
  ++lines_;
  std::fputs(frame.c_str(), out_);
  std::fflush(out_);
}

void ProgressDisplay::erase() {
  if (lines_ == 0) return;
  std::fprintf(out_, "\x1b[%zuA\x1b[J", lines_);
  lines_ = 0;
}

}  // namespace ferry::cli
