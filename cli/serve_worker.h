// What a `ferry serve` worker does with a job (runtime/state/job_queue.h): an event job
// reads the image's facts and scan data and lets the policies decide, queueing one push
// job per push; a push job copies the image, pinned by digest, to the rendered
// destination and records it in the state store. A failed attempt is retried with
// backoff, and after the last attempt the job is dead.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "cli/policies.h"
#include "cli/serve_log.h"
#include "cli/serve_metrics.h"
#include "runtime/registry/client.h"
#include "runtime/server/serve_config.h"
#include "runtime/state/job_queue.h"
#include "runtime/state/state_store.h"

namespace ferry::cli {

// The policies in force: replaced whole on a reload, while workers keep the one they
// started a job with.
class PolicyHolder {
 public:
  std::shared_ptr<const CompiledPolicies> get() const {
    const std::lock_guard lock(mutex_);
    return current_;
  }
  void set(std::shared_ptr<const CompiledPolicies> p) {
    const std::lock_guard lock(mutex_);
    current_ = std::move(p);
  }

 private:
  mutable std::mutex mutex_;
  std::shared_ptr<const CompiledPolicies> current_;
};

struct WorkerContext {
  const server::ServeConfig& config;
  const PolicyHolder& policies;
  ServeLog& log;
  ServeMetrics& metrics;
  std::atomic<int64_t>& busy;
};

// A client for `registry` with the configuration's trust and the auth file's credentials.
registry::Client serve_client(const std::string& registry, const server::ServeConfig& config);

// Runs one claimed job to its end: done, queued again for later, or dead.
void run_job(const Job& job, JobQueue& queue, StateStore& store, const WorkerContext& context);

}  // namespace ferry::cli
