#include <fmt/format.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/commands.h"
#include "cli/decision_output.h"
#include "cli/explain.h"
#include "cli/files.h"
#include "cli/policies.h"
#include "cli/records.h"
#include "runtime/image.h"
#include "runtime/image_reader.h"
#include "runtime/timefmt.h"
#include "runtime/vm.h"

namespace ferry::cli {

int run_eval(const EvalOptions& options) {
  const auto evaluation = evaluation_time(options.now);
  if (!evaluation) return kExitUsage;
  const int64_t now = *evaluation;
  const bool lines = !options.images.empty();
  const std::string input = lines ? options.images : options.image;
  if (input.empty()) {
    std::cerr << "ferry: eval needs --image FILE.json, --images FILE.jsonl or --image -\n";
    return kExitUsage;
  }
  const CompiledPolicies policies = compile_policies(options.policies, isatty(STDERR_FILENO), options.explain);
  if (policies.exit_code != 0) return policies.exit_code;

  std::ifstream file;
  std::istream* const in = open_input(input, file);
  if (!in) return kExitUsage;
  const std::string name = input_name(input);

  Vm vm;
  Decision decision;
  const auto programs = policies.views();
  const auto explained = policies.explained_views();
  bool bad_record = false;
  JsonLinesReader reader;
  ImageFacts image;  // reused from record to record
  const auto process = [&](std::string_view record, const std::string& where) {
    if (!read_record(reader, record, where, image)) {
      bad_record = true;
      return;
    }
    vm.evaluate(programs, image, now, decision);
    // The decision is written out before --explain evaluates again: it refers to the
    // Vm's messages, which the next evaluation replaces.
    if (options.format == "json") {
      auto out = decision_json(image, decision);
      if (options.explain) out["explain"] = explanation_json(explain(explained, vm, image, now));
      std::cout << out.dump(lines ? -1 : 2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << '\n';
    } else {
      std::cout << decision_text(image, decision);
      if (options.explain) std::cout << "  explain:\n" << explanation_text(explain(explained, vm, image, now));
    }
  };
  if (lines) {
    // JSON Lines are streamed: one record in memory at a time.
    if (!for_each_line(*in, name, process)) bad_record = true;
  } else {
    const std::string text = read_bounded(*in, kMaxImageBytes);
    if (text.size() > kMaxImageBytes) {
      std::cerr << fmt::format("ferry: '{}' is larger than 16 MiB; an image's facts are far smaller\n", name);
      return kExitUsage;
    }
    process(text, name);
  }
  return bad_record ? kExitPolicyError : kExitOk;
}

}  // namespace ferry::cli
