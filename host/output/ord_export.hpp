// `orbitrisk export OUT.h5 --ord DIR`: Open Results Data CSV tables (EPT, PSEPT, ALT) from a
// result file, ground-up (gul) and insured (il), summary set 1 = the whole constellation.
#pragma once

#include <string>
#include <vector>

namespace orb {

// Writes the files and returns their paths. Throws std::runtime_error naming the file and what
// is wrong (not an orbitrisk result, no /losses group, unwritable directory).
std::vector<std::string> export_ord(const std::string& result_file, const std::string& directory);

}  // namespace orb
