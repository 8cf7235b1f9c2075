// Same seed, same numbers: tallies are bit-identical for any thread count and batch size,
// each trial's record does not depend on the batch it ran in, and the seed matters.
#include <gtest/gtest.h>

#include <cstring>

#include "kernels/pipeline.hpp"
#include "run_helpers.hpp"

namespace {

using namespace orbtest;

orb::Config factory(const std::vector<std::string>& overrides = {}) {
  return orb::load_config(orbtest::source_path("configs/reference/factory-1k.toml"), overrides);
}

bool same(const orb::Moments& a, const orb::Moments& b) { return a.sum == b.sum && a.sum_sq == b.sum_sq; }

template <class T>
bool same(const std::vector<T>& a, const std::vector<T>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if constexpr (std::is_same_v<T, orb::Moments>) {
      if (!same(a[i], b[i])) return false;
    } else if (a[i] != b[i]) {
      return false;
    }
  return true;
}

void expect_identical(const orb::Tally& a, const orb::Tally& b) {
  EXPECT_EQ(a.trials, b.trials);
  EXPECT_TRUE(same(a.cap_snapshot, b.cap_snapshot));
  EXPECT_TRUE(same(a.cap_snapshot_hist, b.cap_snapshot_hist));
  EXPECT_TRUE(same(a.cap_average, b.cap_average));
  EXPECT_TRUE(same(a.cap_average_hist, b.cap_average_hist));
  EXPECT_TRUE(same(a.mission_average, b.mission_average));
  EXPECT_TRUE(same(a.mission_average_hist, b.mission_average_hist));
  EXPECT_TRUE(same(a.alive, b.alive));
  EXPECT_TRUE(same(a.full, b.full));
  EXPECT_TRUE(same(a.sat_loss_bin, b.sat_loss_bin));
  EXPECT_TRUE(same(a.gpu_loss_bin, b.gpu_loss_bin));
  EXPECT_TRUE(same(a.crossed, b.crossed));
  EXPECT_TRUE(same(a.crossing_time, b.crossing_time));
  EXPECT_TRUE(same(a.crossing_hist, b.crossing_hist));
}

TEST(Determinism, ThreadCountAndBatchSizeDoNotMatter) {
  const orb::Config cfg = factory();
  const orb::Tally one = run_config(cfg, 96, 7, 1, 96);
  expect_identical(one, run_config(cfg, 96, 7, 2, 5));
  expect_identical(one, run_config(cfg, 96, 7, 2, 33));
  expect_identical(one, run_config(cfg, 96, 7, 1, 1));
}

TEST(Determinism, DifferentSeedDiffers) {
  const orb::Config cfg = factory();
  const orb::Tally a = run_config(cfg, 32, 7), b = run_config(cfg, 32, 8);
  EXPECT_FALSE(same(a.cap_snapshot, b.cap_snapshot));
  EXPECT_FALSE(same(a.gpu_loss, b.gpu_loss));
}

// A fresh worker (zeroed workspace) and one that ran other trials first must agree.
class RecordIndependence : public ::testing::TestWithParam<const char*> {};

TEST_P(RecordIndependence, TrialRecordIndependentOfItsBatch) {
  const orb::ScenarioData sc = orb::build_scenario(orb::load_config(source_path(GetParam())), 3);
  auto backend = orb::make_cpu_backend(sc, 2);
  const orb::RecordLayout& L = sc.layout;
  std::vector<int32_t> ints(40 * L.n_int), alone_i(L.n_int);
  std::vector<double> dbls(40 * L.n_double), alone_d(L.n_double);
  backend->run(100, 40, ints.data(), dbls.data());
  backend->run(117, 1, alone_i.data(), alone_d.data());
  EXPECT_EQ(0, std::memcmp(alone_i.data(), ints.data() + 17 * L.n_int, L.n_int * sizeof(int32_t)));
  EXPECT_EQ(0, std::memcmp(alone_d.data(), dbls.data() + 17 * L.n_double, L.n_double * sizeof(double)));
  std::vector<int32_t> first_i(L.n_int);
  std::vector<double> first_d(L.n_double);
  auto fresh = orb::make_cpu_backend(sc, 1);
  fresh->run(117, 1, first_i.data(), first_d.data());  // trial 117 first on a new worker
  EXPECT_EQ(0, std::memcmp(first_i.data(), ints.data() + 17 * L.n_int, L.n_int * sizeof(int32_t)));
  EXPECT_EQ(0, std::memcmp(first_d.data(), dbls.data() + 17 * L.n_double, L.n_double * sizeof(double)));
}

// Nothing in a trial may read workspace memory it has not written: a slab full of garbage
// (as cudaMalloc leaves it) must give the same record as a zeroed one.
TEST_P(RecordIndependence, NoReadBeforeWriteInTheWorkspace) {
  const orb::ScenarioData sc = orb::build_scenario(orb::load_config(source_path(GetParam())), 5);
  const orb::ScenarioView view = sc.view();
  const orb::RecordLayout& L = sc.layout;
  const orb::WorkspaceLayout W = orb::workspace_layout(view, L);
  for (const unsigned char fill : {0x00, 0xA5, 0xFF}) {
    std::vector<uint64_t> slab(W.bytes / 8 + 1);
    std::memset(slab.data(), fill, slab.size() * 8);
    std::vector<int32_t> ints(L.n_int, -7);
    std::vector<double> dbls(L.n_double, -7.0);
    orb::run_trial(view, L, 42, orb::RecordView{{ints.data(), 1}, {dbls.data(), 1}},
                   orb::carve_workspace(W, reinterpret_cast<unsigned char*>(slab.data())));
    static std::vector<int32_t> ref_i;
    static std::vector<double> ref_d;
    if (fill == 0x00) {
      ref_i = ints, ref_d = dbls;
      continue;
    }
    EXPECT_EQ(ints, ref_i) << "fill " << int(fill);
    EXPECT_EQ(0, std::memcmp(dbls.data(), ref_d.data(), dbls.size() * sizeof(double))) << "fill " << int(fill);
  }
}

INSTANTIATE_TEST_SUITE_P(Scenarios, RecordIndependence,
                         ::testing::Values("configs/reference/factory-1k.toml", "tests/configs/two-classes.toml",
                                           "tests/configs/replenishment.toml"));

// Each trial's crossing time lies in the first bin whose end capacity is below the level,
// and capacity never rises under attrition.
TEST(Determinism, CrossingTimesAgreeWithBinSnapshots) {
  const orb::ScenarioData sc = orb::build_scenario(factory({"class[0].gpu.acceleration=3.5"}), 21);
  auto backend = orb::make_cpu_backend(sc, 2);
  const orb::RecordLayout& L = sc.layout;
  const int n = 24;
  std::vector<int32_t> ints(n * L.n_int);
  std::vector<double> dbls(n * L.n_double);
  backend->run(0, n, ints.data(), dbls.data());
  const auto edges = sc.bin_edges();
  int crossings = 0;
  for (int i = 0; i < n; ++i) {
    const int32_t* snap = ints.data() + i * L.n_int + L.cap_snapshot;
    for (int b = 1; b < L.n_bins; ++b) ASSERT_LE(snap[b], snap[b - 1]);
    for (int j = 0; j < L.n_thresholds; ++j) {
      const double t = dbls[i * L.n_double + L.threshold_time + j];
      int first = -1;
      for (int b = 0; b < L.n_bins && first < 0; ++b)
        if (snap[b] < sc.threshold_levels[j]) first = b;
      if (first < 0) {
        EXPECT_EQ(t, orb::kInfinity);
        continue;
      }
      ++crossings;
      EXPECT_GE(t, edges[first]) << "trial " << i << " threshold " << j;
      EXPECT_LT(t, edges[first + 1]) << "trial " << i << " threshold " << j;
    }
  }
  EXPECT_GT(crossings, n);  // the scenario crosses more than one threshold per trial
}

// The staged engine's choices never show in results: one trial's satellites spread over
// threads gives the records of whole trials per thread, and debris kills deferred to the
// parallel rebuild stage give the records of kills applied at once in the event loop.
class Schedules : public ::testing::TestWithParam<const char*> {};

void run_records(const orb::ScenarioData& sc, orb::CpuSchedule schedule, int threads, std::vector<int32_t>& ints,
                 std::vector<double>& dbls) {
  auto backend = orb::make_cpu_backend(sc, threads, schedule);
  const orb::RecordLayout& L = sc.layout;
  ints.assign(24 * L.n_int, -1);
  dbls.assign(24 * L.n_double, -1.0);
  backend->run(500, 24, ints.data(), dbls.data());
}

TEST_P(Schedules, SatelliteParallelAndDeferredKillsChangeNoRecord) {
  orb::ScenarioData sc = orb::build_scenario(orb::load_config(source_path(GetParam())), 17);
  std::vector<int32_t> ref_i, ints;
  std::vector<double> ref_d, dbls;
  run_records(sc, orb::CpuSchedule::kTrials, 2, ref_i, ref_d);
  run_records(sc, orb::CpuSchedule::kSatellites, 2, ints, dbls);
  EXPECT_EQ(ints, ref_i);
  EXPECT_EQ(0, std::memcmp(dbls.data(), ref_d.data(), dbls.size() * sizeof(double)));
  run_records(sc, orb::CpuSchedule::kSatellites, 1, ints, dbls);
  EXPECT_EQ(ints, ref_i);
  EXPECT_EQ(0, std::memcmp(dbls.data(), ref_d.data(), dbls.size() * sizeof(double)));
  sc.dims.defer_rebuilds = 0;
  run_records(sc, orb::CpuSchedule::kTrials, 2, ints, dbls);
  EXPECT_EQ(ints, ref_i);
  EXPECT_EQ(0, std::memcmp(dbls.data(), ref_d.data(), dbls.size() * sizeof(double)));
}

// A trial that outgrows the room its workspace was sized with runs again with more: a tier 0
// far too small for any trial must give the records of ample room, on both schedules.
TEST_P(Schedules, TrialsOutgrowingTheirRoomRunAgainWithTheSameResult) {
  orb::ScenarioData sc = orb::build_scenario(orb::load_config(source_path(GetParam())), 17);
  std::vector<int32_t> ref_i, ints;
  std::vector<double> ref_d, dbls;
  run_records(sc, orb::CpuSchedule::kTrials, 2, ref_i, ref_d);
  ASSERT_GE(sc.rooms.size(), 1u);
  sc.rooms[0] = orb::Room{4, 1, 1};
  sc.rooms.insert(sc.rooms.begin() + 1, orb::Room{16, 2, 2});
  for (const auto schedule : {orb::CpuSchedule::kTrials, orb::CpuSchedule::kSatellites}) {
    run_records(sc, schedule, 2, ints, dbls);
    EXPECT_EQ(ints, ref_i);
    EXPECT_EQ(0, std::memcmp(dbls.data(), ref_d.data(), dbls.size() * sizeof(double)));
  }
}

INSTANTIATE_TEST_SUITE_P(Scenarios, Schedules,
                         ::testing::Values("configs/reference/factory-1k.toml", "configs/reference/suncatcher-81.toml",
                                           "tests/configs/debris-two-shells.toml", "tests/configs/replenishment.toml"));

}  // namespace
