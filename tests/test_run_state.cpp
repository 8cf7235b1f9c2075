// Run states: pieces of a run (checkpoints, shards, MPI ranks, several devices) combine into
// exactly the state of one uninterrupted run.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>

#include "host/run/backend.hpp"
#include "host/run/checkpoint.hpp"
#include "host/run/run.hpp"
#include "host/run/run_command.hpp"
#include "host/run/run_state.hpp"
#include "run_helpers.hpp"

namespace {

using orbtest::source_path;

struct Equal {
  void operator()(const char* name, int, const std::vector<orb::Moments>& a, const std::vector<orb::Moments>& b) const {
    ASSERT_EQ(a.size(), b.size()) << name;
    for (size_t i = 0; i < a.size(); ++i) {
      EXPECT_TRUE(a[i].sum == b[i].sum && a[i].sum_sq == b[i].sum_sq) << name << "[" << i << "]";
    }
  }
  void operator()(const char* name, int, const orb::Moments& a, const orb::Moments& b) const {
    EXPECT_TRUE(a.sum == b.sum && a.sum_sq == b.sum_sq) << name;
  }
  void operator()(const char* name, int, const std::vector<int64_t>& a, const std::vector<int64_t>& b) const {
    EXPECT_EQ(a, b) << name;
  }
};

void expect_same(const orb::RunState& a, const orb::RunState& b) {
  EXPECT_EQ(a.tally.trials, b.tally.trials);
  orb::visit_tallies(Equal{}, a.tally, b.tally);
  EXPECT_EQ(a.ylt, b.ylt);
  ASSERT_EQ(a.kept.columns.size(), b.kept.columns.size());
  for (size_t c = 0; c < a.kept.columns.size(); ++c) EXPECT_EQ(a.kept.columns[c].data, b.kept.columns[c].data) << c;
  EXPECT_EQ(a.begin, b.begin);
  EXPECT_EQ(a.next_trial, b.next_trial);
}

class RunStateTest : public ::testing::Test {
 protected:
  // factory-1k: debris, radiation and losses all on, so every tally and the YLT are non-trivial
  orb::ScenarioData sc = orb::build_scenario(orb::load_config(source_path("configs/reference/factory-1k.toml")), 9);
  orb::TallyShape shape = orb::TallyShape::of(sc);

  orb::RunState piece(uint64_t begin, uint64_t end, uint32_t batch = 0, const orb::RunControl& control = {}) {
    auto backend = orb::make_cpu_backend(sc, 2);
    orb::RunState s(shape, begin, end, true);
    orb::Progress progress(end - begin, orb::Progress::Mode::kOff);
    orb::RunOptions opt;
    opt.batch = batch;
    orb::run_trials(sc, *backend, s, opt, control, progress, nullptr);
    return s;
  }
};

TEST_F(RunStateTest, PiecesAppendToTheWholeRun) {
  const orb::RunState whole = piece(0, 90);
  orb::RunState a = piece(0, 31, 5);
  a.append(piece(31, 90, 11));
  expect_same(whole, a);
  EXPECT_GT(whole.ylt.size(), 0u);
  EXPECT_GT(whole.tally.sat_loss[0].sum, 0);
}

TEST_F(RunStateTest, AppendRefusesAGapOrAMismatch) {
  orb::RunState a = piece(0, 20);
  EXPECT_THROW(a.append(piece(21, 30)), std::runtime_error);
  orb::RunState no_keep(shape, 20, 30, false);
  no_keep.next_trial = 30;
  EXPECT_THROW(a.append(no_keep), std::runtime_error);
}

TEST_F(RunStateTest, SerializedStateRoundTrips) {
  orb::RunState s = piece(5, 45);
  s.checkpoints = 3, s.resumes = 2;
  const orb::RunState back = orb::deserialize(orb::serialize(s), shape);
  expect_same(s, back);
  EXPECT_EQ(back.end, 45u);
  EXPECT_EQ(back.checkpoints, 3);
  EXPECT_EQ(back.resumes, 2);
  auto bytes = orb::serialize(s);
  bytes.resize(bytes.size() / 2);
  EXPECT_THROW(orb::deserialize(bytes, shape), std::runtime_error);
}

TEST_F(RunStateTest, CheckpointFileRoundTrips) {
  std::string dir = ::testing::TempDir();
  dir.append("orb_ckpt_").append(std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  orb::RunState s = piece(0, 40);
  s.end = 100;  // an unfinished run
  orb::CheckpointMeta m;
  m.config_toml = "x = 1";
  m.seed = 9, m.trials_requested = 100, m.output = "out.h5", m.keep_trials = true, m.target_rse = 0.01;
  m.targets = {"aal_gross", "capacity_at_end"};
  orb::write_checkpoint(dir + "/c.h5", m, s);
  const orb::CheckpointMeta m2 = orb::read_checkpoint_meta(dir + "/c.h5");
  EXPECT_EQ(m2.seed, 9u);
  EXPECT_EQ(m2.targets, m.targets);
  EXPECT_TRUE(m2.keep_trials);
  const orb::RunState back = orb::read_checkpoint_state(dir + "/c.h5", shape);
  expect_same(s, back);
  EXPECT_EQ(back.end, 100u);
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir), {}), 1) << "no temporary file left";
  std::filesystem::remove_all(dir);
}

TEST_F(RunStateTest, SeveralBackendsShareABatchWithIdenticalResults) {
  std::vector<std::unique_ptr<orb::Backend>> parts;
  for (int i = 0; i < 3; ++i) parts.push_back(orb::make_cpu_backend(sc, 1));
  auto multi = orb::make_multi_backend(std::move(parts), sc);
  EXPECT_EQ(multi->preferred_batch(), 3 * orb::make_cpu_backend(sc, 1)->preferred_batch());
  orb::Progress progress(70, orb::Progress::Mode::kOff);
  orb::RunOptions opt;
  opt.trials = 70;
  opt.batch = 23;  // pieces of 7 or 8 trials per part
  const orb::RunState shared = orb::run_all(sc, *multi, opt, true, progress);
  expect_same(piece(0, 70), shared);
}

TEST_F(RunStateTest, TargetRseStopsAtTheSameTrialWhateverTheBatch) {
  orb::RunControl c;
  c.target_rse = 0.04;
  c.targets = {"mission_average_capacity", "aal_gross"};
  c.check_every = 10;
  const orb::RunState a = piece(0, 400, 3, c);
  const orb::RunState b = piece(0, 400, 64, c);
  EXPECT_LT(a.next_trial, 400u) << "the target is easy: it must stop early";
  EXPECT_EQ(a.next_trial % 10, 0u);
  expect_same(a, b);
  for (const auto& t : c.targets) EXPECT_LE(orb::relative_standard_error(a, t), c.target_rse) << t;
  // and not earlier than needed: 10 trials fewer miss the target
  const orb::RunState less = piece(0, a.next_trial - 10);
  bool missed = false;
  for (const auto& t : c.targets) missed = missed || orb::relative_standard_error(less, t) > c.target_rse;
  EXPECT_TRUE(missed);
}

TEST(Durations, ParseUnitsAndRejectNonsense) {
  EXPECT_DOUBLE_EQ(orb::parse_duration("90", "--x"), 90.0);
  EXPECT_DOUBLE_EQ(orb::parse_duration("30s", "--x"), 30.0);
  EXPECT_DOUBLE_EQ(orb::parse_duration("10m", "--x"), 600.0);
  EXPECT_DOUBLE_EQ(orb::parse_duration("1.5h", "--x"), 5400.0);
  EXPECT_DOUBLE_EQ(orb::parse_duration("2d", "--x"), 172800.0);
  for (const char* bad : {"", "h", "5x", "-1s", "nan", "3hh", "inf"})
    EXPECT_THROW(orb::parse_duration(bad, "--x"), std::runtime_error) << bad;
}

}  // namespace
