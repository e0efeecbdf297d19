// The subcommands of the `ferry` executable. Each returns the process exit code:
// 0 success, 1 the policy is wrong (diagnostics printed), 2 usage error or unreadable input.
#pragma once

#include <string>
#include <vector>

namespace ferry::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitPolicyError = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitRegistry = 3;  // a registry or network operation failed

enum class ColorMode { Auto, Always, Never };

struct CheckOptions {
  std::vector<std::string> files;
  std::string format = "text";  // text | json
  ColorMode color = ColorMode::Auto;
};

// Scan facts for the images: reports and SBOMs given for the run, and a directory of
// them keyed by digest (docs/facts.md).
struct ScanOptions {
  std::vector<std::string> scans;  // --scan: scanner reports
  std::vector<std::string> sboms;  // --sbom: SBOMs (the same readers; after the reports)
  std::string facts_dir;           // --facts-dir: sha256-<hex>.*.json
};

struct ServeOptions {
  std::string config;  // the JSON configuration (LANGUAGE.md section 8)
};

struct FactsOptions {
  std::string image;   // the image's own facts (JSON), optional
  std::string digest;  // for --facts-dir when the image does not give it
  ScanOptions scan;
};

struct EvalOptions {
  std::vector<std::string> policies;
  std::string image;   // --image FILE.json or -
  std::string images;  // --images FILE.jsonl or -
  std::string now;     // RFC 3339; default: the current time
  std::string format = "text";
  bool explain = false;  // the value of every sub-condition of every rule
  ScanOptions scan;
};

// Where registries are and how to trust them, for every command that talks to one.
struct RegistryOptions {
  std::vector<std::string> cert_dirs;  // certs.d folders before the system's
  std::vector<std::string> insecure;   // registries reached over plain HTTP
  int upload_chunk_mib = 256;          // bytes per PATCH, in MiB
};

struct CopyOptions {
  std::string source;
  std::string destination;
  std::string source_creds;       // USER:PASSWORD; default: the auth file
  std::string destination_creds;
  std::string platform;           // os/arch[/variant] of an index
  int jobs = 4;                   // blobs at once
  std::string log_format = "text";
  bool verbose = false;
  bool no_referrers = false;      // the image alone, without its signatures and referrers
  RegistryOptions registries;
};

struct PlanOptions {
  std::vector<std::string> policies;
  std::string source;  // REGISTRY/REPO[:TAG|@DIGEST]; without a tag, every tag
  std::string source_creds;
  std::string now;
  std::string format = "text";
  bool explain = false;
  bool run = false;   // ferry run: do the pushes
  bool no_referrers = false;  // run: copy images without their signatures and referrers
  std::string state;  // the state store; default StateStore::default_path()
  RegistryOptions registries;
  ScanOptions scan;
};

struct PingOptions {
  std::string target;  // REGISTRY[/REPO]
  std::string creds;
  RegistryOptions registries;
};

struct LintOptions {
  std::vector<std::string> files;
  std::string format = "text";       // text | json | sarif | github
  std::string fail_level = "error";  // error | warning
  std::string config;                // .ferry.json; default: found from the current directory up
};

struct FmtOptions {
  std::vector<std::string> files;
  std::string mode;  // empty: print; check | write | diff
};

struct TestOptions {
  std::vector<std::string> files;  // policies (or directories) and *.test.json case files
  std::string format = "text";     // text | json | junit
  bool coverage = false;
};

struct DiffOptions {
  std::vector<std::string> old_policies;
  std::vector<std::string> new_policies;
  std::string images;  // JSON Lines catalog, or -
  std::string now;
  std::string format = "text";  // text | json | markdown
  bool exit_code = false;       // exit 1 when anything changes
};

struct CompileOptions {
  std::vector<std::string> policies;
  std::string emit = "bytecode";  // bytecode | ast
};

// `ferry eval POLICY... --image F.json | --images F.jsonl`: the decision for each image
// (LANGUAGE.md section 7). Exit 1 when a record was malformed (it is reported and skipped).
int run_eval(const EvalOptions& options);
// `ferry facts`: the image JSON with the scan data found for it. Exit 2 for a report
// that cannot be read.
int run_facts(const FactsOptions& options);
// `ferry serve`: webhooks, the durable queue, workers; until SIGTERM. Exit 2 for a bad
// configuration, 1 for policies with errors.
int run_serve(const ServeOptions& options);

// `ferry copy SRC DEST`: one image, all platforms unless --platform. Exit 3 on a registry
// failure (nothing is tagged then).
int run_copy(const CopyOptions& options);

// `ferry plan POLICY... --source REGISTRY/REPO[:TAG]`: what would be copied where, what
// is already there, and why not for the rest; writes nothing. Exit 3 on a registry failure.
// With `run`, also the pushes (`ferry run`), each once per (digest, destination, rule).
int run_plan(const PlanOptions& options);

// `ferry ping REGISTRY[/REPO]`: reachability, TLS, login, and with a repository push
// permission. Exit 3 saying what failed.
int run_ping(const PingOptions& options);

// `ferry lint FILE...`: check's diagnostics and the lints, with suppressions and levels.
// Exit 1 when a finding is at --fail-level or above.
int run_lint(const LintOptions& options);

// `ferry fmt FILE... [--check|--write|--diff]`: the canonical layout. --check lists the
// files that differ and exits 1 when any does; a file that does not parse exits 1.
int run_fmt(const FmtOptions& options);

// `ferry test POLICY... CASES.test.json...`: each case's decision against the expected
// one. Exit 1 when a case fails or cannot run.
int run_test(const TestOptions& options);

// `ferry diff OLD... --new NEW... --images CATALOG.jsonl`: what a policy change does to a
// recorded set of images. With --exit-code, exit 1 when anything changes.
int run_diff(const DiffOptions& options);

// `ferry compile POLICY... --emit bytecode|ast`: a readable listing.
int run_compile(const CompileOptions& options);

// `ferry check FILE...`: parse and type-check; diagnostics on stderr (text) or one JSON
// document on stdout (json).
int run_check(const CheckOptions& options);

}  // namespace ferry::cli
