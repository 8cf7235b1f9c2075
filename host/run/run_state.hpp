// Everything a run has accumulated, in a form that can be checkpointed, resumed, sent between
// MPI ranks, and merged across shards with bit-identical results: the exact tallies, the year
// loss table and the kept per-trial rows, all in trial order, and the next trial to run.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "host/run/tally.hpp"

namespace orb {

// Per-trial rows for --keep-trials, as named columns of `width` values per trial (0: one
// value, stored as a 1-D dataset).
struct KeptColumn {
  std::string name;
  int width;
  std::string units;
  std::string long_name;
  std::vector<double> data;
};

struct KeptTrials {
  std::vector<KeptColumn> columns;
  static KeptTrials for_shape(const TallyShape& shape);
  void append(const TrialSummary& s);
  void append(const KeptTrials& other);  // rows of later trials
  size_t rows() const;
  const std::vector<double>& column(const std::string& name) const;  // throws if unknown
};

struct RunState {
  uint64_t begin = 0;       // first trial of this process's range
  uint64_t end = 0;         // one past its last trial
  uint64_t next_trial = 0;  // trials [begin, next_trial) are folded in
  Tally tally;
  std::vector<double> ylt;  // YltColumn values per policy year per trial, trial order
  bool keep_trials = false;
  KeptTrials kept;
  double seconds = 0.0;     // wall time spent so far, over all resumptions
  int64_t checkpoints = 0;
  int64_t resumes = 0;

  RunState(const TallyShape& shape, uint64_t begin, uint64_t end, bool keep);
  // Appends a later piece (its begin must be this state's next_trial).
  void append(const RunState& later);
};

// As bytes, for MPI.
std::vector<unsigned char> serialize(const RunState& s);
RunState deserialize(const std::vector<unsigned char>& bytes, const TallyShape& shape);

}  // namespace orb
