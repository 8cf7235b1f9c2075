// The per-trial record: the small, fixed-size result one trial hands to the reductions.
// Two flat blocks per trial (int32 counts, double times/fractions) whose offsets depend only
// on the scenario's dimensions, so a batch of records is two dense arrays on any backend.
#pragma once

#include "causes.hpp"
#include "hd.hpp"
#include "scenario.hpp"

namespace orb {

// Per-trial replenishment counts (record field replenish).
enum ReplenishCount : int { kLaunches = 0, kLaunchFailures = 1, kSparesUsed = 2, kReplacements = 3, kReplenishCountCount = 4 };
inline constexpr const char* kReplenishCountNames[kReplenishCountCount] = {"launches", "launch_failures", "spares_used",
                                                                           "replacements"};
// Refill-time histogram: bins of mission_days / kRestoreBins.
constexpr int kRestoreBins = 100;

struct RecordLayout {
  int32_t n_bins = 0, n_shells = 0, n_thresholds = 0;
  // int32 block, per trial
  int32_t cap_snapshot = 0;  // [bin]            constellation capacity (GPUs) at bin end
  int32_t cap_lost = 0;      // [bin]            GPUs of capacity lost in the bin (gains aside)
  int32_t alive = 0;         // [bin][shell]      satellites alive at bin end
  int32_t full = 0;          // [bin][shell]      satellites at full capacity at bin end
  int32_t sat_loss = 0;      // [bin][sat cause]  satellites lost in the bin
  int32_t gpu_loss = 0;      // [bin][gpu cause]  GPUs lost in the bin (satellite alive)
  int32_t derelicts = 0;     // [bin][shell]      derelicts in orbit at bin end
  int32_t hits = 0;          // [bin][shell][DebrisClass] hits in the bin (damaging and lethal
                             //                   on live satellites, catastrophic on both)
  int32_t manoeuvres = 0;    // [shell]           collision-avoidance manoeuvres in the trial
  int32_t debris_counts = 0; // [DebrisCount]     collisions and breakups in the trial
  int32_t spe_count = 0;     // [1]              solar particle events in the trial
  int32_t replenish = 0;     // [ReplenishCount]  launches, failed launches, spares used, replacements
  int32_t restore_hist = 0;  // [kRestoreBins + 1] times from a position's loss to its refill, the
                             //                   last entry counting positions still empty at the end
  int32_t status = 0;        // [1]              nonzero: the trial overflowed a buffer
  int32_t n_int = 0;
  // double block, per trial
  int32_t cap_average = 0;     // [bin]        time-average capacity fraction over the bin
  int32_t threshold_time = 0;  // [threshold]  days until capacity < level; +inf if never
  int32_t fragments = 0;       // [bin][shell][2] expected fragments >= 1 cm, >= 10 cm in the
                               //                 shell's cell at bin end
  int32_t availability = 0;    // [bin]        time-average (capacity - GPUs down for DUE) / ΣK
  int32_t dose_end = 0;        // [shell]      rad(Si) at the end of the mission, class shielding
  int32_t radiation_counts = 0;  // [RadiationCount] DUE, SDC, corrected upsets (exact integers)
  int32_t ylt = 0;             // [year][YltColumn] year loss table rows (USD)
  int32_t bi_insured = 0;      // [year]       business interruption on or after attachment
  int32_t loss_label = 0;      // [loss label] gross losses by cause (losses.hpp)
  int32_t loss_shell = 0;      // [shell]      gross losses by shell (business interruption excluded)
  int32_t replacement_cost = 0;  // [year]     operator cost of replacements launched (USD)
  int32_t restore_days = 0;    // [1]          sum of the refill times counted in restore_hist
  int32_t n_years = 0;
  int32_t n_double = 0;
};

inline RecordLayout make_record_layout(int n_bins, int n_shells, int n_thresholds, int n_years) {
  RecordLayout L;
  L.n_years = n_years;
  L.n_bins = n_bins;
  L.n_shells = n_shells;
  L.n_thresholds = n_thresholds;
  int32_t o = 0;
  L.cap_snapshot = o, o += n_bins;
  L.cap_lost = o, o += n_bins;
  L.alive = o, o += n_bins * n_shells;
  L.full = o, o += n_bins * n_shells;
  L.sat_loss = o, o += n_bins * kSatCauseCount;
  L.gpu_loss = o, o += n_bins * kGpuCauseCount;
  L.derelicts = o, o += n_bins * n_shells;
  L.hits = o, o += n_bins * n_shells * 3;
  L.manoeuvres = o, o += n_shells;
  L.debris_counts = o, o += kDebrisCountCount;
  L.spe_count = o, o += 1;
  L.replenish = o, o += kReplenishCountCount;
  L.restore_hist = o, o += kRestoreBins + 1;
  L.status = o, o += 1;
  L.n_int = o;
  o = 0;
  L.cap_average = o, o += n_bins;
  L.threshold_time = o, o += n_thresholds;
  L.fragments = o, o += n_bins * n_shells * 2;
  L.availability = o, o += n_bins;
  L.dose_end = o, o += n_shells;
  L.radiation_counts = o, o += kRadiationCountCount;
  L.ylt = o, o += n_years * 4;
  L.bi_insured = o, o += n_years;
  L.loss_label = o, o += int{kSatCauseCount} + int{kGpuCauseCount} + 1;
  L.loss_shell = o, o += n_shells;
  L.replacement_cost = o, o += n_years;
  L.restore_days = o, o += 1;
  L.n_double = o;
  return L;
}

// One trial's record: entry k at ints[k] / dbls[k] (strided on the GPU, see hd.hpp).
struct RecordView {
  Strided<int32_t> ints;
  Strided<double> dbls;
};

// Values a trial can report in `status`.
// kTrialReplacementOverflow: the trial needed more than replenishment.max_replacements
// replacements, or a shell had no free slot for one (its block full of derelicts).
enum TrialStatus : int32_t { kTrialOk = 0, kTrialEventOverflow = 1, kTrialReplacementOverflow = 2 };

// A change of constellation capacity at one instant, packed in 8 bytes because a trial keeps
// one per GPU that can leave service (the buffer bounds how many trials fit on a GPU): the
// time as a float offset from its bin's start (resolution ~1e-6 of the bin, under a second for
// monthly bins), the bin (< 100,000) in the high 17 bits and the GPUs lost (negative: gained
// by a replacement or spare; |change| <= 4,096) in the low 15, two's complement.
struct CapacityEvent {
  float offset_days;
  uint32_t bin_drop;
  ORB_HD_INLINE int bin() const { return static_cast<int>(bin_drop >> 15); }
  ORB_HD_INLINE int drop() const {
    const int v = static_cast<int>(bin_drop & 0x7fffu);
    return v >= 0x4000 ? v - 0x8000 : v;
  }
};

// The offset is rounded down so an event never moves past the end of its bin.
ORB_HD_INLINE CapacityEvent make_capacity_event(int bin, double offset_days, int drop) {
  float offset = static_cast<float>(offset_days);
  if (static_cast<double>(offset) > offset_days) offset = hd_nextafterf(offset, 0.0f);
  return CapacityEvent{offset, (static_cast<uint32_t>(bin) << 15) | (static_cast<uint32_t>(drop) & 0x7fffu)};
}

}  // namespace orb
