// Sensitivity measures from the outputs at the design points: Sobol' first-order (Saltelli
// 2010) and total (Jansen) indices, Morris elementary effects, and one-at-a-time swings, with
// bootstrap intervals.
#pragma once

#include <cstdint>
#include <vector>

#include "host/sweep/sweep_design.hpp"

namespace orb {

struct WithCi {
  double value = 0.0, lo = 0.0, hi = 0.0;
};

struct SobolIndices {
  std::vector<WithCi> first, total;  // per parameter
};

// `y`: one output at the N (k + 2) Saltelli points (sweep_design.hpp layout). As SALib's
// sobol.analyze: outputs standardized first (mean 0, population std 1), the variance that
// normalizes the indices is that of the A and B outputs (population), a constant response
// gives zeros. Intervals: percentile bootstrap over the N base rows.
SobolIndices sobol_indices(const std::vector<double>& y, int k, int bootstrap, double confidence, uint64_t seed);

struct MorrisIndices {
  std::vector<double> mu, mu_star, sigma;  // per parameter, effects in unit coordinates
  std::vector<WithCi> mu_star_ci;          // percentile bootstrap over trajectories
};
MorrisIndices morris_indices(const std::vector<double>& y, const DesignMatrix& d, int bootstrap, double confidence,
                             uint64_t seed);

// Linear-interpolated sample quantile (type 7), q in [0, 1]; sorts a copy.
double quantile(std::vector<double> x, double q);

}  // namespace orb
