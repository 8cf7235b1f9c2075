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

// Every field of the per-trial record, declared once: the layout, its offsets, the field names
// in test messages and the golden-digest test all walk this list. INT(name, count, comment)
// fields live in the int32 block, DBL(...) ones in the double block; counts may use n_bins,
// n_shells, n_thresholds and n_years. Adding a field touches this list (and whatever reduces it).
#define ORB_RECORD_FIELDS(INT, DBL)                                                                   \
  INT(cap_snapshot, n_bins, "[bin] constellation capacity (GPUs) at bin end")                          \
  INT(cap_lost, n_bins, "[bin] GPUs of capacity lost in the bin (gains aside)")                        \
  INT(alive, n_bins * n_shells, "[bin][shell] satellites alive at bin end")                            \
  INT(full, n_bins * n_shells, "[bin][shell] satellites at full capacity at bin end")                  \
  INT(sat_loss, n_bins * kSatCauseCount, "[bin][sat cause] satellites lost in the bin")                \
  INT(gpu_loss, n_bins * kGpuCauseCount, "[bin][gpu cause] GPUs lost in the bin (satellite alive)")    \
  INT(derelicts, n_bins * n_shells, "[bin][shell] derelicts in orbit at bin end")                      \
  INT(hits, n_bins * n_shells * 3,                                                                     \
      "[bin][shell][DebrisClass] hits (damaging, lethal on live satellites; catastrophic on both)")    \
  INT(manoeuvres, n_shells, "[shell] collision-avoidance manoeuvres in the trial")                     \
  INT(debris_counts, kDebrisCountCount, "[DebrisCount] collisions and breakups in the trial")          \
  INT(spe_count, 1, "solar particle events in the trial")                                              \
  INT(replenish, kReplenishCountCount, "[ReplenishCount] launches, failures, spares used, replacements") \
  INT(restore_hist, kRestoreBins + 1,                                                                  \
      "times from a position's loss to its refill; the last entry counts positions empty at the end")  \
  INT(status, 1, "nonzero: the trial could not be completed (TrialStatus)")                           \
  DBL(cap_average, n_bins, "[bin] time-average capacity fraction over the bin")                        \
  DBL(threshold_time, n_thresholds, "[threshold] days until capacity < level; +inf if never")          \
  DBL(fragments, n_bins * n_shells * 2,                                                                \
      "[bin][shell][2] expected fragments >= 1 cm, >= 10 cm in the shell's cell at bin end")           \
  DBL(availability, n_bins, "[bin] time-average (capacity - GPUs down for DUE) / sum of K")            \
  DBL(dose_end, n_shells, "[shell] rad(Si) at the end of the mission, class shielding")                \
  DBL(radiation_counts, kRadiationCountCount, "[RadiationCount] DUE, SDC, corrected upsets (exact)")   \
  DBL(ylt, n_years * 4, "[year][YltColumn] year loss table rows (USD)")                                \
  DBL(bi_insured, n_years, "[year] business interruption on or after attachment")                      \
  DBL(loss_label, int{kSatCauseCount} + int{kGpuCauseCount} + 1, "[loss label] gross losses by cause") \
  DBL(loss_shell, n_shells, "[shell] gross losses by shell (business interruption excluded)")          \
  DBL(replacement_cost, n_years, "[year] operator cost of replacements launched (USD)")               \
  DBL(restore_days, 1, "sum of the refill times counted in restore_hist")

struct RecordLayout {
  int32_t n_bins = 0, n_shells = 0, n_thresholds = 0, n_years = 0;
#define ORB_RECORD_OFFSET(name, count, comment) int32_t name = 0;
  ORB_RECORD_FIELDS(ORB_RECORD_OFFSET, ORB_RECORD_OFFSET)
#undef ORB_RECORD_OFFSET
  int32_t n_int = 0;     // entries of the int32 block, per trial
  int32_t n_double = 0;  // entries of the double block
};

inline RecordLayout make_record_layout(int n_bins, int n_shells, int n_thresholds, int n_years) {
  RecordLayout L;
  L.n_years = n_years;
  L.n_bins = n_bins;
  L.n_shells = n_shells;
  L.n_thresholds = n_thresholds;
  int32_t ni = 0, nd = 0;
#define ORB_RECORD_INT(name, count, comment) L.name = ni, ni += (count);
#define ORB_RECORD_DBL(name, count, comment) L.name = nd, nd += (count);
  ORB_RECORD_FIELDS(ORB_RECORD_INT, ORB_RECORD_DBL)
#undef ORB_RECORD_INT
#undef ORB_RECORD_DBL
  L.n_int = ni;
  L.n_double = nd;
  return L;
}

// Walks the record's fields: f(name, is_int, offset, count) for each, in declaration order.
template <class F>
void for_each_record_field(const RecordLayout& L, F&& f) {
  const int n_bins = L.n_bins, n_shells = L.n_shells, n_thresholds = L.n_thresholds, n_years = L.n_years;
#define ORB_RECORD_VISIT_INT(name, count, comment) f(#name, true, L.name, static_cast<int32_t>(count));
#define ORB_RECORD_VISIT_DBL(name, count, comment) f(#name, false, L.name, static_cast<int32_t>(count));
  ORB_RECORD_FIELDS(ORB_RECORD_VISIT_INT, ORB_RECORD_VISIT_DBL)
#undef ORB_RECORD_VISIT_INT
#undef ORB_RECORD_VISIT_DBL
}

// One trial's record: entry k at ints[k] / dbls[k] (strided on the GPU, see hd.hpp).
struct RecordView {
  Strided<int32_t> ints;
  Strided<double> dbls;
};

// Values a trial can report in `status`.
// kTrialReplacementOverflow: the trial needed more than replenishment.max_replacements
// replacements, or a shell had no free slot for one (its block full of derelicts).
// kTrialRerunExact: a deferred debris kill failed its check (gpu_damage.hpp); the backend
// runs the trial again with every kill applied at once, so no result ever carries it.
// kTrialNeedsRoom: the trial produced more capacity events or fragment clouds than its
// workspace holds (sized for the expected numbers, ScenarioView::room_tier); the backend runs
// it again with more room, up to the exact worst-case bounds.
enum TrialStatus : int32_t {
  kTrialOk = 0, kTrialEventOverflow = 1, kTrialReplacementOverflow = 2, kTrialRerunExact = 3, kTrialNeedsRoom = 4
};

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

// A place in the event buffer holding no event: its bin (131,071) is beyond any real one.
ORB_HD_INLINE CapacityEvent no_event() { return CapacityEvent{0.0f, 0xFFFFFFFFu}; }

// The offset is rounded down so an event never moves past the end of its bin.
ORB_HD_INLINE CapacityEvent make_capacity_event(int bin, double offset_days, int drop) {
  float offset = static_cast<float>(offset_days);
  if (static_cast<double>(offset) > offset_days) offset = hd_nextafterf(offset, 0.0f);
  return CapacityEvent{offset, (static_cast<uint32_t>(bin) << 15) | (static_cast<uint32_t>(drop) & 0x7fffu)};
}

}  // namespace orb
