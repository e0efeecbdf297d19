// libFuzzer target, built once per report reader (FERRY_REPORT_FORMAT, fuzz/CMakeLists.txt):
// the reader returns a report or a ReportError on any input, never crashes.
#include "fuzz/invariants.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  ferry::fuzz::report_invariants(ferry::facts::ReportFormat::FERRY_REPORT_FORMAT, data, size);
  return 0;
}
