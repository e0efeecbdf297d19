// The properties the fuzzers demand of the front end on any input, shared with the
// regression test that replays saved crash inputs under ctest.
#pragma once

#include <cstddef>
#include <cstdint>

#include "runtime/facts/scan_report.h"

namespace ferry::fuzz {

// Parses `data`; aborts if a span leaves the input or a diagnostic has no message.
void parse_invariants(const uint8_t* data, size_t size);

// Parses and checks `data`, renders every diagnostic; aborts on a broken invariant:
// spans outside the input, a type table out of step with the AST, a clean policy
// whose condition is not a bool.
void check_invariants(const uint8_t* data, size_t size);

// Uses `data` as the choices of the policy generator (tests/oracle), compiles the
// policy and aborts unless the VM and the reference interpreter agree on every rule.
void vm_invariants(const uint8_t* data, size_t size);

// Formats `data` when it parses; aborts unless the result parses to the same policy
// (spans and comments aside), keeps every comment, and formats to itself.
void fmt_invariants(const uint8_t* data, size_t size);

// Reads `data` as a report of `format`: a report or a ReportError naming the file, and
// counts, licenses and components that survive the way into an image's facts.
void report_invariants(facts::ReportFormat format, const uint8_t* data, size_t size);
inline constexpr size_t kMaxFuzzReport = 256 * 1024;

// Inputs larger than this are skipped: the fuzzers look for logic bugs, and the size
// limit itself has its own test.
inline constexpr size_t kMaxFuzzInput = 64 * 1024;

}  // namespace ferry::fuzz
