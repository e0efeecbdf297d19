// A prepared SQLite statement that finalizes itself, with the binding and reading the
// state store and the job queue use.
#pragma once

#include <sqlite3.h>

#include <cstdint>
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

}  // namespace ferry
