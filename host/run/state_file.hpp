// A run state in HDF5: exact tallies under /tallies of a result file, and the whole state
// (tallies, year loss table, kept rows, progress) in checkpoints.
#pragma once

#include <hdf5.h>

#include <string>

#include "host/run/run_state.hpp"

namespace orb {

void write_tallies(hid_t group, const Tally& t);
void read_tallies(hid_t group, Tally& t, const std::string& file);
void write_state(hid_t group, const RunState& s);
RunState read_state(hid_t group, const TallyShape& shape, const std::string& file);

}  // namespace orb
