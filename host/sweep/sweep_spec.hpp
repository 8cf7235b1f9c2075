// Sensitivity-study specifications (`orbitrisk sweep SPEC.toml`): a base scenario (or a
// built-in test function), the outputs of interest, the parameters with their distributions,
// and the design. Read strictly, like scenario configs: every error names file, line and key.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace orb {

enum class Distribution { kUniform, kLogUniform, kNormal, kTriangular };
enum class Design { kOat, kGrid, kMorris, kSobol };
enum class Model { kEngine, kIshigami };

struct SweepParam {
  std::string key;  // config key path (class[0].gpu.acceleration), or x1.. for test functions
  Distribution dist = Distribution::kUniform;
  double low = 0.0, high = 0.0;  // uniform, log-uniform, triangular
  double mode = 0.0;             // triangular
  double mean = 0.0, std = 0.0;  // normal
  double base = 0.0;             // value in the base configuration (one-at-a-time centre)
  bool integer = false;          // the key takes integers: values are rounded
};

struct SweepSpec {
  std::string path;                // the spec file
  std::string text;                // its contents, stored in the result
  Model model = Model::kEngine;
  std::string config_path;         // base scenario, relative paths resolved against the spec
  std::string base_toml;           // the resolved base configuration
  double ishigami_a = 7.0, ishigami_b = 0.1;
  Design design = Design::kOat;
  uint64_t trials = 1000;          // per design point
  uint64_t seed = 1;
  bool common_random_numbers = true;
  int samples = 64;                // Sobol' base samples N; Morris trajectories r
  int levels = 4;                  // grid levels per parameter; Morris levels p
  int bootstrap = 1000;            // replicates for the intervals
  double confidence = 0.95;
  std::vector<std::string> outputs;
  std::vector<SweepParam> params;
};

SweepSpec load_sweep_spec(const std::string& path);
SweepSpec parse_sweep_spec(const std::string& text, const std::string& path);

const char* design_name(Design d);
const char* distribution_name(Distribution d);

// Parameter value at unit coordinate u in [0, 1]: the inverse CDF, where a normal's u is
// mapped to its central 95% (levels 0.025..0.975) so that finite designs stay finite.
// `exact` (Sobol' sampling): u in (0, 1) goes through the full inverse CDF.
double param_value(const SweepParam& p, double u, bool exact = false);

// A value as TOML for a config override: integers for integer keys, floats with a point.
std::string toml_number(double v, bool integer);

}  // namespace orb
