// The bytecode emitter: a checked policy -> a Program the VM runs.
#pragma once

#include "compiler/checker.h"
#include "grammar/source.h"
#include "runtime/program.h"

namespace ferry {

// Compiles a policy that checked without errors. Facts become slot reads, string
// constants are interned, regexes and globs are compiled once, `and`/`or` become
// jumps, constant integer arithmetic is folded, and every instruction keeps the source
// offset it came from.
struct EmitOptions {
  // Compile `any c in components: c.name == "x"` to one instruction. Off for --explain,
  // which shows the body's own value.
  bool fuse_quantifiers = true;
};

Program emit_program(const SourceFile& file, const CheckedPolicy& policy, EmitOptions options = {});

}  // namespace ferry
