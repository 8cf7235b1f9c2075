// How a satellite's replayed capacity history reaches the trial record: per-bin changes, the
// capacity events the threshold crossings are found from, the piece grid the transient
// radiation effects integrate over, and business interruption. finish_bins turns the per-bin
// changes into levels and finds the crossings once every satellite is in.
#pragma once

#include "event_sort.hpp"
#include "loss_routing.hpp"
#include "record.hpp"
#include "trial_context.hpp"

namespace orb {

ORB_HD_INLINE void clear_record(const RecordLayout& L, RecordView rec) {
  for (int i = 0; i < L.n_int; ++i) rec.ints[i] = 0;
  for (int i = 0; i < L.n_double; ++i) rec.dbls[i] = 0.0;
}

// The mission cut at every output-bin edge and SPE knot: on each piece the bin and the SEU
// multiplier are constant, so per-shell capacity integrals over pieces give exact expected
// counts of DUE, SDC and corrected upsets (radiation only).
struct PieceGrid {
  Strided<double> edges;
  Strided<int32_t> drop;       // [piece][shell]
  Strided<double> lost;        // [piece][shell]
  Strided<int32_t> bin_piece;  // [bin] first piece of the bin: pieces refine bins
  int n = 0;                   // pieces
  int n_shells = 0;

  ORB_HD_INLINE explicit PieceGrid(const TrialContext& c)
      : edges(c.ws.piece_edges), drop(c.ws.piece_drop), lost(c.ws.piece_lost), bin_piece(c.ws.bin_piece),
        n(c.n().n_pieces), n_shells(c.sc.n_shells) {}

  ORB_HD_INLINE int piece_at(int bin, double t) const {
    int p = bin_piece[bin];
    while (p + 1 < n && edges[p + 1] <= t) ++p;
    return p;
  }
  ORB_HD_INLINE void capacity_drop(int bin, double t, int gpus, int shell) {
    if (n == 0) return;
    const int p = piece_at(bin, t);
    drop[p * n_shells + shell] += gpus;
    lost[p * n_shells + shell] += gpus * (edges[p + 1] - t);
  }
};

// Folds a satellite's replayed capacity changes into the trial record (per-bin changes;
// finish_bins turns them into levels) and the capacity-event buffer.
struct RecordSink {
  const ScenarioView& sc;
  const RecordLayout& L;
  RecordView rec;
  Strided<CapacityEvent> events;
  int32_t& n_events;
  PieceGrid pieces;
  LossContext losses;

  ORB_HD_INLINE explicit RecordSink(const TrialContext& c)
      : sc(c.sc), L(c.L), rec(c.rec), events(c.ws.events), n_events(c.n().n_events), pieces(c), losses(c) {}

  ORB_HD_INLINE void capacity_drop(double t, int gpus, int shell) {
    const int b = bin_of(sc, t);
    rec.ints[L.cap_snapshot + b] += gpus;
    if (gpus > 0) rec.ints[L.cap_lost + b] += gpus;
    rec.dbls[L.cap_average + b] += gpus * (bin_edge(sc, b + 1) - t);
    if (n_events < sc.max_events) events[n_events++] = make_capacity_event(b, t - bin_edge(sc, b), gpus);
    else rec.ints[L.status] = kTrialNeedsRoom;
    pieces.capacity_drop(b, t, gpus, shell);
    losses.capacity_drop(t, gpus, shell);
  }
  ORB_HD_INLINE void left_full(double t, int shell, int n) { rec.ints[L.full + bin_of(sc, t) * L.n_shells + shell] += n; }
  ORB_HD_INLINE void gpu_lost(double t, int cause, int shell, double launch_t) {
    ++rec.ints[L.gpu_loss + bin_of(sc, t) * kGpuCauseCount + cause];
    losses.gpu_lost(t, cause, shell, launch_t);
  }
  ORB_HD_INLINE void satellite_lost(double t, int cause, int shell, bool held) {
    const int b = bin_of(sc, t);
    ++rec.ints[L.sat_loss + b * kSatCauseCount + cause];
    if (held) ++rec.ints[L.alive + b * L.n_shells + shell];
  }
  // A spare or replacement takes a position that has been empty since vacancy_t.
  ORB_HD_INLINE void joined(double t, int shell, double vacancy_t, bool spare) {
    --rec.ints[L.alive + bin_of(sc, t) * L.n_shells + shell];
    if (spare) ++rec.ints[L.replenish + kSparesUsed];
    const double wait = t - vacancy_t;
    rec.dbls[L.restore_days] += wait;
    ++rec.ints[L.restore_hist + hd_min(static_cast<int>(wait / sc.mission_days * kRestoreBins), kRestoreBins - 1)];
  }
};

// Moves the events of bin b to the front of the buffer; returns how many there are.
ORB_HD_INLINE int gather_bin_events(Strided<CapacityEvent> e, int n, int b) {
  int m = 0;
  for (int i = 0; i < n; ++i) {
    if (e[i].bin() != b) continue;
    const CapacityEvent tmp = e[m];
    e[m] = e[i];
    e[i] = tmp;
    ++m;
  }
  return m;
}

// Exact first-passage times below each threshold level, for bin b whose capacity starts at
// `start` and loses `lost` GPUs within it (gains from refilled positions aside): its lowest
// level is at least start - lost, so a bin that cannot reach a level is skipped without
// looking at its events.
ORB_HD_INLINE void find_crossings_in_bin(const ScenarioView& sc, const RecordLayout& L, RecordView rec,
                                         Strided<CapacityEvent> e, int n_events, int b, int start, int lost) {
  const Strided<double> times = rec.dbls + L.threshold_time;
  bool pending = false;
  for (int j = 0; j < sc.n_thresholds; ++j)
    pending |= times[j] == kInfinity && (start - lost) < sc.threshold_levels[j];
  if (!pending) return;
  const int m = gather_bin_events(e, n_events, b);
  sort_events_by_time(e, m);
  int level = start;
  for (int i = 0; i < m; ++i) {
    level -= e[i].drop();
    for (int j = 0; j < sc.n_thresholds; ++j)
      if (times[j] == kInfinity && level < sc.threshold_levels[j])
        times[j] = bin_edge(sc, b) + static_cast<double>(e[i].offset_days);
  }
}

// Turns per-bin changes into end-of-bin levels and finds threshold crossings.
ORB_HD_INLINE void finish_bins(const TrialContext& c) {
  const ScenarioView& sc = c.sc;
  const RecordLayout& L = c.L;
  const RecordView rec = c.rec;
  for (int j = 0; j < sc.n_thresholds; ++j) rec.dbls[L.threshold_time + j] = kInfinity;
  int capacity = sc.capacity_total;
  for (int b = 0; b < sc.n_bins; ++b) {
    const int drop = rec.ints[L.cap_snapshot + b];
    find_crossings_in_bin(sc, L, rec, c.ws.events, c.n().n_events, b, capacity, rec.ints[L.cap_lost + b]);
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

}  // namespace orb
