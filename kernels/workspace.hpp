// Per-trial working memory, carved from one preallocated slab (per CPU worker, or per
// in-flight trial on the GPU): nothing on the per-trial path allocates. Every array is
// declared once, in ORB_WORKSPACE_ARRAYS (and the satellite fields in ORB_SAT_FIELDS,
// satellite.hpp): the struct, the layout, the carving and the byte counts all walk these lists.
// Sizes depend only on the scenario; an array a scenario does not use has no bytes.
#pragma once

#include "cloud_index.hpp"
#include "debris.hpp"
#include "losses.hpp"
#include "radiation.hpp"
#include "record.hpp"
#include "satellite.hpp"
#include "scenario.hpp"

namespace orb {

// A replacement ordered for an empty position: ready to launch at ready_t; the position has
// been empty since vacancy_t.
struct Order {
  double ready_t;
  double vacancy_t;
};

// The engine's running counters of one trial, in per-trial memory (not in registers or an
// engine object) so that a stage can stop and another thread or kernel carry on.
struct TrialCounters {
  int32_t next_bin;          // next output-bin edge to snapshot
  int32_t next_forced;       // next forced breakup
  int32_t n_clouds;          // fragment clouds so far (breakup order)
  int32_t n_chains;          // breakup chains (insurance occurrences) so far
  int32_t catalogued;        // clouds whose >= 10 cm fragments are in the catalogue
  int32_t n_events;          // capacity events recorded
  int32_t next_forced_loss;  // next [[forced_loss]]
  int32_t replacements;      // replacements launched (their stream entities)
  int32_t n_spe;             // solar particle events in the trial
  int32_t n_knots;           // knots of the SPE timeline
  int32_t n_pieces;          // pieces of the mission grid (bins cut at SPE knots)
  int32_t exact_fallback;    // 1: a deferred timeline rebuild failed its check (pipeline.hpp)
  int32_t event_blocks;      // blocks of the capacity-event pool handed out to replay chunks
  int32_t calendar_n;        // deaths in the calendar (event_calendar.hpp)
  int32_t calendar_at;       // the next calendar entry to read
  int32_t late_n;            // deaths in the late heap
};

// Pieces of the mission on which both the output bin and the SPE multiplier are constant.
ORB_HD_INLINE int32_t max_pieces(const ScenarioView& sc) {
  return sc.radiation.enabled ? sc.n_bins + 2 * sc.radiation.max_spe + 1 : 0;
}

// What one replay chunk (ScenarioView::replay_chunks, record_sink.hpp) adds up before its sums
// join the trial's: floating-point sums (lost GPU-days per bin, refill days, the book's sums for
// its one shell, the piece grid's lost GPU-days) and counts (per bin for its one shell), and
// how many capacity events it wrote in its segment of the event buffer.
struct ChunkBlock {
  int32_t cap, restore, ylt, bi, label, shell, piece, size;  // doubles
  int32_t snapshot, lost, full, gpu_loss, sat_loss, alive, spares, restore_hist, drop, n_events, head, tail, int_size;
};

ORB_HD_INLINE ChunkBlock chunk_block(const ScenarioView& sc, const RecordLayout& L) {
  ChunkBlock b{};
  int32_t o = 0;
  b.cap = o, o += L.n_bins;
  b.restore = o, o += 1;
  b.ylt = o, o += L.n_years * kYltColumns;
  b.bi = o, o += L.n_years;
  b.label = o, o += kLossLabelCount;
  b.shell = o, o += 1;
  b.piece = o, o += max_pieces(sc);
  b.size = o;
  o = 0;
  b.snapshot = o, o += L.n_bins;
  b.lost = o, o += L.n_bins;
  b.full = o, o += L.n_bins;
  b.gpu_loss = o, o += L.n_bins * kGpuCauseCount;
  b.sat_loss = o, o += L.n_bins * kSatCauseCount;
  b.alive = o, o += L.n_bins;
  b.spares = o, o += 1;
  b.restore_hist = o, o += kRestoreBins;
  b.drop = o, o += max_pieces(sc);
  b.n_events = o, o += 1;
  b.head = o, o += 1;
  b.tail = o, o += 1;
  b.int_size = o;
  return b;
}

// The capacity-event buffer: room for the event loop's replays (satellites that leave), then a
// pool of blocks the replay chunks take as they fill them (one shared pool: a great solar event
// that crowds some chunks' survivors with losses leaves others with few).
constexpr int32_t kEventBlock = 64;
ORB_HD_INLINE int32_t loop_event_room(const ScenarioView& sc) { return sc.max_events; }
ORB_HD_INLINE int32_t event_pool_blocks(const ScenarioView& sc) {
  const int64_t events = int64_t{sc.events_per_slot} * sc.n_slots;
  return static_cast<int32_t>((events + kEventBlock - 1) / kEventBlock + sc.n_replay_chunks);
}
ORB_HD_INLINE size_t event_buffer_size(const ScenarioView& sc) {
  return size_t(sc.max_events) + size_t(event_pool_blocks(sc)) * kEventBlock;
}

// Event sources of the coupled event loop, in tie-break order: bin edges first so a snapshot
// at t sees the state before events at t; then the debris groups, replacement launches and
// satellites (trial_context.hpp). All but the satellites share one small heap
// (event_calendar.hpp).
ORB_HD_INLINE int32_t n_shared_sources(const ScenarioView& sc) { return 4 + sc.n_shells * (kGroupKinds + 1); }

// X(type, name, count, comment). `count` may use sc (ScenarioView), L (RecordLayout) and the
// names defined in workspace_layout below.
#define ORB_WORKSPACE_ARRAYS(X)                                                                       \
  X(TrialCounters, counters, 1, "the trial's running counters")                                      \
  X(double, loss_t, entries, "[timeline entry] GPU-loss times, per-satellite blocks of G")           \
  X(uint8_t, loss_cause, entries, "[timeline entry] GpuCause of each loss")                          \
  X(GroupState, groups, shells * kGroupKinds, "[shell][kind] debris groups")                         \
  X(CloudSum, clouds_all, cells * kDebrisClassCount, "[cell][DebrisClass] every cloud's fragments")  \
  X(CloudSum, clouds_catalogued, cells, "[cell] catastrophic fragments once catalogued")             \
  X(Cloud, clouds, sc.max_clouds, "[cloud] in breakup order")                                        \
  X(OccurrenceSum, chains, sc.max_clouds, "[chain] breakup chains being accumulated")                \
  X(double, cloud_tree, clouds ? cells * kCloudTrees * sc.max_clouds : 0,                            \
    "[cell][CloudTreeKind][cloud] attribution trees (cloud_index.hpp)")                              \
  X(double, cloud_tree_ref, clouds ? cells * kCloudTrees : 0, "[cell][CloudTreeKind] their reference times") \
  X(double, manoeuvre_days, shells, "[shell] ratio integral of departed live satellites")            \
  X(double, heap_key, sources, "[source] the shared sources' heap: keys")                            \
  X(int32_t, heap_id, sources, "[heap position] source ids")                                         \
  X(int32_t, heap_pos, sources, "[source] heap positions")                                           \
  X(int32_t, death_order, slots, "[calendar entry] slots by their death when placed")               \
  X(double, late_key, slots, "[late heap position] deaths changed since")                          \
  X(int32_t, late_slot, slots, "[late heap position] their slots")                                   \
  X(int32_t, late_pos, slots, "[slot] position in the late heap (or never moved, retired)")          \
  X(CapacityEvent, events, event_buffer_size(sc), "[event] capacity changes, for threshold crossings") \
  X(int32_t, event_next, event_pool_blocks(sc), "[pool block] the next block of the same chunk")     \
  X(int32_t, live, slots, "[slot] live satellites, in per-shell blocks")                             \
  X(int32_t, derelict, debris ? slots : 0, "[slot] derelicts, in per-shell blocks")                  \
  X(int32_t, n_live, shells, "[shell] live satellites")                                              \
  X(int32_t, n_derelict, shells, "[shell] derelicts")                                                \
  X(int32_t, record_ints, L.n_int, "the record while the trial runs (GPU)")                          \
  X(double, record_dbls, L.n_double, "")                                                             \
  X(SpeEvent, spe_events, spe, "[event] the trial's solar particle events")                          \
  X(SpeKnot, spe_knots, spe ? 2 * spe + 1 : 1, "[knot] the SPE timeline")                            \
  X(double, spe_scratch, 2 * spe, "[2 events] event start and end times, sorted")                    \
  X(double, piece_edges, pieces ? pieces + 1 : 0, "[piece + 1] bin edges and SPE knots merged")      \
  X(int32_t, piece_bin, pieces, "[piece] its bin")                                                   \
  X(int32_t, piece_knot, pieces, "[piece] its SPE knot")                                             \
  X(int32_t, piece_drop, pieces * shells, "[piece][shell] capacity lost in the piece")              \
  X(double, piece_lost, pieces * shells, "[piece][shell] GPU-days of that loss within the piece")    \
  X(double, bin_due, radiation ? bins : 0, "[bin] expected DUEs of one shell")                        \
  X(double, bin_service, radiation ? bins : 0, "[bin] in-service GPU-days of one shell")              \
  X(int32_t, bin_piece, pieces ? bins : 0, "[bin] first piece of each bin")                          \
  X(OccurrenceSum, windows, spe, "[event] SPE windows being accumulated")                            \
  X(double, replay_sums, size_t(sc.n_replay_chunks) * chunk_block(sc, L).size, "[chunk][sum] replay sums")  \
  X(int32_t, replay_counts, size_t(sc.n_replay_chunks) * chunk_block(sc, L).int_size, "[chunk][count] replay counts") \
  X(OccurrenceSum, replay_windows, size_t(sc.n_replay_chunks) * spe, "[chunk][event] their SPE windows") \
  X(int32_t, idle, rep ? slots : 0, "[slot] idle spares, in per-shell blocks")                       \
  X(int32_t, n_idle, rep ? shells : 0, "[shell]")                                                    \
  X(int32_t, free_slots, rep ? slots : 0, "[slot] slots with no satellite, per-shell stacks")        \
  X(int32_t, n_free, rep ? shells : 0, "[shell]")                                                    \
  X(Order, orders, rep ? size_t(sc.n_positions) : 0, "[position] per-shell rings of orders")         \
  X(int32_t, order_head, rep ? shells : 0, "[shell]")                                                \
  X(int32_t, n_orders, rep ? shells : 0, "[shell]")                                                  \
  X(uint32_t, launch_words, rep ? shells : 0, "[shell] position in the launch-failure stream")       \
  X(int32_t, launches_in_year, rep ? size_t(sc.replenish.n_years) : 0, "[year] launches")

enum WorkspaceArray : int {
#define ORB_WS_ENUM(type, name, count, comment) kWs_##name,
  ORB_WORKSPACE_ARRAYS(ORB_WS_ENUM)
#undef ORB_WS_ENUM
#define ORB_SAT_ENUM(type, name, cond, dflt) kWsSat_##name,
  ORB_SAT_FIELDS(ORB_SAT_ENUM)
#undef ORB_SAT_ENUM
  kWorkspaceArrays
};

struct TrialWorkspace {
#define ORB_WS_MEMBER(type, name, count, comment) Strided<type> name;
  ORB_WORKSPACE_ARRAYS(ORB_WS_MEMBER)
#undef ORB_WS_MEMBER
  SatArrays sat;  // the satellites' fields, one array each (structure of arrays)
};

// Byte offsets of each array for one trial. Interleaving `stride` trials multiplies every
// offset and the total by the stride; element k of trial `lane` sits at
// (offset · stride) + (k · stride + lane) · sizeof(T).
struct WorkspaceLayout {
  size_t bytes = 0;
  size_t off[kWorkspaceArrays] = {};
  size_t size[kWorkspaceArrays] = {};  // bytes of each array for one trial
};

ORB_HD_INLINE size_t align8(size_t n) { return (n + 7) & ~size_t{7}; }

ORB_HD_INLINE WorkspaceLayout workspace_layout(const ScenarioView& sc, const RecordLayout& L) {
  const size_t slots = sc.n_slots, shells = sc.n_shells, cells = sc.debris.n_cells, bins = sc.n_bins;
  const size_t entries = sc.timeline_entries, sources = size_t(n_shared_sources(sc));
  const size_t spe = sc.radiation.enabled ? size_t(sc.radiation.max_spe) : 0, pieces = size_t(max_pieces(sc));
  const bool rep = sc.replenish.enabled != 0, radiation = sc.radiation.enabled != 0, debris = sc.debris.enabled != 0;
  const bool terminals = sc.has_terminals != 0, clouds = debris && sc.debris.fragments;
  WorkspaceLayout w;
  int i = 0;
  const auto add = [&](size_t bytes) {
    w.off[i] = w.bytes;
    w.size[i++] = bytes;
    w.bytes += align8(bytes);
  };
#define ORB_WS_SIZE(type, name, count, comment) add(size_t(count) * sizeof(type));
  ORB_WORKSPACE_ARRAYS(ORB_WS_SIZE)
#undef ORB_WS_SIZE
#define ORB_SAT_SIZE(type, name, cond, dflt) add((cond) ? slots * sizeof(type) : 0);
  ORB_SAT_FIELDS(ORB_SAT_SIZE)
#undef ORB_SAT_SIZE
  return w;
}

template <class T>
ORB_HD_INLINE Strided<T> ws_array(const WorkspaceLayout& w, unsigned char* base, int which,
                                  int64_t stride, int64_t lane) {
  if (w.size[which] == 0) return Strided<T>{nullptr, stride};
  return Strided<T>{reinterpret_cast<T*>(base + w.off[which] * stride) + lane, stride};
}

// Trial `lane` of `stride` interleaved trials sharing the slab at `base`.
ORB_HD_INLINE TrialWorkspace carve_workspace(const WorkspaceLayout& w, unsigned char* base,
                                             int64_t stride = 1, int64_t lane = 0) {
  TrialWorkspace ws;
#define ORB_WS_CARVE(type, name, count, comment) ws.name = ws_array<type>(w, base, kWs_##name, stride, lane);
  ORB_WORKSPACE_ARRAYS(ORB_WS_CARVE)
#undef ORB_WS_CARVE
#define ORB_SAT_CARVE(type, name, cond, dflt) ws.sat.name = ws_array<type>(w, base, kWsSat_##name, stride, lane);
  ORB_SAT_FIELDS(ORB_SAT_CARVE)
#undef ORB_SAT_CARVE
  return ws;
}

// Name and bytes of every array, for the memory report (`validate`, docs/benchmarks.md).
template <class F>
void for_each_workspace_array(const WorkspaceLayout& w, F&& f) {
#define ORB_WS_REPORT(type, name, count, comment) f(#name, w.size[kWs_##name]);
  ORB_WORKSPACE_ARRAYS(ORB_WS_REPORT)
#undef ORB_WS_REPORT
#define ORB_SAT_REPORT(type, name, cond, dflt) f("satellite." #name, w.size[kWsSat_##name]);
  ORB_SAT_FIELDS(ORB_SAT_REPORT)
#undef ORB_SAT_REPORT
}

}  // namespace orb
