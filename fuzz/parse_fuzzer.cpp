// libFuzzer target: the parser never crashes, hangs or produces a span outside its input.
#include "fuzz/invariants.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  ferry::fuzz::parse_invariants(data, size);
  return 0;
}
