// Walking a parsed report with its JSON path at hand, so that every complaint says where:
// `Results[2].Vulnerabilities[0].Severity: a string was expected, found a number`.
#pragma once

#include <string>
#include <string_view>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "runtime/facts/scan_report.h"

namespace ferry::facts {

class Walk {
 public:
  Walk(const nlohmann::json& value, std::string path, const std::string& file) : value_(value), path_(std::move(path)), file_(file) {}

  const nlohmann::json& value() const { return value_; }
  const std::string& path() const { return path_; }

  [[noreturn]] void fail(std::string_view message) const {
    throw ReportError(fmt::format("{}: at {}: {}", file_, path_.empty() ? "the top" : path_, message));
  }

  bool has(std::string_view key) const { return value_.is_object() && value_.contains(key) && !value_.at(key).is_null(); }
  // The value at `key`; fails when there is none.
  Walk at(std::string_view key) const {
    if (!value_.is_object() || !value_.contains(key)) fail(fmt::format("`{}` is missing", key));
    return Walk(value_.at(key), path_.empty() ? std::string(key) : fmt::format("{}.{}", path_, key), file_);
  }
  Walk at(size_t index) const { return Walk(value_.at(index), fmt::format("{}[{}]", path_, index), file_); }

  void expect_object() const { if (!value_.is_object()) fail(fmt::format("an object was expected, found {}", kind())); }
  // The array at `key`, which must be there, or may be absent (or null) when `optional`.
  template <class F>
  void each(std::string_view key, F&& f, bool optional = true) const {
    if (!has(key)) {
      if (!optional) fail(fmt::format("`{}` is missing", key));
      return;
    }
    const Walk list = at(key);
    if (!list.value_.is_array()) list.fail(fmt::format("an array was expected, found {}", list.kind()));
    for (size_t i = 0; i < list.value_.size(); ++i) f(list.at(i));
  }
  // The string at `key`: empty when absent or null; anything else not a string fails.
  std::string string(std::string_view key) const {
    if (!has(key)) return "";
    const Walk s = at(key);
    if (!s.value_.is_string()) s.fail(fmt::format("a string was expected, found {}", s.kind()));
    return s.value_.get<std::string>();
  }

 private:
  std::string kind() const {
    switch (value_.type()) {
      case nlohmann::json::value_t::object: return "an object";
      case nlohmann::json::value_t::array: return "an array";
      case nlohmann::json::value_t::string: return "a string";
      case nlohmann::json::value_t::boolean: return "a boolean";
      case nlohmann::json::value_t::null: return "null";
      default: return "a number";
    }
  }

  const nlohmann::json& value_;
  std::string path_;
  const std::string& file_;
};

}  // namespace ferry::facts
