// `ferry serve`'s durable queue, in the state store's SQLite file (WAL, synchronous
// writes): an *event* job per accepted push notification, and a *push* job per (image
// digest, destination repository, rule) that the policies decide on — unique, so that
// however many times a push is notified, and whatever crashes in between, it is copied
// once (LANGUAGE.md section 5). Each thread opens its own JobQueue.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace ferry {

struct Job {
  int64_t id = 0;
  std::string kind;    // event | push
  std::string status;  // queued | running | done | dead
  std::string registry, repository, tag, digest;  // the image
  std::string rule, destination, dest_tag;         // push jobs: what the rule decided
  int64_t attempts = 0;
  int64_t next_at = 0;  // not run before this (Unix seconds)
  std::string error;    // of the last attempt that failed
  std::string result;   // what was done
  int64_t created = 0, updated = 0;
  int64_t parent = 0;  // a push job's event
};

struct PushEvent {
  std::string registry, repository, tag, digest;
};

class JobQueue {
 public:
  // `durable`: every commit is on disk before it returns (synchronous=FULL), as the
  // webhook's promise needs; without, a commit survives a crash of ferry but maybe not
  // of the machine (WAL, synchronous=NORMAL), enough for a worker's progress, which is
  // safe to redo.
  static std::unique_ptr<JobQueue> open(const std::string& path, std::string& error, bool durable = true);
  ~JobQueue();
  JobQueue(const JobQueue&) = delete;
  JobQueue& operator=(const JobQueue&) = delete;

  // Queued, in one transaction, and on disk when this returns. Throws std::runtime_error.
  std::vector<int64_t> add_events(const std::vector<PushEvent>& events, int64_t now);
  // The push job, unless that (digest, destination, rule) has one already (nullopt).
  std::optional<int64_t> add_push(const Job& push, int64_t now);
  // The oldest queued job that is due, now running; nullopt when there is none.
  std::optional<Job> claim(int64_t now);
  void finish(int64_t id, const std::string& status, const std::string& result, int64_t now);
  void retry(int64_t id, const std::string& error, int64_t next_at, int64_t now);
  // Back to the queue until `next_at` without spending an attempt (waiting for scan data).
  void postpone(int64_t id, const std::string& why, int64_t next_at, int64_t now);
  // After a crash: every running job is queued again. Returns how many.
  int64_t requeue_running(int64_t now);
  // A dead job queued again by hand, its attempts counted afresh (its last error kept
  // until the next attempt). False when there is no dead job `id`.
  bool revive(int64_t id, int64_t now);

  std::optional<Job> get(int64_t id);
  std::vector<Job> list(size_t limit);
  std::map<std::string, int64_t> counts();  // "event queued" -> n, "push done" -> n, ...

 private:
  explicit JobQueue(sqlite3* db) : db_(db) {}
  void exec(const char* sql);
  sqlite3* db_;
};

}  // namespace ferry
