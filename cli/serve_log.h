// `ferry serve`'s log: one line per event on stderr, as text or JSON, one writer at a
// time. Only what is passed is written: no headers, no credentials.
#pragma once

#include <iostream>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "runtime/timefmt.h"

namespace ferry::cli {

class ServeLog {
 public:
  explicit ServeLog(bool json) : json_(json) {}

  // log("job done", {{"job", "12"}, {"result", "..."}})
  void operator()(const std::string& message, const std::vector<std::pair<std::string, std::string>>& fields = {}) {
    std::string line;
    const std::string at = format_rfc3339(std::time(nullptr));
    if (json_) {
      nlohmann::ordered_json j{{"time", at}, {"message", message}};
      for (const auto& [k, v] : fields) j[k] = v;
      line = j.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
    } else {
      line = at + " " + message;
      for (const auto& [k, v] : fields) line += " " + k + "=" + (v.find(' ') == std::string::npos ? v : "\"" + v + "\"");
    }
    const std::lock_guard lock(mutex_);
    std::cerr << line << '\n' << std::flush;
  }

 private:
  bool json_;
  std::mutex mutex_;
};

}  // namespace ferry::cli
