// CfgItems: the key/value settings of an AICore config or a CPU engine, written to the ini in
// first-set order; setting a key again replaces its value but keeps its place.
#include "opdef_impl.h"

namespace ops {
void CfgItems::Set(const char *key, const char *value) {
  const ge::AscendString k(key);
  if (values.find(k) == values.end()) {
    keys.push_back(k);
  }
  values[k] = ge::AscendString(value);
}

ge::AscendString &CfgItems::Value(const char *key) { return values[ge::AscendString(key)]; }
}  // namespace ops
