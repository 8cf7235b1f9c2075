// Deterministic (no sampling) figures of the attrition model for `orbitrisk validate`:
// expected losses per year by cause and expected capacity, by Stieltjes quadrature over the
// closed-form bus, GPU and terminal distributions.
#pragma once

#include <vector>

#include "host/config/config.hpp"

namespace orb {

struct AttritionOutlook {
  std::vector<double> period_end_days;    // ends of the reporting periods (years)
  std::vector<double> bus_losses;         // per satellite, expected, in the period
  std::vector<double> gpu_attrition_losses;
  std::vector<double> gpu_losses;         // GPUs lost while the satellite is alive
  std::vector<double> capacity_fraction;  // E[capacity] / K at the period end
  std::vector<double> alive_probability;  // at the period end
};

// Per satellite of class `c`, over [0, mission_days] in periods of `period_days`.
AttritionOutlook attrition_outlook(const ClassConfig& c, double mission_days,
                                   double period_days = 365.25);

// Closed-form pieces, also used by the outlook.
double bus_survival(const ClassConfig& c, double t_days);
double gpu_survival(const ClassConfig& c, double t_days);
double connected_probability(const ClassConfig& c, double t_days);
// P(the satellite is not lost to its bus or GPUs by t).
double satellite_survival(const ClassConfig& c, double t_days);
// P(X >= k) for X ~ Binomial(n, p).
double binomial_tail(int n, double p, int k);
std::vector<double> binomial_pmf(int n, double p);

}  // namespace orb
