// CPU backend: the stages of pipeline.hpp on OpenMP threads, scheduled one of two ways.
//   trials:     each thread runs whole trials (every stage in turn) in its own workspace;
//               best when a batch has many more trials than threads (cache-friendly).
//   satellites: one trial (or a few) at a time, its per-satellite stages spread over every
//               thread; for big constellations, where one trial is seconds of work.
// Both run the same stage functions, so results are identical whichever is used.
#include <omp.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <numeric>
#include <stdexcept>
#include <string>
#include <vector>

#include "../host/backend.hpp"
#include "parallel_for.hpp"
#include "pipeline.hpp"
#include "trial_cost.hpp"

namespace orb {

namespace {

// Satellites per trial from which one trial is spread over threads (about where a trial
// costs tens of milliseconds and per-stage fork/join overhead stops mattering).
constexpr int kSatelliteParallelFrom = 20000;

CpuSchedule schedule_from_env() {
  const char* s = std::getenv("ORBITRISK_CPU_SCHEDULE");
  if (!s || !*s || std::string(s) == "auto") return CpuSchedule::kAuto;
  if (std::string(s) == "trials") return CpuSchedule::kTrials;
  if (std::string(s) == "satellites") return CpuSchedule::kSatellites;
  throw std::runtime_error("ORBITRISK_CPU_SCHEDULE must be auto, trials or satellites (got '" + std::string(s) + "')");
}

class CpuBackend final : public Backend {
 public:
  CpuBackend(const ScenarioData& sc, int threads, CpuSchedule schedule)
      : threads_(threads > 0 ? threads : omp_get_max_threads()),
        requested_(schedule == CpuSchedule::kAuto ? schedule_from_env() : schedule) {
    rebind(sc);
  }

  // Workspaces only grow, so a sweep over design points allocates nothing once warmed up.
  void rebind(const ScenarioData& sc) override {
    sc_ = &sc;
    view_ = sc.view();
    layout_ = workspace_layout(view_, sc.layout);
    schedule_ = requested_ != CpuSchedule::kAuto ? requested_
                : view_.n_slots >= kSatelliteParallelFrom ? CpuSchedule::kSatellites
                                                          : CpuSchedule::kTrials;
    const size_t workers = schedule_ == CpuSchedule::kTrials ? size_t(threads_) : 1;
    if (scratch_.size() < workers) scratch_.resize(workers);
    for (auto& w : scratch_)
      if (w.size() < layout_.bytes / sizeof(uint64_t) + 1) w.resize(layout_.bytes / sizeof(uint64_t) + 1);
  }

  std::string name() const override { return "cpu"; }
  std::string device() const override {
    return cpu_model_name() + " (" + std::to_string(threads_) + " threads)";
  }
  uint32_t preferred_batch() const override {
    return schedule_ == CpuSchedule::kTrials ? 256u * static_cast<uint32_t>(threads_) : 1u;
  }

  void run(uint64_t first, uint32_t count, int32_t* ints, double* dbls) override {
    if (schedule_ == CpuSchedule::kTrials) run_trials(first, count, ints, dbls);
    else for (uint32_t i = 0; i < count; ++i) run_spread(first + i, ints + size_t{i} * sc_->layout.n_int,
                                                         dbls + size_t{i} * sc_->layout.n_double);
  }

 private:
  // Costliest trials first (trial_cost.hpp), so no thread is left with a long one at the end.
  void run_trials(uint64_t first, uint32_t count, int32_t* ints, double* dbls) {
    const RecordLayout& L = sc_->layout;
    order_.resize(count);
    std::iota(order_.begin(), order_.end(), 0u);
    if (view_.radiation.enabled && count > 1) {
      keys_.resize(count);
      cpu_parallel_for(threads_, count, [&](int64_t i) { keys_[i] = trial_cost_key(view_, uint32_t(first + i)); });
      std::stable_sort(order_.begin(), order_.end(), [&](uint32_t a, uint32_t b) { return keys_[a] > keys_[b]; });
    }
#pragma omp parallel for num_threads(threads_) schedule(dynamic, 1)
    for (int64_t k = 0; k < static_cast<int64_t>(count); ++k) {
      const int64_t i = order_[k];
      auto* slab = reinterpret_cast<unsigned char*>(scratch_[omp_get_thread_num()].data());
      const RecordView rec{Strided<int32_t>{ints + i * L.n_int, 1}, Strided<double>{dbls + i * L.n_double, 1}};
      run_trial(view_, L, static_cast<uint32_t>(first + i), rec, carve_workspace(layout_, slab));
    }
  }

  // One trial, its per-satellite stages over every thread.
  void run_spread(uint64_t trial, int32_t* ints, double* dbls) {
    const RecordLayout& L = sc_->layout;
    const RecordView rec{Strided<int32_t>{ints, 1}, Strided<double>{dbls, 1}};
    const TrialWorkspace ws = carve_workspace(layout_, reinterpret_cast<unsigned char*>(scratch_[0].data()));
    for (bool exact = false;; exact = true) {
      const TrialContext c = trial_context(view_, L, static_cast<uint32_t>(trial), rec, ws, exact);
      const int64_t slots = view_.n_slots;
      stage_setup(c);
      cpu_parallel_for(threads_, slots, [&](int64_t slot) { stage_satellite(c, static_cast<int>(slot)); });
      stage_place(c);
      stage_events(c);
      cpu_parallel_for(threads_, slots, [&](int64_t slot) { stage_rebuild(c, static_cast<int>(slot)); });
      stage_finish(c);
      if (exact || rec.ints[L.status] != kTrialRerunExact) return;
    }
  }

  const ScenarioData* sc_ = nullptr;
  ScenarioView view_{};
  WorkspaceLayout layout_{};
  int threads_;
  CpuSchedule requested_;
  CpuSchedule schedule_ = CpuSchedule::kTrials;
  std::vector<std::vector<uint64_t>> scratch_;  // one workspace per worker, 8-byte aligned
  std::vector<uint32_t> order_;
  std::vector<double> keys_;
};

}  // namespace

std::unique_ptr<Backend> make_cpu_backend(const ScenarioData& sc, int threads, CpuSchedule schedule) {
  return std::make_unique<CpuBackend>(sc, threads, schedule);
}

std::string cpu_model_name() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("model name", 0) == 0) {
      const auto colon = line.find(':');
      if (colon != std::string::npos) return line.substr(line.find_first_not_of(" \t", colon + 1));
    }
  }
  return "unknown CPU";
}

}  // namespace orb
