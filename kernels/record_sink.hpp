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

// Where a replay's capacity events go: straight into the event loop's room, or (a replay
// chunk) into blocks of the shared pool, taken one at a time and linked per chunk.
struct EventTarget {
  Strided<CapacityEvent> events;  // the loop's room, or the start of the pool
  int32_t* count;                 // events written
  int32_t room;                   // the loop's room (pool: unused)
  int32_t* head;                  // pool: the chunk's first and current block (-1: none yet)
  int32_t* tail;
  Strided<int32_t> next;          // pool: block links
  int32_t* blocks;                // pool: blocks handed out in the trial
  int32_t n_blocks;               // pool: blocks in the pool; 0 for the loop's room

  // Adds an event; false when there is no room left.
  ORB_HD_INLINE bool add(const CapacityEvent& e) const {
    const int32_t at = (*count)++;
    if (n_blocks == 0) {
      if (at >= room) return false;
      events[at] = e;
      return true;
    }
    if (at % kEventBlock == 0) {
#if defined(__CUDA_ARCH__)
      const int32_t b = atomicAdd(blocks, 1);
#else
      const int32_t b = __atomic_fetch_add(blocks, 1, __ATOMIC_RELAXED);
#endif
      if (b >= n_blocks) return false;
      next[b] = -1;
      if (*tail >= 0) next[*tail] = b;
      else *head = b;
      *tail = b;
    } else if (*tail < 0 || *tail >= n_blocks) {
      return false;
    }
    events[int64_t{*tail} * kEventBlock + at % kEventBlock] = e;
    return true;
  }
};

// Where a replay goes: the trial's record and workspace (replays inside the event loop, one at
// a time), or the block of one replay chunk (stage 6a: chunks run side by side without sharing
// a byte but the event pool's counter, and combine_chunks adds them up in chunk order), so
// that no sum depends on how the satellites were spread over threads. Per-bin-and-shell counts
// and the piece grid hold rows of `shells` (the chunk's one shell, shell_base, for a chunk).
struct SumTarget {
  Strided<double> cap_days;       // [bin] GPU-days of capacity lost (record cap_average until finish_bins)
  Strided<double> restore_days;   // [1]
  LossSums losses;
  Strided<OccurrenceSum> windows; // [SPE window]
  Strided<double> piece_lost;     // [piece][shell]
  Strided<int32_t> snapshot, lost, gpu_loss, sat_loss;  // [bin](...) as in the record
  Strided<int32_t> full, alive;   // [bin][shell]
  Strided<int32_t> spares, restore_hist, piece_drop;  // piece_drop [piece][shell]
  EventTarget events;
  int shells, shell_base;
};

ORB_HD_INLINE SumTarget record_target(const TrialContext& c) {
  const RecordLayout& L = c.L;
  const Strided<int32_t> i = c.rec.ints;
  const Strided<double> d = c.rec.dbls;
  const EventTarget events{c.ws.events, &c.n().n_events, loop_event_room(c.sc), nullptr, nullptr, {}, nullptr, 0};
  return SumTarget{d + L.cap_average, d + L.restore_days, record_loss_sums(L, c.rec), c.ws.windows, c.ws.piece_lost,
                   i + L.cap_snapshot, i + L.cap_lost, i + L.gpu_loss, i + L.sat_loss, i + L.full, i + L.alive,
                   i + (L.replenish + kSparesUsed), i + L.restore_hist, c.ws.piece_drop, events, c.sc.n_shells, 0};
}

ORB_HD_INLINE SumTarget chunk_target(const TrialContext& c, int chunk) {
  const ChunkBlock b = chunk_block(c.sc, c.L);
  const Strided<double> d = c.ws.replay_sums + int64_t{chunk} * b.size;
  const Strided<int32_t> i = c.ws.replay_counts + int64_t{chunk} * b.int_size;
  const int shell = c.sc.replay_chunks[chunk].shell;
  const EventTarget events{c.ws.events + int64_t{loop_event_room(c.sc)}, &i[b.n_events], 0, &i[b.head], &i[b.tail],
                           c.ws.event_next, &c.n().event_blocks, event_pool_blocks(c.sc)};
  return SumTarget{d + b.cap, d + b.restore, LossSums{d + b.ylt, d + b.bi, d + b.label, d + b.shell, shell},
                   c.ws.replay_windows + int64_t{chunk} * c.sc.radiation.max_spe, d + b.piece, i + b.snapshot, i + b.lost,
                   i + b.gpu_loss, i + b.sat_loss, i + b.full, i + b.alive, i + b.spares, i + b.restore_hist, i + b.drop,
                   events, 1, shell};
}

// The mission cut at every output-bin edge and SPE knot: on each piece the bin and the SEU
// multiplier are constant, so per-shell capacity integrals over pieces give exact expected
// counts of DUE, SDC and corrected upsets (radiation only).
struct PieceGrid {
  Strided<double> edges;
  Strided<int32_t> bin_piece;  // [bin] first piece of the bin: pieces refine bins
  int n;                       // pieces

  ORB_HD_INLINE explicit PieceGrid(const TrialContext& c)
      : edges(c.ws.piece_edges), bin_piece(c.ws.bin_piece), n(c.n().n_pieces) {}

  ORB_HD_INLINE int piece_at(int bin, double t) const {
    int p = bin_piece[bin];
    while (p + 1 < n && edges[p + 1] <= t) ++p;
    return p;
  }
};

// Folds a satellite's replayed capacity changes into a target: per-bin changes (finish_bins
// turns them into levels), capacity events, the piece grid, losses.
struct RecordSink {
  const ScenarioView& sc;
  int32_t& status;
  SumTarget to;
  PieceGrid pieces;
  LossContext losses;

  ORB_HD_INLINE explicit RecordSink(const TrialContext& c) : RecordSink(c, record_target(c), LossContext(c)) {}
  ORB_HD_INLINE RecordSink(const TrialContext& c, const SumTarget& target)
      : RecordSink(c, target, LossContext(c, target.losses, target.windows)) {}

  ORB_HD_INLINE int row(int shell) const { return shell - to.shell_base; }

  ORB_HD_INLINE void capacity_drop(double t, int gpus, int shell) {
    const int b = bin_of(sc, t);
    to.snapshot[b] += gpus;
    if (gpus > 0) to.lost[b] += gpus;
    to.cap_days[b] += gpus * (bin_edge(sc, b + 1) - t);
    if (!to.events.add(make_capacity_event(b, t - bin_edge(sc, b), gpus))) store_flag(status, kTrialNeedsRoom);
    if (pieces.n > 0) {
      const int p = pieces.piece_at(b, t);
      to.piece_drop[p * to.shells + row(shell)] += gpus;
      to.piece_lost[p * to.shells + row(shell)] += gpus * (pieces.edges[p + 1] - t);
    }
    losses.capacity_drop(t, gpus, shell);
  }
  ORB_HD_INLINE void left_full(double t, int shell, int n) { to.full[bin_of(sc, t) * to.shells + row(shell)] += n; }
  ORB_HD_INLINE void gpu_lost(double t, int cause, int shell, double launch_t) {
    ++to.gpu_loss[bin_of(sc, t) * kGpuCauseCount + cause];
    losses.gpu_lost(t, cause, shell, launch_t);
  }
  ORB_HD_INLINE void satellite_lost(double t, int cause, int shell, bool held) {
    const int b = bin_of(sc, t);
    ++to.sat_loss[b * kSatCauseCount + cause];
    if (held) ++to.alive[b * to.shells + row(shell)];
  }
  // A spare or replacement takes a position that has been empty since vacancy_t.
  ORB_HD_INLINE void joined(double t, int shell, double vacancy_t, bool spare) {
    --to.alive[bin_of(sc, t) * to.shells + row(shell)];
    if (spare) ++to.spares[0];
    const double wait = t - vacancy_t;
    to.restore_days[0] += wait;
    ++to.restore_hist[hd_min(static_cast<int>(wait / sc.mission_days * kRestoreBins), kRestoreBins - 1)];
  }

 private:
  ORB_HD_INLINE RecordSink(const TrialContext& c, const SumTarget& target, const LossContext& l)
      : sc(c.sc), status(c.rec.ints[c.L.status]), to(target), pieces(c), losses(l) {}
};

// Zeroes a chunk's block before its replay.
ORB_HD_INLINE void clear_chunk(const TrialContext& c, int chunk) {
  const ChunkBlock b = chunk_block(c.sc, c.L);
  const Strided<double> d = c.ws.replay_sums + int64_t{chunk} * b.size;
  for (int i = 0; i < b.size; ++i) d[i] = 0.0;
  const Strided<int32_t> n = c.ws.replay_counts + int64_t{chunk} * b.int_size;
  for (int i = 0; i < b.int_size; ++i) n[i] = 0;
  n[b.head] = n[b.tail] = -1;
  const Strided<OccurrenceSum> w = c.ws.replay_windows + int64_t{chunk} * c.sc.radiation.max_spe;
  for (int i = 0; i < c.n().n_spe; ++i) w[i] = OccurrenceSum{0.0, 0.0, 0.0};
}

// Adds the chunks' sums and counts into the trial's record and workspace, in chunk order. The
// capacity events stay where they are: unused places (the loop room's end, each chunk's last
// block) become no_event(), and the crossing search reads the buffer up to the last block used.
ORB_HD_INLINE void combine_chunks(const TrialContext& c) {
  const ScenarioView& sc = c.sc;
  const RecordLayout& L = c.L;
  const SumTarget to = record_target(c);
  const int pieces = c.n().n_pieces, n_spe = c.n().n_spe, bins = L.n_bins;
  for (int32_t e = c.n().n_events; e < loop_event_room(sc); ++e) c.ws.events[e] = no_event();
  for (int k = 0; k < sc.n_replay_chunks; ++k) {
    const SumTarget from = chunk_target(c, k);
    const int s = from.shell_base;
    for (int b = 0; b < bins; ++b) {
      to.cap_days[b] += from.cap_days[b];
      to.snapshot[b] += from.snapshot[b];
      to.lost[b] += from.lost[b];
      to.full[b * sc.n_shells + s] += from.full[b];
      to.alive[b * sc.n_shells + s] += from.alive[b];
      for (int g = 0; g < kGpuCauseCount; ++g) to.gpu_loss[b * kGpuCauseCount + g] += from.gpu_loss[b * kGpuCauseCount + g];
      for (int q = 0; q < kSatCauseCount; ++q) to.sat_loss[b * kSatCauseCount + q] += from.sat_loss[b * kSatCauseCount + q];
    }
    to.restore_days[0] += from.restore_days[0];
    to.spares[0] += from.spares[0];
    for (int h = 0; h < kRestoreBins; ++h) to.restore_hist[h] += from.restore_hist[h];
    for (int i = 0; i < L.n_years * kYltColumns; ++i) {
      const int column = i % kYltColumns;
      if (column == kYltGrossMax || column == kYltNetMax) to.losses.ylt[i] = hd_max(to.losses.ylt[i], from.losses.ylt[i]);
      else to.losses.ylt[i] += from.losses.ylt[i];
    }
    for (int y = 0; y < L.n_years; ++y) to.losses.bi_insured[y] += from.losses.bi_insured[y];
    for (int l = 0; l < kLossLabelCount; ++l) to.losses.loss_label[l] += from.losses.loss_label[l];
    to.losses.loss_shell[s] += from.losses.loss_shell[0];
    for (int w = 0; w < n_spe; ++w) {
      to.windows[w].gross += from.windows[w].gross;
      to.windows[w].insured += from.windows[w].insured;
    }
    for (int p = 0; p < pieces; ++p) {
      to.piece_lost[p * sc.n_shells + s] += from.piece_lost[p];
      to.piece_drop[p * sc.n_shells + s] += from.piece_drop[p];
    }
    const int32_t fill = *from.events.count % kEventBlock;
    if (*from.events.tail >= 0 && fill > 0)
      for (int32_t e = fill; e < kEventBlock; ++e) from.events.events[int64_t{*from.events.tail} * kEventBlock + e] = no_event();
  }
}

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

// Places of the capacity-event buffer in use (some hold no_event()).
ORB_HD_INLINE int32_t event_buffer_used(const TrialContext& c) {
  return loop_event_room(c.sc) + hd_min(c.n().event_blocks, event_pool_blocks(c.sc)) * kEventBlock;
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
    find_crossings_in_bin(sc, L, rec, c.ws.events, event_buffer_used(c), b, capacity, rec.ints[L.cap_lost + b]);
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
