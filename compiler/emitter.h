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
  // Superinstructions: `tag endswith "x"` and `any c in components: c.name == "x"` in one
  // instruction each. Off for --explain, which shows the value of every sub-expression.
  bool fuse = true;
};

Program emit_program(const SourceFile& file, const CheckedPolicy& policy, EmitOptions options = {});

}  // namespace ferry
