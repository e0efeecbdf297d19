#include "runtime/state/state_store.h"

#include "runtime/state/sqlite_statement.h"

#include <fmt/format.h>

#include <cstdlib>
#include <filesystem>
#include <stdexcept>

namespace ferry {

std::string StateStore::default_path() {
  const char* xdg = std::getenv("XDG_STATE_HOME");
  const char* home = std::getenv("HOME");
  const std::filesystem::path base = xdg && *xdg ? std::filesystem::path(xdg) : std::filesystem::path(home ? home : ".") / ".local" / "state";
  return (base / "ferry" / "state.db").string();
}

std::unique_ptr<StateStore> StateStore::open(const std::string& path, std::string& error) {
  const char* schema =
      "PRAGMA journal_mode=WAL;"
      "PRAGMA busy_timeout=5000;"
      "CREATE TABLE IF NOT EXISTS pushes ("
      "  digest TEXT NOT NULL, destination TEXT NOT NULL, rule TEXT NOT NULL,"
      "  tag TEXT NOT NULL, at INTEGER NOT NULL,"
      "  PRIMARY KEY (digest, destination, rule));";
  sqlite3* db = open_database(path, schema, "the state store", error);
  return db ? std::unique_ptr<StateStore>(new StateStore(db, path)) : nullptr;
}

StateStore::~StateStore() { sqlite3_close(db_); }

std::optional<DonePush> StateStore::find(const std::string& digest, const std::string& destination, const std::string& rule) {
  Statement st;
  sqlite3_prepare_v2(db_, "SELECT tag, at FROM pushes WHERE digest = ?1 AND destination = ?2 AND rule = ?3", -1, &st.s, nullptr);
  st.text(1, digest);
  st.text(2, destination);
  st.text(3, rule);
  if (sqlite3_step(st.s) != SQLITE_ROW) return std::nullopt;
  return DonePush{digest, destination, rule, st.column(0), sqlite3_column_int64(st.s, 1)};
}

void StateStore::record(const DonePush& push) {
  Statement st;
  sqlite3_prepare_v2(db_, "INSERT OR REPLACE INTO pushes (digest, destination, rule, tag, at) VALUES (?1, ?2, ?3, ?4, ?5)", -1,
                     &st.s, nullptr);
  st.text(1, push.digest);
  st.text(2, push.destination);
  st.text(3, push.rule);
  st.text(4, push.tag);
  sqlite3_bind_int64(st.s, 5, push.at);
  if (sqlite3_step(st.s) != SQLITE_DONE) {
    throw std::runtime_error(fmt::format("cannot write to the state store '{}': {}", path_, sqlite3_errmsg(db_)));
  }
}

}  // namespace ferry
