// Calls from the constellation layer (constellation.hpp: who is in orbit, who leaves) into the
// processes that care, resolved at compile time: each is declared here and defined in its
// process's file, all of which pipeline.hpp includes. A new process adds its hook here and a
// call in constellation.hpp; nothing is dispatched at run time.
#pragma once

#include "hd.hpp"
#include "satellite.hpp"

namespace orb {

struct TrialContext;

// gpu_damage.hpp: debris kills not yet applied to the satellite's timeline are applied now
// (exactly, as if at each hit), checked against the bounds they were decided with; `now` is
// the current event time. Returns false (and flags the trial for an exact rerun) when a check
// fails.
ORB_HD_INLINE bool materialize_deferred(const TrialContext& c, int slot, SatState& s, double now);

// debris_process.hpp: a live satellite left the constellation at t; its remains dispose,
// stay as a derelict or are gone (`fate`, resolved here). Returns the final SatStatus.
ORB_HD_INLINE int debris_satellite_left(const TrialContext& c, int slot, const SatState& s, double t, int fate);
// debris_process.hpp: a satellite joined its shell's live groups at t.
ORB_HD_INLINE void debris_satellite_joined(const TrialContext& c, int shell, double t);

// replenishment.hpp: a satellite left; its slot may be free and its position vacant.
// `held`: it was holding a position.
ORB_HD_INLINE void replenish_satellite_left(const TrialContext& c, int slot, const SatState& s, double t, bool held);
// replenishment.hpp: a slot of `shell` has no satellite any more (a derelict re-entered or broke up).
ORB_HD_INLINE void replenish_slot_freed(const TrialContext& c, int shell, int slot);

}  // namespace orb
