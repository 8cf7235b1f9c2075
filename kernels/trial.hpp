// One trial of a constellation's life: every satellite's faults, folded into the trial's
// record (per-bin capacity, alive and full-capacity counts, losses by cause, and the exact
// times capacity first falls below each threshold). The CPU and CUDA backends both call
// run_trial; only how trials are spread over threads differs.
#pragma once

#include "attrition.hpp"
#include "event_sort.hpp"
#include "record.hpp"
#include "scenario.hpp"

namespace orb {

// Receives one satellite's changes and accumulates them into the trial record. During the
// trial, per-bin arrays hold changes within the bin (drops, deaths); finish_trial turns
// them into end-of-bin levels.
class TrialSink {
 public:
  ORB_HD TrialSink(const ScenarioView& sc, const RecordLayout& L, RecordView rec,
                   CapacityEvent* events)
      : sc_(sc), L_(L), rec_(rec), events_(events) {}

  ORB_HD_INLINE void set_shell(int shell) { shell_ = shell; }

  ORB_HD_INLINE void capacity_drop(double t, int gpus) {
    const int b = bin_of(sc_, t);
    rec_.ints[L_.cap_snapshot + b] += gpus;
    rec_.dbls[L_.cap_average + b] += gpus * (bin_edge(sc_, b + 1) - t);
    if (n_events_ < sc_.max_events) {
      events_[n_events_++] = CapacityEvent{t, gpus, 0};
    } else {
      rec_.ints[L_.status] = kTrialEventOverflow;
    }
  }
  ORB_HD_INLINE void left_full(double t) {
    ++rec_.ints[L_.full + bin_of(sc_, t) * L_.n_shells + shell_];
  }
  ORB_HD_INLINE void gpu_lost(double t, int cause) {
    ++rec_.ints[L_.gpu_loss + bin_of(sc_, t) * kGpuCauseCount + cause];
  }
  ORB_HD_INLINE void satellite_lost(double t, int cause) {
    const int b = bin_of(sc_, t);
    ++rec_.ints[L_.sat_loss + b * kSatCauseCount + cause];
    ++rec_.ints[L_.alive + b * L_.n_shells + shell_];
  }

  ORB_HD_INLINE int n_events() const { return n_events_; }

 private:
  const ScenarioView& sc_;
  const RecordLayout& L_;
  RecordView rec_;
  CapacityEvent* events_;
  int n_events_ = 0;
  int shell_ = 0;
};

ORB_HD_INLINE void clear_record(const RecordLayout& L, RecordView rec) {
  for (int i = 0; i < L.n_int; ++i) rec.ints[i] = 0;
  for (int i = 0; i < L.n_double; ++i) rec.dbls[i] = 0.0;
}

// Moves the events of bin b to the front of the buffer; returns how many there are.
ORB_HD_INLINE int gather_bin_events(const ScenarioView& sc, CapacityEvent* e, int n, int b) {
  int m = 0;
  for (int i = 0; i < n; ++i) {
    if (bin_of(sc, e[i].t_days) != b) continue;
    const CapacityEvent tmp = e[m];
    e[m] = e[i];
    e[i] = tmp;
    ++m;
  }
  return m;
}

// Exact first-passage times below each threshold level, for bin b whose capacity starts at
// `start` and loses `drop` within it. Capacity only falls under attrition, so a bin whose
// end level is still at or above a level cannot contain that crossing and is skipped without
// looking at its events.
ORB_HD_INLINE void find_crossings_in_bin(const ScenarioView& sc, const RecordLayout& L,
                                         RecordView rec, CapacityEvent* e, int n_events, int b,
                                         int start, int drop) {
  double* times = rec.dbls + L.threshold_time;
  bool pending = false;
  for (int j = 0; j < sc.n_thresholds; ++j)
    pending |= times[j] == kInfinity && (start - drop) < sc.threshold_levels[j];
  if (!pending) return;
  const int m = gather_bin_events(sc, e, n_events, b);
  sort_events_by_time(e, m);
  int level = start;
  for (int i = 0; i < m; ++i) {
    level -= e[i].drop;
    for (int j = 0; j < sc.n_thresholds; ++j)
      if (times[j] == kInfinity && level < sc.threshold_levels[j]) times[j] = e[i].t_days;
  }
}

// Turns per-bin changes into end-of-bin levels and finds threshold crossings.
ORB_HD_INLINE void finish_trial(const ScenarioView& sc, const RecordLayout& L, RecordView rec,
                                CapacityEvent* events, int n_events) {
  for (int j = 0; j < sc.n_thresholds; ++j) rec.dbls[L.threshold_time + j] = kInfinity;
  int capacity = sc.capacity_total;
  for (int b = 0; b < sc.n_bins; ++b) {
    const int drop = rec.ints[L.cap_snapshot + b];
    find_crossings_in_bin(sc, L, rec, events, n_events, b, capacity, drop);
    const double width = bin_edge(sc, b + 1) - bin_edge(sc, b);
    const double lost_gpu_days = rec.dbls[L.cap_average + b];
    rec.dbls[L.cap_average + b] =
        (capacity * width - lost_gpu_days) / (width * static_cast<double>(sc.capacity_total));
    capacity -= drop;
    rec.ints[L.cap_snapshot + b] = capacity;
  }
  for (int s = 0; s < sc.n_shells; ++s) {
    int alive = sc.shells[s].satellites, full = sc.shells[s].satellites;
    for (int b = 0; b < sc.n_bins; ++b) {
      alive -= rec.ints[L.alive + b * L.n_shells + s];
      full -= rec.ints[L.full + b * L.n_shells + s];
      rec.ints[L.alive + b * L.n_shells + s] = alive;
      rec.ints[L.full + b * L.n_shells + s] = full;
    }
  }
}

// One trial. `events` is this trial's scratch of sc.max_events entries.
ORB_HD_INLINE void run_trial(const ScenarioView& sc, const RecordLayout& L, uint32_t trial,
                             RecordView rec, CapacityEvent* events) {
  clear_record(L, rec);
  TrialSink sink(sc, L, rec, events);
  for (int s = 0; s < sc.n_shells; ++s) {
    const ShellParams& shell = sc.shells[s];
    const ClassParams& c = sc.classes[shell.class_index];
    sink.set_shell(s);
    for (int i = 0; i < shell.satellites; ++i)
      simulate_satellite_attrition(sc, c, trial, static_cast<uint32_t>(shell.first_slot + i),
                                   sink);
  }
  finish_trial(sc, L, rec, events, sink.n_events());
}

}  // namespace orb
