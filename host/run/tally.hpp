// Tallies: what a run keeps of its trials. Per-trial records are folded in as exact integer
// sums (moments.hpp) and fixed-bin histogram counts, so the result is independent of thread
// count, batch size and order, and two tallies merge exactly (shards, checkpoints).
#pragma once

#include <cstdint>
#include <vector>

#include "kernels/causes.hpp"
#include "kernels/debris.hpp"
#include "kernels/record.hpp"
#include "host/run/moments.hpp"
#include "host/scenario/scenario.hpp"

namespace orb {

constexpr int kFractionHistBins = 1000;  // capacity fractions: 0.001 wide
constexpr int kTimeHistBins = 1000;      // threshold times over the mission
constexpr int kBreakupHistBins = 1024;   // trials with 0..1023 breakups, then one bin for more

// Dimensions a tally needs, taken from the scenario.
struct TallyShape {
  int n_bins = 0, n_shells = 0, n_thresholds = 0, n_years = 0;
  int capacity_total = 0;
  double mission_days = 0.0;
  std::vector<double> bin_width_days;
  std::vector<int> shell_satellites;
  static TallyShape of(const ScenarioData& sc);
};

// The per-trial figures --keep-trials stores.
struct TrialSummary {
  double mission_average_capacity = 0.0;
  double capacity_at_end = 0.0;
  int32_t satellite_losses[kSatCauseCount] = {};
  int32_t gpu_losses[kGpuCauseCount] = {};
  int32_t debris_counts[kDebrisCountCount] = {};
  int64_t manoeuvres = 0;
  double mission_average_availability = 0.0;
  int32_t spe_count = 0;
  double radiation_counts[kRadiationCountCount] = {};
  std::vector<double> dose_end_rad;
  std::vector<double> threshold_time_days;
  int32_t replenish[kReplenishCountCount] = {};  // launches, failed launches, spares used, replacements
  double replacement_cost_usd = 0.0;
  int32_t breakups() const { return debris_counts[kBreakupsLive] + debris_counts[kBreakupsDerelict]; }
};

struct Tally {
  TallyShape shape;
  int64_t trials = 0;

  std::vector<Moments> cap_snapshot;        // [bin], GPUs (count scale)
  std::vector<int64_t> cap_snapshot_hist;   // [bin][kFractionHistBins]
  std::vector<Moments> cap_average;         // [bin], fraction
  std::vector<int64_t> cap_average_hist;    // [bin][kFractionHistBins]
  Moments mission_average;                  // fraction
  std::vector<int64_t> mission_average_hist;  // [kFractionHistBins]

  std::vector<Moments> alive;       // [bin][shell], satellites
  std::vector<Moments> full;        // [bin][shell], satellites
  std::vector<Moments> alive_all;   // [bin], whole constellation
  std::vector<Moments> full_all;    // [bin]

  std::vector<Moments> sat_loss_bin;  // [bin][cause]
  std::vector<Moments> gpu_loss_bin;  // [bin][cause]
  std::vector<Moments> sat_loss;      // [cause], per trial
  std::vector<Moments> gpu_loss;      // [cause], per trial

  std::vector<Moments> derelicts;      // [bin][shell]
  std::vector<Moments> fragments;      // [bin][shell][>= 1 cm, >= 10 cm], kFragmentBits
  std::vector<Moments> hits;           // [bin][shell][DebrisClass]
  std::vector<Moments> manoeuvres;     // [shell]
  Moments manoeuvres_all;
  std::vector<Moments> debris_counts;  // [DebrisCount], per trial
  Moments breakups;                    // live + derelict breakups per trial
  std::vector<int64_t> breakups_hist;  // [kBreakupHistBins + 1]

  std::vector<Moments> availability;           // [bin], fraction
  std::vector<int64_t> availability_hist;      // [bin][kFractionHistBins]
  Moments mission_availability;                // fraction
  std::vector<int64_t> mission_availability_hist;  // [kFractionHistBins]
  std::vector<Moments> dose_end;               // [shell], rad, kDoseBits
  std::vector<Moments> radiation_counts;       // [RadiationCount]
  Moments spe_count;
  std::vector<Moments> loss_label;  // [loss label], gross USD per trial
  std::vector<Moments> loss_shell;  // [shell], gross USD per trial

  std::vector<Moments> replenish;         // [ReplenishCount], per trial
  std::vector<Moments> replacement_cost;  // [policy year], USD per trial
  Moments replacement_cost_all;           // USD per trial
  std::vector<int64_t> restore_hist;      // [kRestoreBins + 1] refills by time, pooled over trials;
                                          // the last entry counts positions empty at the end
  Moments restore_days;                   // per trial, sum of refill times (days)

  std::vector<int64_t> crossed;       // [threshold], trials that crossed in the mission
  std::vector<Moments> crossing_time; // [threshold], days, crossed trials only
  std::vector<int64_t> crossing_hist; // [threshold][kTimeHistBins]

  explicit Tally(TallyShape s = {});
  void add(const RecordLayout& L, const int32_t* ints, const double* dbls);
  void merge(const Tally& other);

 private:
  TrialSummary scratch_;  // reused by add()
  void add_debris_bin(const RecordLayout& L, const int32_t* ints, const double* dbls, int b);
};

// Every accumulator of a tally, once, with its fixed-point scale: merging, writing, reading
// and sending tallies all walk this list, so a new field cannot be forgotten by one of them.
// The visitor is called as v(name, bits, field of each tally...), where a field is a
// std::vector<Moments>, a Moments, or a std::vector<int64_t> of histogram counts (bits -1).
template <class V, class... T>
void visit_tallies(V&& v, T&... t) {
  v("cap_snapshot", kCountBits, t.cap_snapshot...);
  v("cap_snapshot_hist", -1, t.cap_snapshot_hist...);
  v("cap_average", kFractionBits, t.cap_average...);
  v("cap_average_hist", -1, t.cap_average_hist...);
  v("mission_average", kFractionBits, t.mission_average...);
  v("mission_average_hist", -1, t.mission_average_hist...);
  v("alive", kCountBits, t.alive...);
  v("full", kCountBits, t.full...);
  v("alive_all", kCountBits, t.alive_all...);
  v("full_all", kCountBits, t.full_all...);
  v("sat_loss_bin", kCountBits, t.sat_loss_bin...);
  v("gpu_loss_bin", kCountBits, t.gpu_loss_bin...);
  v("sat_loss", kCountBits, t.sat_loss...);
  v("gpu_loss", kCountBits, t.gpu_loss...);
  v("derelicts", kCountBits, t.derelicts...);
  v("fragments", kFragmentBits, t.fragments...);
  v("hits", kCountBits, t.hits...);
  v("manoeuvres", kCountBits, t.manoeuvres...);
  v("manoeuvres_all", kCountBits, t.manoeuvres_all...);
  v("debris_counts", kCountBits, t.debris_counts...);
  v("breakups", kCountBits, t.breakups...);
  v("breakups_hist", -1, t.breakups_hist...);
  v("availability", kFractionBits, t.availability...);
  v("availability_hist", -1, t.availability_hist...);
  v("mission_availability", kFractionBits, t.mission_availability...);
  v("mission_availability_hist", -1, t.mission_availability_hist...);
  v("dose_end", kDoseBits, t.dose_end...);
  v("radiation_counts", kCountBits, t.radiation_counts...);
  v("spe_count", kCountBits, t.spe_count...);
  v("loss_label", kUsdBits, t.loss_label...);
  v("loss_shell", kUsdBits, t.loss_shell...);
  v("replenish", kCountBits, t.replenish...);
  v("replacement_cost", kUsdBits, t.replacement_cost...);
  v("replacement_cost_all", kUsdBits, t.replacement_cost_all...);
  v("restore_hist", -1, t.restore_hist...);
  v("restore_days", kDaysBits, t.restore_days...);
  v("crossed", -1, t.crossed...);
  v("crossing_time", kDaysBits, t.crossing_time...);
  v("crossing_hist", -1, t.crossing_hist...);
}

// Fills `out`, reusing its vectors' storage (no allocation once warmed up).
void summarize_trial(const TallyShape& shape, const RecordLayout& L, const int32_t* ints,
                     const double* dbls, TrialSummary& out);

// Percentile p in [0, 1] of a fixed-bin histogram over [lo, hi], interpolating linearly
// within the bin that holds it. Mass beyond the histogram (`overflow`, e.g. trials that never
// crossed a threshold) counts above hi; a percentile that falls there is +inf.
double histogram_percentile(const int64_t* counts, int n_bins, double lo, double hi,
                            int64_t overflow, double p);

}  // namespace orb
