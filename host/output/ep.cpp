#include "host/output/ep.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <numeric>

#include "kernels/philox.hpp"

namespace orb {

const std::vector<double>& standard_return_periods() {
  static const std::vector<double> rps{2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 10000};
  return rps;
}

namespace {

// Loss at return period rp from the i-th and (i+1)-th largest losses, i = floor(P / rp).
double interpolated(double P, double rp, size_t i, double li, double next) {
  const double rp_i = P / static_cast<double>(i);
  if (std::fabs(rp_i - rp) <= 1e-12 * rp) return li;
  if (next == 0.0) return 0.0;  // the lower rank has no loss
  const double rp_next = P / static_cast<double>(i + 1);
  return next + (rp - rp_next) / (rp_i - rp_next) * (li - next);
}

}  // namespace

EpRow ep_at(const std::vector<double>& sorted_desc, double rp) {
  const double P = static_cast<double>(sorted_desc.size());
  size_t i = static_cast<size_t>(std::floor(P / rp + 1e-9));  // ranks 1..i have return period >= rp
  const double next = i < sorted_desc.size() ? sorted_desc[i] : 0.0;
  const double loss = interpolated(P, rp, i, sorted_desc[i - 1], next);
  const bool exact = std::fabs(P / static_cast<double>(i) - rp) <= 1e-12 * rp;
  const size_t above = exact ? i - 1 : i;  // ranks strictly beyond rp
  double sum = 0.0;
  for (size_t j = 0; j < above; ++j) sum += sorted_desc[j];
  return EpRow{rp, loss, (sum + loss) / static_cast<double>(above + 1)};
}

std::vector<EpRow> ep_curve(std::vector<double> losses, const std::vector<double>& return_periods) {
  std::sort(losses.begin(), losses.end(), std::greater<double>());
  std::vector<EpRow> rows;
  for (double rp : return_periods)
    if (rp <= static_cast<double>(losses.size()) && !losses.empty()) rows.push_back(ep_at(losses, rp));
  return rows;
}

LossMoments average_loss(const std::vector<double>& x) {
  LossMoments m;
  const double n = static_cast<double>(x.size());
  if (x.empty()) return m;
  long double sum = 0.0L;
  for (double v : x) sum += v;
  m.mean = static_cast<double>(sum / n);
  if (x.size() > 1) {
    long double ss = 0.0L;
    for (double v : x) ss += (v - m.mean) * (v - m.mean);
    m.std = static_cast<double>(std::sqrt(ss / (n - 1)));
    m.sem = m.std / std::sqrt(n);
  }
  return m;
}

Interval bootstrap_return_period(const std::vector<double>& ylt, int years, double rp, int replicates,
                                 uint64_t seed, double confidence) {
  const size_t trials = ylt.size() / static_cast<size_t>(years);
  const double P = static_cast<double>(ylt.size());
  std::vector<double> estimates, sample(ylt.size());
  const size_t i = static_cast<size_t>(std::floor(P / rp + 1e-9));
  if (trials == 0 || i == 0) return Interval{};
  for (int b = 0; b < replicates; ++b) {
    RngStream rng(seed, static_cast<uint32_t>(b), Purpose::kTest, 0x0B00757u);
    for (size_t k = 0; k < trials; ++k) {
      const size_t pick = std::min(trials - 1, static_cast<size_t>(rng.uniform() * static_cast<double>(trials)));
      std::copy_n(ylt.begin() + static_cast<long>(pick * years), years, sample.begin() + static_cast<long>(k * years));
    }
    // the i-th largest, and the largest of the rest, are all the interpolation needs
    std::nth_element(sample.begin(), sample.begin() + static_cast<long>(i - 1), sample.end(), std::greater<double>());
    const double li = sample[i - 1];
    const double next = i < sample.size() ? *std::max_element(sample.begin() + static_cast<long>(i), sample.end()) : 0.0;
    estimates.push_back(interpolated(P, rp, i, li, next));
  }
  std::sort(estimates.begin(), estimates.end());
  const auto pct = [&](double q) {
    const double pos = q * static_cast<double>(estimates.size() - 1);
    const size_t lo = static_cast<size_t>(std::floor(pos));
    const size_t hi = std::min(lo + 1, estimates.size() - 1);
    return estimates[lo] + (pos - static_cast<double>(lo)) * (estimates[hi] - estimates[lo]);
  };
  const double tail = (1.0 - confidence) / 2.0;
  return Interval{pct(tail), pct(1.0 - tail)};
}

}  // namespace orb
