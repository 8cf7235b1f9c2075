// Per-trial working memory, carved from one preallocated slab (per CPU thread, or per
// in-flight trial on the GPU): nothing on the per-trial path allocates. Sizes depend only on
// the scenario, and bound the worst case (every object broken up), so nothing can overflow.
#pragma once

#include "debris.hpp"
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
  int32_t pad_;
};

// Event sources, in tie-break order: bin edges first so a snapshot at t sees the state before
// events at t.
enum SourceId : int32_t { kSourceBinEdge = 0, kSourceForced = 1, kSourceCatalogue = 2, kSourceFixed = 3 };

ORB_HD_INLINE int32_t group_source(int shell, int kind) { return kSourceFixed + shell * kGroupKinds + kind; }
ORB_HD_INLINE int32_t sat_source(const ScenarioView& sc, int slot) {
  return kSourceFixed + sc.n_shells * kGroupKinds + slot;
}
ORB_HD_INLINE int32_t n_sources(const ScenarioView& sc) { return sat_source(sc, sc.n_slots); }

struct TrialWorkspace {
  SatState* sats;            // [slot]
  double* loss_t;            // [timeline entry] GPU-loss times, per-satellite blocks of G
  double* kills;             // [max_gpus] scratch for rebuilding one timeline
  GroupState* groups;        // [shell][kind]
  CloudSum* clouds_all;      // [cell][DebrisClass]: every cloud's fragments
  CloudSum* clouds_catalogued;  // [cell]: catastrophic fragments once catalogued
  Cloud* clouds;             // [max_clouds] in breakup order
  double* manoeuvre_days;    // [shell] Σ over live satellites of the catalogued-flux ratio integral
  double* heap_key;          // [n_sources]
  CapacityEvent* events;     // [max_events]
  int32_t* heap_id;          // [n_sources]
  int32_t* heap_pos;         // [n_sources]
  int32_t* live;             // [slot] live satellites, in per-shell blocks
  int32_t* derelict;         // [slot] derelicts, in per-shell blocks
  int32_t* n_live;           // [shell]
  int32_t* n_derelict;       // [shell]
  uint8_t* loss_cause;       // [timeline entry] GpuCause of each loss
};

// Bytes of one trial's workspace; carve() lays it out in that many bytes.
constexpr int kWorkspaceArrays = 18;

struct WorkspaceLayout {
  size_t bytes = 0;
  size_t off[kWorkspaceArrays] = {};
};

ORB_HD_INLINE size_t align8(size_t n) { return (n + 7) & ~size_t{7}; }

ORB_HD_INLINE WorkspaceLayout workspace_layout(const ScenarioView& sc) {
  const size_t slots = sc.n_slots, shells = sc.n_shells, cells = sc.debris.n_cells;
  const size_t entries = sc.timeline_entries;
  const size_t sizes[kWorkspaceArrays] = {
      slots * sizeof(SatState),  shells * kGroupKinds * sizeof(GroupState),
      cells * kDebrisClassCount * sizeof(CloudSum), cells * sizeof(CloudSum),
      size_t(sc.max_clouds) * sizeof(Cloud), shells * sizeof(double),
      size_t(n_sources(sc)) * sizeof(double), size_t(sc.max_events) * sizeof(CapacityEvent),
      size_t(n_sources(sc)) * sizeof(int32_t), size_t(n_sources(sc)) * sizeof(int32_t),
      slots * sizeof(int32_t), slots * sizeof(int32_t), shells * sizeof(int32_t),
      shells * sizeof(int32_t), entries * sizeof(double), size_t(sc.max_gpus) * sizeof(double),
      entries * sizeof(uint8_t), 0};
  WorkspaceLayout w;
  for (int i = 0; i < kWorkspaceArrays; ++i) {
    w.off[i] = w.bytes;
    w.bytes += align8(sizes[i]);
  }
  return w;
}

ORB_HD_INLINE TrialWorkspace carve_workspace(const WorkspaceLayout& w, unsigned char* base) {
  TrialWorkspace ws;
  ws.sats = reinterpret_cast<SatState*>(base + w.off[0]);
  ws.groups = reinterpret_cast<GroupState*>(base + w.off[1]);
  ws.clouds_all = reinterpret_cast<CloudSum*>(base + w.off[2]);
  ws.clouds_catalogued = reinterpret_cast<CloudSum*>(base + w.off[3]);
  ws.clouds = reinterpret_cast<Cloud*>(base + w.off[4]);
  ws.manoeuvre_days = reinterpret_cast<double*>(base + w.off[5]);
  ws.heap_key = reinterpret_cast<double*>(base + w.off[6]);
  ws.events = reinterpret_cast<CapacityEvent*>(base + w.off[7]);
  ws.heap_id = reinterpret_cast<int32_t*>(base + w.off[8]);
  ws.heap_pos = reinterpret_cast<int32_t*>(base + w.off[9]);
  ws.live = reinterpret_cast<int32_t*>(base + w.off[10]);
  ws.derelict = reinterpret_cast<int32_t*>(base + w.off[11]);
  ws.n_live = reinterpret_cast<int32_t*>(base + w.off[12]);
  ws.n_derelict = reinterpret_cast<int32_t*>(base + w.off[13]);
  ws.loss_t = reinterpret_cast<double*>(base + w.off[14]);
  ws.kills = reinterpret_cast<double*>(base + w.off[15]);
  ws.loss_cause = reinterpret_cast<uint8_t*>(base + w.off[16]);
  return ws;
}

}  // namespace orb
