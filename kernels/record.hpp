// The per-trial record: the small, fixed-size result one trial hands to the reductions.
// Two flat blocks per trial (int32 counts, double times/fractions) whose offsets depend only
// on the scenario's dimensions, so a batch of records is two dense arrays on any backend.
#pragma once

#include "causes.hpp"
#include "hd.hpp"
#include "scenario.hpp"

namespace orb {

struct RecordLayout {
  int32_t n_bins = 0, n_shells = 0, n_thresholds = 0;
  // int32 block, per trial
  int32_t cap_snapshot = 0;  // [bin]            constellation capacity (GPUs) at bin end
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
  L.alive = o, o += n_bins * n_shells;
  L.full = o, o += n_bins * n_shells;
  L.sat_loss = o, o += n_bins * kSatCauseCount;
  L.gpu_loss = o, o += n_bins * kGpuCauseCount;
  L.derelicts = o, o += n_bins * n_shells;
  L.hits = o, o += n_bins * n_shells * 3;
  L.manoeuvres = o, o += n_shells;
  L.debris_counts = o, o += kDebrisCountCount;
  L.spe_count = o, o += 1;
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
  L.n_double = o;
  return L;
}

// One trial's record: entry k at ints[k] / dbls[k] (strided on the GPU, see hd.hpp).
struct RecordView {
  Strided<int32_t> ints;
  Strided<double> dbls;
};

// Values a trial can report in `status`.
enum TrialStatus : int32_t { kTrialOk = 0, kTrialEventOverflow = 1 };

// A drop of constellation capacity at one instant, packed in 8 bytes because a trial keeps
// one per GPU that can leave service (the buffer bounds how many trials fit on a GPU): the
// time as a float offset from its bin's start (resolution ~1e-6 of the bin, under a second for
// monthly bins), the bin in the high 19 bits and the GPUs lost (<= 4,096) in the low 13.
struct CapacityEvent {
  float offset_days;
  uint32_t bin_drop;
  ORB_HD_INLINE int bin() const { return static_cast<int>(bin_drop >> 13); }
  ORB_HD_INLINE int drop() const { return static_cast<int>(bin_drop & 0x1fffu); }
};

// The offset is rounded down so an event never moves past the end of its bin.
ORB_HD_INLINE CapacityEvent make_capacity_event(int bin, double offset_days, int drop) {
  float offset = static_cast<float>(offset_days);
  if (static_cast<double>(offset) > offset_days) offset = hd_nextafterf(offset, 0.0f);
  return CapacityEvent{offset, (static_cast<uint32_t>(bin) << 13) | static_cast<uint32_t>(drop)};
}

}  // namespace orb
