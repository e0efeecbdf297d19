// `ferry diff OLD... --new NEW... --images CATALOG.jsonl`: both policy sets decide every
// recorded image, and what differs is what the change will do once merged.
#include <fmt/format.h>
#include <unistd.h>

#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/decision_output.h"
#include "cli/policies.h"
#include "cli/records.h"
#include "runtime/vm.h"

namespace ferry::cli {
namespace {

using Json = nlohmann::ordered_json;

enum class ChangeKind { NewlyPushed, NoLongerPushed, Retagged, NewlyBlocked, NoLongerBlocked };
constexpr const char* kChangeNames[] = {"newly_pushed", "no_longer_pushed", "retagged", "newly_blocked",
                                        "no_longer_blocked"};
constexpr const char* kChangeTitles[] = {"newly pushed", "no longer pushed", "pushed with another tag", "newly blocked",
                                         "no longer blocked"};

// One side of a change: the tag pushed (or the block reason) and the rule responsible.
struct Side {
  std::string tag;  // empty for blocks
  std::string rule;
  std::string location;
  std::string reason;  // blocks only
};

struct Change {
  std::string image;  // repo:tag
  std::string digest;
  ChangeKind kind;
  std::string destination;  // empty for blocks
  std::optional<Side> old_side;
  std::optional<Side> new_side;
};

Side push_side(const PushAction& p) { return {std::string(p.tag), std::string(p.rule), std::string(p.location), {}}; }
Side block_side(const BlockEntry& b) { return {{}, std::string(b.rule), std::string(b.location), std::string(b.reason)}; }

// The pushes of a decision by destination (a destination can get several tags).
std::map<std::string_view, std::vector<const PushAction*>> by_destination(const Decision& d) {
  std::map<std::string_view, std::vector<const PushAction*>> out;
  for (const auto& p : d.pushes) out[p.destination].push_back(&p);
  return out;
}

void compare(const ImageFacts& image, const Decision& before, const Decision& after, std::vector<Change>& out) {
  const std::string name = fmt::format("{}:{}", image.repo(), image.tag());
  const std::string digest(image.digest());
  const auto add = [&](ChangeKind kind, std::string_view destination, std::optional<Side> o, std::optional<Side> n) {
    out.push_back({name, digest, kind, std::string(destination), std::move(o), std::move(n)});
  };
  if (before.blocks.empty() && !after.blocks.empty()) add(ChangeKind::NewlyBlocked, "", std::nullopt, block_side(after.blocks[0]));
  if (!before.blocks.empty() && after.blocks.empty()) add(ChangeKind::NoLongerBlocked, "", block_side(before.blocks[0]), std::nullopt);
  const auto old_pushes = by_destination(before);
  const auto new_pushes = by_destination(after);
  for (const auto& [destination, pushes] : new_pushes) {
    const auto old = old_pushes.find(destination);
    if (old == old_pushes.end()) {
      for (const PushAction* p : pushes) add(ChangeKind::NewlyPushed, destination, std::nullopt, push_side(*p));
      continue;
    }
    // Same destination: a change of tag when the tags pushed there differ.
    const auto tags = [](const std::vector<const PushAction*>& ps) {
      std::vector<std::string_view> t;
      for (const PushAction* p : ps) t.push_back(p->tag);
      std::sort(t.begin(), t.end());
      return t;
    };
    if (tags(old->second) != tags(pushes)) add(ChangeKind::Retagged, destination, push_side(*old->second[0]), push_side(*pushes[0]));
  }
  for (const auto& [destination, pushes] : old_pushes) {
    if (!new_pushes.count(destination)) {
      for (const PushAction* p : pushes) add(ChangeKind::NoLongerPushed, destination, push_side(*p), std::nullopt);
    }
  }
}

std::string side_text(const char* which, const Side& s) {
  return fmt::format("{}: {}, {}", which, rule_label(s.rule), s.location);
}

std::string change_text(const Change& c) {
  switch (c.kind) {
    case ChangeKind::NewlyPushed:
      return fmt::format("  + push {}:{}  ({})\n", c.destination, c.new_side->tag, side_text("new", *c.new_side));
    case ChangeKind::NoLongerPushed:
      return fmt::format("  - push {}:{}  ({})\n", c.destination, c.old_side->tag, side_text("old", *c.old_side));
    case ChangeKind::Retagged:
      return fmt::format("  ~ push {}: tag {} -> {}  ({}; {})\n", c.destination, c.old_side->tag, c.new_side->tag,
                         side_text("old", *c.old_side), side_text("new", *c.new_side));
    case ChangeKind::NewlyBlocked:
      return fmt::format("  + blocked: {}  ({})\n", c.new_side->reason, side_text("new", *c.new_side));
    case ChangeKind::NoLongerBlocked:
      return fmt::format("  - no longer blocked: {}  ({})\n", c.old_side->reason, side_text("old", *c.old_side));
  }
  return {};
}

Json side_json(const std::optional<Side>& s) {
  if (!s) return nullptr;
  Json out = {{"rule", s->rule.empty() ? Json(nullptr) : Json(s->rule)}, {"location", s->location}};
  if (s->reason.empty() && !s->tag.empty()) out["tag"] = s->tag;
  if (!s->reason.empty()) out["reason"] = s->reason;
  return out;
}

// A Markdown table cell: pipes escaped, code spans for names.
std::string cell(std::string_view s) {
  std::string out;
  for (const char c : s) out += c == '|' ? std::string("\\|") : std::string(1, c);
  return out;
}

std::string side_markdown(const std::optional<Side>& s) {
  if (!s) return "";
  const std::string what = s->reason.empty() ? fmt::format("`{}`", cell(s->tag)) : cell(s->reason);
  return fmt::format("{} ({} `{}`)", what, s->rule.empty() ? "unnamed rule at" : "rule", cell(s->rule.empty() ? s->location : s->rule));
}

std::string summary(size_t images, size_t changed_images, const std::vector<Change>& changes) {
  size_t counts[5] = {};
  for (const auto& c : changes) ++counts[static_cast<size_t>(c.kind)];
  std::string parts;
  for (size_t k = 0; k < 5; ++k) parts += fmt::format("{}{} {}", k ? ", " : "", counts[k], kChangeTitles[k]);
  return fmt::format("{} image{}, {} changed: {}", images, images == 1 ? "" : "s", changed_images, parts);
}

}  // namespace

int run_diff(const DiffOptions& options) {
  const auto evaluation = evaluation_time(options.now);
  if (!evaluation) return kExitUsage;
  const CompiledPolicies before = compile_policies(options.old_policies, isatty(STDERR_FILENO));
  if (before.exit_code != 0) return before.exit_code;
  const CompiledPolicies after = compile_policies(options.new_policies, isatty(STDERR_FILENO));
  if (after.exit_code != 0) return after.exit_code;

  std::ifstream file;
  std::istream* const in = open_input(options.images, file);
  if (!in) return kExitUsage;

  // One Vm per side, so that both decisions stay valid while they are compared.
  Vm old_vm;
  Vm new_vm;
  Decision old_decision;
  Decision new_decision;
  const auto old_programs = before.views();
  const auto new_programs = after.views();
  JsonLinesReader reader;
  ImageFacts image;
  std::vector<Change> changes;
  size_t images = 0;
  size_t changed_images = 0;
  bool bad_record = false;
  const bool all_read = for_each_line(*in, input_name(options.images),
                                      [&](std::string_view record, const std::string& where) {
                                        if (!read_record(reader, record, where, image)) {
                                          bad_record = true;
                                          return;
                                        }
                                        ++images;
                                        old_vm.evaluate(old_programs, image, *evaluation, old_decision);
                                        new_vm.evaluate(new_programs, image, *evaluation, new_decision);
                                        const size_t before_count = changes.size();
                                        compare(image, old_decision, new_decision, changes);
                                        changed_images += changes.size() > before_count ? 1 : 0;
                                      });
  bad_record |= !all_read;

  const std::string line = summary(images, changed_images, changes);
  if (options.format == "json") {
    Json out = {{"images", images}, {"changed", changed_images}, {"changes", Json::array()}};
    for (const auto& c : changes) {
      out["changes"].push_back({{"image", c.image},
                                {"digest", c.digest.empty() ? Json(nullptr) : Json(c.digest)},
                                {"change", kChangeNames[static_cast<size_t>(c.kind)]},
                                {"destination", c.destination.empty() ? Json(nullptr) : Json(c.destination)},
                                {"old", side_json(c.old_side)},
                                {"new", side_json(c.new_side)}});
    }
    std::cout << out.dump(2, ' ', false, Json::error_handler_t::replace) << '\n';
  } else if (options.format == "markdown") {
    std::string out = fmt::format("### ferry diff: {} of {} image{} change\n\n", changed_images, images, images == 1 ? "" : "s");
    if (!changes.empty()) {
      out += "| image | change | destination | before | after |\n|---|---|---|---|---|\n";
      for (const auto& c : changes) {
        out += fmt::format("| `{}` | {} | {} | {} | {} |\n", cell(c.image), kChangeTitles[static_cast<size_t>(c.kind)],
                           c.destination.empty() ? "" : fmt::format("`{}`", cell(c.destination)), side_markdown(c.old_side),
                           side_markdown(c.new_side));
      }
      out += "\n";
    }
    out += line + "\n";
    std::cout << out;
  } else {
    std::string out;
    std::string last;
    for (const auto& c : changes) {
      if (c.image + c.digest != last) {
        out += fmt::format("{} ({})\n", c.image, c.digest.empty() ? "no digest" : c.digest);
        last = c.image + c.digest;
      }
      out += change_text(c);
    }
    out += "ferry diff: " + line + "\n";
    std::cout << out;
  }
  if (bad_record) return kExitPolicyError;
  return options.exit_code && !changes.empty() ? kExitPolicyError : kExitOk;
}

}  // namespace ferry::cli
