// `orbitrisk sweep SPEC.toml -o OUT.h5`: a sensitivity study, printed and written to HDF5.
#pragma once

#include <string>

namespace orb {

struct SweepArgs {
  std::string spec, output, backend = "auto", devices = "all";
  int threads = 0;
  bool force = false, progress = false;
  bool plan = false;  // print the design's size and exit without running it
};

int sweep_command(const SweepArgs& args);

}  // namespace orb
