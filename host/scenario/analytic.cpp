#include "host/scenario/analytic.hpp"

#include <algorithm>
#include <cmath>

namespace orb {

namespace {

constexpr double kDays = 365.25;
constexpr int kStepsPerPeriod = 2000;

double weibull_survival(double t_days, double shape, double scale_years, double accel) {
  return std::exp(-accel * std::pow(t_days / (scale_years * kDays), shape));
}

// P(a k-of-n system of Weibull units still works): fewer than n - k + 1 units failed.
double k_of_n_survival(int k, int n, double unit_survival) {
  return binomial_tail(n, unit_survival, k);
}

struct State {
  double bus;      // P(bus alive)
  double enough;   // P(W >= min_gpus_operating)
  double counted;  // E[min(G - W, G - m + 1)]: GPU losses counted if the bus stays alive
  double capacity; // E[min(W, K) 1{W >= m}] * P(connected)
};

State state_at(const ClassConfig& c, double t) {
  const auto pmf = binomial_pmf(c.gpus, gpu_survival(c, t));
  State s{bus_survival(c, t), 0.0, 0.0, 0.0};
  const int m = c.min_gpus_operating;
  for (int w = 0; w <= c.gpus; ++w) {
    s.counted += pmf[w] * std::min(c.gpus - w, c.gpus - m + 1);
    if (w < m) continue;
    s.enough += pmf[w];
    s.capacity += pmf[w] * std::min(w, c.gpus_required);
  }
  s.capacity *= connected_probability(c, t);
  return s;
}

}  // namespace

std::vector<double> binomial_pmf(int n, double p) {
  std::vector<double> pmf(n + 1, 0.0);
  if (p <= 0.0) return pmf[0] = 1.0, pmf;
  if (p >= 1.0) return pmf[n] = 1.0, pmf;
  const double lp = std::log(p), lq = std::log1p(-p);
  for (int k = 0; k <= n; ++k)
    pmf[k] = std::exp(std::lgamma(n + 1.0) - std::lgamma(k + 1.0) - std::lgamma(n - k + 1.0) +
                      k * lp + (n - k) * lq);
  return pmf;
}

double binomial_tail(int n, double p, int k) {
  const auto pmf = binomial_pmf(n, p);
  double s = 0.0;
  for (int i = std::max(k, 0); i <= n; ++i) s += pmf[i];
  return std::min(s, 1.0);
}

double bus_survival(const ClassConfig& c, double t) {
  if (c.subsystems.empty()) return weibull_survival(t, c.bus.shape, c.bus.scale_years, 1.0);
  double s = 1.0;
  for (const auto& sub : c.subsystems)
    s *= k_of_n_survival(sub.k, sub.n, weibull_survival(t, sub.shape, sub.scale_years, 1.0));
  return s;
}

double gpu_survival(const ClassConfig& c, double t) {
  return weibull_survival(t, c.gpu.shape, c.gpu.scale_years, c.gpu.acceleration);
}

double connected_probability(const ClassConfig& c, double t) {
  const TerminalsConfig& o = c.optical_terminals;
  if (!o.enabled) return 1.0;
  return k_of_n_survival(o.required, o.count, weibull_survival(t, o.shape, o.scale_years, 1.0));
}

AttritionOutlook attrition_outlook(const ClassConfig& c, double mission_days, double period_days) {
  AttritionOutlook out;
  for (double start = 0.0; start < mission_days - 1e-9; start += period_days) {
    const double end = std::min(start + period_days, mission_days);
    double bus = 0.0, gpu_sat = 0.0, gpus = 0.0;
    State prev = state_at(c, start);
    for (int i = 1; i <= kStepsPerPeriod; ++i) {
      const State cur = state_at(c, start + (end - start) * i / kStepsPerPeriod);
      const State mid = state_at(c, start + (end - start) * (i - 0.5) / kStepsPerPeriod);
      bus += mid.enough * (prev.bus - cur.bus);
      gpu_sat += mid.bus * (prev.enough - cur.enough);
      gpus += mid.bus * (cur.counted - prev.counted);
      prev = cur;
    }
    out.period_end_days.push_back(end);
    out.bus_losses.push_back(bus);
    out.gpu_attrition_losses.push_back(gpu_sat);
    out.gpu_losses.push_back(gpus);
    out.capacity_fraction.push_back(prev.bus * prev.capacity / c.gpus_required);
    out.alive_probability.push_back(prev.bus * prev.enough);
  }
  return out;
}

double satellite_survival(const ClassConfig& c, double t_days) {
  const State s = state_at(c, t_days);
  return s.bus * s.enough;
}

}  // namespace orb
