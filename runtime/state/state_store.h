// ferry's state store (SQLite, WAL): what has been pushed, so that a push is done once per
// (image digest, destination repository, rule) as LANGUAGE.md section 5 says, whatever
// the tag template renders the next time.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace ferry {

struct DonePush {
  std::string digest;
  std::string destination;  // registry/repository
  std::string rule;         // the rule's name, or its location for an unnamed rule
  std::string tag;          // the tag it was pushed as
  int64_t at = 0;           // Unix seconds
};

class StateStore {
 public:
  // Opens or creates the store at `path` (its folder is created); nullptr with `error`.
  static std::unique_ptr<StateStore> open(const std::string& path, std::string& error);
  // $XDG_STATE_HOME/ferry/state.db, else ~/.local/state/ferry/state.db.
  static std::string default_path();

  ~StateStore();
  StateStore(const StateStore&) = delete;
  StateStore& operator=(const StateStore&) = delete;

  std::optional<DonePush> find(const std::string& digest, const std::string& destination, const std::string& rule);
  // Throws std::runtime_error naming the store when the write fails.
  void record(const DonePush& push);

 private:
  explicit StateStore(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  sqlite3* db_;
  std::string path_;
};

}  // namespace ferry
