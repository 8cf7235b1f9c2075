// Per-trial working memory, carved from one preallocated slab (per CPU thread, or per
// in-flight trial on the GPU): nothing on the per-trial path allocates. Sizes depend only on
// the scenario, and bound the worst case (every object broken up), so nothing can overflow.
#pragma once

#include "debris.hpp"
#include "losses.hpp"
#include "radiation.hpp"
#include "record.hpp"
#include "satellite.hpp"
#include "scenario.hpp"

namespace orb {

enum GroupKind : int {
  kGroupDamaging = 0,     // live satellites, damaging objects on the exposed area
  kGroupLethal = 1,       // live satellites, lethal objects on the vulnerable area
  kGroupCatLive = 2,      // live satellites, catastrophic objects (avoidance applies)
  kGroupCatDerelict = 3,  // derelicts, catastrophic objects
  kGroupReentry = 4,      // derelicts re-entering
  kGroupKinds = 5
};

// The group's next event is when its cumulative per-member hazard reaches `threshold`.
struct GroupState {
  double threshold;
  uint32_t words;       // position in the group's random stream
  uint32_t attr_words;  // position in the group's attribution stream
};

struct Cloud {
  double t_days;
  double fragments[kDebrisClassCount];
  int32_t cell;
  int32_t chain;  // the breakup chain (insurance occurrence) it belongs to
};

// Event sources, in tie-break order: bin edges first so a snapshot at t sees the state before
// events at t.
enum SourceId : int32_t {
  kSourceBinEdge = 0, kSourceForced = 1, kSourceCatalogue = 2, kSourceForcedLoss = 3, kSourceFixed = 4
};

ORB_HD_INLINE int32_t group_source(int shell, int kind) { return kSourceFixed + shell * kGroupKinds + kind; }
// A shell's next replacement launch.
ORB_HD_INLINE int32_t launch_source(const ScenarioView& sc, int shell) {
  return kSourceFixed + sc.n_shells * kGroupKinds + shell;
}
ORB_HD_INLINE int32_t sat_source(const ScenarioView& sc, int slot) {
  return kSourceFixed + sc.n_shells * (kGroupKinds + 1) + slot;
}

// A replacement ordered for an empty position: ready to launch at ready_t; the position has
// been empty since vacancy_t.
struct Order {
  double ready_t;
  double vacancy_t;
};
ORB_HD_INLINE int32_t n_sources(const ScenarioView& sc) { return sat_source(sc, sc.n_slots); }

struct TrialWorkspace {
  Strided<SatState> sats;            // [slot]
  Strided<double> loss_t;            // [timeline entry] GPU-loss times, per-satellite blocks of G
  Strided<double> kills;             // [max_gpus] scratch for rebuilding one timeline
  Strided<GroupState> groups;        // [shell][kind]
  Strided<CloudSum> clouds_all;      // [cell][DebrisClass]: every cloud's fragments
  Strided<CloudSum> clouds_catalogued;  // [cell]: catastrophic fragments once catalogued
  Strided<Cloud> clouds;             // [max_clouds] in breakup order
  Strided<double> manoeuvre_days;    // [shell] Σ over departed live satellites of the ratio integral
  Strided<double> heap_key;          // [n_sources]
  Strided<CapacityEvent> events;     // [max_events]
  Strided<int32_t> heap_id;          // [n_sources]
  Strided<int32_t> heap_pos;         // [n_sources]
  Strided<int32_t> live;             // [slot] live satellites, in per-shell blocks
  Strided<int32_t> derelict;         // [slot] derelicts, in per-shell blocks
  Strided<int32_t> n_live;           // [shell]
  Strided<int32_t> n_derelict;       // [shell]
  Strided<uint8_t> loss_cause;       // [timeline entry] GpuCause of each loss
  Strided<int32_t> record_ints;      // [n_int] the record while the trial runs (GPU only)
  Strided<double> record_dbls;       // [n_double]
  Strided<SpeEvent> spe_events;      // [max_spe]
  Strided<SpeKnot> spe_knots;        // [2 max_spe + 1]
  Strided<double> spe_scratch;       // [2 max_spe]
  Strided<double> piece_edges;       // [max_pieces + 1]: bin edges and SPE knots merged
  Strided<int32_t> piece_bin;        // [max_pieces]
  Strided<int32_t> piece_knot;       // [max_pieces]
  Strided<int32_t> piece_drop;       // [piece][shell] capacity lost in the piece
  Strided<double> piece_lost;        // [piece][shell] GPU-days of that loss within the piece
  Strided<double> bin_due;           // [bin] expected DUEs of one shell
  Strided<double> bin_service;       // [bin] in-service GPU-days of one shell
  Strided<int32_t> bin_piece;        // [bin] first piece of each bin
  Strided<OccurrenceSum> chains;     // [max_clouds] breakup chains being accumulated
  Strided<OccurrenceSum> windows;    // [max_spe] SPE windows being accumulated
  Strided<int32_t> idle;             // [slot] idle spares, in per-shell blocks
  Strided<int32_t> n_idle;           // [shell]
  Strided<int32_t> free_slots;       // [slot] slots with no satellite, per-shell stacks
  Strided<int32_t> n_free;           // [shell]
  Strided<Order> orders;             // [position] per-shell rings of replacement orders
  Strided<int32_t> order_head;       // [shell]
  Strided<int32_t> n_orders;         // [shell]
  Strided<uint32_t> launch_words;    // [shell] position in the shell's launch-failure stream
  Strided<int32_t> launches_in_year; // [replenishment year]
};

enum WorkspaceArray : int {
  kWsSats, kWsLossT, kWsKills, kWsGroups, kWsCloudsAll, kWsCloudsCatalogued, kWsClouds,
  kWsManoeuvre, kWsHeapKey, kWsEvents, kWsHeapId, kWsHeapPos, kWsLive, kWsDerelict, kWsNLive,
  kWsNDerelict, kWsLossCause, kWsRecordInts, kWsRecordDbls, kWsSpeEvents, kWsSpeKnots,
  kWsSpeScratch, kWsPieceEdges, kWsPieceBin, kWsPieceKnot, kWsPieceDrop, kWsPieceLost, kWsBinDue,
  kWsBinService, kWsBinPiece, kWsChains, kWsWindows, kWsIdle, kWsNIdle, kWsFreeSlots, kWsNFree, kWsOrders,
  kWsOrderHead, kWsNOrders, kWsLaunchWords, kWsLaunchesInYear, kWorkspaceArrays
};

// Pieces of the mission on which both the output bin and the SPE multiplier are constant.
ORB_HD_INLINE int32_t max_pieces(const ScenarioView& sc) {
  return sc.radiation.enabled ? sc.n_bins + 2 * sc.radiation.max_spe + 1 : 0;
}

// Byte offsets of each array for one trial. Interleaving `stride` trials multiplies every
// offset and the total by the stride; element k of trial `lane` sits at
// (offset · stride) + (k · stride + lane) · sizeof(T).
struct WorkspaceLayout {
  size_t bytes = 0;
  size_t off[kWorkspaceArrays] = {};
};

ORB_HD_INLINE size_t align8(size_t n) { return (n + 7) & ~size_t{7}; }

ORB_HD_INLINE WorkspaceLayout workspace_layout(const ScenarioView& sc, const RecordLayout& L) {
  const size_t slots = sc.n_slots, shells = sc.n_shells, cells = sc.debris.n_cells;
  const size_t entries = sc.timeline_entries, sources = size_t(n_sources(sc));
  size_t sizes[kWorkspaceArrays] = {};
  sizes[kWsSats] = slots * sizeof(SatState);
  sizes[kWsLossT] = entries * sizeof(double);
  sizes[kWsKills] = size_t(sc.max_gpus) * sizeof(double);
  sizes[kWsGroups] = shells * kGroupKinds * sizeof(GroupState);
  sizes[kWsCloudsAll] = cells * kDebrisClassCount * sizeof(CloudSum);
  sizes[kWsCloudsCatalogued] = cells * sizeof(CloudSum);
  sizes[kWsClouds] = size_t(sc.max_clouds) * sizeof(Cloud);
  sizes[kWsManoeuvre] = shells * sizeof(double);
  sizes[kWsHeapKey] = sources * sizeof(double);
  sizes[kWsEvents] = size_t(sc.max_events) * sizeof(CapacityEvent);
  sizes[kWsHeapId] = sources * sizeof(int32_t);
  sizes[kWsHeapPos] = sources * sizeof(int32_t);
  sizes[kWsLive] = slots * sizeof(int32_t);
  sizes[kWsDerelict] = slots * sizeof(int32_t);
  sizes[kWsNLive] = shells * sizeof(int32_t);
  sizes[kWsNDerelict] = shells * sizeof(int32_t);
  sizes[kWsLossCause] = entries * sizeof(uint8_t);
  sizes[kWsRecordInts] = size_t(L.n_int) * sizeof(int32_t);
  sizes[kWsRecordDbls] = size_t(L.n_double) * sizeof(double);
  const size_t spe = sc.radiation.enabled ? size_t(sc.radiation.max_spe) : 0, pieces = size_t(max_pieces(sc));
  sizes[kWsSpeEvents] = spe * sizeof(SpeEvent);
  sizes[kWsSpeKnots] = (2 * spe + 1) * sizeof(SpeKnot);
  sizes[kWsSpeScratch] = 2 * spe * sizeof(double);
  sizes[kWsPieceEdges] = (pieces + 1) * sizeof(double);
  sizes[kWsPieceBin] = pieces * sizeof(int32_t);
  sizes[kWsPieceKnot] = pieces * sizeof(int32_t);
  sizes[kWsPieceDrop] = pieces * shells * sizeof(int32_t);
  sizes[kWsPieceLost] = pieces * shells * sizeof(double);
  sizes[kWsBinDue] = size_t(sc.n_bins) * sizeof(double);
  sizes[kWsBinService] = size_t(sc.n_bins) * sizeof(double);
  sizes[kWsBinPiece] = pieces ? size_t(sc.n_bins) * sizeof(int32_t) : 0;
  sizes[kWsChains] = size_t(sc.max_clouds) * sizeof(OccurrenceSum);
  sizes[kWsWindows] = spe * sizeof(OccurrenceSum);
  const bool rep = sc.replenish.enabled != 0;
  sizes[kWsIdle] = rep ? slots * sizeof(int32_t) : 0;
  sizes[kWsNIdle] = rep ? shells * sizeof(int32_t) : 0;
  sizes[kWsFreeSlots] = rep ? slots * sizeof(int32_t) : 0;
  sizes[kWsNFree] = rep ? shells * sizeof(int32_t) : 0;
  sizes[kWsOrders] = rep ? size_t(sc.n_positions) * sizeof(Order) : 0;
  sizes[kWsOrderHead] = rep ? shells * sizeof(int32_t) : 0;
  sizes[kWsNOrders] = rep ? shells * sizeof(int32_t) : 0;
  sizes[kWsLaunchWords] = rep ? shells * sizeof(uint32_t) : 0;
  sizes[kWsLaunchesInYear] = rep ? size_t(sc.replenish.n_years) * sizeof(int32_t) : 0;
  WorkspaceLayout w;
  for (int i = 0; i < kWorkspaceArrays; ++i) {
    w.off[i] = w.bytes;
    w.bytes += align8(sizes[i]);
  }
  return w;
}

template <class T>
ORB_HD_INLINE Strided<T> ws_array(const WorkspaceLayout& w, unsigned char* base, int which,
                                  int64_t stride, int64_t lane) {
  return Strided<T>{reinterpret_cast<T*>(base + w.off[which] * stride) + lane, stride};
}

// Trial `lane` of `stride` interleaved trials sharing the slab at `base`.
ORB_HD_INLINE TrialWorkspace carve_workspace(const WorkspaceLayout& w, unsigned char* base,
                                             int64_t stride = 1, int64_t lane = 0) {
  TrialWorkspace ws;
  ws.sats = ws_array<SatState>(w, base, kWsSats, stride, lane);
  ws.loss_t = ws_array<double>(w, base, kWsLossT, stride, lane);
  ws.kills = ws_array<double>(w, base, kWsKills, stride, lane);
  ws.groups = ws_array<GroupState>(w, base, kWsGroups, stride, lane);
  ws.clouds_all = ws_array<CloudSum>(w, base, kWsCloudsAll, stride, lane);
  ws.clouds_catalogued = ws_array<CloudSum>(w, base, kWsCloudsCatalogued, stride, lane);
  ws.clouds = ws_array<Cloud>(w, base, kWsClouds, stride, lane);
  ws.manoeuvre_days = ws_array<double>(w, base, kWsManoeuvre, stride, lane);
  ws.heap_key = ws_array<double>(w, base, kWsHeapKey, stride, lane);
  ws.events = ws_array<CapacityEvent>(w, base, kWsEvents, stride, lane);
  ws.heap_id = ws_array<int32_t>(w, base, kWsHeapId, stride, lane);
  ws.heap_pos = ws_array<int32_t>(w, base, kWsHeapPos, stride, lane);
  ws.live = ws_array<int32_t>(w, base, kWsLive, stride, lane);
  ws.derelict = ws_array<int32_t>(w, base, kWsDerelict, stride, lane);
  ws.n_live = ws_array<int32_t>(w, base, kWsNLive, stride, lane);
  ws.n_derelict = ws_array<int32_t>(w, base, kWsNDerelict, stride, lane);
  ws.loss_cause = ws_array<uint8_t>(w, base, kWsLossCause, stride, lane);
  ws.record_ints = ws_array<int32_t>(w, base, kWsRecordInts, stride, lane);
  ws.record_dbls = ws_array<double>(w, base, kWsRecordDbls, stride, lane);
  ws.spe_events = ws_array<SpeEvent>(w, base, kWsSpeEvents, stride, lane);
  ws.spe_knots = ws_array<SpeKnot>(w, base, kWsSpeKnots, stride, lane);
  ws.spe_scratch = ws_array<double>(w, base, kWsSpeScratch, stride, lane);
  ws.piece_edges = ws_array<double>(w, base, kWsPieceEdges, stride, lane);
  ws.piece_bin = ws_array<int32_t>(w, base, kWsPieceBin, stride, lane);
  ws.piece_knot = ws_array<int32_t>(w, base, kWsPieceKnot, stride, lane);
  ws.piece_drop = ws_array<int32_t>(w, base, kWsPieceDrop, stride, lane);
  ws.piece_lost = ws_array<double>(w, base, kWsPieceLost, stride, lane);
  ws.bin_due = ws_array<double>(w, base, kWsBinDue, stride, lane);
  ws.bin_service = ws_array<double>(w, base, kWsBinService, stride, lane);
  ws.bin_piece = ws_array<int32_t>(w, base, kWsBinPiece, stride, lane);
  ws.chains = ws_array<OccurrenceSum>(w, base, kWsChains, stride, lane);
  ws.windows = ws_array<OccurrenceSum>(w, base, kWsWindows, stride, lane);
  ws.idle = ws_array<int32_t>(w, base, kWsIdle, stride, lane);
  ws.n_idle = ws_array<int32_t>(w, base, kWsNIdle, stride, lane);
  ws.free_slots = ws_array<int32_t>(w, base, kWsFreeSlots, stride, lane);
  ws.n_free = ws_array<int32_t>(w, base, kWsNFree, stride, lane);
  ws.orders = ws_array<Order>(w, base, kWsOrders, stride, lane);
  ws.order_head = ws_array<int32_t>(w, base, kWsOrderHead, stride, lane);
  ws.n_orders = ws_array<int32_t>(w, base, kWsNOrders, stride, lane);
  ws.launch_words = ws_array<uint32_t>(w, base, kWsLaunchWords, stride, lane);
  ws.launches_in_year = ws_array<int32_t>(w, base, kWsLaunchesInYear, stride, lane);
  return ws;
}

}  // namespace orb
