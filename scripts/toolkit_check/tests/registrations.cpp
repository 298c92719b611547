// Loads an op_host library the way op_build does (dlopen) and prints, per op type named on the
// command line, what its IMPL_OP* registrations left in the stand-in's table, and whether OP_ADD
// registered its OpDef. Shows that the stand-in's registrations are real, not no-ops.
// Usage: registrations LIB OP_TYPE...   (exit 1 if the library does not load or an op is missing)
#include <dlfcn.h>
#include <cstdio>
#include "register/op_def_factory.h"
#include "../standin/register/op_impl_table.h"

namespace ops {
// OpDefFactory's listing is private to op_build's generators; this check is one of them by name.
class Generator {
 public:
  static bool Registered(const char *op_type) {
    for (const auto &name : OpDefFactory::GetAllOp()) {
      if (name == op_type) {
        return true;
      }
    }
    return false;
  }
};
}  // namespace ops

int main(int argc, char **argv) {
  if (argc < 3 || dlopen(argv[1], RTLD_NOW | RTLD_GLOBAL) == nullptr) {
    std::fprintf(stderr, "usage: registrations LIB OP_TYPE... (%s)\n", argc < 3 ? "too few arguments" : dlerror());
    return 1;
  }
  int missing = 0;
  for (int i = 2; i < argc; ++i) {
    const gert::StandinOpImpl *impl = gert::StandinFindOpImpl(argv[i]);
    const bool opdef = ops::Generator::Registered(argv[i]);
    std::printf("%s: OpDef %s, infer_shape %s, infer_datatype %s, tiling %s (max tiling data %zu bytes)\n", argv[i],
                opdef ? "yes" : "no", impl && impl->infer_shape ? "yes" : "no",
                impl && impl->infer_datatype ? "yes" : "no", impl && impl->tiling ? "yes" : "no",
                impl ? impl->max_tiling_data_size : 0U);
    missing += (impl == nullptr || !opdef) ? 1 : 0;
  }
  return missing == 0 ? 0 : 1;
}
