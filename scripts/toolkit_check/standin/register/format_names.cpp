// ge::GetFormatName (graph/types.h): the spelling op_build writes into the op-info ini and the
// aclnn sources. Most names are the enum's without "FORMAT_"; the exceptions below are CANN's own
// spellings (the hash-table lookups and one deconvolution format are shortened, and the formats
// that are not real layouts read "UNKNOWN").
#include "graph/types.h"

namespace ge {
namespace {
const char *const kNames[] = {
    "NCHW", "NHWC", "ND", "NC1HWC0", "FRACTAL_Z",                                           // 0
    "NC1C0HWPAD", "NHWC1C0", "FSR_NCHW", "FRACTAL_DECONV", "C1HWNC0",                       // 5
    "FRACTAL_DECONV_TRANSPOSE", "FRACTAL_DECONV_SP_STRIDE_TRANS", "NC1HWC0_C04",            // 10
    "FRACTAL_Z_C04", "CHWN",                                                                // 13
    "DECONV_SP_STRIDE8_TRANS", "HWCN", "NC1KHKWHWC0", "BN_WEIGHT", "FILTER_HWCK",           // 15
    "LOOKUP_LOOKUPS", "LOOKUP_KEYS", "LOOKUP_VALUE", "LOOKUP_OUTPUT", "LOOKUP_HITS",        // 20
    "C1HWNCoC0", "MD", "NDHWC", "UNKNOWN", "FRACTAL_NZ",                                    // 25 (28: FRACTAL_ZZ)
    "NCDHW", "DHWCN", "NDC1HWC0", "FRACTAL_Z_3D", "CN",                                     // 30
    "NC", "DHWNC", "FRACTAL_Z_3D_TRANSPOSE", "FRACTAL_ZN_LSTM", "FRACTAL_Z_G",              // 35
    "UNKNOWN", "UNKNOWN", "UNKNOWN", "ND_RNN_BIAS", "FRACTAL_ZN_RNN",                       // 40 (RESERVED, ALL, NULL)
    "NYUV", "NYUV_A", "NCL", "FRACTAL_Z_WINO", "C1HWC0",                                    // 45
    "FRACTAL_NZ_C0_16", "FRACTAL_NZ_C0_32", "FRACTAL_NZ_C0_2", "FRACTAL_NZ_C0_4",           // 50
    "FRACTAL_NZ_C0_8",                                                                      // 54
};
// The table must cover the enum exactly; a new CANN format has to be added here by hand.
static_assert(sizeof(kNames) / sizeof(kNames[0]) == FORMAT_END, "format name table out of step with graph/types.h");
static_assert(FORMAT_FRACTAL_ZZ == 28 && FORMAT_RESERVED == 40 && FORMAT_FRACTAL_NZ_C0_8 == 54, "format enum moved");
}  // namespace

const char_t *GetFormatName(Format format) {
  // A format carrying sub-format or C0 bits is past FORMAT_END and reads "UNKNOWN", as in CANN.
  const int32_t value = static_cast<int32_t>(format);
  if (value < 0 || value >= FORMAT_END) {
    return "UNKNOWN";
  }
  return kNames[value];
}
}  // namespace ge
