#include "cli/serve_metrics.h"

#include <fmt/format.h>

namespace ferry::cli {

void ServeMetrics::copied(double seconds, uint64_t bytes) {
  bytes_copied += static_cast<int64_t>(bytes);
  copy_millis_sum += static_cast<int64_t>(seconds * 1000);
  size_t k = 0;
  while (k < kBounds.size() && seconds > kBounds[k]) ++k;
  ++copy_buckets[k];
}

std::string ServeMetrics::text(const std::map<std::string, int64_t>& jobs, int64_t running) const {
  std::string out;
  const auto counter = [&](const char* name, const char* help, int64_t value, const std::string& labels = "") {
    out += fmt::format("# HELP {} {}\n# TYPE {} counter\n{}{} {}\n", name, help, name, name, labels, value);
  };
  counter("ferry_events_received_total", "Push events accepted and queued.", events_received);
  counter("ferry_events_ignored_total", "Webhook events that were not the push of a tag.", events_ignored);
  out += "# HELP ferry_webhooks_rejected_total Webhooks refused, by reason.\n# TYPE ferry_webhooks_rejected_total counter\n";
  out += fmt::format("ferry_webhooks_rejected_total{{reason=\"auth\"}} {}\n", rejected_auth.load());
  out += fmt::format("ferry_webhooks_rejected_total{{reason=\"body\"}} {}\n", rejected_body.load());
  out += fmt::format("ferry_webhooks_rejected_total{{reason=\"rate\"}} {}\n", rejected_rate.load());
  counter("ferry_job_attempts_failed_total", "Job attempts that failed (then retried, or dead).", attempts_failed);
  counter("ferry_bytes_copied_total", "Blob bytes uploaded to destinations.", bytes_copied);
  out += "# HELP ferry_jobs Jobs in the queue by kind and status.\n# TYPE ferry_jobs gauge\n";
  for (const char* kind : {"event", "push"}) {
    for (const char* status : {"queued", "running", "done", "dead"}) {
      const auto it = jobs.find(std::string(kind) + " " + status);
      out += fmt::format("ferry_jobs{{kind=\"{}\",status=\"{}\"}} {}\n", kind, status, it == jobs.end() ? 0 : it->second);
    }
  }
  out += fmt::format("# HELP ferry_workers_busy Workers running a job.\n# TYPE ferry_workers_busy gauge\nferry_workers_busy {}\n", running);
  out += "# HELP ferry_copy_duration_seconds Time to copy one pushed image.\n# TYPE ferry_copy_duration_seconds histogram\n";
  int64_t cumulative = 0;
  for (size_t k = 0; k < kBounds.size(); ++k) {
    cumulative += copy_buckets[k];
    out += fmt::format("ferry_copy_duration_seconds_bucket{{le=\"{}\"}} {}\n", kBounds[k], cumulative);
  }
  cumulative += copy_buckets[kBounds.size()];
  out += fmt::format("ferry_copy_duration_seconds_bucket{{le=\"+Inf\"}} {}\n", cumulative);
  out += fmt::format("ferry_copy_duration_seconds_sum {:.3f}\nferry_copy_duration_seconds_count {}\n", copy_millis_sum / 1000.0, cumulative);
  return out;
}

}  // namespace ferry::cli
