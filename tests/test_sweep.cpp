// Sensitivity studies: designs, quasi-random points, Sobol' and Morris estimators against
// closed forms (Ishigami, linear functions), common random numbers on the engine, and specs
// that are clear errors.
#include <gtest/gtest.h>

#include <cmath>

#include "host/config/config_error.hpp"
#include "host/sweep/sweep_run.hpp"
#include "run_helpers.hpp"

namespace {

using orbtest::source_path;
constexpr double kPi = 3.14159265358979323846;

orb::SweepParam uniform(const std::string& key, double lo, double hi) {
  orb::SweepParam p;
  p.key = key, p.low = lo, p.high = hi;
  return p;
}

TEST(SweepParams, InverseCdfsHitKnownQuantiles) {
  orb::SweepParam u = uniform("a", 2.0, 6.0);
  EXPECT_DOUBLE_EQ(orb::param_value(u, 0.25), 3.0);
  orb::SweepParam lu = u;
  lu.dist = orb::Distribution::kLogUniform, lu.low = 1.0, lu.high = 100.0;
  EXPECT_NEAR(orb::param_value(lu, 0.5), 10.0, 1e-12);
  orb::SweepParam n;
  n.dist = orb::Distribution::kNormal, n.mean = 5.0, n.std = 2.0;
  EXPECT_NEAR(orb::param_value(n, 0.975, true), 5.0 + 2.0 * 1.959963984540054, 1e-6);
  EXPECT_NEAR(orb::param_value(n, 1.0), 5.0 + 2.0 * 1.959963984540054, 1e-6);  // central 95% for designs
  EXPECT_NEAR(orb::param_value(n, 0.0), 5.0 - 2.0 * 1.959963984540054, 1e-6);
  orb::SweepParam t = u;
  t.dist = orb::Distribution::kTriangular, t.low = 0.0, t.mode = 1.0, t.high = 4.0;
  for (double x : {0.3, 1.0, 2.5}) {  // F(x) of the triangular law, inverted
    const double F = x < 1.0 ? x * x / (4.0 * 1.0) : 1.0 - (4.0 - x) * (4.0 - x) / (4.0 * 3.0);
    EXPECT_NEAR(orb::param_value(t, F), x, 1e-12) << x;
  }
}

TEST(SweepDesign, ScrambledSobolPointsAreStratifiedInEveryDimension) {
  std::string sampler;
  const auto pts = orb::quasi_random(1024, 6, 1, &sampler);
  if (sampler.find("cuRAND") == std::string::npos) GTEST_SKIP() << "built without cuRAND: " << sampler;
  for (int d = 0; d < 6; ++d) {  // a (t, m, s)-net: each 1/16 of [0, 1) holds exactly 64 points
    std::vector<int> bins(16, 0);
    for (int i = 0; i < 1024; ++i) {
      const double x = pts[i * 6 + d];
      ASSERT_TRUE(x > 0.0 && x < 1.0);
      ++bins[static_cast<int>(x * 16)];
    }
    for (int b = 0; b < 16; ++b) EXPECT_EQ(bins[b], 64) << "dimension " << d << " bin " << b;
  }
}

TEST(SweepDesign, GridHasEveryCombinationLastParameterFastest) {
  orb::SweepSpec spec;
  spec.model = orb::Model::kIshigami, spec.design = orb::Design::kGrid, spec.levels = 3;
  spec.params = {uniform("x1", 0, 2), uniform("x2", 10, 20)};
  const orb::DesignMatrix d = orb::make_design(spec);
  ASSERT_EQ(d.points, 9u);
  EXPECT_DOUBLE_EQ(d.values[1 * 2 + 1], 15.0);
  EXPECT_DOUBLE_EQ(d.values[3 * 2 + 0], 1.0);
  EXPECT_DOUBLE_EQ(d.values[8 * 2 + 0], 2.0);
  EXPECT_DOUBLE_EQ(d.values[8 * 2 + 1], 20.0);
}

orb::SweepSpec ishigami_spec(int samples) {
  orb::SweepSpec spec;
  spec.model = orb::Model::kIshigami, spec.design = orb::Design::kSobol, spec.samples = samples;
  spec.bootstrap = 500, spec.outputs = {"y"};
  spec.params = {uniform("x1", -kPi, kPi), uniform("x2", -kPi, kPi), uniform("x3", -kPi, kPi)};
  return spec;
}

// Ishigami (a = 7, b = 0.1): V = a²/8 + b π⁴/5 + b² π⁸/18 + 1/2, V1 = (1 + b π⁴/5)²/2,
// V2 = a²/8, V13 = 8 b² π⁸/225 (Saltelli et al. 2008, Global Sensitivity Analysis).
TEST(SweepSobol, IshigamiIndicesMatchTheAnalyticValuesWithinTheirIntervals) {
  const double a = 7.0, b = 0.1, pi4 = std::pow(kPi, 4), pi8 = std::pow(kPi, 8);
  const double V = a * a / 8 + b * pi4 / 5 + b * b * pi8 / 18 + 0.5;
  const double V1 = 0.5 * std::pow(1 + b * pi4 / 5, 2), V2 = a * a / 8, V13 = 8 * b * b * pi8 / 225;
  const double S1[3] = {V1 / V, V2 / V, 0.0}, ST[3] = {(V1 + V13) / V, V2 / V, V13 / V};
  orb::Progress progress(1, orb::Progress::Mode::kOff);
  const orb::SweepResult r = orb::run_sweep(ishigami_spec(8192), nullptr, 1, progress);
  ASSERT_EQ(r.sobol.size(), 1u);
  for (int i = 0; i < 3; ++i) {
    const auto& f = r.sobol[0].first[i];
    const auto& t = r.sobol[0].total[i];
    EXPECT_LE(f.lo, S1[i]) << "S1 x" << i + 1 << " = " << f.value;
    EXPECT_GE(f.hi, S1[i]) << "S1 x" << i + 1 << " = " << f.value;
    EXPECT_LE(t.lo, ST[i]) << "ST x" << i + 1 << " = " << t.value;
    EXPECT_GE(t.hi, ST[i]) << "ST x" << i + 1 << " = " << t.value;
    EXPECT_LT(f.hi - f.lo, 0.1) << "intervals must be informative";
  }
}

TEST(SweepSobol, AdditiveLinearFunctionHasSquaredCoefficientShares) {
  orb::SweepSpec spec = ishigami_spec(4096);
  spec.params = {uniform("x1", 0, 1), uniform("x2", 0, 1), uniform("x3", 0, 1)};
  const orb::DesignMatrix d = orb::make_design(spec);
  std::vector<double> y(d.points);
  for (size_t p = 0; p < d.points; ++p) y[p] = 1.0 * d.values[p * 3] + 2.0 * d.values[p * 3 + 1];
  const orb::SobolIndices s = orb::sobol_indices(y, 3, 300, 0.95, 1);
  const double expect[3] = {0.2, 0.8, 0.0};  // c_i² / Σ c²
  for (int i = 0; i < 3; ++i) {
    EXPECT_NEAR(s.first[i].value, expect[i], 0.02) << i;
    EXPECT_NEAR(s.total[i].value, expect[i], 0.02) << i;
    EXPECT_TRUE(s.first[i].lo <= expect[i] && expect[i] <= s.first[i].hi) << i;
  }
  EXPECT_EQ(s.total[2].value, 0.0);  // x3 never changes y: exactly zero
}

TEST(SweepMorris, LinearFunctionHasExactElementaryEffects) {
  orb::SweepSpec spec;
  spec.model = orb::Model::kIshigami, spec.design = orb::Design::kMorris, spec.samples = 20, spec.levels = 4;
  spec.params = {uniform("x1", 0, 1), uniform("x2", 0, 1), uniform("x3", 0, 1)};
  const orb::DesignMatrix d = orb::make_design(spec);
  ASSERT_EQ(d.points, 20u * 4);
  std::vector<double> y(d.points);
  for (size_t p = 0; p < d.points; ++p) y[p] = 3.0 * d.values[p * 3] - 2.0 * d.values[p * 3 + 1];
  const orb::MorrisIndices m = orb::morris_indices(y, d, 100, 0.95, 1);
  EXPECT_NEAR(m.mu[0], 3.0, 1e-9);
  EXPECT_NEAR(m.mu[1], -2.0, 1e-9);
  EXPECT_NEAR(m.mu_star[1], 2.0, 1e-9);
  EXPECT_NEAR(m.sigma[0], 0.0, 1e-9);
  EXPECT_NEAR(m.mu_star[2], 0.0, 1e-12);
  for (size_t p = 0; p < d.points; ++p)
    for (int i = 0; i < 3; ++i) EXPECT_TRUE(d.unit[p * 3 + i] >= 0.0 && d.unit[p * 3 + i] <= 1.0);
}

std::string engine_spec(const std::string& design, bool crn, int samples = 16) {
  return "[sweep]\nconfig = \"" + source_path("tests/configs/tiny.toml") + "\"\ndesign = \"" + design +
         "\"\ntrials = 400\nsamples = " + std::to_string(samples) + "\nbootstrap = 200\n" +
         "common_random_numbers = " + (crn ? "true" : "false") +
         "\noutputs = [\"mission_average_capacity\", \"aal_gross\"]\n"
         "[[parameter]]\nkey = \"class[0].gpu.acceleration\"\nlow = 1.0\nhigh = 4.0\n"
         "[[parameter]]\nkey = \"losses.share\"\nlow = 0.2\nhigh = 1.0\n"
         "[[parameter]]\nkey = \"shell[1].satellites\"\nlow = 4\nhigh = 10\n";
}

orb::SweepResult run_engine(const orb::SweepSpec& spec, int threads = 2) {
  const orb::ScenarioData base = orb::build_scenario(orb::parse_config(spec.base_toml, "base"), spec.seed);
  auto backend = orb::make_cpu_backend(base, threads);
  orb::Progress progress(1, orb::Progress::Mode::kOff);
  return orb::run_sweep(spec, backend.get(), threads, progress);
}

TEST(SweepEngine, IgnoredParameterHasZeroIndicesAndTheDominantOneRanksFirst) {
  const orb::SweepSpec spec = orb::parse_sweep_spec(engine_spec("sobol", true), "spec.toml");
  const orb::SweepResult r = run_engine(spec);
  ASSERT_EQ(r.design.points, 16u * 5);
  for (size_t j = 0; j < 2; ++j) {
    const auto& s = r.sobol[j];
    // losses.share scales insured losses only: with common random numbers every trial of an
    // AB point equals its A point, so both indices are exactly zero
    EXPECT_EQ(s.first[1].value, 0.0) << j;
    EXPECT_EQ(s.total[1].value, 0.0) << j;
    // the acceleration factor multiplies every GPU's wear-out hazard: it dominates both outputs
    EXPECT_GT(s.total[0].value, s.total[2].value) << j;
    EXPECT_GT(s.total[0].lo, s.total[2].hi) << j;
  }
}

TEST(SweepEngine, OneAtATimeWithCommonRandomNumbersReducesTheSwingVariance) {
  const orb::SweepResult crn = run_engine(orb::parse_sweep_spec(engine_spec("oat", true), "spec.toml"));
  const orb::SweepResult ind = run_engine(orb::parse_sweep_spec(engine_spec("oat", false), "spec.toml"));
  const size_t m = 2;
  EXPECT_EQ(crn.oat.swing[1 * m + 0], 0.0);  // ignored parameter: no swing at all with CRN
  EXPECT_NE(ind.oat.swing[1 * m + 0], 0.0);  // ...but noise with independent streams
  EXPECT_GT(crn.oat.variance_reduction[0 * m + 0], 1.5);  // acceleration, mission-average capacity
  // the CRN swing's standard error is the paired one; independent streams see the unpaired one
  EXPECT_LT(crn.oat.swing_sem[0], crn.oat.swing_sem_independent[0]);
  EXPECT_NEAR(ind.oat.swing[0], crn.oat.swing[0], 5 * ind.oat.swing_sem_independent[0]);
  EXPECT_NE(crn.seeds[0], ind.seeds[1]);
}

TEST(SweepEngine, SameSpecSameNumbersForAnyThreadCount) {
  const orb::SweepSpec spec = orb::parse_sweep_spec(engine_spec("morris", true, 4), "spec.toml");
  const orb::SweepResult a = run_engine(spec, 1), b = run_engine(spec, 2);
  EXPECT_EQ(a.mean, b.mean);
  EXPECT_EQ(a.morris[0].mu_star, b.morris[0].mu_star);
}

struct BadSpec {
  const char* label;
  std::string text;
  const char* phrase;
};

TEST(SweepSpec, BadSpecsAreClearErrors) {
  const std::string head = "[sweep]\nconfig = \"" + source_path("tests/configs/tiny.toml") + "\"\n";
  const std::vector<BadSpec> cases = {
      {"unknown key", head + "[[parameter]]\nkey = \"class[0].gpu.acceleratoin\"\nlow = 1.0\nhigh = 2.0\n",
       "spec.toml:4:7: key 'parameter[0].key': 'class[0].gpu.acceleratoin' is not a numeric key of the base "
       "configuration"},
      {"did you mean", head + "[[parameter]]\nkey = \"class[0].gpu.acceleratoin\"\nlow = 1.0\nhigh = 2.0\n",
       "did you mean 'class[0].gpu.acceleration'"},
      {"empty range", head + "[[parameter]]\nkey = \"class[0].gpu.acceleration\"\nlow = 2.0\nhigh = 2.0\n",
       "key 'parameter[0].high': empty range"},
      {"low above high", head + "[[parameter]]\nkey = \"class[0].gpu.acceleration\"\nlow = 3.0\nhigh = 2.0\n",
       "must be greater than low"},
      {"rejected value", head + "[[parameter]]\nkey = \"class[0].gpus_required\"\nlow = 4\nhigh = 12\n",
       "class[0].gpus_required=12, which the configuration rejects"},
      {"unknown output", head + "outputs = [\"availabilty\"]\n[[parameter]]\nkey = \"losses.share\"\nlow = 0.1\nhigh = 0.2\n",
       "unknown output 'availabilty'"},
      {"unknown design", head + "design = \"sobel\"\n", "did you mean 'sobol'"},
      {"unknown spec key", head + "trails = 5\n", "did you mean 'trials'"},
      {"log of zero", head + "[[parameter]]\nkey = \"losses.share\"\ndistribution = \"loguniform\"\nlow = 0.0\nhigh = 1.0\n",
       "must be > 0 for a log-uniform"},
      {"twice", head + "[[parameter]]\nkey = \"losses.share\"\nlow = 0.1\nhigh = 0.2\n[[parameter]]\nkey = \"losses.share\"\nlow = 0.1\nhigh = 0.2\n",
       "is swept twice"},
      {"no parameters", head + "outputs = [\"aal_gross\"]\n", "give at least one [[parameter]]"},
      {"missing sweep", "[[parameter]]\nkey = \"x1\"\nlow = 0.0\nhigh = 1.0\n", "missing required table [sweep]"},
  };
  for (const auto& c : cases) {
    try {
      orb::parse_sweep_spec(c.text, "spec.toml");
      ADD_FAILURE() << c.label << ": accepted";
    } catch (const orb::ConfigError& e) {
      EXPECT_NE(std::string(e.what()).find(c.phrase), std::string::npos) << c.label << ": " << e.what();
      EXPECT_NE(std::string(e.what()).find("spec.toml"), std::string::npos) << c.label << ": " << e.what();
    }
  }
}

}  // namespace
