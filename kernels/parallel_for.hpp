// One loop over work items for every backend: cpu_parallel_for spreads them over OpenMP
// threads; under nvcc, gpu_parallel_for launches one thread per item. The pipeline's stages
// (pipeline.hpp) are written once as functions of an item and run through these.
#pragma once

#include <cstdint>

#if !defined(__CUDACC__)
#include <omp.h>
#endif

#include "hd.hpp"

namespace orb {

#if !defined(__CUDACC__)
// f(i) for i in [0, n) on `threads` OpenMP threads, in chunks handed out as threads free up
// (items differ in cost: a satellite losing many GPUs takes longer).
template <class F>
void cpu_parallel_for(int threads, int64_t n, F&& f) {
  if (threads <= 1 || n <= 1) {
    for (int64_t i = 0; i < n; ++i) f(i);
    return;
  }
  const int64_t chunk = n / (int64_t{threads} * 16) + 1;
#pragma omp parallel for num_threads(threads) schedule(dynamic, chunk)
  for (int64_t i = 0; i < n; ++i) f(i);
}
#endif

#if defined(__CUDACC__)
// Items that ask for at most kMaxRegisters registers (F::kMaxRegisters, else no limit) get
// launch bounds that make the compiler keep to it: the per-satellite stages trade a few spills
// for twice the resident warps, which is what hides their math latency.
template <class F, class = void>
struct RegisterBudget {
  static constexpr int kMinBlocks = 1;
};
template <class F>
struct RegisterBudget<F, decltype(void(F::kMaxRegisters))> {
  static constexpr int kMinBlocks = F::kMaxRegisters >= 255 ? 1 : 65536 / (256 * F::kMaxRegisters);
};

template <class F>
__global__ void __launch_bounds__(256, RegisterBudget<F>::kMinBlocks) parallel_for_kernel(int64_t n, F f) {
  const int64_t i = static_cast<int64_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  if (i < n) f(i);
}
#endif

}  // namespace orb
