// CUDA backend against the CPU backend. Compiled always; skips without a CUDA device. Both
// backends run the same ORB_HD trial code, so each trial's discrete outcomes (counts per bin,
// losses by cause) must agree exactly and its continuous ones (threshold times, bin-average
// capacity) to rounding of the two compilers' math libraries.
#include <gtest/gtest.h>

#include <cmath>

#include "host/run/backend.hpp"
#include "run_helpers.hpp"

namespace {


// Name of the record field an int entry belongs to, for failure messages.
std::string int_field(const orb::RecordLayout& L, int k) {
  std::string name = "?";
  orb::for_each_record_field(L, [&](const char* field, bool is_int, int32_t offset, int32_t count) {
    if (!is_int || k < offset || k >= offset + count) return;
    name = field;
    name += '+';
    name += std::to_string(k - offset);
  });
  return name;
}

// `multi`: the GPU side is a multi-device backend (two parts on every visible device, so the
// batch splitting is exercised on a one-GPU machine too).
void compare_backends(const orb::Config& cfg, uint32_t trials, uint64_t seed, bool multi = false) {
  const orb::ScenarioData sc = orb::build_scenario(cfg, seed);
  std::unique_ptr<orb::Backend> gpu;
  if (multi) {
    std::vector<std::unique_ptr<orb::Backend>> parts;
    for (size_t d = 0; d < orb::cuda_device_names().size(); ++d)
      for (int k = 0; k < 2; ++k) parts.push_back(orb::make_cuda_backend(sc, static_cast<int>(d), nullptr));
    gpu = orb::make_multi_backend(std::move(parts), sc);
  } else {
    gpu = orb::make_cuda_backend(sc, 0, nullptr);
  }
  ASSERT_TRUE(gpu);
  auto cpu = orb::make_cpu_backend(sc, 0);
  const orb::RecordLayout& L = sc.layout;
  std::vector<int32_t> ci(size_t{trials} * L.n_int), gi(ci.size());
  std::vector<double> cd(size_t{trials} * L.n_double), gd(cd.size());
  cpu->run(1000, trials, ci.data(), cd.data());
  gpu->run(1000, trials, gi.data(), gd.data());
  int differing_trials = 0;
  std::string first;
  for (uint32_t i = 0; i < trials; ++i) {
    std::string fields;
    for (int k = 0; k < L.n_int; ++k)
      if (ci[size_t{i} * L.n_int + k] != gi[size_t{i} * L.n_int + k] && fields.size() < 200)
        fields += " " + int_field(L, k) + "(" + std::to_string(ci[size_t{i} * L.n_int + k]) + " vs " +
                  std::to_string(gi[size_t{i} * L.n_int + k]) + ")";
    if (fields.empty()) continue;
    if (differing_trials++ == 0) {
      first = "trial ";
      first += std::to_string(1000 + i);
      first += ":";
      first += fields;
    }
  }
  EXPECT_EQ(differing_trials, 0) << "trials whose integer outcomes differ between CPU and CUDA; first " << first;
  double worst = 0.0;
  for (size_t k = 0; k < cd.size(); ++k) {
    if (std::isinf(cd[k]) || std::isinf(gd[k])) {
      EXPECT_EQ(cd[k], gd[k]);
      continue;
    }
    worst = std::max(worst, std::fabs(cd[k] - gd[k]) / std::max(1.0, std::fabs(cd[k])));
  }
  EXPECT_LT(worst, 1e-9) << "largest relative difference in double record entries";
}

TEST(Gpu, MatchesCpuTrialByTrialOnFactory) {
  if (orb::cuda_device_names().empty()) GTEST_SKIP() << "no CUDA device";
  compare_backends(orb::load_config(orbtest::source_path("configs/reference/factory-1k.toml")), 512, 4);
}

TEST(Gpu, MatchesCpuWithSubsystemsAndTerminals) {
  if (orb::cuda_device_names().empty()) GTEST_SKIP() << "no CUDA device";
  compare_backends(orb::load_config(orbtest::source_path("configs/reference/suncatcher-81.toml"),
                                    {"class[0].gpu.acceleration=3"}),
                   4096, 9);
}

// Debris with feedback: a forced breakup, elevated flux, clouds in two cells.
TEST(Gpu, MatchesCpuWithDebrisFeedback) {
  if (orb::cuda_device_names().empty()) GTEST_SKIP() << "no CUDA device";
  compare_backends(orb::load_config(orbtest::source_path("tests/configs/debris-two-shells.toml"),
                                    {"class[0].vulnerable_area_m2=40", "debris.avoidance_efficiency=0.5",
                                     "debris.disposal_reliability=0.5", "debris.flux.ge_1cm=[3e-4, 3e-4]"}),
                   2048, 12);
}

// Two classes with different GPU counts: per-class offsets into the interleaved workspace.
TEST(Gpu, MatchesCpuWithTwoClasses) {
  if (orb::cuda_device_names().empty()) GTEST_SKIP() << "no CUDA device";
  compare_backends(orb::load_config(orbtest::source_path("tests/configs/two-classes.toml")), 2048, 13);
}

// Spares, capped and failing launches, forced losses: slot reuse and signed capacity events.
TEST(Gpu, MatchesCpuWithReplenishment) {
  if (orb::cuda_device_names().empty()) GTEST_SKIP() << "no CUDA device";
  compare_backends(orb::load_config(orbtest::source_path("tests/configs/replenishment.toml")), 2048, 14);
}

// Every remaining reference and test config, trial by trial.
TEST(Gpu, MatchesCpuOnTinyAndTheScaleReferences) {
  if (orb::cuda_device_names().empty()) GTEST_SKIP() << "no CUDA device";
  compare_backends(orb::load_config(orbtest::source_path("tests/configs/tiny.toml")), 4096, 15);
  compare_backends(orb::load_config(orbtest::source_path("configs/reference/constellation-100k.toml")), 4, 16);
  compare_backends(orb::load_config(orbtest::source_path("configs/reference/filing-1m.toml")), 1, 17);
}

// A runaway cascade (R0 ~ 10, tens of thousands of breakups): attribution trees, room reruns.
TEST(Gpu, MatchesCpuInARunawayCascade) {
  if (orb::cuda_device_names().empty()) GTEST_SKIP() << "no CUDA device";
  compare_backends(orb::load_config(orbtest::source_path("tests/configs/cascade.toml")), 8, 18);
}

TEST(Gpu, MultiDeviceBackendMatchesCpu) {
  if (orb::cuda_device_names().empty()) GTEST_SKIP() << "no CUDA device";
  compare_backends(orb::load_config(orbtest::source_path("configs/reference/factory-1k.toml")), 1024, 19, true);
}

TEST(Gpu, TallyFromGpuRunMatchesCpuRun) {
  if (orb::cuda_device_names().empty()) GTEST_SKIP() << "no CUDA device";
  const orb::Config cfg = orb::load_config(orbtest::source_path("configs/reference/suncatcher-81.toml"));
  const orb::ScenarioData sc = orb::build_scenario(cfg, 31);
  auto gpu = orb::make_cuda_backend(sc, 0, nullptr);
  ASSERT_TRUE(gpu);
  const orb::Tally g = orbtest::run_state(sc, 20000, false, 0, 0, gpu.get()).tally;
  const orb::Tally c = orbtest::run_config(cfg, 20000, 31);
  for (int b = 0; b < c.shape.n_bins; ++b) {
    EXPECT_EQ(g.cap_snapshot[b].sum, c.cap_snapshot[b].sum) << "bin " << b;
    const auto gs = orbtest::stat(g.cap_average[b], 20000, orb::kFractionBits);
    const auto cs = orbtest::stat(c.cap_average[b], 20000, orb::kFractionBits);
    EXPECT_NEAR(gs.mean, cs.mean, 1e-9) << "bin " << b;
  }
}

}  // namespace
