// Random variate samplers, all ORB_HD and driven by an RngStream.
//
// Continuous laws use exact inverse-CDF transforms so a draw is monotone in its uniform
// (common random numbers stay coupled across parameter changes). Discrete laws use
// inversion for small means and Hörmann's transformed rejection (PTRS, BTRS) for large
// ones, which take O(1) expected draws however large the mean.
#pragma once

#include "hd.hpp"
#include "philox.hpp"

namespace orb {

ORB_HD_INLINE double sample_uniform(RngStream& rng, double lo, double hi) {
  return lo + (hi - lo) * rng.uniform();
}

// Exp(1): the unit of every exponential clock in the model.
ORB_HD_INLINE double sample_exp1(RngStream& rng) { return -hd_log(rng.uniform()); }

ORB_HD_INLINE double sample_exponential(RngStream& rng, double mean) {
  return mean * sample_exp1(rng);
}

// Time at which the cumulative hazard accel * (t / scale)^shape reaches `hazard`.
ORB_HD_INLINE double weibull_hazard_inverse(double hazard, double shape, double scale,
                                            double accel) {
  return scale * hd_pow(hazard / accel, 1.0 / shape);
}

// Weibull with survival exp(-(t/scale)^shape).
ORB_HD_INLINE double sample_weibull(RngStream& rng, double shape, double scale) {
  return weibull_hazard_inverse(sample_exp1(rng), shape, scale, 1.0);
}

// Standard normal by Box-Muller; uses one pair of uniforms per draw so that the stream
// position after a draw never depends on what happened before it.
ORB_HD_INLINE double sample_normal(RngStream& rng) {
  const double u1 = rng.uniform();
  const double u2 = rng.uniform();
  return hd_sqrt(-2.0 * hd_log(u1)) * hd_cos(6.283185307179586476925 * u2);
}

// Lognormal given its median and the standard deviation of its logarithm.
ORB_HD_INLINE double sample_lognormal(RngStream& rng, double median, double sigma_ln) {
  return median * hd_exp(sigma_ln * sample_normal(rng));
}

// Time of the j-th failure among n identical units with cumulative hazard
// accel * (t/scale)^shape (j = n - k + 1 for a k-of-n system). Rényi: the ordered
// Exp(1) hazards are partial sums of Exp(1)/(n - i), so this takes j draws and no sort.
ORB_HD_INLINE double sample_weibull_order_statistic(RngStream& rng, int n, int j, double shape,
                                                    double scale, double accel) {
  double hazard = 0.0;
  for (int i = 0; i < j; ++i) hazard += sample_exp1(rng) / static_cast<double>(n - i);
  return weibull_hazard_inverse(hazard, shape, scale, accel);
}

namespace detail {

constexpr int kMaxInversionSteps = 100000;  // guards against a corrupt mean, never reached

// Poisson inversion of one uniform u, or -1 when u lies above the CDF as summed in floating
// point: for many means below 10 the running sum stalls a few ulps below 1 (9.99: at
// 1 - 3.3e-16) and uniform() can return 1 - 2^-52 or even 1.0, which used to run the loop
// to kMaxInversionSteps and return 100000. Once cdf + p == cdf past the mode, every later
// term is smaller, so this returns -1 exactly where the old loop returned the guard value.
ORB_HD_INLINE int64_t poisson_inversion_at(double u, double mean) {
  double p = hd_exp(-mean);
  double cdf = p;
  int64_t k = 0;
  while (u > cdf) {
    ++k;
    p *= mean / static_cast<double>(k);
    const double next = cdf + p;
    if (next == cdf || k >= kMaxInversionSteps) return -1;
    cdf = next;
  }
  return k;
}

ORB_HD_INLINE int64_t poisson_inversion(RngStream& rng, double mean) {
  for (;;) {
    const int64_t k = poisson_inversion_at(rng.uniform(), mean);
    if (k >= 0) return k;  // rounding left u above the summed CDF: redraw rather than bias
  }
}

// PTRS, Hörmann (1993) "The transformed rejection method for generating Poisson random
// variables", valid for mean >= 10.
ORB_HD_INLINE int64_t poisson_ptrs(RngStream& rng, double mean) {
  const double slam = hd_sqrt(mean);
  const double loglam = hd_log(mean);
  const double b = 0.931 + 2.53 * slam;
  const double a = -0.059 + 0.02483 * b;
  const double inv_alpha = 1.1239 + 1.1328 / (b - 3.4);
  const double v_r = 0.9277 - 3.6224 / (b - 2.0);
  for (;;) {
    const double u = rng.uniform() - 0.5;
    const double v = rng.uniform();
    const double us = 0.5 - hd_fabs(u);
    const double k = hd_floor((2.0 * a / us + b) * u + mean + 0.43);
    if (us >= 0.07 && v <= v_r) return static_cast<int64_t>(k);
    if (k < 0.0 || (us < 0.013 && v > us)) continue;
    const double lhs = hd_log(v) + hd_log(inv_alpha) - hd_log(a / (us * us) + b);
    const double rhs = -mean + k * loglam - hd_lgamma(k + 1.0);
    if (lhs <= rhs) return static_cast<int64_t>(k);
  }
}

ORB_HD_INLINE double stirling_tail(double k) {
  constexpr double kTable[10] = {0.0810614667953272,  0.0413406959554092,  0.0276779256849983,
                                 0.02079067210376509, 0.0166446911898211,  0.0138761288230707,
                                 0.0118967099458917,  0.0104112652619720,  0.00925546218271273,
                                 0.00833056343336287};
  if (k <= 9.0) return kTable[static_cast<int>(k)];
  const double kp1sq = (k + 1.0) * (k + 1.0);
  return (1.0 / 12.0 - (1.0 / 360.0 - 1.0 / 1260.0 / kp1sq) / kp1sq) / (k + 1.0);
}

// Inversion for n*p < 10 with p <= 0.5.
ORB_HD_INLINE int64_t binomial_inversion(RngStream& rng, int64_t n, double p) {
  const double q = 1.0 - p;
  const double s = p / q;
  const double a = static_cast<double>(n + 1) * s;
  for (;;) {
    double r = hd_exp(static_cast<double>(n) * hd_log1p(-p));
    double u = rng.uniform();
    int64_t k = 0;
    while (u > r && k <= n) {
      u -= r;
      ++k;
      r *= a / static_cast<double>(k) - s;
    }
    if (k <= n) return k;  // rounding pushed past n: redraw rather than bias
  }
}

// BTRS, Hörmann (1993) "The generation of binomial random variates", for n*p >= 10,
// p <= 0.5.
ORB_HD_INLINE int64_t binomial_btrs(RngStream& rng, int64_t n, double p) {
  const double nd = static_cast<double>(n);
  const double q = 1.0 - p;
  const double spq = hd_sqrt(nd * p * q);
  const double b = 1.15 + 2.53 * spq;
  const double a = -0.0873 + 0.0248 * b + 0.01 * p;
  const double c = nd * p + 0.5;
  const double v_r = 0.92 - 4.2 / b;
  const double r = p / q;
  const double alpha = (2.83 + 5.1 / b) * spq;
  const double m = hd_floor((nd + 1.0) * p);
  for (;;) {
    const double u = rng.uniform() - 0.5;
    double v = rng.uniform();
    const double us = 0.5 - hd_fabs(u);
    const double k = hd_floor((2.0 * a / us + b) * u + c);
    if (k < 0.0 || k > nd) continue;
    if (us >= 0.07 && v <= v_r) return static_cast<int64_t>(k);
    v = hd_log(v * alpha / (a / (us * us) + b));
    const double bound = (m + 0.5) * hd_log((m + 1.0) / (r * (nd - m + 1.0))) +
                         (nd + 1.0) * hd_log((nd - m + 1.0) / (nd - k + 1.0)) +
                         (k + 0.5) * hd_log(r * (nd - k + 1.0) / (k + 1.0)) + stirling_tail(m) +
                         stirling_tail(nd - m) - stirling_tail(k) - stirling_tail(nd - k);
    if (v <= bound) return static_cast<int64_t>(k);
  }
}

}  // namespace detail

ORB_HD_INLINE int64_t sample_poisson(RngStream& rng, double mean) {
  if (!(mean > 0.0)) return 0;
  return mean < 10.0 ? detail::poisson_inversion(rng, mean) : detail::poisson_ptrs(rng, mean);
}

ORB_HD_INLINE int64_t sample_binomial(RngStream& rng, int64_t n, double p) {
  if (n <= 0 || !(p > 0.0)) return 0;
  if (p >= 1.0) return n;
  const bool flip = p > 0.5;
  const double pp = flip ? 1.0 - p : p;
  const int64_t k = static_cast<double>(n) * pp < 10.0 ? detail::binomial_inversion(rng, n, pp)
                                                       : detail::binomial_btrs(rng, n, pp);
  return flip ? n - k : k;
}

}  // namespace orb
