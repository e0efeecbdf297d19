// A prepared SQLite statement that finalizes itself, with the binding and reading the
// state store and the job queue use.
#pragma once

#include <sqlite3.h>

#include <fmt/format.h>

#include <cstdint>
#include <filesystem>
#include <string>

namespace ferry {

struct Statement {
  Statement(sqlite3* db, const char* sql) { sqlite3_prepare_v2(db, sql, -1, &s, nullptr); }
  Statement() = default;
  ~Statement() { sqlite3_finalize(s); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  void text(int index, const std::string& value) {
    sqlite3_bind_text(s, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
  }
  void integer(int index, int64_t value) { sqlite3_bind_int64(s, index, value); }
  std::string column(int index) {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(s, index));
    return p ? p : "";
  }
  int64_t column_int(int index) { return sqlite3_column_int64(s, index); }

  sqlite3_stmt* s = nullptr;
};

// Opens (or creates, with its folder) the database at `path` and runs `schema`; nullptr
// with `error` naming `what` ("the state store") and the path.
inline sqlite3* open_database(const std::string& path, const char* schema, const char* what, std::string& error) {
  std::error_code ec;
  const auto folder = std::filesystem::path(path).parent_path();
  if (!folder.empty()) std::filesystem::create_directories(folder, ec);
  sqlite3* db = nullptr;
  if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) {
    error = fmt::format("cannot open {} '{}': {}", what, path, db ? sqlite3_errmsg(db) : "out of memory");
    sqlite3_close(db);
    return nullptr;
  }
  char* message = nullptr;
  if (sqlite3_exec(db, schema, nullptr, nullptr, &message) != SQLITE_OK) {
    error = fmt::format("cannot set up {} '{}': {}", what, path, message ? message : "");
    sqlite3_free(message);
    sqlite3_close(db);
    return nullptr;
  }
  return db;
}

}  // namespace ferry
