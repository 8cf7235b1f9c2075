#include "run.hpp"

#include <omp.h>

#include <algorithm>
#include <chrono>
#include <stdexcept>

namespace orb {

namespace {

// Folds a batch of records into `total`: threads reduce disjoint trials into their own
// tallies, merged afterwards; exact integer sums make the order irrelevant.
void reduce_batch(const ScenarioData& sc, const std::vector<int32_t>& ints,
                  const std::vector<double>& dbls, uint32_t n, int threads, Tally& total) {
  const RecordLayout& L = sc.layout;
  for (uint32_t i = 0; i < n; ++i)
    if (ints[size_t{i} * L.n_int + L.status] != kTrialOk)
      throw std::runtime_error("internal error: a trial overflowed its event buffer");
  const int T = threads > 0 ? threads : omp_get_max_threads();
  std::vector<Tally> parts(T, Tally(total.shape));
#pragma omp parallel for num_threads(T) schedule(static)
  for (int64_t i = 0; i < static_cast<int64_t>(n); ++i)
    parts[omp_get_thread_num()].add(L, ints.data() + i * L.n_int, dbls.data() + i * L.n_double);
  for (const auto& p : parts) total.merge(p);
}

}  // namespace

Tally run_trials(const ScenarioData& sc, Backend& backend, const RunOptions& opt,
                 Progress& progress, const KeepTrialsFn& keep, RunStats* stats, std::vector<double>* ylt) {
  const auto start = std::chrono::steady_clock::now();
  const RecordLayout& L = sc.layout;
  const uint32_t batch = std::max<uint32_t>(1, opt.batch ? opt.batch : backend.preferred_batch());
  std::vector<int32_t> ints(size_t{batch} * L.n_int);
  std::vector<double> dbls(size_t{batch} * L.n_double);
  Tally total(TallyShape::of(sc));
  std::vector<TrialSummary> summaries;

  for (uint64_t first = 0; first < opt.trials; first += batch) {
    const uint32_t n = static_cast<uint32_t>(std::min<uint64_t>(batch, opt.trials - first));
    backend.run(first, n, ints.data(), dbls.data());
    reduce_batch(sc, ints, dbls, n, opt.threads, total);
    if (ylt)
      for (uint32_t i = 0; i < n; ++i) {
        const double* row = dbls.data() + size_t{i} * L.n_double + L.ylt;
        ylt->insert(ylt->end(), row, row + L.n_years * 4);
      }
    if (keep) {
      summaries.resize(n);
      for (uint32_t i = 0; i < n; ++i)
        summarize_trial(total.shape, L, ints.data() + size_t{i} * L.n_int, dbls.data() + size_t{i} * L.n_double,
                        summaries[i]);
      keep(first, summaries);
    }
    progress.update(first + n);
  }
  progress.finish();
  if (stats) {
    stats->seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    stats->trials_per_second = stats->seconds > 0 ? opt.trials / stats->seconds : 0.0;
    stats->backend = backend.name();
    stats->device = backend.device();
  }
  return total;
}

}  // namespace orb
