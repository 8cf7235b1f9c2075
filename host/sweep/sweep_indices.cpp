#include "host/sweep/sweep_indices.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "kernels/philox.hpp"

namespace orb {

namespace {

enum BootstrapStream : uint32_t { kSobolBootstrap = 11, kMorrisBootstrap = 12 };

// Indices from the base rows `rows` (with repetition, for the bootstrap) of standardized y.
void sobol_from_rows(const std::vector<double>& z, int k, const std::vector<int>& rows, std::vector<double>& s1,
                     std::vector<double>& st) {
  const size_t step = k + 2;
  const double n = static_cast<double>(rows.size());
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  long double sum = 0.0L, sum_sq = 0.0L;
  for (int j : rows)
    for (double v : {z[j * step], z[j * step + k + 1]}) sum += v, sum_sq += static_cast<long double>(v) * v, lo = std::min(lo, v), hi = std::max(hi, v);
  const long double mean = sum / (2 * n);
  const double var = static_cast<double>(sum_sq / (2 * n) - mean * mean);
  s1.assign(k, 0.0), st.assign(k, 0.0);
  if (!(hi - lo > std::numeric_limits<double>::epsilon()) || !(var > std::numeric_limits<double>::epsilon())) return;
  for (int i = 0; i < k; ++i) {
    long double first = 0.0L, total = 0.0L;
    for (int j : rows) {
      const double a = z[j * step], b = z[j * step + k + 1], ab = z[j * step + 1 + i];
      first += b * (ab - a);
      total += (a - ab) * (a - ab);
    }
    s1[i] = static_cast<double>(first / n) / var;
    st[i] = 0.5 * static_cast<double>(total / n) / var;
  }
}

std::vector<int> resample(int n, uint64_t seed, uint32_t replicate, uint32_t what) {
  RngStream rng(seed, replicate, Purpose::kDesign, what);
  std::vector<int> rows(n);
  for (int& r : rows) r = std::min(n - 1, static_cast<int>(rng.uniform() * n));
  return rows;
}

WithCi interval(double value, std::vector<double> replicates, double confidence) {
  return {value, quantile(replicates, (1.0 - confidence) / 2), quantile(replicates, (1.0 + confidence) / 2)};
}

}  // namespace

double quantile(std::vector<double> x, double q) {
  if (x.empty()) return 0.0;
  std::sort(x.begin(), x.end());
  const double h = q * (x.size() - 1);
  const size_t i = static_cast<size_t>(std::floor(h));
  return i + 1 < x.size() ? x[i] + (h - i) * (x[i + 1] - x[i]) : x.back();
}

SobolIndices sobol_indices(const std::vector<double>& y, int k, int bootstrap, double confidence, uint64_t seed) {
  const int N = static_cast<int>(y.size() / (k + 2));
  // standardize as SALib does: (y - mean) / std over every point
  long double sum = 0.0L;
  for (double v : y) sum += v;
  const double mean = static_cast<double>(sum / y.size());
  long double ss = 0.0L;
  for (double v : y) ss += (v - mean) * (v - mean);
  const double sd = std::sqrt(static_cast<double>(ss / y.size()));
  std::vector<double> z(y.size(), 0.0);
  if (sd > 0.0)
    for (size_t i = 0; i < y.size(); ++i) z[i] = (y[i] - mean) / sd;
  std::vector<int> all(N);
  std::iota(all.begin(), all.end(), 0);
  std::vector<double> s1, st;
  sobol_from_rows(z, k, all, s1, st);
  std::vector<std::vector<double>> r1(k), rt(k);
  std::vector<double> b1, bt;
  for (int b = 0; b < bootstrap; ++b) {
    sobol_from_rows(z, k, resample(N, seed, static_cast<uint32_t>(b), kSobolBootstrap), b1, bt);
    for (int i = 0; i < k; ++i) r1[i].push_back(b1[i]), rt[i].push_back(bt[i]);
  }
  SobolIndices out;
  for (int i = 0; i < k; ++i) {
    out.first.push_back(interval(s1[i], r1[i], confidence));
    out.total.push_back(interval(st[i], rt[i], confidence));
  }
  return out;
}

MorrisIndices morris_indices(const std::vector<double>& y, const DesignMatrix& d, int bootstrap, double confidence,
                             uint64_t seed) {
  const int k = d.k, r = static_cast<int>(d.points / (k + 1));
  std::vector<double> ee(static_cast<size_t>(r) * k);  // [trajectory, factor]
  for (int t = 0; t < r; ++t)
    for (int j = 0; j < k; ++j) {
      const size_t at = size_t(t) * (k + 1) + j;
      const int f = d.morris_factor[size_t(t) * k + j];
      ee[size_t(t) * k + f] = (y[at + 1] - y[at]) / d.morris_delta[size_t(t) * k + j];
    }
  auto stats = [&](const std::vector<int>& rows, int f, double& mu, double& mu_star, double& sigma) {
    double s = 0, sa = 0;
    for (int t : rows) s += ee[size_t(t) * k + f], sa += std::fabs(ee[size_t(t) * k + f]);
    mu = s / rows.size(), mu_star = sa / rows.size();
    double ss = 0;
    for (int t : rows) ss += (ee[size_t(t) * k + f] - mu) * (ee[size_t(t) * k + f] - mu);
    sigma = rows.size() > 1 ? std::sqrt(ss / (rows.size() - 1)) : 0.0;
  };
  std::vector<int> all(r);
  std::iota(all.begin(), all.end(), 0);
  MorrisIndices out;
  for (int f = 0; f < k; ++f) {
    double mu, mu_star, sigma;
    stats(all, f, mu, mu_star, sigma);
    out.mu.push_back(mu), out.mu_star.push_back(mu_star), out.sigma.push_back(sigma);
    std::vector<double> reps;
    for (int b = 0; b < bootstrap; ++b) {
      double m, ms, sg;
      stats(resample(r, seed, static_cast<uint32_t>(b), kMorrisBootstrap), f, m, ms, sg);
      reps.push_back(ms);
    }
    out.mu_star_ci.push_back(interval(mu_star, reps, confidence));
  }
  return out;
}

}  // namespace orb
