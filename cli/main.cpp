// The `ferry` command line: argument parsing only; each subcommand lives in its own file.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <map>

#include "cli/commands.h"

namespace {

int run_command_line(int argc, char** argv) {
  using namespace ferry::cli;
  CLI::App app{"ferry: policies that decide which container images are promoted where, and the engine that copies them"};
  app.set_version_flag("--version", std::string("ferry ") + FERRY_VERSION);
  app.require_subcommand(1);

  CheckOptions check;
  auto* check_cmd = app.add_subcommand("check", "Parse and type-check policy files");
  check_cmd->add_option("FILE", check.files, "Policy files, or directories to search for *.ferry files (`-` reads standard input)")->required();
  check_cmd->add_option("--format", check.format, "Output format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  const std::map<std::string, ColorMode> colors{
      {"auto", ColorMode::Auto}, {"always", ColorMode::Always}, {"never", ColorMode::Never}};
  check_cmd->add_option("--color", check.color, "Colour the text output: auto (on a terminal, unless NO_COLOR is set), always, never")
      ->transform(CLI::CheckedTransformer(colors, CLI::ignore_case));

  EvalOptions eval;
  auto* eval_cmd = app.add_subcommand("eval", "Evaluate policies against image facts (a dry run: nothing is copied)");
  eval_cmd->add_option("POLICY", eval.policies, "Policy files or directories")->required();
  auto* image_opt = eval_cmd->add_option("--image", eval.image, "One image's facts as a JSON object (`-`: standard input)");
  eval_cmd->add_option("--images", eval.images, "Images as JSON Lines, one object a line (`-`: standard input)")
      ->excludes(image_opt);
  eval_cmd->add_option("--now", eval.now, "The evaluation time, RFC 3339 (default: now), for reproducible runs");
  eval_cmd->add_flag("--explain", eval.explain, "Show, for each rule, the value of every sub-condition and why");
  eval_cmd->add_option("--format", eval.format, "Output format")->check(CLI::IsMember({"text", "json"}))->capture_default_str();
  const auto scan_flags = [](CLI::App* cmd, ScanOptions& s) {
    cmd->add_option("--scan", s.scans, "A scanner report (Trivy, Grype, CycloneDX with vulnerabilities, an in-toto attestation) for the images")
        ->allow_extra_args(false);
    cmd->add_option("--sbom", s.sboms, "An SBOM (CycloneDX or SPDX JSON) for the images")->allow_extra_args(false);
    cmd->add_option("--facts-dir", s.facts_dir, "Reports and SBOMs by image digest: DIR/sha256-<hex>.*.json");
  };
  scan_flags(eval_cmd, eval.scan);

  FactsOptions facts;
  auto* facts_cmd = app.add_subcommand("facts", "Print an image's facts with the scan data found for it (eval's image JSON)");
  facts_cmd->add_option("--image", facts.image, "The image's own facts as a JSON object (`-`: standard input)");
  facts_cmd->add_option("--digest", facts.digest, "The image's digest, for --facts-dir");
  scan_flags(facts_cmd, facts.scan);

  const auto registry_flags = [](CLI::App* cmd, RegistryOptions& r) {
    // One value per occurrence: `--cert-dir DIR SRC DEST` leaves SRC and DEST alone.
    cmd->add_option("--cert-dir", r.cert_dirs, "certs.d folders (HOST:PORT/ca.crt, client.cert, client.key) before the system's")
        ->allow_extra_args(false);
    cmd->add_option("--insecure-registry", r.insecure, "A registry to reach over plain HTTP (repeatable)")->allow_extra_args(false);
    cmd->add_option("--upload-chunk", r.upload_chunk_mib, "Upload blobs in PATCHes of this many MiB (a broken upload resumes after the last)")
        ->check(CLI::Range(1, 4096))
        ->capture_default_str();
  };
  CopyOptions copy;
  auto* copy_cmd = app.add_subcommand("copy", "Copy one image between registries (all platforms, digests preserved)");
  copy_cmd->add_option("SRC", copy.source, "HOST[:PORT]/REPO[:TAG|@DIGEST]")->required();
  copy_cmd->add_option("DEST", copy.destination, "HOST[:PORT]/REPO[:TAG]")->required();
  copy_cmd->add_option("--src-creds", copy.source_creds, "USER:PASSWORD for the source (default: the auth file)");
  copy_cmd->add_option("--dest-creds", copy.destination_creds, "USER:PASSWORD for the destination (default: the auth file)");
  copy_cmd->add_option("--platform", copy.platform, "Copy only this os/arch[/variant] of an index");
  copy_cmd->add_option("--log-format", copy.log_format, "Events as text (with --verbose) or one JSON line each")
      ->check(CLI::IsMember({"text", "json"}));
  copy_cmd->add_flag("--verbose", copy.verbose, "Print each blob and manifest as it is done");
  const char* no_referrers = "Copy the image alone: not its signatures, attestations, SBOMs and other referrers";
  copy_cmd->add_flag("--no-referrers", copy.no_referrers, no_referrers);
  copy_cmd->add_option("--jobs", copy.jobs, "Blobs copied at once")->check(CLI::Range(1, 32))->capture_default_str();
  registry_flags(copy_cmd, copy.registries);
  // plan and run take the same options; run also its state store, plan also --explain.
  const auto plan_flags = [&](CLI::App* cmd, PlanOptions& p) {
    cmd->add_option("POLICY", p.policies, "Policy files or directories")->required();
    cmd->add_option("--source", p.source, "REGISTRY/REPO[:TAG]: one image, or every tag of the repository")->required();
    cmd->add_option("--src-creds", p.source_creds, "USER:PASSWORD for the source (default: the auth file)");
    cmd->add_option("--now", p.now, "The evaluation time, RFC 3339 (default: now)");
    cmd->add_option("--format", p.format, "Output format")->check(CLI::IsMember({"text", "json"}))->capture_default_str();
    registry_flags(cmd, p.registries);
    scan_flags(cmd, p.scan);
  };
  PlanOptions plan;
  auto* plan_cmd = app.add_subcommand("plan", "Dry run on a live registry: what would be copied where (writes nothing)");
  plan_flags(plan_cmd, plan);
  plan_cmd->add_flag("--explain", plan.explain, "Show, for each rule, the value of every sub-condition and why");
  PlanOptions run;
  run.run = true;
  auto* run_cmd = app.add_subcommand("run", "Evaluate policies on a live registry and copy what they promote");
  plan_flags(run_cmd, run);
  run_cmd->add_flag("--no-referrers", run.no_referrers, no_referrers);
  run_cmd->add_option("--state", run.state, "The state store (default: $XDG_STATE_HOME/ferry/state.db)");

  ServeOptions serve;
  auto* serve_cmd = app.add_subcommand("serve", "Registry webhooks -> policies -> copies, until SIGTERM (docs/serve.md)");
  serve_cmd->add_option("--config", serve.config, "The JSON configuration")->required();

  PingOptions ping;
  auto* ping_cmd = app.add_subcommand("ping", "Test the connection to a registry: TLS, login, and push permission");
  ping_cmd->add_option("REGISTRY", ping.target, "HOST[:PORT][/REPO]")->required();
  ping_cmd->add_option("--creds", ping.creds, "USER:PASSWORD (default: the auth file)");
  registry_flags(ping_cmd, ping.registries);

  LintOptions lint;
  auto* lint_cmd = app.add_subcommand("lint", "Check policies and report what is probably wrong, risky or unclear");
  lint_cmd->add_option("FILE", lint.files, "Policy files or directories (linted together)")->required();
  lint_cmd->add_option("--format", lint.format, "Output format")
      ->check(CLI::IsMember({"text", "json", "sarif", "github"}))
      ->capture_default_str();
  lint_cmd->add_option("--fail-level", lint.fail_level, "Exit 1 on findings at this level or above")
      ->check(CLI::IsMember({"error", "warning"}))
      ->capture_default_str();
  lint_cmd->add_option("--config", lint.config, "The lint configuration (default: .ferry.json here or in a parent directory)");

  FmtOptions fmt_options;
  bool fmt_check = false;
  bool fmt_write = false;
  bool fmt_diff = false;
  auto* fmt_cmd = app.add_subcommand("fmt", "Print policy files in the canonical layout");
  fmt_cmd->add_option("FILE", fmt_options.files, "Policy files or directories (`-` reads standard input)")->required();
  auto* check_flag = fmt_cmd->add_flag("--check", fmt_check, "List the files whose layout differs; exit 1 if any does");
  auto* write_flag = fmt_cmd->add_flag("--write", fmt_write, "Rewrite the files in place")->excludes(check_flag);
  fmt_cmd->add_flag("--diff", fmt_diff, "Show the changes as a unified diff")->excludes(check_flag)->excludes(write_flag);

  TestOptions test;
  auto* test_cmd = app.add_subcommand("test", "Run test cases (*.test.json) against policies");
  test_cmd->add_option("FILE", test.files, "Policy files or directories (their *.test.json files are cases too), and *.test.json case files")
      ->required();
  test_cmd->add_option("--format", test.format, "Output format")
      ->check(CLI::IsMember({"text", "json", "junit"}))
      ->capture_default_str();
  test_cmd->add_flag("--coverage", test.coverage, "Count, per rule, the cases that made it fire and the cases that kept it from firing");

  DiffOptions diff;
  auto* diff_cmd = app.add_subcommand("diff", "What a policy change does to a recorded set of images");
  diff_cmd->add_option("OLD", diff.old_policies, "The policies before the change: files or directories")->required();
  diff_cmd->add_option("--new", diff.new_policies, "The policies after the change: files or directories")->required();
  diff_cmd->add_option("--images", diff.images, "The images, as JSON Lines (`-`: standard input)")->required();
  diff_cmd->add_option("--now", diff.now, "The evaluation time, RFC 3339 (default: now)");
  diff_cmd->add_option("--format", diff.format, "Output format")
      ->check(CLI::IsMember({"text", "json", "markdown"}))
      ->capture_default_str();
  diff_cmd->add_flag("--exit-code", diff.exit_code, "Exit 1 when any decision changes");

  CompileOptions compile;
  auto* compile_cmd = app.add_subcommand("compile", "Show the checked AST or the bytecode of policies");
  compile_cmd->add_option("POLICY", compile.policies, "Policy files or directories")->required();
  compile_cmd->add_option("--emit", compile.emit, "What to print")
      ->check(CLI::IsMember({"bytecode", "ast"}))
      ->capture_default_str();

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return kExitUsage;
  }
  if (check_cmd->parsed()) return run_check(check);
  if (eval_cmd->parsed()) return run_eval(eval);
  if (facts_cmd->parsed()) return run_facts(facts);
  if (serve_cmd->parsed()) return run_serve(serve);
  if (compile_cmd->parsed()) return run_compile(compile);
  if (test_cmd->parsed()) return run_test(test);
  if (lint_cmd->parsed()) return run_lint(lint);
  if (copy_cmd->parsed()) return run_copy(copy);
  if (ping_cmd->parsed()) return run_ping(ping);
  if (plan_cmd->parsed()) return run_plan(plan);
  if (run_cmd->parsed()) return run_plan(run);
  if (fmt_cmd->parsed()) {
    fmt_options.mode = fmt_check ? "check" : fmt_write ? "write" : fmt_diff ? "diff" : "";
    return run_fmt(fmt_options);
  }
  if (diff_cmd->parsed()) return run_diff(diff);
  return kExitUsage;
}

}  // namespace

int main(int argc, char** argv) {
  const int code = run_command_line(argc, argv);
  // The command has closed everything it opened. What exit() would still do is the
  // libraries' own teardown (OpenSSL freeing its tables, libcurl's), work the kernel does
  // anyway: about a millisecond of a 50 ms `ferry copy`. Sanitizer builds exit normally,
  // so that LeakSanitizer still looks for leaks.
  std::cout.flush();
  std::cerr.flush();
  std::fflush(nullptr);
#if !defined(__SANITIZE_ADDRESS__)
  std::_Exit(code);
#endif
  return code;
}
