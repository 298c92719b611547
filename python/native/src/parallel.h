// The library's threads: a call splits its work into tasks and runs them on std::threads that
// live for that call only (no pool survives it, so a process that forks between calls inherits
// no threads and no locks).
#ifndef NSA_CPU_PARALLEL_H
#define NSA_CPU_PARALLEL_H

#include <cstdint>
#include <functional>

namespace nsa_cpu {

// NSA_COMPRESS_THREADS when it holds a positive integer, else the hardware's thread count (>= 1).
int DefaultThreads();

// Runs task(i) for every i < tasks on up to `threads` threads (the calling one included), each
// thread taking the next task from a shared counter, so that unequal tasks still balance.
void ParallelFor(int64_t tasks, int threads, const std::function<void(int64_t)> &task);

}  // namespace nsa_cpu

#endif
