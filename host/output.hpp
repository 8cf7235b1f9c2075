// The results file: layout documented in docs/output.md. Written to a temporary file next to
// the target and renamed into place only when complete, so no reader ever sees half a file.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "config.hpp"
#include "hdf5.hpp"
#include "run.hpp"
#include "scenario.hpp"
#include "tally.hpp"

namespace orb {

struct RunInfo {
  uint64_t seed = 0;
  uint64_t trials = 0;
  int threads = 0;
  std::string config_path;
  RunStats stats;
};

class ResultFile {
 public:
  // Fails (before any work is done) when `path` exists and !force, or is not writable.
  ResultFile(std::string path, bool force);
  ~ResultFile();  // removes the temporary file unless commit() ran
  ResultFile(const ResultFile&) = delete;
  ResultFile& operator=(const ResultFile&) = delete;

  // Per-trial summaries, streamed as the run goes (--keep-trials).
  void start_trials(const TallyShape& shape);
  void append_trials(const std::vector<TrialSummary>& rows);

  // `ylt`: every trial's year-loss-table rows (run_trials); stored unless !store_ylt.
  void write_results(const Config& cfg, const ScenarioData& sc, const Tally& tally, const RunInfo& info,
                     const std::vector<double>& ylt, bool store_ylt);
  void commit();  // close and rename into place

  const std::string& path() const { return path_; }

 private:
  std::string path_;
  std::string tmp_;
  h5::Handle file_;
  struct TrialTables;
  std::unique_ptr<TrialTables> trials_;
  bool committed_ = false;
};

// 64-bit FNV-1a of the resolved config text, as hex: identifies a configuration.
std::string config_hash(const std::string& text);

}  // namespace orb
