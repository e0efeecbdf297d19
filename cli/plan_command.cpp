// `ferry plan POLICY... --source REGISTRY/REPO[:TAG]`: a dry run on a live registry. For
// each tag (or the one given), the image's facts are read from the registry, the
// policies decide, and each push is checked at its destination: already there, to copy,
// or to replace. Only GET and HEAD requests: nothing is written anywhere.
// `ferry run` is the same, then does the pushes, once per (digest, destination, rule)
// as the state store records them (LANGUAGE.md section 5).
#include <fmt/format.h>
#include <unistd.h>

#include <iostream>
#include <map>
#include <memory>

#include "cli/commands.h"
#include "cli/decision_output.h"
#include "cli/explain.h"
#include "cli/policies.h"
#include "cli/registry_options.h"
#include "cli/scan_sources.h"
#include "runtime/registry/copier.h"
#include "runtime/registry/referrers.h"
#include "runtime/state/state_store.h"
#include "runtime/timefmt.h"
#include "runtime/vm.h"

namespace ferry::cli {
namespace {

using namespace ferry::registry;
using Json = nlohmann::ordered_json;

struct PushCheck {
  std::string status;  // copy | present | replace | unknown; for run also done (before)
  std::string detail;
};

}  // namespace

int run_plan(const PlanOptions& options) {
  const auto now = evaluation_time(options.now);
  if (!now) return kExitUsage;
  std::string error;
  const auto source = parse_image_ref(options.source, error);
  if (!source) {
    std::cerr << "ferry: " << error << '\n';
    return kExitUsage;
  }
  // A source with a tag or digest is that image; a repository alone is all its tags.
  const size_t last_slash = options.source.rfind('/');
  const bool one_tag = !source->digest.empty() ||
                       options.source.find(':', last_slash == std::string::npos ? 0 : last_slash) != std::string::npos;
  const CompiledPolicies policies = compile_policies(options.policies, isatty(STDERR_FILENO), options.explain);
  if (policies.exit_code != 0) return policies.exit_code;
  const auto sources = ScanSources::open(options.scan);
  if (!sources) return kExitUsage;
  const auto src_options = client_options(source->registry, options.registries, options.source_creds);
  if (!src_options) return kExitUsage;
  Client src(source->registry, *src_options);
  std::unique_ptr<StateStore> store;
  if (options.run) {
    std::string why;
    store = StateStore::open(options.state.empty() ? StateStore::default_path() : options.state, why);
    if (!store) {
      std::cerr << "ferry: " << why << '\n';
      return kExitUsage;
    }
  }
  std::map<std::string, std::unique_ptr<Client>> destinations;  // by registry, made when first needed
  const auto destination = [&](const std::string& registry) -> Client* {
    auto& client = destinations[registry];
    if (!client) {
      const auto o = client_options(registry, options.registries, "");
      if (!o) return nullptr;
      client = std::make_unique<Client>(registry, *o);
    }
    return client.get();
  };

  // What the destination holds under the push's tag, against the source's `digest`.
  const auto check = [&](const PushAction& push, const std::string& digest) -> PushCheck {
    std::string why;
    const auto to = parse_image_ref(fmt::format("{}:{}", push.destination, push.tag), why);
    if (!to) return {"unknown", why};
    Client* client = destination(to->registry);
    if (!client) return {"unknown", "no usable credentials for " + to->registry};
    try {
      const auto there = client->manifest_digest(to->repository, to->tag);
      if (!there) return {"copy", ""};
      return {*there == digest ? "present" : "replace", *there};
    } catch (const RegistryError& e) {
      return {"unknown", e.what()};
    }
  };

  bool failed = false;
  // `ferry run`: one push skipped as done before (the destination is not even asked),
  // found already there, or done. Returns what the destination held and what happened.
  const auto perform = [&](const ImageRef& ref, const Manifest& manifest, const PushAction& p) -> std::pair<PushCheck, std::string> {
    const std::string rule = p.rule.empty() ? std::string(p.location) : std::string(p.rule);
    const std::string target = fmt::format("{}:{}", p.destination, p.tag);
    if (const auto done = store->find(manifest.digest, std::string(p.destination), rule)) {
      return {{"done", ""}, fmt::format("done before (as {}, {}): {}", done->tag, format_rfc3339(done->at), p.destination)};
    }
    const PushCheck c = check(p, manifest.digest);
    const DonePush record{manifest.digest, std::string(p.destination), rule, std::string(p.tag), *now};
    if (c.status == "present") {
      store->record(record);
      return {c, "already there: " + target};
    }
    std::string why;
    const auto to = parse_image_ref(target, why);
    Client* client = to ? destination(to->registry) : nullptr;
    if (!client) {
      failed = true;
      return {c, fmt::format("failed: {}: {}", target, to ? "no usable credentials" : why)};
    }
    // The image as it was decided, whatever its tag names by now.
    ImageRef pinned = ref;
    pinned.tag.clear();
    pinned.digest = manifest.digest;
    try {
      const CopyReport r = copy_image(src, pinned, *client, *to, {.referrers = !options.no_referrers});
      store->record(record);
      return {c, fmt::format("copied to {} ({} blobs, {} bytes; {} already there, {} mounted)", target, r.blobs_copied,
                             r.bytes, r.blobs_present, r.blobs_mounted)};
    } catch (const RegistryError& e) {
      failed = true;
      return {c, fmt::format("failed: {}: {}", target, e.what())};
    }
  };

  try {
    std::vector<std::string> tags = one_tag ? std::vector<std::string>{source->reference()} : src.list_tags(source->repository);
    // Which attached tags each image has: from the list just read (the whole of it).
    const TagExists tag_exists = tag_lookup(src, source->repository, one_tag ? nullptr : &tags);
    // Signature, attestation, SBOM and referrer tags travel with their image: not images.
    std::erase_if(tags, [](const std::string& t) { return is_attached_tag(t); });
    Vm vm;
    Decision decision;
    const auto programs = policies.views();
    const auto explained = policies.explained_views();
    for (const auto& tag : tags) {
      ImageRef ref = *source;
      if (tag.starts_with("sha256:")) ref.digest = tag, ref.tag.clear();
      else ref.tag = tag, ref.digest.clear();
      const Manifest manifest = src.get_manifest(ref.repository, ref.reference());
      // Scan data: the files given, the facts directory, then what the registry has attached.
      const RegistryImage read = read_registry_image(src, ref, manifest, *sources, tag_exists);
      const ImageFacts& image = read.image;
      const facts::ScanFacts& scan = read.scan;
      const std::vector<std::string>& scan_errors = read.scan_errors;
      vm.evaluate(programs, image, *now, decision);
      std::vector<PushCheck> checks;
      std::vector<std::string> results;
      for (const auto& p : decision.pushes) {
        if (options.run) {
          auto [c, result] = perform(ref, manifest, p);
          checks.push_back(std::move(c));
          results.push_back(std::move(result));
        } else {
          checks.push_back(check(p, manifest.digest));
        }
      }
      if (options.format == "json") {
        Json out = decision_json(image, decision);
        for (size_t k = 0; k < checks.size(); ++k) {
          out["actions"][k]["plan"] = checks[k].status;
          if (options.run) out["actions"][k]["result"] = results[k];
          if (!checks[k].detail.empty()) out["actions"][k][checks[k].status == "unknown" ? "error" : "present_digest"] = checks[k].detail;
        }
        if (!scan_errors.empty()) out["scan_errors"] = scan_errors;
        if (options.explain) {
          out["scan_data"] = scan_explanation(scan, image.scanned);
          out["explain"] = explanation_json(explain(explained, vm, image, *now));
        }
        std::cout << out.dump(-1, ' ', false, Json::error_handler_t::replace) << '\n';
        continue;
      }
      std::cout << fmt::format("{} ({}): {}\n", ref.text(), manifest.digest, kind_name(decision.kind()));
      for (size_t k = 0; k < decision.pushes.size(); ++k) {
        const PushAction& p = decision.pushes[k];
        const PushCheck& c = checks[k];
        const std::string what = c.status == "copy"      ? "would copy to"
                                 : c.status == "present" ? "already there, would skip:"
                                 : c.status == "replace" ? "would replace (" + c.detail + ") at"
                                                         : "would copy (cannot check: " + c.detail + ") to";
        const std::string line = options.run ? results[k] : fmt::format("{} {}:{}", what, p.destination, p.tag);
        std::cout << fmt::format("  {}  ({}, {})\n", line, rule_label(p.rule), p.location);
      }
      for (const auto& b : decision.blocks) {
        std::cout << fmt::format("  blocked by {}{}  ({})\n", rule_label(b.rule), b.reason.empty() ? "" : ": " + std::string(b.reason), b.location);
      }
      for (const auto& e : decision.errors) std::cout << fmt::format("  error in {}: {}  ({})\n", rule_label(e.rule), e.message, e.location());
      for (const auto& e : scan_errors) std::cout << fmt::format("  scan data error: {} (its facts stay unknown)\n", e);
      if (options.explain) {
        for (const auto& line : scan_explanation(scan, image.scanned)) std::cout << "  " << line << '\n';
        std::cout << "  explain:\n" << explanation_text(explain(explained, vm, image, *now));
      }
    }
    return failed ? kExitRegistry : kExitOk;
  } catch (const RegistryError& e) {
    std::cerr << fmt::format("ferry: {} failed: {}\n", options.run ? "run" : "plan", e.what());
    return kExitRegistry;
  } catch (const std::runtime_error& e) {  // the state store
    std::cerr << "ferry: " << e.what() << '\n';
    return kExitRegistry;
  }
}

}  // namespace ferry::cli
