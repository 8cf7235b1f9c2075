// Design matrices of a sweep: which parameter values each design point runs.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "host/sweep/sweep_spec.hpp"

namespace orb {

struct DesignMatrix {
  Design design = Design::kOat;
  int k = 0;                    // parameters
  size_t points = 0;
  std::vector<double> unit;     // [points, k] unit coordinates (one-at-a-time: empty)
  std::vector<double> values;   // [points, k] parameter values
  // Morris: trajectory t's step j moves factor morris_factor[t*k+j] by morris_delta[t*k+j]
  // (unit coordinates) from point t*(k+1)+j to the next.
  std::vector<int> morris_factor;
  std::vector<double> morris_delta;
  std::string sampler;          // where the quasi-random points came from
};

// Layouts (what the indices code and the HDF5 readers rely on):
//   oat:    point 0 = base values; 2i+1 = parameter i at its low end, 2i+2 = at its high end
//   grid:   levels^k points, the last parameter varying fastest
//   morris: trajectories of k+1 points each
//   sobol:  Saltelli, as SALib without second order: for each base row j, the points
//           A_j, AB_j1 .. AB_jk, B_j (N (k+2) points)
DesignMatrix make_design(const SweepSpec& spec);

// n points of a `dims`-dimensional scrambled Sobol' sequence (cuRAND's host generator), point
// after point; without cuRAND, Philox uniforms. `sampler` says which.
std::vector<double> quasi_random(size_t n, int dims, uint64_t seed, std::string* sampler);

}  // namespace orb
