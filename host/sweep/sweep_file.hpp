// The sweep result file (layout in docs/output.md, "Sweep files"), written atomically like a
// run's result file.
#pragma once

#include <string>

#include "host/sweep/sweep_run.hpp"

namespace orb {

void write_sweep(const std::string& path, bool force, const SweepSpec& spec, const SweepResult& r);

}  // namespace orb
