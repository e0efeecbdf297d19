#include "cli/serve_worker.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>

#include "cli/registry_options.h"
#include "cli/scan_sources.h"
#include "runtime/decision.h"
#include "runtime/registry/copier.h"
#include "runtime/vm.h"

namespace ferry::cli {
namespace {

using namespace ferry::registry;

struct JobError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// The VM's word for a scan fact read from an image that has none (runtime/vm.cpp).
bool wants_scan(const Decision& d) {
  const auto unscanned = [](std::string_view text) { return text.find("not scanned") != std::string_view::npos; };
  return std::any_of(d.errors.begin(), d.errors.end(), [&](const RuleError& e) { return unscanned(e.message); }) ||
         std::any_of(d.blocks.begin(), d.blocks.end(), [&](const BlockEntry& b) { return unscanned(b.reason); });
}

std::string rule_of(const PushAction& p) { return p.rule.empty() ? std::string(p.location) : std::string(p.rule); }

void process_event(const Job& job, JobQueue& queue, const WorkerContext& c, int64_t now) {
  Client src = serve_client(job.registry, c.config);
  const ImageRef ref{job.registry, job.repository, job.tag, ""};
  // The image that was pushed, by its digest, whatever the tag names by now.
  const Manifest manifest = src.get_manifest(job.repository, job.digest);
  const auto sources = ScanSources::open(ScanOptions{.facts_dir = c.config.facts_dir});
  const RegistryImage read = read_registry_image(src, ref, manifest, *sources, tag_lookup(src, job.repository));
  const ImageFacts& image = read.image;
  for (const auto& e : read.scan_errors) c.log("scan data error", {{"job", std::to_string(job.id)}, {"error", e}});
  const auto policies = c.policies.get();
  Vm vm;
  Decision decision;
  vm.evaluate(policies->views(), image, now, decision);
  // Scanners often finish after the push: an image the policies could not decide for want
  // of scan data (a rule in error, or blocking on an error, "not scanned") waits a while.
  if (!image.scanned && c.config.scan_wait > 0 && now - job.created < c.config.scan_wait && wants_scan(decision)) {
    const int64_t at = now + std::min<int64_t>(5, job.created + c.config.scan_wait - now);
    queue.postpone(job.id, "waiting for scan data", at, now);
    c.log("waiting for scan data", {{"job", std::to_string(job.id)}, {"image", ref.text()}});
    return;
  }
  int queued = 0, before = 0;
  for (const PushAction& p : decision.pushes) {
    Job push;
    push.registry = job.registry;
    push.repository = job.repository;
    push.tag = job.tag;
    push.digest = manifest.digest;
    push.rule = rule_of(p);
    push.destination = std::string(p.destination);
    push.dest_tag = std::string(p.tag);
    push.parent = job.id;
    if (const auto id = queue.add_push(push, now)) {
      ++queued;
      c.log("push queued", {{"job", std::to_string(*id)}, {"image", ref.text()}, {"to", fmt::format("{}:{}", p.destination, p.tag)},
                            {"rule", push.rule}});
    } else {
      ++before;
    }
  }
  std::string result = fmt::format("{}: {} push(es) queued, {} queued or done before", kind_name(decision.kind()), queued, before);
  for (const auto& b : decision.blocks) result += fmt::format("; blocked by {}", b.rule.empty() ? std::string(b.location) : std::string(b.rule));
  for (const auto& e : decision.errors) result += fmt::format("; error in {}: {}", e.rule.empty() ? e.location() : std::string(e.rule), e.message);
  queue.finish(job.id, "done", result, now);
  c.log("event decided", {{"job", std::to_string(job.id)}, {"image", ref.text()}, {"result", result}});
}

void process_push(const Job& job, JobQueue& queue, StateStore& store, const WorkerContext& c, int64_t now) {
  if (const auto done = store.find(job.digest, job.destination, job.rule)) {
    queue.finish(job.id, "done", fmt::format("done before, as {}", done->tag), now);
    return;
  }
  std::string why;
  const auto to = parse_image_ref(fmt::format("{}:{}", job.destination, job.dest_tag), why);
  if (!to) throw JobError(why);
  Client src = serve_client(job.registry, c.config);
  Client dst = serve_client(to->registry, c.config);
  const ImageRef from{job.registry, job.repository, "", job.digest};
  const auto start = std::chrono::steady_clock::now();
  const CopyReport r = copy_image(src, from, dst, *to);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  store.record(DonePush{job.digest, job.destination, job.rule, job.dest_tag, now});
  c.metrics.copied(seconds, r.bytes);
  const std::string result = fmt::format("copied to {} ({} blobs, {} bytes; {} already there, {} mounted; {} attached) in {:.2f} s",
                                         to->text(), r.blobs_copied, r.bytes, r.blobs_present, r.blobs_mounted, r.attached, seconds);
  queue.finish(job.id, "done", result, now);
  c.log("push done", {{"job", std::to_string(job.id)}, {"result", result}});
}

}  // namespace

Client serve_client(const std::string& registry, const server::ServeConfig& config) {
  const RegistryOptions options{config.cert_dirs, config.insecure_registries};
  const auto o = client_options(registry, options, "");
  if (!o) throw JobError(fmt::format("{}: the credentials for it cannot be used", registry));
  return Client(registry, *o);
}

void run_job(const Job& job, JobQueue& queue, StateStore& store, const WorkerContext& context) {
  const int64_t now = std::time(nullptr);
  ++context.busy;
  try {
    if (job.kind == "event") process_event(job, queue, context, now);
    else process_push(job, queue, store, context, now);
  } catch (const std::exception& e) {
    ++context.metrics.attempts_failed;
    const int64_t later = std::time(nullptr);
    if (job.attempts >= context.config.max_attempts) {
      queue.retry(job.id, e.what(), later, later);
      queue.finish(job.id, "dead", fmt::format("dead after {} attempts", job.attempts), later);
      context.log("job dead", {{"job", std::to_string(job.id)}, {"attempts", std::to_string(job.attempts)}, {"error", e.what()}});
    } else {
      const int64_t delay = std::min<int64_t>(300, context.config.retry_delay << std::min<int64_t>(job.attempts - 1, 16));
      queue.retry(job.id, e.what(), later + delay, later);
      context.log("job failed, will retry", {{"job", std::to_string(job.id)}, {"attempt", std::to_string(job.attempts)},
                                             {"in", fmt::format("{}s", delay)}, {"error", e.what()}});
    }
  }
  --context.busy;
}

}  // namespace ferry::cli
