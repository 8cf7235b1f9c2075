#include "host/sweep/sweep_design.hpp"

#include <cmath>
#include <numeric>
#include <stdexcept>

#include "kernels/philox.hpp"

#if defined(ORB_HAVE_CURAND)
#include <curand.h>
#endif

namespace orb {

namespace {

enum DesignStream : uint32_t { kQuasiFallback = 1, kMorrisOrder = 2 };

void set_values(const SweepSpec& spec, DesignMatrix& d, bool exact) {
  d.values.resize(d.unit.size());
  for (size_t r = 0; r < d.points; ++r)
    for (int i = 0; i < d.k; ++i) {
      const SweepParam& p = spec.params[i];
      double v = param_value(p, d.unit[r * d.k + i], exact);
      d.values[r * d.k + i] = p.integer ? std::round(v) : v;
    }
}

DesignMatrix oat(const SweepSpec& spec) {
  DesignMatrix d;
  d.k = static_cast<int>(spec.params.size());
  d.points = 2 * d.k + 1;
  for (size_t r = 0; r < d.points; ++r)
    for (const auto& p : spec.params) d.values.push_back(p.base);
  for (int i = 0; i < d.k; ++i) {
    const SweepParam& p = spec.params[i];
    for (int end = 0; end < 2; ++end) {
      const double v = param_value(p, end);
      d.values[(2 * i + 1 + end) * d.k + i] = p.integer ? std::round(v) : v;
    }
  }
  return d;
}

DesignMatrix grid(const SweepSpec& spec) {
  DesignMatrix d;
  d.k = static_cast<int>(spec.params.size());
  const int L = spec.levels;
  d.points = 1;
  for (int i = 0; i < d.k; ++i) d.points *= L;
  for (size_t r = 0; r < d.points; ++r) {
    size_t rest = r;
    std::vector<double> row(d.k);
    for (int i = d.k - 1; i >= 0; --i) row[i] = static_cast<double>(rest % L) / (L - 1), rest /= L;
    d.unit.insert(d.unit.end(), row.begin(), row.end());
  }
  set_values(spec, d, false);
  return d;
}

// Morris (1991) trajectories on a p-level grid with step p / (2 (p - 1)): start points from
// the quasi-random sequence, factors moved in a random order, up when there is room.
DesignMatrix morris(const SweepSpec& spec) {
  DesignMatrix d;
  d.k = static_cast<int>(spec.params.size());
  const int p = spec.levels, r = spec.samples;
  const double delta = p / (2.0 * (p - 1));
  const auto starts = quasi_random(r, d.k, spec.seed, &d.sampler);
  d.points = static_cast<size_t>(r) * (d.k + 1);
  for (int t = 0; t < r; ++t) {
    std::vector<double> x(d.k);
    for (int i = 0; i < d.k; ++i)
      x[i] = std::min(p - 1.0, std::floor(starts[size_t(t) * d.k + i] * p)) / (p - 1);
    std::vector<int> order(d.k);
    std::iota(order.begin(), order.end(), 0);
    RngStream rng(spec.seed, static_cast<uint32_t>(t), Purpose::kDesign, kMorrisOrder);
    for (int i = d.k - 1; i > 0; --i) std::swap(order[i], order[static_cast<int>(rng.uniform() * (i + 1))]);
    d.unit.insert(d.unit.end(), x.begin(), x.end());
    for (int j = 0; j < d.k; ++j) {
      const int f = order[j];
      const double step = x[f] + delta <= 1.0 + 1e-12 ? delta : -delta;
      x[f] = std::min(1.0, std::max(0.0, x[f] + step));
      d.morris_factor.push_back(f);
      d.morris_delta.push_back(step);
      d.unit.insert(d.unit.end(), x.begin(), x.end());
    }
  }
  set_values(spec, d, false);
  return d;
}

DesignMatrix saltelli(const SweepSpec& spec) {
  DesignMatrix d;
  d.k = static_cast<int>(spec.params.size());
  const int k = d.k, N = spec.samples;
  const auto ab = quasi_random(N, 2 * k, spec.seed, &d.sampler);
  d.points = static_cast<size_t>(N) * (k + 2);
  for (int j = 0; j < N; ++j) {
    const double* a = &ab[size_t(j) * 2 * k];
    const double* b = a + k;
    d.unit.insert(d.unit.end(), a, a + k);
    for (int i = 0; i < k; ++i) {
      std::vector<double> row(a, a + k);
      row[i] = b[i];
      d.unit.insert(d.unit.end(), row.begin(), row.end());
    }
    d.unit.insert(d.unit.end(), b, b + k);
  }
  set_values(spec, d, true);
  return d;
}

}  // namespace

std::vector<double> quasi_random(size_t n, int dims, uint64_t seed, std::string* sampler) {
  std::vector<double> out(n * dims);
#if defined(ORB_HAVE_CURAND)
  curandGenerator_t g = nullptr;
  std::vector<double> by_dim(n * dims);
  const bool ok = curandCreateGeneratorHost(&g, CURAND_RNG_QUASI_SCRAMBLED_SOBOL64) == CURAND_STATUS_SUCCESS &&
                  curandSetQuasiRandomGeneratorDimensions(g, static_cast<unsigned>(dims)) == CURAND_STATUS_SUCCESS &&
                  curandGenerateUniformDouble(g, by_dim.data(), by_dim.size()) == CURAND_STATUS_SUCCESS;
  if (g) curandDestroyGenerator(g);
  if (ok) {
    // cuRAND returns dimension after dimension; (0, 1]: keep 1 off the end of the range
    for (size_t i = 0; i < n; ++i)
      for (int j = 0; j < dims; ++j) out[i * dims + j] = std::min(by_dim[j * n + i], 1.0 - 1e-16);
    if (sampler) *sampler = "cuRAND scrambled Sobol' (CURAND_RNG_QUASI_SCRAMBLED_SOBOL64, host generator)";
    return out;
  }
#endif
  for (size_t i = 0; i < n; ++i) {
    RngStream rng(seed, static_cast<uint32_t>(i), Purpose::kDesign, kQuasiFallback);
    for (int j = 0; j < dims; ++j) out[i * dims + j] = rng.uniform();
  }
  if (sampler) *sampler = "Philox4x32-10 pseudo-random (built without cuRAND)";
  return out;
}

DesignMatrix make_design(const SweepSpec& spec) {
  DesignMatrix d;
  switch (spec.design) {
    case Design::kOat: d = oat(spec); break;
    case Design::kGrid: d = grid(spec); break;
    case Design::kMorris: d = morris(spec); break;
    default: d = saltelli(spec); break;
  }
  d.design = spec.design;
  if (d.sampler.empty()) d.sampler = "none (deterministic design)";
  return d;
}

}  // namespace orb
