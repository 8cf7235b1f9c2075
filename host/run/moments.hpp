// Exact, order-independent sums. Each per-trial value is first rounded to a fixed-point
// integer (value * 2^scale_bits); sums and sums of squares are then 128-bit integers, so
// adding trials in any order, on any number of threads, in any batches, shards or resumed
// pieces, gives bit-identical totals. (Floating-point sums would not: their result depends
// on the order of the additions.)
#pragma once

#include <cstdint>

namespace orb {

using int128 = __int128;

struct Moments {
  int128 sum = 0;
  int128 sum_sq = 0;

  void add(int64_t q) {
    sum += q;
    sum_sq += static_cast<int128>(q) * q;
  }
  void merge(const Moments& o) {
    sum += o.sum;
    sum_sq += o.sum_sq;
  }
};

// Fixed-point scales. Values must stay below 2^40 after scaling so that 2^40 trials of
// squares fit in 128 bits.
constexpr int kFractionBits = 32;  // fractions in [0, 1]
constexpr int kDaysBits = 20;      // times in days, below 2^20 days
constexpr int kCountBits = 0;      // integer counts
constexpr int kFragmentBits = 8;   // expected fragment counts, below 2^32
constexpr int kDoseBits = 8;       // doses in rad(Si)
constexpr int kUsdBits = 0;        // losses, to the dollar

int64_t to_fixed(double value, int scale_bits);

// Mean, sample standard deviation (n - 1) and standard error of the mean of n values whose
// fixed-point sums are m. Exact integer arithmetic up to the final division.
struct Summary {
  double mean = 0.0;
  double std = 0.0;
  double sem = 0.0;
};
Summary summarize(const Moments& m, int64_t n, int scale_bits);

}  // namespace orb
