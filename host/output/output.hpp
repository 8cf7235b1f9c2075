// The results file: layout documented in docs/output.md. Checked when the run starts, written
// at its end to a temporary file next to the target, and renamed into place only when
// complete, so no reader ever sees half a file.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "host/config/config.hpp"
#include "host/output/hdf5.hpp"
#include "host/run/run.hpp"
#include "host/run/run_state.hpp"
#include "host/scenario/scenario.hpp"
#include "host/run/tally.hpp"

namespace orb {

// How a run was made and how it ended: the run log stored under /run and printed at the end.
struct RunInfo {
  uint64_t seed = 0;
  uint64_t trials_requested = 0;  // of the whole run (all shards or ranks)
  int threads = 0;
  int ranks = 1;                  // MPI processes
  std::string config_path;
  RunStats stats;
  StopReason stop_reason = StopReason::kCompleted;
  double target_rse = 0.0;
  std::vector<std::string> targets;
  double time_budget_s = 0.0;
  int shard_index = -1;           // -1: not a shard
  int shard_count = 0;
  int64_t checkpoints = 0;
  int64_t resumes = 0;
};

class ResultFile {
 public:
  // Fails (before any work is done) when `path` exists and !force, is not writable, or its
  // file system has less than `expected_bytes` free.
  ResultFile(std::string path, bool force, uint64_t expected_bytes = 0);
  ~ResultFile();  // removes the temporary file unless commit() ran
  ResultFile(const ResultFile&) = delete;
  ResultFile& operator=(const ResultFile&) = delete;

  // Everything in the state: tallies, the year loss table (stored unless !store_ylt; shards
  // always store it so that they can be merged) and the kept per-trial rows.
  void write_results(const Config& cfg, const ScenarioData& sc, const RunState& state, const RunInfo& info,
                     bool store_ylt);
  void commit();  // close and rename into place

  const std::string& path() const { return path_; }

 private:
  std::string path_;
  std::string tmp_;
  h5::Handle file_;
  bool started_ = false;
  bool committed_ = false;
};

// The /run group's values as text, for the end-of-run printout.
void print_run_log(std::ostream& os, const RunState& state, const RunInfo& info);

// 64-bit FNV-1a of the resolved config text, as hex: identifies a configuration.
std::string config_hash(const std::string& text);

}  // namespace orb
