// CPU backend: the stages of pipeline.hpp on OpenMP threads, scheduled one of two ways.
//   trials:     each thread runs whole trials (every stage in turn) in its own workspace;
//               best when a batch has many more trials than threads (cache-friendly).
//   satellites: one trial (or a few) at a time, its per-satellite stages spread over every
//               thread; for big constellations, where one trial is seconds of work.
// Both run the same stage functions, so results are identical whichever is used.
#include <omp.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <new>
#include <numeric>
#include <stdexcept>
#include <string>
#include <vector>

#include "host/run/backend.hpp"
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
    tiers_.clear();
    for (int t = 0; t < std::max<int>(1, static_cast<int>(sc.rooms.size())); ++t) {
      const ScenarioView v = sc.view(t);
      tiers_.push_back(Tier{v, workspace_layout(v, sc.layout)});
    }
    schedule_ = requested_ != CpuSchedule::kAuto ? requested_
                : tiers_[0].view.n_slots >= kSatelliteParallelFrom ? CpuSchedule::kSatellites
                                                                   : CpuSchedule::kTrials;
    const size_t workers = schedule_ == CpuSchedule::kTrials ? size_t(threads_) : 1;
    if (scratch_.size() < workers) scratch_.resize(workers);
    for (auto& w : scratch_) grow(w, tiers_[0].layout);
  }

  std::string name() const override { return "cpu"; }
  std::string device() const override {
    return cpu_model_name() + " (" + std::to_string(threads_) + " threads)";
  }
  uint32_t preferred_batch() const override {
    return schedule_ == CpuSchedule::kTrials ? 256u * static_cast<uint32_t>(threads_) : 1u;
  }

  bool run(uint64_t first, uint32_t count, int32_t* ints, double* dbls) override {
    const RecordLayout& L = sc_->layout;
    report(0.0);
    if (schedule_ == CpuSchedule::kTrials) {
      run_trials(first, count, ints, dbls);
    } else {
      for (uint32_t i = 0; i < count && !stop_requested(); ++i)
        run_spread(first + i, ints + size_t{i} * L.n_int, dbls + size_t{i} * L.n_double, 0, i, count);
    }
    // Trials that outgrew their room run again with more (kTrialNeedsRoom), spread over threads.
    for (uint32_t i = 0; i < count && !stop_requested(); ++i)
      for (int tier = 1; ints[size_t{i} * L.n_int + L.status] == kTrialNeedsRoom && !stop_requested(); ++tier) {
        if (tier >= static_cast<int>(tiers_.size()))
          throw std::runtime_error("internal error: trial " + std::to_string(first + i) + " outgrew its worst-case room");
        run_spread(first + i, ints + size_t{i} * L.n_int, dbls + size_t{i} * L.n_double, tier, i, count);
        ++reruns_;
      }
    return !stop_requested();
  }

  uint64_t reruns() const override { return reruns_; }

 private:
  struct Tier {
    ScenarioView view;
    WorkspaceLayout layout;
  };

  // A worker's workspace, grown to the layout; the figure and the knobs when memory runs out.
  void grow(std::vector<uint64_t>& slab, const WorkspaceLayout& w) const {
    if (slab.size() >= w.bytes / sizeof(uint64_t) + 1) return;
    try {
      slab.resize(w.bytes / sizeof(uint64_t) + 1);
    } catch (const std::bad_alloc&) {
      char msg[320];
      std::snprintf(msg, sizeof msg,
                    "not enough memory: one trial of this scenario needs %.2f GiB of working memory per CPU worker "
                    "(%d workers; `orbitrisk validate` shows what it holds); use fewer --threads, or fewer satellites "
                    "or GPUs per satellite",
                    w.bytes / 1073741824.0, static_cast<int>(scratch_.size()));
      throw std::runtime_error(msg);
    }
  }

  // Costliest trials first (trial_cost.hpp), so no thread is left with a long one at the end.
  void run_trials(uint64_t first, uint32_t count, int32_t* ints, double* dbls) {
    const RecordLayout& L = sc_->layout;
    const Tier& tier = tiers_[0];
    order_.resize(count);
    std::iota(order_.begin(), order_.end(), 0u);
    if (tier.view.radiation.enabled && count > 1) {
      keys_.resize(count);
      cpu_parallel_for(threads_, count, [&](int64_t i) { keys_[i] = trial_cost_key(tier.view, uint32_t(first + i)); });
      std::stable_sort(order_.begin(), order_.end(), [&](uint32_t a, uint32_t b) { return keys_[a] > keys_[b]; });
    }
    std::atomic<uint32_t> done{0};
#pragma omp parallel for num_threads(threads_) schedule(dynamic, 1)
    for (int64_t k = 0; k < static_cast<int64_t>(count); ++k) {
      if (stop_requested()) continue;
      const int64_t i = order_[k];
      auto* slab = reinterpret_cast<unsigned char*>(scratch_[omp_get_thread_num()].data());
      const RecordView rec{Strided<int32_t>{ints + i * L.n_int, 1}, Strided<double>{dbls + i * L.n_double, 1}};
      run_trial(tier.view, L, static_cast<uint32_t>(first + i), rec, carve_workspace(tier.layout, slab));
      report(static_cast<double>(++done) / count);
    }
  }

  // One trial, its per-satellite stages over every thread, with the room of `room`; it is
  // trial `index` of the `count` in the batch (for progress). A stop request abandons it.
  void run_spread(uint64_t trial, int32_t* ints, double* dbls, int room, uint32_t index, uint32_t count) {
    const RecordLayout& L = sc_->layout;
    const Tier& tier = tiers_[room];
    std::vector<uint64_t>& slab = room == 0 && schedule_ == CpuSchedule::kSatellites ? scratch_[0] : spread_slab_;
    grow(slab, tier.layout);
    const RecordView rec{Strided<int32_t>{ints, 1}, Strided<double>{dbls, 1}};
    const TrialWorkspace ws = carve_workspace(tier.layout, reinterpret_cast<unsigned char*>(slab.data()));
    const ScenarioView& view = tier.view;
    // Progress within the trial: each stage's share of the work, roughly as measured.
    const auto at = [&](double stage_start, double stage_share, double part) {
      report((index + stage_start + stage_share * part) / count);
    };
    const auto items = [&](int64_t n, double start, double share, const auto& f) {
      cpu_parallel_for(threads_, n, [&](int64_t i) {
        if ((i & 4095) == 0) {
          if (stop_requested()) return;
          at(start, share, static_cast<double>(i) / n);
        }
        f(i);
      });
    };
    const auto interrupt = [&](double t) {
      at(0.45, 0.15, t / view.mission_days);
      return stop_requested();
    };
    for (bool exact = false;; exact = true) {
      const TrialContext c = trial_context(view, L, static_cast<uint32_t>(trial), rec, ws, exact);
      stage_setup(c);
      items(view.n_slots, 0.0, 0.45, [&](int64_t slot) { stage_satellite(c, static_cast<int>(slot)); });
      if (stop_requested()) return;
      stage_place(c);
      stage_events(c, interrupt);
      if (stop_requested()) return;
      items(view.n_slots, 0.6, 0.2, [&](int64_t slot) { stage_rebuild(c, static_cast<int>(slot)); });
      items(view.n_replay_chunks, 0.8, 0.17, [&](int64_t k) { stage_replay(c, static_cast<int>(k)); });
      if (stop_requested()) return;
      stage_finish(c);
      at(1.0, 0.0, 0.0);
      if (exact || rec.ints[L.status] != kTrialRerunExact) return;
    }
  }

  const ScenarioData* sc_ = nullptr;
  std::vector<Tier> tiers_;
  int threads_;
  CpuSchedule requested_;
  CpuSchedule schedule_ = CpuSchedule::kTrials;
  std::vector<std::vector<uint64_t>> scratch_;  // one tier-0 workspace per worker, 8-byte aligned
  std::vector<uint64_t> spread_slab_;           // for trials run again with more room
  std::vector<uint32_t> order_;
  std::vector<double> keys_;
  uint64_t reruns_ = 0;
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
