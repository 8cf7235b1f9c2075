#include "host/sweep/sweep_outputs.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <stdexcept>

#include "kernels/causes.hpp"
#include "kernels/losses.hpp"
#include "host/output/ep.hpp"

namespace orb {

namespace {

enum What {
  kMissionCapacity, kMissionAvailability, kCapacityAtEnd, kBelowAtEnd, kSatellitesLost, kBreakups, kAal, kVar995,
  kIshigamiY
};

const char* kCatalogue =
    "mission_average_capacity, mission_average_availability, capacity_at_end, "
    "p_capacity_below_<fraction>_at_end (e.g. p_capacity_below_0.75_at_end), satellites_lost, breakups, "
    "aal_gross, aal_net, var_995_gross, var_995_net";

OutputDef def(const std::string& name, int what, std::string units, std::string long_name, bool per_trial = true,
              double level = 0.0) {
  OutputDef d;
  d.name = name, d.what = what, d.units = std::move(units), d.long_name = std::move(long_name);
  d.per_trial = per_trial, d.level = level;
  return d;
}

int loss_column(double level) { return level == 0.0 ? kYltGrossAggregate : kYltNetAggregate; }

std::vector<double> aggregate_periods(const RunState& s, int column) {
  std::vector<double> out;
  for (size_t r = column; r < s.ylt.size(); r += kYltColumns) out.push_back(s.ylt[r]);
  return out;
}

}  // namespace

OutputDef parse_output(const std::string& name, Model model) {
  if (model == Model::kIshigami) {
    if (name == "y") return def(name, kIshigamiY, "1", "Ishigami function value");
    throw std::invalid_argument("unknown output '" + name + "' for the ishigami model (it has one output: y)");
  }
  if (name == "mission_average_capacity")
    return def(name, kMissionCapacity, "1", "mean over trials of the mission-average capacity fraction");
  if (name == "mission_average_availability")
    return def(name, kMissionAvailability, "1", "mean over trials of the mission-average availability");
  if (name == "capacity_at_end") return def(name, kCapacityAtEnd, "1", "mean capacity fraction at the end of the mission");
  if (name == "satellites_lost") return def(name, kSatellitesLost, "satellites", "satellites lost per trial, all causes");
  if (name == "breakups") return def(name, kBreakups, "breakups", "breakups per trial");
  if (name == "aal_gross" || name == "aal_net")
    return def(name, kAal, "USD", std::string("average annual ") + (name == "aal_gross" ? "ground-up" : "insured (net)") + " loss",
               true, name == "aal_gross" ? 0.0 : 1.0);
  if (name == "var_995_gross" || name == "var_995_net")
    return def(name, kVar995, "USD", std::string("1-in-200 annual aggregate ") + (name == "var_995_gross" ? "ground-up" : "net") +
               " loss (AEP, Oasis interpolation)", false, name == "var_995_gross" ? 0.0 : 1.0);
  const std::string pre = "p_capacity_below_", post = "_at_end";
  if (name.rfind(pre, 0) == 0 && name.size() > pre.size() + post.size() &&
      name.compare(name.size() - post.size(), post.size(), post) == 0) {
    const std::string num = name.substr(pre.size(), name.size() - pre.size() - post.size());
    char* end = nullptr;
    const double x = std::strtod(num.c_str(), &end);
    if (end && *end == '\0' && x > 0.0 && x <= 1.0)
      return def(name, kBelowAtEnd, "1", "probability that capacity at the end of the mission is below " + num, true, x);
    throw std::invalid_argument("output '" + name + "': the fraction must be a number in (0, 1]");
  }
  throw std::invalid_argument("unknown output '" + name + "' (one of: " + kCatalogue + ")");
}

std::vector<double> per_trial_values(const OutputDef& d, const RunState& s, int years) {
  const KeptTrials& k = s.kept;
  switch (d.what) {
    case kMissionCapacity: return k.column("mission_average_capacity");
    case kMissionAvailability: return k.column("mission_average_availability");
    case kCapacityAtEnd: return k.column("capacity_at_end");
    case kBelowAtEnd: {
      std::vector<double> out;
      for (double c : k.column("capacity_at_end")) out.push_back(c < d.level ? 1.0 : 0.0);
      return out;
    }
    case kSatellitesLost: {
      const auto& col = k.column("satellite_losses");
      std::vector<double> out;
      for (size_t r = 0; r + kSatCauseCount <= col.size(); r += kSatCauseCount) {
        double sum = 0.0;
        for (int c = 0; c < kSatCauseCount; ++c) sum += col[r + c];
        out.push_back(sum);
      }
      return out;
    }
    case kBreakups: {  // as TrialSummary::breakups(): on live satellites and on derelicts
      const auto& col = k.column("debris_counts");
      std::vector<double> out;
      for (size_t r = 0; r + kDebrisCountCount <= col.size(); r += kDebrisCountCount)
        out.push_back(col[r + kBreakupsLive] + col[r + kBreakupsDerelict]);
      return out;
    }
    case kAal: {
      const auto periods = aggregate_periods(s, loss_column(d.level));
      std::vector<double> out;
      for (size_t t = 0; t + years <= periods.size(); t += years) {
        double sum = 0.0;
        for (int y = 0; y < years; ++y) sum += periods[t + y];
        out.push_back(sum / years);
      }
      return out;
    }
    default: throw std::logic_error("output " + d.name + " has no per-trial values");
  }
}

Estimate mean_and_sem(const std::vector<double>& x) {
  Estimate e;
  if (x.empty()) return e;
  long double sum = 0.0L;
  for (double v : x) sum += v;
  e.value = static_cast<double>(sum / x.size());
  if (x.size() > 1) {
    long double ss = 0.0L;
    for (double v : x) ss += (v - e.value) * (v - e.value);
    e.sem = static_cast<double>(std::sqrt(ss / (x.size() - 1) / x.size()));
  }
  return e;
}

std::vector<double> period_losses(const OutputDef& d, const RunState& s) {
  return aggregate_periods(s, loss_column(d.level));
}

// 1-in-200 AEP from ranked period losses (0 with fewer than 200 periods).
double quantile_of_periods(const OutputDef&, std::vector<double> periods) {
  if (periods.size() < 200) return 0.0;
  std::sort(periods.begin(), periods.end(), std::greater<>());
  return ep_at(periods, 200.0).loss;
}

Estimate estimate(const OutputDef& d, const RunState& s, int years, uint64_t seed, int bootstrap) {
  if (d.per_trial) return mean_and_sem(per_trial_values(d, s, years));
  // its standard error from the bootstrap interval's width (whole trials resampled), as a
  // normal-equivalent sigma
  const auto periods = period_losses(d, s);
  Estimate e;
  e.value = quantile_of_periods(d, periods);
  if (periods.size() >= 200) {
    const Interval iv = bootstrap_return_period(periods, years, 200.0, std::max(50, bootstrap / 10), seed);
    e.sem = (iv.hi - iv.lo) / (2.0 * 1.959963984540054);
  }
  return e;
}

}  // namespace orb
