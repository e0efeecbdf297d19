#include "runtime/state/job_queue.h"

#include <fmt/format.h>

#include <stdexcept>

#include "runtime/state/sqlite_statement.h"

namespace ferry {
namespace {

constexpr const char* kColumns =
    "id, kind, status, registry, repository, tag, digest, rule, destination, dest_tag, attempts, next_at, error, result, "
    "created, updated, parent";

Job read_job(Statement& st) {
  Job j;
  j.id = st.column_int(0);
  j.kind = st.column(1);
  j.status = st.column(2);
  j.registry = st.column(3);
  j.repository = st.column(4);
  j.tag = st.column(5);
  j.digest = st.column(6);
  j.rule = st.column(7);
  j.destination = st.column(8);
  j.dest_tag = st.column(9);
  j.attempts = st.column_int(10);
  j.next_at = st.column_int(11);
  j.error = st.column(12);
  j.result = st.column(13);
  j.created = st.column_int(14);
  j.updated = st.column_int(15);
  j.parent = st.column_int(16);
  return j;
}

[[noreturn]] void fail(sqlite3* db) { throw std::runtime_error(std::string("the job queue: ") + sqlite3_errmsg(db)); }

// Runs a statement that returns no rows.
void run_to_end(sqlite3* db, Statement& st) {
  if (sqlite3_step(st.s) != SQLITE_DONE) fail(db);
}

}  // namespace

std::unique_ptr<JobQueue> JobQueue::open(const std::string& path, std::string& error, bool durable) {
  // synchronous=FULL: a webhook is answered only once its event is on disk.
  const char* schema =
      "PRAGMA journal_mode=WAL;"
      "PRAGMA synchronous=FULL;"
      "PRAGMA busy_timeout=10000;"
      "CREATE TABLE IF NOT EXISTS jobs ("
      "  id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, status TEXT NOT NULL,"
      "  registry TEXT NOT NULL, repository TEXT NOT NULL, tag TEXT NOT NULL, digest TEXT NOT NULL,"
      "  rule TEXT NOT NULL DEFAULT '', destination TEXT NOT NULL DEFAULT '', dest_tag TEXT NOT NULL DEFAULT '',"
      "  attempts INTEGER NOT NULL DEFAULT 0, next_at INTEGER NOT NULL, error TEXT NOT NULL DEFAULT '',"
      "  result TEXT NOT NULL DEFAULT '', created INTEGER NOT NULL, updated INTEGER NOT NULL, parent INTEGER NOT NULL DEFAULT 0,"
      "  push_key TEXT UNIQUE);"
      "CREATE INDEX IF NOT EXISTS jobs_due ON jobs (status, next_at, id);";
  sqlite3* db = open_database(path, schema, "the job queue", error);
  if (db && !durable) sqlite3_exec(db, "PRAGMA synchronous=NORMAL;", nullptr, nullptr, nullptr);
  return db ? std::unique_ptr<JobQueue>(new JobQueue(db)) : nullptr;
}

JobQueue::~JobQueue() { sqlite3_close(db_); }

void JobQueue::exec(const char* sql) {
  char* message = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &message) != SQLITE_OK) {
    const std::string why = message ? message : sqlite3_errmsg(db_);
    sqlite3_free(message);
    throw std::runtime_error("the job queue: " + why);
  }
}

std::vector<int64_t> JobQueue::add_events(const std::vector<PushEvent>& events, int64_t now) {
  std::vector<int64_t> ids;
  exec("BEGIN IMMEDIATE");
  try {
    for (const auto& e : events) {
      Statement st(db_,
                   "INSERT INTO jobs (kind, status, registry, repository, tag, digest, next_at, created, updated) "
                   "VALUES ('event', 'queued', ?1, ?2, ?3, ?4, ?5, ?5, ?5)");
      st.text(1, e.registry);
      st.text(2, e.repository);
      st.text(3, e.tag);
      st.text(4, e.digest);
      st.integer(5, now);
      run_to_end(db_, st);
      ids.push_back(sqlite3_last_insert_rowid(db_));
    }
    exec("COMMIT");
  } catch (...) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
  return ids;
}

std::optional<int64_t> JobQueue::add_push(const Job& push, int64_t now) {
  Statement st(db_,
               "INSERT OR IGNORE INTO jobs (kind, status, registry, repository, tag, digest, rule, destination, dest_tag, "
               "next_at, created, updated, parent, push_key) "
               "VALUES ('push', 'queued', ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?8, ?9, ?10)");
  st.text(1, push.registry);
  st.text(2, push.repository);
  st.text(3, push.tag);
  st.text(4, push.digest);
  st.text(5, push.rule);
  st.text(6, push.destination);
  st.text(7, push.dest_tag);
  st.integer(8, now);
  st.integer(9, push.parent);
  st.text(10, fmt::format("{}\n{}\n{}", push.digest, push.destination, push.rule));
  run_to_end(db_, st);
  if (sqlite3_changes(db_) == 0) return std::nullopt;
  return sqlite3_last_insert_rowid(db_);
}

std::optional<Job> JobQueue::claim(int64_t now) {
  const std::string sql = fmt::format(
      "UPDATE jobs SET status = 'running', attempts = attempts + 1, updated = ?1 WHERE id = "
      "(SELECT id FROM jobs WHERE status = 'queued' AND next_at <= ?1 ORDER BY id LIMIT 1) RETURNING {}",
      kColumns);
  Statement st(db_, sql.c_str());
  st.integer(1, now);
  const int rc = sqlite3_step(st.s);
  if (rc == SQLITE_ROW) {
    Job j = read_job(st);
    sqlite3_step(st.s);  // completes the statement
    return j;
  }
  if (rc != SQLITE_DONE) fail(db_);
  return std::nullopt;
}

void JobQueue::finish(int64_t id, const std::string& status, const std::string& result, int64_t now) {
  Statement st(db_, "UPDATE jobs SET status = ?1, result = ?2, updated = ?3 WHERE id = ?4");
  st.text(1, status);
  st.text(2, result);
  st.integer(3, now);
  st.integer(4, id);
  run_to_end(db_, st);
}

void JobQueue::retry(int64_t id, const std::string& error, int64_t next_at, int64_t now) {
  Statement st(db_, "UPDATE jobs SET status = 'queued', error = ?1, next_at = ?2, updated = ?3 WHERE id = ?4");
  st.text(1, error);
  st.integer(2, next_at);
  st.integer(3, now);
  st.integer(4, id);
  run_to_end(db_, st);
}

void JobQueue::postpone(int64_t id, const std::string& why, int64_t next_at, int64_t now) {
  Statement st(db_, "UPDATE jobs SET status = 'queued', attempts = attempts - 1, result = ?1, next_at = ?2, updated = ?3 WHERE id = ?4");
  st.text(1, why);
  st.integer(2, next_at);
  st.integer(3, now);
  st.integer(4, id);
  run_to_end(db_, st);
}

int64_t JobQueue::requeue_running(int64_t now) {
  Statement st(db_, "UPDATE jobs SET status = 'queued', updated = ?1 WHERE status = 'running'");
  st.integer(1, now);
  run_to_end(db_, st);
  return sqlite3_changes(db_);
}

bool JobQueue::revive(int64_t id, int64_t now) {
  Statement st(db_, "UPDATE jobs SET status = 'queued', attempts = 0, next_at = ?1, result = 'queued again by hand', updated = ?1 "
                    "WHERE id = ?2 AND status = 'dead'");
  st.integer(1, now);
  st.integer(2, id);
  run_to_end(db_, st);
  return sqlite3_changes(db_) == 1;
}

std::optional<Job> JobQueue::get(int64_t id) {
  const std::string sql = fmt::format("SELECT {} FROM jobs WHERE id = ?1", kColumns);
  Statement st(db_, sql.c_str());
  st.integer(1, id);
  if (sqlite3_step(st.s) != SQLITE_ROW) return std::nullopt;
  return read_job(st);
}

std::vector<Job> JobQueue::list(size_t limit) {
  const std::string sql = fmt::format("SELECT {} FROM jobs ORDER BY id DESC LIMIT ?1", kColumns);
  Statement st(db_, sql.c_str());
  st.integer(1, static_cast<int64_t>(limit));
  std::vector<Job> out;
  while (sqlite3_step(st.s) == SQLITE_ROW) out.push_back(read_job(st));
  return out;
}

std::map<std::string, int64_t> JobQueue::counts() {
  Statement st(db_, "SELECT kind, status, count(*) FROM jobs GROUP BY kind, status");
  std::map<std::string, int64_t> out;
  while (sqlite3_step(st.s) == SQLITE_ROW) out[st.column(0) + " " + st.column(1)] = st.column_int(2);
  return out;
}

}  // namespace ferry
