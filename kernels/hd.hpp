// Portable host/device annotations and math used by every ORB_HD function.
//
// Physics is written once and compiled by both g++ (CPU backend) and nvcc (CUDA backend);
// these wrappers keep the two compilers on the same function names. Kernel headers must stay
// valid C++17 because nvcc compiles them as CUDA C++17.
#pragma once

#include <cstdint>

#if defined(__CUDACC__)
#define ORB_HD __host__ __device__
#define ORB_HD_INLINE __host__ __device__ __forceinline__
#else
#define ORB_HD
#define ORB_HD_INLINE inline
#include <cmath>
#endif

namespace orb {

constexpr double kDaysPerYear = 365.25;
constexpr double kInfinity = __builtin_huge_val();  // +inf; <limits> is host-only on device

ORB_HD_INLINE double hd_log(double x) { return ::log(x); }
ORB_HD_INLINE double hd_log1p(double x) { return ::log1p(x); }
ORB_HD_INLINE double hd_exp(double x) { return ::exp(x); }
ORB_HD_INLINE double hd_expm1(double x) { return ::expm1(x); }
ORB_HD_INLINE double hd_pow(double x, double y) { return ::pow(x, y); }
ORB_HD_INLINE double hd_sqrt(double x) { return ::sqrt(x); }
ORB_HD_INLINE double hd_floor(double x) { return ::floor(x); }
ORB_HD_INLINE double hd_fabs(double x) { return ::fabs(x); }
ORB_HD_INLINE double hd_cos(double x) { return ::cos(x); }
ORB_HD_INLINE double hd_sin(double x) { return ::sin(x); }
ORB_HD_INLINE double hd_lgamma(double x) { return ::lgamma(x); }
ORB_HD_INLINE float hd_nextafterf(float x, float toward) { return ::nextafterf(x, toward); }

template <class T>
ORB_HD_INLINE T hd_min(T a, T b) { return b < a ? b : a; }

// An array whose consecutive elements are `stride` elements apart. Per-trial memory is laid out
// index-major, trial-minor on the GPU (stride = trials in flight), so the 32 trials of a warp
// touching element i touch 32 neighbouring addresses; on the CPU the stride is 1.
template <class T>
struct Strided {
  T* p = nullptr;
  int64_t stride = 1;
  ORB_HD_INLINE T& operator[](int64_t i) const { return p[i * stride]; }
  ORB_HD_INLINE Strided operator+(int64_t k) const { return Strided{p + k * stride, stride}; }
};
template <class T>
ORB_HD_INLINE T hd_max(T a, T b) { return a < b ? b : a; }

// The last i in [lo, hi] for which `holds(i)`, given that it holds up to some index and not
// after (lo when it holds nowhere): a binary search over sorted keys.
template <class Holds>
ORB_HD_INLINE int last_where(int lo, int hi, const Holds& holds) {
  while (lo < hi) {
    const int mid = (lo + hi + 1) / 2;
    if (holds(mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

}  // namespace orb
