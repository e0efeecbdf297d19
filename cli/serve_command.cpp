// `ferry serve --config FILE`: registry webhooks in, policies decide, copies out. The
// HTTP server answers a webhook only once its events are in the durable queue; workers
// take jobs from the queue; a signal thread reloads the policies on SIGHUP and stops
// the server on SIGTERM or SIGINT, letting running jobs finish. docs/serve.md.
#include <fmt/format.h>
#include <httplib.h>
#include <openssl/crypto.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <thread>

#include "cli/commands.h"
#include "cli/event_writer.h"
#include "cli/serve_worker.h"
#include "runtime/registry/client.h"
#include "runtime/registry/reference.h"
#include "runtime/registry/referrers.h"
#include "runtime/server/webhook.h"

namespace ferry::cli {
namespace {

using Json = nlohmann::ordered_json;

Json job_json(const Job& j) {
  Json out{{"id", j.id}, {"kind", j.kind}, {"status", j.status}, {"image", fmt::format("{}/{}:{}", j.registry, j.repository, j.tag)},
           {"digest", j.digest}, {"attempts", j.attempts}};
  if (j.kind == "push") {
    out["rule"] = j.rule;
    out["destination"] = fmt::format("{}:{}", j.destination, j.dest_tag);
    out["event"] = j.parent;
  }
  if (!j.error.empty()) out["error"] = j.error;
  if (!j.result.empty()) out["result"] = j.result;
  out["created"] = format_rfc3339(j.created);
  out["updated"] = format_rfc3339(j.updated);
  if (j.status == "queued" && j.next_at > j.updated) out["next_attempt"] = format_rfc3339(j.next_at);
  return out;
}

// Webhooks per second on average, with bursts: a token bucket.
class RateLimit {
 public:
  RateLimit(double rate, double burst) : rate_(rate), burst_(burst), tokens_(burst) {}
  bool take() {
    const std::lock_guard lock(mutex_);
    const auto now = std::chrono::steady_clock::now();
    tokens_ = std::min(burst_, tokens_ + rate_ * std::chrono::duration<double>(now - last_).count());
    last_ = now;
    if (tokens_ < 1) return false;
    tokens_ -= 1;
    return true;
  }

 private:
  std::mutex mutex_;
  double rate_, burst_, tokens_;
  std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
};

// The secret compared in constant time, whatever the header holds.
bool authorized(const httplib::Request& request, const server::ServeConfig& config) {
  std::string expected = config.secret;
  if (config.secret_header == "Authorization") expected = "Bearer " + expected;
  const std::string got = request.get_header_value(config.secret_header);
  return got.size() == expected.size() && CRYPTO_memcmp(got.data(), expected.data(), got.size()) == 0;
}

std::shared_ptr<const CompiledPolicies> compile(const server::ServeConfig& config, std::string& error) {
  const auto files = server::expand_policies(config.policy_patterns, error);
  if (files.empty()) return nullptr;
  auto compiled = std::make_shared<CompiledPolicies>(compile_policies(files, false));
  if (compiled->exit_code != 0) {
    error = "the policies have errors (printed above)";
    return nullptr;
  }
  return compiled;
}

}  // namespace

int run_serve(const ServeOptions& options) {
  std::string error;
  const auto loaded = server::load_serve_config(options.config, error);
  if (!loaded) {
    std::cerr << "ferry: " << error << '\n';
    return kExitUsage;
  }
  const server::ServeConfig& config = *loaded;
  ServeLog log(config.log_format == "json");
  // The auth file of the configuration is the one every registry client reads.
  if (!config.auth_file.empty()) setenv("REGISTRY_AUTH_FILE", config.auth_file.c_str(), 1);
  PolicyHolder policies;
  policies.set(compile(config, error));
  if (!policies.get()) {
    std::cerr << "ferry: " << error << '\n';
    return kExitPolicyError;
  }
  const std::string state = config.state.empty() ? StateStore::default_path() : config.state;
  auto queue = JobQueue::open(state, error);
  auto store = queue ? StateStore::open(state, error) : nullptr;
  if (!queue || !store) {
    std::cerr << "ferry: " << error << '\n';
    return kExitUsage;
  }
  if (const int64_t again = queue->requeue_running(std::time(nullptr))) {
    log("jobs queued again after an interruption", {{"jobs", std::to_string(again)}});
  }

  // Signals go to one thread, which acts on them; the others never see them.
  sigset_t signals;
  sigemptyset(&signals);
  for (int s : {SIGTERM, SIGINT, SIGHUP}) sigaddset(&signals, s);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  ServeMetrics metrics;
  std::atomic<int64_t> busy{0};
  std::atomic<bool> stopping{false};
  std::mutex wake_mutex;
  std::condition_variable wake;
  const WorkerContext context{config, policies, log, metrics, busy};

  std::vector<std::thread> workers;
  for (int w = 0; w < config.workers; ++w) {
    workers.emplace_back([&] {
      std::string why;
      auto q = JobQueue::open(state, why, false);
      auto s = StateStore::open(state, why);
      if (!q || !s) {
        log("a worker cannot open the state", {{"error", why}});
        return;
      }
      while (!stopping) {
        std::optional<Job> job;
        try {
          job = q->claim(std::time(nullptr));
        } catch (const std::exception& e) {
          log("the queue failed", {{"error", e.what()}});
        }
        if (job) {
          try {
            run_job(*job, *q, *s, context);
          } catch (const std::exception& e) {
            // The queue itself failed to record the result: the job stays running and is
            // queued again at the next start.
            log("a job's result could not be recorded", {{"job", std::to_string(job->id)}, {"error", e.what()}});
          }
          continue;
        }
        std::unique_lock lock(wake_mutex);
        wake.wait_for(lock, std::chrono::seconds(1));
      }
    });
  }

  // Events are written by one thread, in batches (cli/event_writer.h), on a connection of
  // their own; `queue` serves the API.
  auto events = JobQueue::open(state, error);
  if (!events) {
    std::cerr << "ferry: " << error << '\n';
    return kExitUsage;
  }
  EventWriter writer(*events);
  std::mutex queue_mutex;  // `queue`, shared by the API's handlers

  // Pull mirroring: each source's tags, every interval; a tag new or moved is an event.
  std::vector<std::thread> pollers;
  for (const server::PollSource& source : config.poll) {
    pollers.emplace_back([&, source] {
      std::map<std::string, std::string> seen;  // tag -> digest at the last poll
      while (!stopping) {
        try {
          std::string why;
          const auto ref = registry::parse_registry_ref(source.source, why);
          if (!ref || ref->repository.empty()) throw std::runtime_error(why.empty() ? "REGISTRY/REPO was expected" : why);
          registry::Client client = serve_client(ref->registry, config);
          std::vector<PushEvent> events;
          for (const auto& tag : client.list_tags(ref->repository)) {
            if (registry::is_attached_tag(tag)) continue;
            const auto digest = client.manifest_digest(ref->repository, tag);
            if (!digest || seen[tag] == *digest) continue;
            seen[tag] = *digest;
            events.push_back({ref->registry, ref->repository, tag, *digest});
          }
          if (!events.empty()) {
            writer.add(events);
            metrics.events_received += static_cast<int64_t>(events.size());
            log("poll queued", {{"source", source.source}, {"events", std::to_string(events.size())}});
            wake.notify_all();
          }
        } catch (const std::exception& e) {
          log("poll failed", {{"source", source.source}, {"error", e.what()}});
        }
        std::unique_lock lock(wake_mutex);
        wake.wait_for(lock, std::chrono::seconds(source.interval), [&] { return stopping.load(); });
      }
    });
  }

  std::unique_ptr<httplib::Server> http;
  if (!config.tls_cert.empty()) http = std::make_unique<httplib::SSLServer>(config.tls_cert.c_str(), config.tls_key.c_str());
  else http = std::make_unique<httplib::Server>();
  http->set_payload_max_length(config.max_body);
  // Headers and body go out in separate writes: without TCP_NODELAY, Nagle's algorithm and
  // the sender's delayed ACK held each answer some 40 ms (about 140 webhooks a second).
  http->set_tcp_nodelay(true);
  RateLimit rate(config.rate, config.burst);

  http->Post("/webhook", [&](const httplib::Request& request, httplib::Response& response) {
    if (!authorized(request, config)) {
      ++metrics.rejected_auth;
      response.status = 401;
      response.set_content("{\"error\": \"a webhook needs the shared secret\"}\n", "application/json");
      return;
    }
    if (!rate.take()) {
      ++metrics.rejected_rate;
      response.status = 429;
      response.set_header("Retry-After", "1");
      return;
    }
    const server::ParsedWebhook parsed = server::parse_webhook(request.body);
    if (!parsed.error.empty()) {
      ++metrics.rejected_body;
      response.status = 400;
      response.set_content(Json{{"error", parsed.error}}.dump() + "\n", "application/json");
      return;
    }
    metrics.events_ignored += static_cast<int64_t>(parsed.ignored);
    std::vector<int64_t> ids;
    try {
      ids = writer.add(parsed.pushes);
    } catch (const std::exception& e) {
      log("cannot queue a webhook's events", {{"error", e.what()}});
      response.status = 503;  // the sender retries
      return;
    }
    metrics.events_received += static_cast<int64_t>(ids.size());
    for (size_t k = 0; k < ids.size(); ++k) {
      const PushEvent& p = parsed.pushes[k];
      log("event queued", {{"job", std::to_string(ids[k])}, {"image", fmt::format("{}/{}:{}", p.registry, p.repository, p.tag)}});
    }
    wake.notify_all();
    response.status = 202;
    response.set_content(Json{{"queued", ids}, {"ignored", parsed.ignored}}.dump() + "\n", "application/json");
  });
  // 413 for a body over the limit, with a word of why.
  http->set_error_handler([&](const httplib::Request&, httplib::Response& response) {
    if (response.status == 413) ++metrics.rejected_body;
    // cpp-httplib refuses a POST without Content-Length (`curl -X POST` sends none; `-d ''` does).
    const std::string why = response.status == 400 ? ": a malformed request, or a POST without Content-Length" : "";
    if (response.body.empty()) {
      response.set_content(Json{{"error", fmt::format("HTTP {}{}", response.status, why)}}.dump() + "\n", "application/json");
    }
  });
  http->Get("/healthz", [&](const httplib::Request&, httplib::Response& response) { response.set_content("ok\n", "text/plain"); });
  http->Get("/metrics", [&](const httplib::Request&, httplib::Response& response) {
    std::map<std::string, int64_t> counts;
    {
      const std::lock_guard lock(queue_mutex);
      counts = queue->counts();
    }
    response.set_content(metrics.text(counts, busy), "text/plain; version=0.0.4");
  });
  // The jobs name images and destinations: only for who knows the secret.
  http->Get("/jobs", [&](const httplib::Request& request, httplib::Response& response) {
    if (!authorized(request, config)) {
      response.status = 401;
      return;
    }
    Json list = Json::array();
    {
      const std::lock_guard lock(queue_mutex);
      for (const Job& j : queue->list(200)) list.push_back(job_json(j));
    }
    response.set_content(Json{{"jobs", list}}.dump(2) + "\n", "application/json");
  });
  http->Get(R"(/jobs/(\d+))", [&](const httplib::Request& request, httplib::Response& response) {
    if (!authorized(request, config)) {
      response.status = 401;
      return;
    }
    std::optional<Job> job;
    {
      const std::lock_guard lock(queue_mutex);
      job = queue->get(std::stoll(request.matches[1]));
    }
    if (!job) {
      response.status = 404;
      return;
    }
    response.set_content(job_json(*job).dump(2) + "\n", "application/json");
  });
  // A dead job, once the operator has mended what killed it, is tried again from a first
  // attempt: 202 and the job; 409 for a job that is not dead (it is queued, running or
  // done), 404 for none.
  http->Post(R"(/jobs/(\d+)/retry)", [&](const httplib::Request& request, httplib::Response& response) {
    if (!authorized(request, config)) {
      response.status = 401;
      return;
    }
    const int64_t id = std::stoll(request.matches[1]);
    bool revived = false;
    std::optional<Job> job;
    try {
      const std::lock_guard lock(queue_mutex);
      revived = queue->revive(id, std::time(nullptr));
      job = queue->get(id);
    } catch (const std::exception& e) {
      log("cannot queue a job again", {{"job", std::to_string(id)}, {"error", e.what()}});
      response.status = 503;
      return;
    }
    if (!job) {
      response.status = 404;
      return;
    }
    if (!revived) {
      response.status = 409;
      response.set_content(Json{{"error", fmt::format("job {} is {}: only a dead job is queued again", id, job->status)}}.dump() + "\n",
                           "application/json");
      return;
    }
    log("job queued again by hand", {{"job", std::to_string(id)}});
    wake.notify_all();
    response.status = 202;
    response.set_content(job_json(*job).dump(2) + "\n", "application/json");
  });

  const auto reload = [&](const char* why_now) {
    std::string why;
    if (auto fresh = compile(config, why)) {
      policies.set(std::move(fresh));
      log("policies reloaded", {{"on", why_now}});
    } else {
      log("policies not reloaded: the ones in force keep serving", {{"on", why_now}, {"error", why}});
    }
  };
  // The policy files are watched too: a change of a file, or of the files the globs
  // name, reloads them as SIGHUP does.
  std::thread watcher([&] {
    const auto snapshot = [&] {
      std::string ignored, out;
      for (const auto& f : server::expand_policies(config.policy_patterns, ignored)) {
        std::error_code ec;
        const auto t = std::filesystem::last_write_time(f, ec);
        out += f + "@" + std::to_string(ec ? 0 : t.time_since_epoch().count()) + "\n";
      }
      return out;
    };
    std::string seen = snapshot();
    std::unique_lock lock(wake_mutex);
    while (!wake.wait_for(lock, std::chrono::seconds(2), [&] { return stopping.load(); })) {
      lock.unlock();
      if (std::string now = snapshot(); now != seen) {
        seen = std::move(now);
        reload("a policy file changed");
      }
      lock.lock();
    }
  });

  std::thread signal_thread([&] {
    for (;;) {
      int s = 0;
      sigwait(&signals, &s);
      if (s == SIGHUP) {
        reload("SIGHUP");
        continue;
      }
      log("stopping: running jobs finish first", {{"signal", s == SIGTERM ? "TERM" : "INT"}});
      stopping = true;
      wake.notify_all();
      http->stop();
      return;
    }
  });

  const bool bound = http->bind_to_port(config.host, config.port);
  if (!bound) {
    std::cerr << fmt::format("ferry: cannot listen on {}:{}\n", config.host, config.port);
    kill(getpid(), SIGTERM);
  } else {
    log("serving", {{"listen", fmt::format("{}:{}", config.host, config.port)}, {"workers", std::to_string(config.workers)},
                    {"tls", config.tls_cert.empty() ? "no" : "yes"}});
    http->listen_after_bind();
  }
  signal_thread.join();
  watcher.join();
  for (auto& w : workers) w.join();
  for (auto& p : pollers) p.join();
  log("stopped");
  return bound ? kExitOk : kExitUsage;
}

}  // namespace ferry::cli
