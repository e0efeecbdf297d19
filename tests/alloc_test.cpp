// The VM allocates nothing once warmed up: evaluating conditions, and deciding for an
// image that is not pushed, reuse the buffers of the previous image. A separate program,
// since it counts every allocation through a replaced operator new.
#include <cstdio>
#include <cstdlib>
#include <new>

#include "compiler/emitter.h"
#include "runtime/timefmt.h"
#include "runtime/vm.h"

namespace {
size_t allocations = 0;
}

void* operator new(size_t size) {
  ++allocations;
  if (void* p = std::malloc(size ? size : 1)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, size_t) noexcept { std::free(p); }

int main() {
  const ferry::SourceFile file("p.ferry",
                               "rule \"a\": tag endswith \"stable\" and vulns.critical < 3 => push qa.example.com/qa/x\n"
                               "rule \"b\": any c in components: (c.name startswith \"openssl\" and lower(c.type) == \"deb\") => push qa/y\n"
                               "on dev/*, **/website { rule \"e\": tag == \"x\" => block }\n"
                               "rule \"c\": repo like \"acme/*/api-*\" or \"mirror.skip\" in labels or tag in [\"latest\", \"lts\"] => block\n"
                               "rule \"d\": semver(tag) >= semver(\"1.0.0\") and age > 30d and [tag, repo] != [] => push qa/z\n");
  const auto front = ferry::compile_front_end(file);
  const auto program = ferry::emit_program(file, front.policy);
  const auto image = *ferry::load_image_json(R"({"registry": "r", "repo": "dev/website", "tag": "1.2.3",
      "created": "2026-11-20T10:00:00Z", "labels": {"team": "web"},
      "vulns": {"critical": 9}, "components": [{"name": "zlib", "type": "DEB"}, {"name": "openssl", "type": "APK"}],
      "licenses": ["MIT"]})").image;
  const int64_t now = *ferry::parse_rfc3339("2026-11-26T17:40:15Z");
  ferry::Vm vm;
  ferry::Decision decision;
  const std::vector<const ferry::Program*> programs{&program};
  vm.evaluate(programs, image, now, decision);  // warm up
  vm.evaluate(programs, image, now, decision);
  const size_t before = allocations;
  for (int i = 0; i < 100; ++i) vm.evaluate(programs, image, now, decision);
  const size_t used = allocations - before;
  std::printf("decision: %s; allocations in 100 steady-state evaluations: %zu\n",
              ferry::kind_name(decision.kind()), used);
  // The decision must really be `none` with every rule evaluated, or the test proves nothing.
  if (decision.kind() != ferry::Decision::Kind::None || !decision.errors.empty() || used != 0) {
    std::printf("1 failed\n");
    return 1;
  }
  return 0;
}
