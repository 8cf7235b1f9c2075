// Checkpoints: the whole run state plus what is needed to resume it without the original
// command line (resolved config, seed, trial range, options). Written to a temporary file,
// synced, and renamed over the previous checkpoint, so a crash at any moment leaves either
// the old or the new checkpoint intact.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "host/run/run_state.hpp"

namespace orb {

struct CheckpointMeta {
  std::string config_toml;
  std::string config_path;
  uint64_t seed = 0;
  uint64_t trials_requested = 0;
  std::string output;
  bool keep_trials = false;
  bool no_ylt = false;
  bool force = false;  // overwrite an existing output file
  double target_rse = 0.0;
  std::vector<std::string> targets;
  double time_budget_s = 0.0;
  int shard_index = -1;
  int shard_count = 0;
  int mpi_rank = 0;
  int mpi_ranks = 1;
};

void write_checkpoint(const std::string& path, const CheckpointMeta& meta, const RunState& state);
// Both check that the file is an orbitrisk checkpoint written by this very build.
CheckpointMeta read_checkpoint_meta(const std::string& path);
RunState read_checkpoint_state(const std::string& path, const TallyShape& shape);

}  // namespace orb
