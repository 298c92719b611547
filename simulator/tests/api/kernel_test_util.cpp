#include "kernel_test_util.h"

namespace simtest {
namespace {

std::function<void(const sim::GmAddr *)> g_body;

void Entry(const sim::GmAddr *args)
{
    g_body(args);
}

}  // namespace

Launch RunKernel(std::function<void(const sim::GmAddr *)> body, uint32_t blockDim, std::vector<sim::GmAddr> args,
                 uint64_t tilingKey)
{
    g_body = std::move(body);
    Launch launch;
    launch.ok = sim::LaunchKernel("Test", Entry, blockDim, tilingKey, args, *sim::FindSoc("ascend910b"),
                                  &launch.report, &launch.error);
    return launch;
}

}  // namespace simtest
