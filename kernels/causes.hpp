// Loss causes as reported. Adding a fault family means adding its causes here (and their
// names); record layouts and HDF5 outputs size themselves from the counts.
#pragma once

namespace orb {

enum SatelliteCause : int { kSatBus = 0, kSatGpuAttrition = 1, kSatCauseCount = 2 };
enum GpuCause : int { kGpuAttrition = 0, kGpuCauseCount = 1 };

inline constexpr const char* kSatelliteCauseNames[kSatCauseCount] = {"bus", "gpu_attrition"};
inline constexpr const char* kGpuCauseNames[kGpuCauseCount] = {"attrition"};

}  // namespace orb
