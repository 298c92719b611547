// TQue::HasTensorInQue follows the queue through EnQue and DeQue.
#include <gtest/gtest.h>

#include <vector>

#include "kernel_test_util.h"

namespace {

TEST(KernelQueueState, HasTensorInQueBetweenEnQueAndDeQue)
{
    std::vector<bool> seen;
    auto launch = simtest::RunKernel([&](const sim::GmAddr *) {
        AscendC::TPipe pipe;
        AscendC::TQue<AscendC::TPosition::VECOUT, 2> queue;
        pipe.InitBuffer(queue, 2, 256);
        seen.push_back(queue.HasTensorInQue());                 // empty
        auto first = queue.AllocTensor<float>();
        seen.push_back(queue.HasTensorInQue());                 // allocated, not queued
        queue.EnQue(first);
        auto second = queue.AllocTensor<float>();
        queue.EnQue(second);
        seen.push_back(queue.HasTensorInQue());                 // two queued
        auto out = queue.DeQue<float>();
        seen.push_back(queue.HasTensorInQue());                 // one still queued
        queue.FreeTensor(out);
        out = queue.DeQue<float>();
        seen.push_back(queue.HasTensorInQue());                 // none queued
        queue.FreeTensor(out);
    });
    ASSERT_TRUE(launch.ok) << launch.error;
    EXPECT_EQ(seen, (std::vector<bool>{false, false, true, true, false}));
}

}  // namespace
