// libFuzzer target: parse + check + render never crash and keep their invariants.
#include "fuzz/invariants.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  ferry::fuzz::check_invariants(data, size);
  return 0;
}
