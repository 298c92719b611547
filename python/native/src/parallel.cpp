#include "parallel.h"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <thread>
#include <vector>

namespace nsa_cpu {

int DefaultThreads()
{
    const char *text = std::getenv("NSA_COMPRESS_THREADS");
    if (text != nullptr) {
        char *end = nullptr;
        const long value = std::strtol(text, &end, 10);
        if (end != text && *end == '\0' && value > 0 && value <= 4096) {
            return static_cast<int>(value);
        }
    }
    return std::max(1u, std::thread::hardware_concurrency());
}

void ParallelFor(int64_t tasks, int threads, const std::function<void(int64_t)> &task)
{
    std::atomic<int64_t> next{0};
    auto worker = [&]() {
        for (int64_t i = next.fetch_add(1); i < tasks; i = next.fetch_add(1)) {
            task(i);
        }
    };
    const int64_t helpers = std::min<int64_t>(std::max(threads, 1), tasks) - 1;
    std::vector<std::thread> pool;
    for (int64_t t = 0; t < helpers; ++t) {
        pool.emplace_back(worker);
    }
    worker();
    for (std::thread &thread : pool) {
        thread.join();
    }
}

}  // namespace nsa_cpu
