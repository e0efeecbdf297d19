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
#include "cli/scan_sources.h"
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

  const auto sources = ScanSources::open(options.scan);
  if (!sources) return kExitUsage;
  bool unreadable = false;

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
  ImageFacts read;  // reused from record to record
  ImageFacts with_scan;
  const auto process = [&](std::string_view record, const std::string& where) {
    if (!read_record(reader, record, where, read)) {
      bad_record = true;
      return;
    }
    // The scan sources, when there are any, over what the record says.
    facts::ScanFacts scan;
    if (sources->any()) {
      std::vector<std::string> errors;
      scan = sources->gather(read.digest(), {}, errors);
      for (const auto& e : errors) std::cerr << "ferry: " << e << " (ignored: its facts stay unknown)\n";
      unreadable = unreadable || !errors.empty();
      with_scan = facts::with_scan(read, scan);
    }
    const ImageFacts& image = sources->any() ? with_scan : read;
    vm.evaluate(programs, image, now, decision);
    // The decision is written out before --explain evaluates again: it refers to the
    // Vm's messages, which the next evaluation replaces.
    if (options.format == "json") {
      auto out = decision_json(image, decision);
      if (options.explain) {
        out["scan_data"] = scan_explanation(scan, image.scanned);
        out["explain"] = explanation_json(explain(explained, vm, image, now));
      }
      std::cout << out.dump(lines ? -1 : 2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) << '\n';
    } else {
      std::cout << decision_text(image, decision);
      if (options.explain) {
        for (const auto& line : scan_explanation(scan, image.scanned)) std::cout << "  " << line << '\n';
        std::cout << "  explain:\n" << explanation_text(explain(explained, vm, image, now));
      }
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
  if (bad_record) return kExitPolicyError;
  return unreadable ? kExitUsage : kExitOk;
}

}  // namespace ferry::cli
