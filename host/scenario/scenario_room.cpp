// Tier-0 room of a trial's elastic buffers, from expected counts (kernels/record.hpp,
// kTrialNeedsRoom): capacity events from each shell's expected GPU losses, fragment clouds
// from the expected breakups and the cascade they start. Generous margins keep reruns to the
// rare trials (a great solar particle event killing many GPUs at once, a long breakup chain).
// Only closed forms: this runs for every scenario (and every sweep point).
#include <algorithm>
#include <cmath>
#include <limits>

#include "host/scenario/analytic.hpp"
#include "host/scenario/debris_analytic.hpp"
#include "host/scenario/radiation_analytic.hpp"
#include "host/scenario/scenario.hpp"

namespace orb {

namespace {

constexpr double kRoomGrowth = 16.0;  // each tier has this much more room than the one before

// Expected capacity events of one satellite with G GPUs, K required and an expected `losses`
// GPU losses over the mission: a loss changes capacity once fewer than K work, so with L losses
// (binomial, GPUs being alike) there are max(0, L - (G - K)) such changes, plus the satellite's
// loss, a disconnection and a refill.
double expected_events(int G, int K, double losses) {
  const double p = std::clamp(losses / G, 0.0, 1.0);
  const std::vector<double> pmf = binomial_pmf(G, p);
  double e = 0.0;
  for (int l = G - K + 1; l <= G; ++l) e += pmf[l] * (l - (G - K));
  return e + 3.0;
}

}  // namespace

std::vector<Room> room_tiers(const Config& cfg, const ScenarioData& sd, Room worst) {
  const double years = cfg.mission_days() / kDaysPerYear;
  std::vector<double> damage_hits(cfg.shells.size(), 0.0), catastrophic(cfg.shells.size(), 0.0);
  double r0 = 0.0;
  if (cfg.debris.enabled) {
    const auto outlook = debris_outlook(cfg, false);
    for (size_t s = 0; s < cfg.shells.size(); ++s) {
      damage_hits[s] = outlook[s].hits_per_satellite_year[0] * years;
      catastrophic[s] = outlook[s].hits_per_satellite_year[2] * years * cfg.shells[s].satellites;
      r0 = std::max(r0, outlook[s].breakup.r0_live);
    }
  }
  std::vector<ShellRadiationOutlook> radiation;
  if (cfg.radiation.enabled) radiation = radiation_outlook(sd);
  double events = 0.0, breakups = static_cast<double>(cfg.debris.forced_breakups.size());
  for (size_t s = 0; s < cfg.shells.size(); ++s) {
    const ClassConfig& c = cfg.classes[cfg.shells[s].class_index];
    // wear-out as if the bus never failed: an upper bound, in closed form
    double losses = damage_hits[s] + c.gpus * (1.0 - gpu_survival(c, cfg.mission_days()));
    if (!radiation.empty()) losses += c.gpus * (radiation[s].past_tolerance + radiation[s].sel_per_gpu);
    const double satellites = cfg.shells[s].satellites + cfg.shells[s].spare_satellites;
    events += satellites * expected_events(c.gpus, c.gpus_required, losses);
    breakups += catastrophic[s];
  }
  events += static_cast<double>(sd.dims.replenish.max_replacements) * 3.0;
  // A chain of breakups has 1 / (1 - R0) of them on average; from R0 = 1 a cascade can take
  // every object (the worst case), and close to it expect far more than the mean.
  // Without clouds breakups breed none; without second generation each breeds R0 at most.
  if (!cfg.debris.fragments) r0 = 0.0;
  else if (!cfg.debris.second_generation) breakups *= 1.0 + r0, r0 = 0.0;
  if (r0 >= 1.0) breakups = std::numeric_limits<double>::infinity();
  else breakups *= r0 < 0.9 ? 1.0 / (1.0 - r0) : kRoomGrowth * kRoomGrowth;
  // Survivors' capacity events go to the pool, the others' (a minority) to the loop's room.
  const double slots = static_cast<double>(sd.dims.n_slots);
  const auto room = [](double mean, int32_t bound) {
    const double r = 2.5 * mean + 6.0 * std::sqrt(mean) + 1024.0;
    return static_cast<int32_t>(std::min<double>(bound, std::ceil(r)));
  };
  const auto per_slot = [&](int32_t bound) {
    return static_cast<int32_t>(std::min<double>(bound, std::ceil(2.5 * events / slots + 2.0)));
  };
  const auto clouds = [](double mean, int32_t bound) {
    const double r = 4.0 * mean + 10.0 * std::sqrt(mean) + 64.0;
    return static_cast<int32_t>(std::min<double>(bound, std::ceil(r)));
  };
  const auto grown = [](int32_t r, int32_t bound) {
    return static_cast<int32_t>(std::min<double>(bound, std::ceil(r * kRoomGrowth)));
  };
  // In a cascade most satellites may leave during the event loop, each with its capacity events.
  const int32_t loop_room = r0 >= 1.0 ? worst.max_events : room(0.3 * events, worst.max_events);
  std::vector<Room> tiers{Room{loop_room, per_slot(worst.events_per_slot),
                               clouds(breakups, worst.max_clouds)}};
  while (tiers.back().max_events < worst.max_events || tiers.back().events_per_slot < worst.events_per_slot ||
         tiers.back().max_clouds < worst.max_clouds) {
    const Room& r = tiers.back();
    tiers.push_back(Room{grown(r.max_events, worst.max_events), grown(r.events_per_slot, worst.events_per_slot),
                         grown(r.max_clouds, worst.max_clouds)});
  }
  return tiers;
}

}  // namespace orb
