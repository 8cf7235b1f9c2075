// Running a sweep: every design point's trials on one backend (rebound to each point's
// scenario, buffers kept), outputs estimated per point, then the design's sensitivity measures.
#pragma once

#include <string>
#include <vector>

#include "host/run/backend.hpp"
#include "host/run/progress.hpp"
#include "host/sweep/sweep_design.hpp"
#include "host/sweep/sweep_indices.hpp"
#include "host/sweep/sweep_outputs.hpp"

namespace orb {

struct OatSummary {
  // [parameter, output]: outputs at the low and high ends, swing = high - low, its standard
  // error with common random numbers (paired per trial) and as if streams were independent.
  std::vector<double> low, high, swing, swing_sem, swing_sem_independent;
  std::vector<double> variance_reduction;  // (sem_independent / sem)^2; +inf when the swing has no noise
};

struct SweepResult {
  DesignMatrix design;
  std::vector<OutputDef> outputs;
  std::vector<double> mean, sem;  // [point, output]
  std::vector<uint64_t> seeds;    // per point (all equal with common random numbers)
  OatSummary oat;
  std::vector<SobolIndices> sobol;    // per output
  std::vector<MorrisIndices> morris;  // per output
  double seconds = 0.0;
  std::string backend, device;
};

// `backend` runs the engine's trials (null for the built-in test functions); it is rebound to
// each point's scenario.
SweepResult run_sweep(const SweepSpec& spec, Backend* backend, int threads, Progress& progress);

// The config overrides that make design point `row` (path=value for each parameter).
std::vector<std::string> point_overrides(const SweepSpec& spec, const DesignMatrix& d, size_t row);

double ishigami(double x1, double x2, double x3, double a, double b);

}  // namespace orb
