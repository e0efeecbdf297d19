#include "cli/test_cases.h"

#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <variant>

#include "cli/files.h"
#include "runtime/timefmt.h"

namespace ferry::cli {
namespace {

using Json = nlohmann::json;

// A case file is read whole; it holds images, so the bound is that of many images.
constexpr size_t kMaxCaseFileBytes = 64 * 1024 * 1024;

const Json* member(const Json& object, const char* key) {
  const auto it = object.find(key);
  return it == object.end() ? nullptr : &*it;
}

// The case at `j`, or the reason it cannot run.
std::variant<TestCase, std::string> read_case(const Json& j, size_t index) {
  if (!j.is_object()) return std::string("a case is an object with \"name\", \"image\" and \"expect\"");
  TestCase c;
  c.index = index;
  const Json* name = member(j, "name");
  if (!name || !name->is_string()) return std::string("\"name\" must be a string");
  c.name = name->get<std::string>();
  const Json* image = member(j, "image");
  if (!image || !image->is_object()) return std::string("\"image\" must be an object of facts");
  auto loaded = load_image_json(image->dump());
  for (const auto& issue : loaded.issues) {
    if (!issue.warning) return fmt::format("`image.{}` {}", issue.path, issue.message);
  }
  c.image = std::move(*loaded.image);
  if (const Json* now = member(j, "now")) {
    const auto t = now->is_string() ? parse_rfc3339(now->get<std::string>()) : std::nullopt;
    if (!t) return std::string("\"now\" must be an RFC 3339 time such as \"2026-11-26T17:40:15Z\"");
    c.now = t;
  }
  const Json* expect = member(j, "expect");
  if (!expect || !expect->is_object()) return std::string("\"expect\" must be an object with \"decision\"");
  const Json* decision = member(*expect, "decision");
  if (!decision || !decision->is_string() ||
      (*decision != "push" && *decision != "none" && *decision != "blocked")) {
    return std::string("`expect.decision` must be \"push\", \"none\" or \"blocked\"");
  }
  c.expect.decision = decision->get<std::string>();
  if (const Json* actions = member(*expect, "actions")) {
    if (!actions->is_array()) return std::string("`expect.actions` must be a list");
    c.expect.actions.emplace();
    for (size_t k = 0; k < actions->size(); ++k) {
      const Json& a = (*actions)[k];
      const Json* destination = a.is_object() ? member(a, "destination") : nullptr;
      const Json* tag = a.is_object() ? member(a, "tag") : nullptr;
      if (!destination || !destination->is_string() || (tag && !tag->is_string())) {
        return fmt::format("`expect.actions[{}]` must be {{\"destination\": \"...\", \"tag\": \"...\"}}", k);
      }
      ExpectedAction action{destination->get<std::string>(), std::nullopt};
      if (tag) action.tag = tag->get<std::string>();
      c.expect.actions->push_back(std::move(action));
    }
  }
  return c;
}

}  // namespace

LoadedCases load_test_cases(const std::string& path) {
  LoadedCases out;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::cerr << fmt::format("ferry: cannot read '{}'\n", path);
    out.unreadable = true;
    return out;
  }
  const std::string text = read_bounded(in, kMaxCaseFileBytes);
  if (text.size() > kMaxCaseFileBytes) {
    std::cerr << fmt::format("ferry: '{}' is larger than 64 MiB\n", path);
    out.unreadable = true;
    return out;
  }
  const Json j = Json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_array()) {
    std::cerr << fmt::format("ferry: '{}' is not a JSON list of test cases\n", path);
    out.unreadable = true;
    return out;
  }
  for (size_t k = 0; k < j.size(); ++k) {
    auto c = read_case(j[k], k);
    if (auto* problem = std::get_if<std::string>(&c)) {
      const Json* name = j[k].is_object() ? member(j[k], "name") : nullptr;
      out.problems.push_back({path, name && name->is_string() ? name->get<std::string>() : fmt::format("case {}", k), k,
                              false, *problem, {}, {}, {}, {}, {}, {}});
    } else {
      out.cases.push_back(std::move(std::get<TestCase>(c)));
    }
  }
  return out;
}

nlohmann::ordered_json expectation_json(const Expectation& e) {
  nlohmann::ordered_json out = {{"decision", e.decision}};
  if (e.actions) {
    out["actions"] = nlohmann::ordered_json::array();
    for (const auto& a : *e.actions) {
      out["actions"].push_back({{"destination", a.destination}, {"tag", a.tag ? nlohmann::ordered_json(*a.tag) : nullptr}});
    }
  }
  return out;
}

}  // namespace ferry::cli
