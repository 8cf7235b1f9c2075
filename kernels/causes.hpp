// Loss causes as reported. Adding a fault family means adding its causes here (and their
// names); record layouts and HDF5 outputs size themselves from the counts.
#pragma once

namespace orb {

enum SatelliteCause : int { kSatBus = 0, kSatGpuAttrition = 1, kSatDebris = 2, kSatCauseCount = 3 };
enum GpuCause : int { kGpuAttrition = 0, kGpuDebrisDamage = 1, kGpuCauseCount = 2 };

inline constexpr const char* kSatelliteCauseNames[kSatCauseCount] = {"bus", "gpu_attrition", "debris"};
inline constexpr const char* kGpuCauseNames[kGpuCauseCount] = {"attrition", "debris_damage"};

// Per-trial debris event counts (record field debris_counts).
enum DebrisCount : int {
  kCollisions = 0,          // lethal and catastrophic hits on live satellites and derelicts
  kBreakupsLive = 1,        // catastrophic hits on live satellites
  kBreakupsDerelict = 2,    // catastrophic hits on derelicts
  kBreakupsByFragments = 3, // of those, caused by fragments rather than background objects
  kBreakupsForced = 4,      // breakups imposed by the config
  kDebrisCountCount = 5
};
inline constexpr const char* kDebrisCountNames[kDebrisCountCount] = {
    "collisions", "breakups_live", "breakups_derelict", "breakups_by_fragments", "breakups_forced"};

}  // namespace orb
