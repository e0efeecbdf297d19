// libFuzzer target: `ferry fmt` never changes a policy's meaning, never drops a comment,
// and formatting its own output changes nothing.
#include "fuzz/invariants.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  ferry::fuzz::fmt_invariants(data, size);
  return 0;
}
