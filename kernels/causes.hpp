// Loss causes as reported. Adding a fault family means adding its causes here (and their
// names); record layouts and HDF5 outputs size themselves from the counts.
#pragma once

#include "hd.hpp"

namespace orb {

enum SatelliteCause : int {
  kSatBus = 0, kSatGpuAttrition = 1, kSatDebris = 2, kSatTid = 3, kSatSel = 4, kSatForced = 5, kSatCauseCount = 6
};
enum GpuCause : int { kGpuAttrition = 0, kGpuDebrisDamage = 1, kGpuTid = 2, kGpuSel = 3, kGpuCauseCount = 4 };

inline constexpr const char* kSatelliteCauseNames[kSatCauseCount] = {"bus", "gpu_attrition", "debris", "tid", "sel",
                                                                                 "forced"};
inline constexpr const char* kGpuCauseNames[kGpuCauseCount] = {"attrition", "debris_damage", "tid", "sel"};

// Per-trial counts of transient radiation effects on in-service GPUs (record radiation_counts).
enum RadiationCount : int { kDue = 0, kSdc = 1, kCorrected = 2, kRadiationCountCount = 3 };
inline constexpr const char* kRadiationCountNames[kRadiationCountCount] = {
    "detected_uncorrectable", "silent_data_corruption", "corrected_upsets"};

// The satellite cause when a GPU loss of this cause takes the working GPUs below
// min_gpus_operating (MODEL.md section 1).
ORB_HD constexpr int satellite_cause_of_gpu_loss(int gpu_cause) {
  return gpu_cause == kGpuTid ? kSatTid : (gpu_cause == kGpuSel ? kSatSel : kSatGpuAttrition);
}

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
