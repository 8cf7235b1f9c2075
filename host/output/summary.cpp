#include "host/output/summary.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include <algorithm>
#include <functional>
#include <tuple>

#include "kernels/workspace.hpp"
#include "host/scenario/analytic.hpp"
#include "host/scenario/replenishment_analytic.hpp"
#include "host/output/ep.hpp"
#include "kernels/losses.hpp"
#include "host/scenario/debris_analytic.hpp"
#include "host/scenario/radiation_analytic.hpp"
#include "host/text.hpp"
#include "kernels/causes.hpp"

namespace orb {

namespace {


// Bins whose ends are nearest each whole mission year.
std::vector<int> yearly_bins(const TallyShape& s) {
  std::vector<int> bins;
  double end = 0.0;
  std::vector<double> ends;
  for (double w : s.bin_width_days) ends.push_back(end += w);
  for (double y = 365.25; y <= s.mission_days + 1e-6; y += 365.25) {
    int best = 0;
    for (int b = 0; b < s.n_bins; ++b)
      if (std::fabs(ends[b] - y) < std::fabs(ends[best] - y)) best = b;
    bins.push_back(best);
  }
  if (bins.empty()) bins.push_back(s.n_bins - 1);
  return bins;
}

void row(std::ostream& os, const std::string& label, const std::vector<std::string>& cells) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "  %-36s", label.c_str());
  os << buf;
  for (const auto& c : cells) {
    std::snprintf(buf, sizeof buf, "%15s", c.c_str());
    os << buf;
  }
  os << "\n";
}

}  // namespace

void print_losses(std::ostream& os, const Config& cfg, const std::vector<double>& ylt) {
  const int years = cfg.policy_years();
  for (const auto& [name, agg, occ] : {std::tuple{"gross", kYltGrossAggregate, kYltGrossMax},
                                       std::tuple{"net", kYltNetAggregate, kYltNetMax}}) {
    std::vector<double> a, o;
    for (size_t r = 0; r < ylt.size(); r += kYltColumns) a.push_back(ylt[r + agg]), o.push_back(ylt[r + occ]);
    const LossMoments aal = average_loss(a);
    os << "  " << name << " losses: AAL $" << format_number("%.4g", aal.mean) << " +/- " << format_number("%.2g", aal.sem);
    if (a.size() >= 200) {
      std::sort(a.begin(), a.end(), std::greater<double>());
      std::sort(o.begin(), o.end(), std::greater<double>());
      os << ", 1-in-200 AEP $" << format_number("%.4g", ep_at(a, 200.0).loss) << " (TVaR " << format_number("%.4g", ep_at(a, 200.0).tvar)
         << "), OEP $" << format_number("%.4g", ep_at(o, 200.0).loss);
    }
    os << " (" << years << " policy years per trial)\n";
  }
}

void print_run_summary(std::ostream& os, const Config& cfg, const Tally& t, const RunStats& s,
                       const std::vector<double>& ylt) {
  const TallyShape& sh = t.shape;
  const auto bins = yearly_bins(sh);
  const double C0 = sh.capacity_total;
  double sats = 0;
  for (int n : sh.shell_satellites) sats += n;
  os << "\norbitrisk: " << t.trials << " trials on " << s.backend << " [" << s.device << "] in "
     << format_number("%.2f", s.seconds) << " s (" << format_number(s.trials_per_second < 10 ? "%.3g" : "%.0f", s.trials_per_second)
     << " trials/s)";
  if (s.reruns > 0)
    os << "; " << s.reruns << " trials ran again with more room (docs/architecture.md: room tiers)";
  os << "\n\n";
  std::vector<std::string> head, cap, p5, alive, full;
  for (int b : bins) {
    double end = 0;
    for (int i = 0; i <= b; ++i) end += sh.bin_width_days[i];
    head.push_back(format_number("t=%.2f y", end / 365.25));
    cap.push_back(format_number("%.4f", summarize(t.cap_snapshot[b], t.trials, kCountBits).mean / C0));
    p5.push_back(format_number("%.4f", histogram_percentile(t.cap_snapshot_hist.data() + size_t(b) * kFractionHistBins,
                                                kFractionHistBins, 0, 1, 0, 0.05)));
    alive.push_back(format_number("%.4f", summarize(t.alive_all[b], t.trials, kCountBits).mean / sats));
    full.push_back(format_number("%.4f", summarize(t.full_all[b], t.trials, kCountBits).mean / sats));
  }
  row(os, "", head);
  row(os, "capacity fraction (mean)", cap);
  row(os, "capacity fraction (5th percentile)", p5);
  row(os, "satellites alive (fraction)", alive);
  row(os, "satellites at full capacity", full);
  const Summary ma = summarize(t.mission_average, t.trials, kFractionBits);
  os << "\n  mission-average capacity: " << format_number("%.5f", ma.mean) << " +/- " << format_number("%.5f", ma.sem)
     << " (std over trials " << format_number("%.5f", ma.std) << ")\n";
  os << "  satellites lost per trial:";
  for (int c = 0; c < kSatCauseCount; ++c)
    os << "  " << kSatelliteCauseNames[c] << " "
       << format_number("%.3f", summarize(t.sat_loss[c], t.trials, kCountBits).mean);
  if (cfg.radiation.enabled) {
    const Summary av = summarize(t.mission_availability, t.trials, kFractionBits);
    os << "\n  mission-average availability: " << format_number("%.5f", av.mean) << " +/- " << format_number("%.5f", av.sem)
       << "; solar particle events per trial " << format_number("%.2f", summarize(t.spe_count, t.trials, kCountBits).mean)
       << "; DUE per trial " << format_number("%.4g", summarize(t.radiation_counts[kDue], t.trials, kCountBits).mean);
  }
  os << "\n  GPUs lost per trial (satellite alive):";
  for (int c = 0; c < kGpuCauseCount; ++c)
    os << "  " << kGpuCauseNames[c] << " "
       << format_number("%.1f", summarize(t.gpu_loss[c], t.trials, kCountBits).mean);
  os << "\n";
  if (cfg.debris.enabled) {
    int64_t any = t.trials - t.breakups_hist[0];
    os << "  debris per trial: collisions " << format_number("%.3f", summarize(t.debris_counts[kCollisions], t.trials, kCountBits).mean)
       << ", breakups " << format_number("%.4f", summarize(t.breakups, t.trials, kCountBits).mean) << " (P(>=1) "
       << format_number("%.4f", static_cast<double>(any) / t.trials) << "), manoeuvres "
       << format_number("%.0f", summarize(t.manoeuvres_all, t.trials, kCountBits).mean) << "\n";
  }
  if (cfg.losses.enabled) print_losses(os, cfg, ylt);
  if (cfg.replenishment.enabled) {
    const auto count = [&](int k) { return summarize(t.replenish[k], t.trials, kCountBits).mean; };
    int64_t refilled = 0;
    for (int i = 0; i < kRestoreBins; ++i) refilled += t.restore_hist[i];
    const double wait = refilled ? summarize(t.restore_days, t.trials, kDaysBits).mean * t.trials / refilled : 0.0;
    os << "  replenishment per trial: launches " << format_number("%.2f", count(kLaunches)) << " (failed "
       << format_number("%.2f", count(kLaunchFailures)) << "), spares used " << format_number("%.2f", count(kSparesUsed)) << ", replacements "
       << format_number("%.2f", count(kReplacements)) << ", cost $" << format_number("%.4g", summarize(t.replacement_cost_all, t.trials, kUsdBits).mean)
       << "; refills wait " << format_number("%.1f", wait) << " days on average, "
       << format_number("%.2f", static_cast<double>(t.restore_hist[kRestoreBins]) / t.trials) << " positions empty at the end\n";
  }
  for (int j = 0; j < sh.n_thresholds; ++j) {
    const double p = static_cast<double>(t.crossed[j]) / t.trials;
    const double med = histogram_percentile(t.crossing_hist.data() + size_t(j) * kTimeHistBins, kTimeHistBins,
                                            0, sh.mission_days, t.trials - t.crossed[j], 0.5);
    os << "  capacity < " << format_number("%.2f", cfg.output.capacity_thresholds[j]) << ": P(in mission) "
       << format_number("%.4f", p) << ", median time "
       << (std::isfinite(med) ? format_number("%.2f y", med / 365.25) : std::string("beyond mission")) << "\n";
  }
}

void print_debris_validation(std::ostream& os, const Config& cfg) {
  const auto outlook = debris_outlook(cfg);
  os << "\ndebris, per shell (background at t = 0; one breakup of a satellite of the shell at t = 0, "
        "first generation, over the mission):\n";
  row(os, "shell", {"dmg hits/yr", "lethal hits/yr", "cat. hits/yr", "frag >=10cm", "frag >=1cm",
                    "frag >=3mm", "kills/breakup", "R0 live", "R0 +derelicts"});
  double worst = 0.0;
  for (size_t i = 0; i < cfg.shells.size(); ++i) {
    const auto& o = outlook[i];
    const double n = cfg.shells[i].satellites;
    const BreakupOutlook& b = o.breakup;
    row(os, cfg.shells[i].name,
        {format_number("%.4g", n * o.hits_per_satellite_year[0]), format_number("%.4g", n * o.hits_per_satellite_year[1]),
         format_number("%.4g", n * o.hits_per_satellite_year[2]), format_number("%.0f", b.fragments[2]),
         format_number("%.0f", b.fragments[1] + b.fragments[2]), format_number("%.0f", b.fragments[0]), format_number("%.3f", b.kills),
         format_number("%.4g", b.r0_live), format_number("%.4g", b.r0_derelicts)});
    worst = std::max({worst, b.r0_live, b.r0_derelicts});
  }
  os << "(hits per year for the whole shell, live satellites, catastrophic after avoidance; a breakup's "
        "kills count lethal and catastrophic hits on every shell)\n";
  if (worst > 1.0)
    os << "\nWARNING: R0 exceeds 1 for at least one shell (" << format_number("%.3g", worst)
       << "): one breakup is expected to cause more than one follow-on breakup (a self-sustaining cascade); "
          "trials with thousands of breakups are likely\n";
  else if (worst > kR0WarnLevel)
    os << "\nWARNING: R0 is " << format_number("%.3g", worst) << " for at least one shell, approaching "
          "criticality (1): each breakup is expected to cause " << format_number("%.2g", worst)
       << " more, so a chain of breakups has on average " << format_number("%.3g", 1.0 / (1.0 - worst))
       << " of them, with a heavy tail\n";
}

void print_radiation_validation(std::ostream& os, const Config& cfg, const ScenarioData& sc) {
  const auto outlook = radiation_outlook(sc);
  os << "\nradiation, per shell (per in-service GPU, no solar particle events; dose behind the class's "
        "shielding):\n";
  row(os, "shell", {"DUE/GPU-day", "corrected/day", "unavailable", "dose end rad", "past tolerance", "SEL/GPU"});
  for (size_t i = 0; i < cfg.shells.size(); ++i) {
    const auto& o = outlook[i];
    row(os, cfg.shells[i].name,
        {format_number("%.4g", o.due_per_gpu_day), format_number("%.4g", o.corrected_per_gpu_day), format_number("%.3g%%", 100 * o.unavailability),
         format_number("%.4g", o.dose_end_rad), format_number("%.3g", o.past_tolerance), format_number("%.4g", o.sel_per_gpu)});
  }
  const SpeOutlook spe = spe_outlook(sc);
  if (cfg.radiation.spe.enabled)
    os << "solar particle events expected over the mission: " << format_number("%.2f", spe.events) << " (>= S2 "
       << format_number("%.2f", spe.at_least_level[1]) << ", >= S3 " << format_number("%.2f", spe.at_least_level[2]) << ", >= S4 "
       << format_number("%.3f", spe.at_least_level[3]) << ", >= S5 " << format_number("%.3f", spe.at_least_level[4]) << ")\n";
}

void print_validation(std::ostream& os, const Config& cfg, const ScenarioData& sc) {
  os << "configuration: " << cfg.shells.size() << " shells, " << cfg.total_satellites()
     << " satellites, " << cfg.capacity_total() << " GPUs of capacity (sum of K), "
     << format_number("%.2f", cfg.mission.years) << " years in " << cfg.n_bins() << " bins of "
     << format_number("%.4f", cfg.output.bin_days) << " days\n";
  const size_t bytes = sc.workspace_bytes();
  os << "per-trial memory: " << format_number("%.1f", bytes / 1048576.0) << " MiB ("
     << format_number("%.0f", static_cast<double>(bytes) / std::max<long>(1, cfg.total_satellites()))
     << " bytes per satellite)";
  std::vector<std::pair<size_t, std::string>> arrays;
  for_each_workspace_array(workspace_layout(sc.dims, sc.layout), [&](const char* name, size_t b) {
    if (b * 20 >= bytes) arrays.emplace_back(b, name);
  });
  std::sort(arrays.rbegin(), arrays.rend());
  for (size_t i = 0; i < arrays.size(); ++i)
    os << (i == 0 ? ", mostly " : ", ") << arrays[i].second << " "
       << format_number("%.0f%%", 100.0 * static_cast<double>(arrays[i].first) / static_cast<double>(bytes));
  os << "\n";
  std::vector<AttritionOutlook> per_shell;
  for (const auto& s : cfg.shells)
    per_shell.push_back(attrition_outlook(cfg.classes[s.class_index], cfg.mission_days()));
  os << "\nexpected losses per year, whole constellation (no sampling):\n";
  row(os, "year", {"bus", "gpu_attrition", "GPUs lost", "capacity", "alive"});
  const size_t years = per_shell.front().period_end_days.size();
  for (size_t y = 0; y < years; ++y) {
    double bus = 0, gpu_sat = 0, gpus = 0, cap = 0, alive = 0;
    for (size_t s = 0; s < cfg.shells.size(); ++s) {
      const double n = cfg.shells[s].satellites;
      const double K = cfg.classes[cfg.shells[s].class_index].gpus_required;
      bus += n * per_shell[s].bus_losses[y];
      gpu_sat += n * per_shell[s].gpu_attrition_losses[y];
      gpus += n * per_shell[s].gpu_losses[y];
      cap += n * K * per_shell[s].capacity_fraction[y];
      alive += n * per_shell[s].alive_probability[y];
    }
    // sums of probability differences can round to -0.000
    row(os, format_number("%.2f", per_shell.front().period_end_days[y] / 365.25),
        {format_number("%.3f", std::max(bus, 0.0)), format_number("%.3f", std::max(gpu_sat, 0.0)), format_number("%.1f", std::max(gpus, 0.0)),
         format_number("%.4f", cap / cfg.capacity_total()), format_number("%.4f", alive / cfg.total_satellites())});
  }
  os << "\n(capacity: expected capacity fraction at the year's end; alive: expected fraction of "
        "satellites alive; attrition only)\n";
  if (cfg.debris.enabled) print_debris_validation(os, cfg);
  if (cfg.radiation.enabled) print_radiation_validation(os, cfg, sc);
  if (cfg.replenishment.enabled) print_replenishment_validation(os, cfg, sc);
}

}  // namespace orb
