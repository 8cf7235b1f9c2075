// Config -> Scenario: the flat, device-friendly tables the trial code reads (units converted
// to days, names resolved to indices). Built once per run and shared by every backend.
#pragma once

#include <cstdint>
#include <vector>

#include "../kernels/record.hpp"
#include "../kernels/scenario.hpp"
#include "config.hpp"

namespace orb {

struct ScenarioData {
  std::vector<ShellParams> shells;
  std::vector<ClassParams> classes;
  std::vector<SubsystemParams> subsystems;
  std::vector<double> threshold_levels;
  ScenarioView dims{};  // scalar part; pointers are filled in by view()
  RecordLayout layout{};

  // A view whose pointers refer to this object's host vectors.
  ScenarioView view() const;
  // Bin edges (days), n_bins + 1 of them.
  std::vector<double> bin_edges() const;
};

ScenarioData build_scenario(const Config& cfg, uint64_t seed);

}  // namespace orb
