// Oracles for hardware attrition (MODEL.md section 2): simulated survival, capacity and loss
// counts against closed forms. Tolerance: 4.5 Monte Carlo standard errors, with the standard
// error estimated from the trials themselves (per-trial values are independent).
#include <gtest/gtest.h>

#include "host/scenario/analytic.hpp"
#include "run_helpers.hpp"

namespace {

using namespace orbtest;
constexpr double kSigmas = 4.5;

// 100 satellites, K = 12 of G = 16 GPUs, lost below 4 working; Weibull bus and GPUs.
const std::string kKofG = read_text("tests/configs/kofg.toml");

struct Exact {
  double full, alive, capacity;  // fractions of satellites / of K
};

Exact kofg_exact(double t) {
  const double bus = weibull_surv(t, 0.8, 30);
  const double p = weibull_surv(t, 1.3, 8, 1.5);
  double cap = 0.0;
  for (int w = 4; w <= 16; ++w) cap += binom_pmf(16, p, w) * std::min(w, 12);
  return {bus * binom_at_least(16, p, 12), bus * binom_at_least(16, p, 4), bus * cap / 12.0};
}

TEST(AttritionOracle, BinomialWeibullSurvivalAndCapacityPerBin) {
  const int64_t N = 600;
  const orb::Tally t = run_text(kKofG, N, 2024);
  const double sats = 100, C0 = 1200;
  double edge = 0.0;
  for (int b = 0; b < t.shape.n_bins; ++b) {
    edge += t.shape.bin_width_days[b];
    const Exact ex = kofg_exact(edge);
    const auto full = stat(t.full_all[b], N), alive = stat(t.alive_all[b], N), cap = stat(t.cap_snapshot[b], N);
    EXPECT_NEAR(full.mean / sats, ex.full, kSigmas * full.sem / sats) << "full capacity, bin " << b;
    EXPECT_NEAR(alive.mean / sats, ex.alive, kSigmas * alive.sem / sats) << "alive, bin " << b;
    EXPECT_NEAR(cap.mean / C0, ex.capacity, kSigmas * cap.sem / C0) << "capacity, bin " << b;
    // the oracle must be able to fail: the standard error is far below the signal
    ASSERT_GT(full.sem, 0.0);
  }
}

TEST(AttritionOracle, BinAverageCapacityMatchesTheIntegral) {
  const int64_t N = 600;
  const orb::Tally t = run_text(kKofG, N, 77);
  double start = 0.0;
  for (int b = 0; b < t.shape.n_bins; ++b) {
    const double w = t.shape.bin_width_days[b];
    double integral = 0.0;  // Simpson, 200 panels
    for (int i = 0; i <= 200; ++i) {
      const double c = kofg_exact(start + w * i / 200).capacity;
      integral += c * (i == 0 || i == 200 ? 1 : (i % 2 ? 4 : 2));
    }
    integral /= 600.0;  // (w/200)/3 * sum / w
    const auto avg = stat(t.cap_average[b], N, orb::kFractionBits);
    EXPECT_NEAR(avg.mean, integral, kSigmas * avg.sem) << "bin " << b;
    start += w;
  }
}

// validate's expected losses (host/analytic.cpp) against simulated losses by cause.
TEST(AttritionOracle, LossesByCauseMatchValidateFigures) {
  const int64_t N = 800;
  const orb::Config cfg = orb::parse_config(kKofG, "t.toml");
  const orb::Tally t = run_config(cfg, N, 99);
  const auto o = orb::attrition_outlook(cfg.classes[0], cfg.mission_days());
  double bus = 0, gpu_sat = 0, gpus = 0;
  for (size_t y = 0; y < o.bus_losses.size(); ++y)
    bus += 100 * o.bus_losses[y], gpu_sat += 100 * o.gpu_attrition_losses[y], gpus += 100 * o.gpu_losses[y];
  const auto sb = stat(t.sat_loss[orb::kSatBus], N), sg = stat(t.sat_loss[orb::kSatGpuAttrition], N);
  const auto g = stat(t.gpu_loss[orb::kGpuAttrition], N);
  EXPECT_NEAR(sb.mean, bus, kSigmas * sb.sem);
  EXPECT_NEAR(sg.mean, gpu_sat, kSigmas * sg.sem);
  EXPECT_NEAR(g.mean, gpus, kSigmas * g.sem);
  EXPECT_GT(sg.mean, 1.0);  // the scenario does exercise losses to GPU attrition
  EXPECT_NEAR(o.capacity_fraction.back(), kofg_exact(cfg.mission_days()).capacity, 1e-6);
}

// First passage below a threshold in continuous time. One satellite with K = G = 4 and a
// threshold of 0.6 (capacity < 2.4): crossed at the second GPU failure or at bus failure,
// so P(T <= t) = 1 - S_bus(t) P(Binomial(4, p(t)) >= 3). Compared at 10 points of the
// 1000-bin time histogram with binomial standard errors.
TEST(AttritionOracle, ThresholdCrossingTimeDistribution) {
  const std::string cfg = R"(
[mission]
years = 5
[output]
capacity_thresholds = [0.6]
[debris]
enabled = false
[radiation]
enabled = false
[[class]]
name = "t"
gpus = 4
gpus_required = 4
[class.bus]
shape = 1.5
scale_years = 9
[class.gpu]
shape = 0.9
scale_years = 6
acceleration = 1.2
[[shell]]
name = "s"
altitude_km = 550
inclination_deg = 53
satellites = 1
class = "t"
)";
  const int64_t N = 20000;
  const orb::Tally t = run_text(cfg, N, 5);
  int64_t below = 0;
  const double T = t.shape.mission_days;
  for (int k = 1; k <= orb::kTimeHistBins; ++k) {
    below += t.crossing_hist[k - 1];
    if (k % 100) continue;
    const double when = T * k / orb::kTimeHistBins;
    const double p = weibull_surv(when, 0.9, 6, 1.2);
    const double F = 1.0 - weibull_surv(when, 1.5, 9) * binom_at_least(4, p, 3);
    const double sem = std::sqrt(F * (1 - F) / N);
    EXPECT_NEAR(static_cast<double>(below) / N, F, kSigmas * sem) << "t = " << when;
  }
  EXPECT_EQ(below, t.crossed[0]);
}

// k-of-n subsystems replace the bus Weibull: the satellite lives while every subsystem has
// at least k working units. GPUs cannot fail (acceleration 0) to isolate the bus.
TEST(AttritionOracle, SubsystemRedundancy) {
  const std::string cfg = R"(
[output]
bin_days = 365.25
[debris]
enabled = false
[radiation]
enabled = false
[[class]]
name = "t"
gpus = 2
gpus_required = 2
[[class.subsystem]]
name = "power"
shape = 1.2
scale_years = 6
k = 2
n = 3
[[class.subsystem]]
name = "adcs"
shape = 0.7
scale_years = 40
k = 1
n = 2
[class.gpu]
acceleration = 0
[[shell]]
name = "s"
altitude_km = 550
inclination_deg = 53
satellites = 50
class = "t"
)";
  const int64_t N = 1000;
  const orb::Tally t = run_text(cfg, N, 11);
  for (int b = 0; b < t.shape.n_bins; ++b) {
    const double when = 365.25 * (b + 1);
    const double exact = binom_at_least(3, weibull_surv(when, 1.2, 6), 2) *
                         binom_at_least(2, weibull_surv(when, 0.7, 40), 1);
    const auto alive = stat(t.alive_all[b], N);
    EXPECT_NEAR(alive.mean / 50, exact, kSigmas * alive.sem / 50) << "year " << b + 1;
  }
}

// Laser terminals: a disconnected satellite is alive with zero capacity.
TEST(AttritionOracle, OpticalTerminalsDisconnect) {
  const std::string cfg = R"(
[output]
bin_days = 365.25
[debris]
enabled = false
[radiation]
enabled = false
[[class]]
name = "t"
gpus = 4
gpus_required = 3
[class.bus]
shape = 1.0
scale_years = 1e6
[class.gpu]
acceleration = 0
[class.optical_terminals]
count = 3
required = 2
shape = 1.5
scale_years = 6
[[shell]]
name = "s"
altitude_km = 550
inclination_deg = 53
satellites = 50
class = "t"
)";
  const int64_t N = 1000;
  const orb::Tally t = run_text(cfg, N, 12);
  for (int b = 0; b < t.shape.n_bins; ++b) {
    const double connected = binom_at_least(3, weibull_surv(365.25 * (b + 1), 1.5, 6), 2);
    const auto cap = stat(t.cap_snapshot[b], N), full = stat(t.full_all[b], N);
    EXPECT_NEAR(cap.mean / 150, connected, kSigmas * cap.sem / 150) << "year " << b + 1;
    EXPECT_NEAR(full.mean / 50, connected, kSigmas * full.sem / 50) << "year " << b + 1;
    EXPECT_GT(stat(t.alive_all[b], N).mean, 50 - 0.01) << "terminals must not kill satellites";
  }
}

}  // namespace
