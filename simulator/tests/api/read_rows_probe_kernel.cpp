#include "read_rows_probe_kernel.h"

#include "kernel_operator.h"

namespace simtest {

void ReadRowsKernel(const sim::GmAddr *args)
{
    RowsTiling tiling;
    sim::ReadTilingData(&tiling, sizeof(tiling), args[3]);
    AscendC::GlobalTensor<uint16_t> x;
    x.SetGlobalBuffer(reinterpret_cast<uint16_t *>(args[0]));
    AscendC::TPipe pipe;
    AscendC::TBuf<> buffer;
    pipe.InitBuffer(buffer, tiling.rows * tiling.columns * 2);
    AscendC::DataCopyPad(buffer.Get<uint16_t>(), x,
                         AscendC::DataCopyExtParams(static_cast<uint16_t>(tiling.rows), tiling.columns * 2,
                                                    (tiling.pitch - tiling.columns) * 2, 0, 0),
                         AscendC::DataCopyPadExtParams<uint16_t>());
}

}  // namespace simtest
