// Prints the values behind the host-side names the op sources, the example and the tests rely
// on. Compiled and run once against CANN's headers and once against the simulator's; any line
// that differs is a name that means something else in the simulator.
//
// Of the API for non-contiguous tensors: gert::Stride is defined entirely in its header, so its
// limits and behaviour run on both sides. TilingContext's view accessors need a context the
// framework builds, and OpParamDef's policies live in a CANN library, so for those the probe
// prints whether each has CANN's signature (1) or another one (0 on the side that differs).
#include <cstdio>
#include <type_traits>

#include "acl/acl.h"
#include "aclnn/acl_meta.h"
#include "exe_graph/runtime/stride.h"
#include "exe_graph/runtime/tiling_context.h"
#include "graph/types.h"
#include "opdev/op_errno.h"
#include "register/op_def_registry.h"
#include "tiling/platform/platform_ascendc.h"

#define SHOW(expr) std::printf("%s = %lld\n", #expr, static_cast<long long>(expr))

namespace {

using gert::Stride;
using gert::TilingContext;
using ops::OpParamDef;

template <typename Actual, typename Expected>
constexpr bool kSame = std::is_same<Actual, Expected>::value;

using ViewTest = bool (TilingContext::*)(size_t) const;
using StrideGetter = const Stride *(TilingContext::*)(size_t) const;
using OffsetGetter = int64_t (TilingContext::*)(size_t) const;
using Policy = OpParamDef &(OpParamDef::*)();

size_t DimsOfTooManyStrides()
{
    return Stride({1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26})
        .GetDimNum();
}

size_t DimsAfterSetStride(size_t index)
{
    Stride stride;
    stride.SetStride(index, 9);
    return stride.GetDimNum();
}

size_t DimsAfterAppendingStrides(int count)
{
    Stride stride;
    for (int i = 0; i < count; ++i) {
        stride.AppendStride(i);
    }
    return stride.GetDimNum();
}

bool StridesPastTheDimsDoNotCompare()
{
    Stride longer({6, 3, 1, 7});
    longer.SetDimNum(3);
    return longer == Stride({6, 3, 1});
}

}  // namespace

int main()
{
    SHOW(ACL_SUCCESS);
    SHOW(ACL_ERROR_INVALID_PARAM);
    SHOW(ACL_ERROR_BAD_ALLOC);
    SHOW(ACL_ERROR_RT_MEMORY_ALLOCATION);
    SHOW(ACL_ERROR_REPEAT_INITIALIZE);
    SHOW(ACL_ERROR_UNINITIALIZE);
    SHOW(ACL_DT_UNDEFINED);
    SHOW(ACL_FLOAT);
    SHOW(ACL_FLOAT16);
    SHOW(ACL_INT32);
    SHOW(ACL_INT64);
    SHOW(ACL_BF16);
    SHOW(ACL_FORMAT_UNDEFINED);
    SHOW(ACL_FORMAT_NCHW);
    SHOW(ACL_FORMAT_NHWC);
    SHOW(ACL_FORMAT_ND);
    SHOW(ACL_MEM_MALLOC_HUGE_FIRST);
    SHOW(ACL_MEMCPY_HOST_TO_HOST);
    SHOW(ACL_MEMCPY_HOST_TO_DEVICE);
    SHOW(ACL_MEMCPY_DEVICE_TO_HOST);
    SHOW(ACL_MEMCPY_DEVICE_TO_DEVICE);
    SHOW(sizeof(aclFloat16));
    SHOW(sizeof(aclnnStatus));
    SHOW(ACLNN_SUCCESS);
    SHOW(ACLNN_ERR_PARAM_NULLPTR);
    SHOW(ACLNN_ERR_PARAM_INVALID);
    SHOW(ACLNN_ERR_RUNTIME_ERROR);
    SHOW(ACLNN_ERR_INNER);
    SHOW(ACLNN_ERR_INNER_INFERSHAPE_ERROR);
    SHOW(ACLNN_ERR_INNER_TILING_ERROR);
    SHOW(ACLNN_ERR_INNER_FIND_KERNEL_ERROR);
    SHOW(ACLNN_ERR_INNER_CREATE_EXECUTOR);
    SHOW(ACLNN_ERR_INNER_NOT_TRANS_EXECUTOR);
    SHOW(ACLNN_ERR_INNER_NULLPTR);
    SHOW(ge::DT_FLOAT);
    SHOW(ge::DT_FLOAT16);
    SHOW(ge::DT_INT32);
    SHOW(ge::DT_INT64);
    SHOW(ge::DT_BF16);
    SHOW(ge::DT_UNDEFINED);
    SHOW(ge::FORMAT_NCHW);
    SHOW(ge::FORMAT_ND);
    SHOW(ge::GRAPH_SUCCESS);
    SHOW(ge::GRAPH_FAILED);
    SHOW(ops::OPTIONAL);
    SHOW(ops::REQUIRED);
    SHOW(platform_ascendc::CoreMemType::L2);
    SHOW(platform_ascendc::CoreMemType::UB);
    SHOW(platform_ascendc::CoreMemType::HBM);
    SHOW(platform_ascendc::CoreMemType::RESERVED);
    SHOW(Stride::kMaxDimNum);
    SHOW(Stride::kInvalidStrideValue);
    SHOW(Stride().GetDimNum());
    SHOW(Stride({12, 4, 1}).GetDimNum());
    SHOW(Stride({12, 4, 1}).GetStride(0));
    SHOW(Stride({12, 4, 1})[2]);
    SHOW(Stride({3, 1}).GetStride(24));
    SHOW(Stride({3, 1}).GetStride(25));
    SHOW(DimsOfTooManyStrides());
    SHOW(DimsAfterSetStride(2));
    SHOW(DimsAfterSetStride(25));
    SHOW(DimsAfterAppendingStrides(30));
    SHOW(StridesPastTheDimsDoNotCompare());
    SHOW(Stride({6, 3}) != Stride({6, 3, 1}));
    SHOW((kSame<decltype(&TilingContext::InputIsView), ViewTest>));
    SHOW((kSame<decltype(&TilingContext::GetInputStride), StrideGetter>));
    SHOW((kSame<decltype(&TilingContext::GetInputOffset), OffsetGetter>));
    SHOW((kSame<decltype(&TilingContext::OutputIsView), ViewTest>));
    SHOW((kSame<decltype(&TilingContext::GetOutputStride), StrideGetter>));
    SHOW((kSame<decltype(&TilingContext::GetOutputOffset), OffsetGetter>));
    SHOW((kSame<decltype(&TilingContext::RequiredInputIsView), ViewTest>));
    SHOW((kSame<decltype(&TilingContext::GetRequiredInputStride), StrideGetter>));
    SHOW((kSame<decltype(&TilingContext::GetRequiredInputOffset), OffsetGetter>));
    SHOW((kSame<decltype(&TilingContext::OptionalInputIsView), ViewTest>));
    SHOW((kSame<decltype(&TilingContext::GetOptionalInputStride), StrideGetter>));
    SHOW((kSame<decltype(&TilingContext::GetOptionalInputOffset), OffsetGetter>));
    SHOW((kSame<decltype(&OpParamDef::IgnoreContiguous), Policy>));
    SHOW((kSame<decltype(&OpParamDef::AutoContiguous), Policy>));
    return 0;
}
