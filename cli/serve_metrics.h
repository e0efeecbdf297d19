// `ferry serve`'s counters, in Prometheus' text format at GET /metrics.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <string>

namespace ferry::cli {

struct ServeMetrics {
  std::atomic<int64_t> events_received{0};   // pushes queued from webhooks and polls
  std::atomic<int64_t> events_ignored{0};    // not a push of a tag
  std::atomic<int64_t> rejected_auth{0};     // 401
  std::atomic<int64_t> rejected_body{0};     // 400 and 413
  std::atomic<int64_t> rejected_rate{0};     // 429
  std::atomic<int64_t> attempts_failed{0};   // a job attempt that failed (retried or dead)
  std::atomic<int64_t> bytes_copied{0};
  // Copy durations: counts at or below each bound (seconds), then the sum.
  static constexpr std::array<double, 8> kBounds{0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};
  std::array<std::atomic<int64_t>, kBounds.size() + 1> copy_buckets{};
  std::atomic<int64_t> copy_millis_sum{0};

  void copied(double seconds, uint64_t bytes);
  // The text for GET /metrics; `jobs` are the queue's counts ("push done" -> n).
  std::string text(const std::map<std::string, int64_t>& jobs, int64_t running) const;
};

}  // namespace ferry::cli
