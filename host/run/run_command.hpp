// `orbitrisk run`: one process, a shard, or one MPI rank of a run, with checkpoints, resume,
// stopping rules and the result file.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "host/run/mpi.hpp"

namespace orb {

struct RunArgs {
  std::string config, output, backend = "auto", devices = "all";
  uint64_t trials = 10000, seed = 1;
  int threads = 0;
  uint32_t batch = 0;
  std::vector<std::string> overrides;
  bool keep_trials = false, force = false, progress = false, no_ylt = false;
  std::string checkpoint, checkpoint_every = "10m", resume, time_budget, shard;
  double target_rse = 0.0;
  std::vector<std::string> targets;
  std::set<std::string> given;  // options given on the command line (for --resume's checks)
};

// Exit status of a run stopped by SIGINT/SIGTERM after writing its checkpoint (EX_TEMPFAIL:
// schedulers may simply rerun with --resume).
constexpr int kExitInterrupted = 75;

int run_command(const RunArgs& args, const mpi::World& world);

// "90", "30s", "10m", "8h", "2d" -> seconds; throws naming `option` otherwise.
double parse_duration(const std::string& text, const std::string& option);

}  // namespace orb
