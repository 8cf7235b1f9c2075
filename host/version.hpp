// Build identity, stored in every result file.
#pragma once

namespace orb {
const char* orbitrisk_version();
const char* orbitrisk_git_sha();
constexpr const char* kFormatVersion = "1.0";
}  // namespace orb
