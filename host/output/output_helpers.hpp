// Dataset writers shared by the result-file sections (output.cpp, output_losses.cpp).
#pragma once

#include <string>
#include <vector>

#include "host/output/hdf5.hpp"
#include "host/run/moments.hpp"
#include "host/run/tally.hpp"

namespace orb {

constexpr int kNumPercentiles = 7;
extern const double kPercentiles[kNumPercentiles];  // 1, 5, 25, 50, 75, 95, 99

using Dims = std::vector<hsize_t>;

// What every file orbitrisk writes starts with: filetype, format_version, orbitrisk_version,
// git_sha1 and date_and_time (UTC, ISO 8601).
void write_provenance(hid_t file, const std::string& filetype);

// Per-element mean, sample standard deviation and standard error of a Moments array, divided
// by `denominator` (e.g. satellites in the shell to turn counts into fractions).
struct Stats {
  std::vector<double> mean, std, sem;
};
Stats stats_of(const std::vector<Moments>& m, int64_t n, int bits, const std::vector<double>& denominator = {});

// Writes <name>_mean, <name>_std, <name>_sem with the given shape, attaching `time` to dim 0
// when it is a valid scale.
void write_stats(hid_t g, const std::string& name, const Stats& s, const Dims& dims, const std::string& units,
                 const std::string& what, hid_t time);

std::vector<double> fraction_percentiles(const std::vector<int64_t>& hist, size_t rows);
std::vector<double> edges(double lo, double hi, int n);

// Raw 128-bit sums as [..., 2] int64 pairs, so that files merge exactly.
void write_raw(hid_t g, const std::string& name, const std::vector<Moments>& m, int bits);

struct RunState;
struct RunInfo;
struct KeptTrials;
// The /replenishment group (output_replenishment.cpp).
void write_replenishment(hid_t file, const Tally& t);

// The /run group (output_run.cpp) and the kept per-trial rows under /trials.
void write_run_log(hid_t file, const RunState& state, const RunInfo& info);
void write_kept_trials(hid_t file, const KeptTrials& kept);

struct Config;
// The /losses group: terms, AAL, losses by cause and shell, exceedance curves, VaR/TVaR at
// 99.5% with bootstrap intervals, and (store_ylt) the year loss table itself.
void write_losses(hid_t file, const Config& cfg, const Tally& t, const std::vector<double>& ylt, bool store_ylt,
                  uint64_t seed);
// The year loss table back from a result file, interleaved as in a run state (for merge).
std::vector<double> read_ylt(hid_t file, int years, uint64_t trials, const std::string& path);

}  // namespace orb
