// libFuzzer target: the fuzzer's bytes drive a generator of well-typed policies and
// images; the VM and the reference interpreter must agree on every rule's condition.
#include "fuzz/invariants.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  ferry::fuzz::vm_invariants(data, size);
  return 0;
}
