// The traffic of the two ways a kernel can take a strided input, as the run reports count it:
// read in place through its strides (IgnoreContiguous), or as a contiguous copy made first
// (AutoContiguous): the copy reads and writes the view once more, three times the bytes.
#include <gtest/gtest.h>

#include <vector>

#include "acl/acl.h"
#include "opdev/op_errno.h"
#include "opdev/op_executor.h"
#include "read_rows_probe_kernel.h"
#include "register/op_def_registry.h"
#include "sim/device_memory.h"
#include "sim/run_reports.h"
#include "view_test_util.h"

namespace ops {

class InPlaceReadProbe : public OpDef {
public:
    explicit InPlaceReadProbe(const char *name) : OpDef(name)
    {
        this->Input("x").ParamType(REQUIRED).DataType({ge::DT_FLOAT16}).IgnoreContiguous();
        this->Output("y").ParamType(REQUIRED).DataType({ge::DT_FLOAT16});
        this->AICore().AddConfig("ascend910b");
        this->AICore().AddConfig("ascend910_93");
    }
};
OP_ADD(InPlaceReadProbe);

class CopiedReadProbe : public OpDef {
public:
    explicit CopiedReadProbe(const char *name) : OpDef(name)
    {
        this->Input("x").ParamType(REQUIRED).DataType({ge::DT_FLOAT16}).AutoContiguous();
        this->Output("y").ParamType(REQUIRED).DataType({ge::DT_FLOAT16});
        this->AICore().AddConfig("ascend910b");
        this->AICore().AddConfig("ascend910_93");
    }
};
OP_ADD(CopiedReadProbe);

}  // namespace ops

namespace {

using simtest::DeviceStorage;
using simtest::ReadRowsKernel;
using simtest::RowsTiling;
using simtest::View;

// The row pitch from the view's strides when x carries them, else the dense one.
ge::graphStatus RowsTilingFunc(gert::TilingContext *context)
{
    const gert::Shape &shape = context->GetInputShape(0)->GetStorageShape();
    RowsTiling *tiling = context->GetTilingData<RowsTiling>();
    tiling->rows = static_cast<uint32_t>(shape.GetDim(0));
    tiling->columns = static_cast<uint32_t>(shape.GetDim(1));
    tiling->pitch = context->InputIsView(0) ? static_cast<uint32_t>(context->GetInputStride(0)->GetStride(0))
                                            : tiling->columns;
    context->SetBlockDim(1);
    return ge::GRAPH_SUCCESS;
}

IMPL_OP_OPTILING(InPlaceReadProbe).Tiling(RowsTilingFunc);
IMPL_OP_OPTILING(CopiedReadProbe).Tiling(RowsTilingFunc);
const sim::KernelRegistrar g_inPlaceKernel("InPlaceReadProbe", ReadRowsKernel);
const sim::KernelRegistrar g_copiedKernel("CopiedReadProbe", ReadRowsKernel);

// Launches `opType` on x and returns the GM bytes all launches of the run moved.
uint64_t MovedBytes(const char *opType, const aclTensor *x, const aclTensor *y)
{
    aclOpExecutor executor("aclnnReadProbe");
    EXPECT_EQ(executor.AddAiCoreLaunch(opType, {x}, {y}, gert::RuntimeAttrs()), ACLNN_SUCCESS)
        << aclGetRecentErrMsg();
    const uint64_t size = executor.GetWorkspaceSize();
    void *workspace = sim::DeviceAlloc(size);
    EXPECT_EQ(executor.Run(workspace, size), ACLNN_SUCCESS) << aclGetRecentErrMsg();
    sim::DeviceFree(workspace);
    uint64_t bytes = 0;
    for (const sim::LaunchReport &report : sim::LastRunReports()) {
        bytes += report.total.gmToUbBytes + report.total.ubToGmBytes;
    }
    return bytes;
}

TEST(ViewTraffic, ACopiedInputMovesThreeTimesTheBytesOfAnInPlaceStridedRead)
{
    // 16 rows of 64 fp16 values, 96 apart: 2 KiB of data in a 3 KiB span.
    DeviceStorage storage(16 * 96, 2);
    aclTensor x = View(storage, ge::DT_FLOAT16, {16, 64}, {96, 1}, 0, 16 * 96);
    DeviceStorage out(16 * 64, 2);
    aclTensor y = View(out, ge::DT_FLOAT16, {16, 64}, {64, 1}, 0, 16 * 64);
    const uint64_t viewBytes = 16 * 64 * 2;
    EXPECT_EQ(MovedBytes("InPlaceReadProbe", &x, &y), viewBytes);
    EXPECT_EQ(sim::LastRunReports().size(), 1u);
    EXPECT_EQ(MovedBytes("CopiedReadProbe", &x, &y), 3 * viewBytes);
    EXPECT_EQ(sim::LastRunReports().size(), 2u);
}

}  // namespace
