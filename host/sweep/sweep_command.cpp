#include "host/sweep/sweep_command.hpp"

#include <omp.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <numeric>
#include <stdexcept>

#include "host/run/backend.hpp"
#include "host/config/config.hpp"
#include "host/run/durable.hpp"
#include "host/scenario/scenario.hpp"
#include "host/sweep/sweep_file.hpp"
#include "host/sweep/sweep_run.hpp"
#include "host/text.hpp"

namespace orb {

namespace {

void print_oat(std::ostream& os, const SweepSpec& spec, const SweepResult& r, size_t j) {
  const size_t m = r.outputs.size();
  std::vector<int> order(r.design.k);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](int a, int b) { return std::fabs(r.oat.swing[a * m + j]) > std::fabs(r.oat.swing[b * m + j]); });
  os << "  tornado for " << r.outputs[j].name << " (base " << format_number("%.6g", r.mean[j]) << "):\n";
  for (int i : order)
    os << "    " << spec.params[i].key << ": low " << format_number("%.6g", r.oat.low[i * m + j]) << ", high "
       << format_number("%.6g", r.oat.high[i * m + j]) << ", swing " << format_number("%+.4g", r.oat.swing[i * m + j]) << " +/- "
       << format_number("%.2g", r.oat.swing_sem[i * m + j]) << " (CRN variance reduction "
       << format_number("%.3g", r.oat.variance_reduction[i * m + j]) << "x)\n";
}

void print_indices(std::ostream& os, const SweepSpec& spec, const SweepResult& r, size_t j) {
  os << "  " << r.outputs[j].name << ":\n";
  for (int i = 0; i < r.design.k; ++i) {
    os << "    " << spec.params[i].key << ": ";
    if (spec.design == Design::kSobol) {
      const auto& s = r.sobol[j];
      os << "S1 " << format_number("%.4f", s.first[i].value) << " [" << format_number("%.4f", s.first[i].lo) << ", "
         << format_number("%.4f", s.first[i].hi) << "]  ST " << format_number("%.4f", s.total[i].value) << " ["
         << format_number("%.4f", s.total[i].lo) << ", " << format_number("%.4f", s.total[i].hi) << "]\n";
    } else {
      const auto& mo = r.morris[j];
      os << "mu* " << format_number("%.5g", mo.mu_star[i]) << " [" << format_number("%.5g", mo.mu_star_ci[i].lo) << ", "
         << format_number("%.5g", mo.mu_star_ci[i].hi) << "]  mu " << format_number("%.5g", mo.mu[i]) << "  sigma "
         << format_number("%.5g", mo.sigma[i]) << "\n";
    }
  }
}

}  // namespace

int sweep_command(const SweepArgs& a) {
  const SweepSpec spec = load_sweep_spec(a.spec);
  if (a.plan) {
    const DesignMatrix d = make_design(spec);
    const uint64_t trials = spec.model == Model::kEngine ? spec.trials : 0;
    std::cout << a.spec << ": " << design_name(spec.design) << " design, " << spec.params.size() << " parameters, "
              << d.points << " points x " << trials << " trials = " << d.points * trials << " trials, "
              << spec.outputs.size() << " outputs\n";
    return 0;
  }
  if (a.output.empty()) throw std::runtime_error("sweep: --output is required (or --plan)");
  check_new_output(a.output, a.force, uint64_t{16} << 20);  // before hours of work
  const int threads = a.threads > 0 ? a.threads : omp_get_max_threads();
  std::unique_ptr<Backend> backend;
  ScenarioData base;
  if (spec.model == Model::kEngine) {
    base = build_scenario(parse_config(spec.base_toml, spec.config_path), spec.seed);
    std::vector<int> devices;
    if (a.devices != "all")
      for (const auto& d : split(a.devices, ',')) devices.push_back(std::stoi(d));
    backend = make_backend(a.backend, base, threads, devices);
  }
  const DesignMatrix shape = make_design(spec);
  const uint64_t per_point = spec.model == Model::kEngine ? spec.trials : 1;
  Progress progress(shape.points * per_point, Progress::choose(a.progress), spec.model == Model::kEngine ? "trials" : "points");
  const SweepResult r = run_sweep(spec, backend.get(), threads, progress);
  write_sweep(a.output, a.force, spec, r);
  std::cout << "\norbitrisk sweep: " << design_name(spec.design) << " design, " << r.design.points << " points x "
            << per_point << " trials, " << format_number("%.1f", r.seconds) << " s on " << r.backend << " [" << r.device << "]\n"
            << "  sampler: " << r.design.sampler << "\n";
  for (size_t j = 0; j < r.outputs.size(); ++j) {
    if (spec.design == Design::kOat) print_oat(std::cout, spec, r, j);
    if (spec.design == Design::kSobol || spec.design == Design::kMorris) print_indices(std::cout, spec, r, j);
  }
  std::cout << "\n  results: " << a.output << "\n";
  return 0;
}

}  // namespace orb
