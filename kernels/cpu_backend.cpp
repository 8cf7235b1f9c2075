// CPU backend: OpenMP threads over trials, one trial per task, each thread reusing its own
// workspace so the per-trial path allocates nothing.
#include <omp.h>

#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "../host/backend.hpp"
#include "trial.hpp"

namespace orb {

namespace {

class CpuBackend final : public Backend {
 public:
  CpuBackend(const ScenarioData& sc, int threads)
      : threads_(threads > 0 ? threads : omp_get_max_threads()), scratch_(threads_) {
    rebind(sc);
  }

  // Workspaces only grow, so a sweep over design points allocates nothing once warmed up.
  void rebind(const ScenarioData& sc) override {
    sc_ = &sc;
    view_ = sc.view();
    layout_ = workspace_layout(view_, sc.layout);
    for (auto& w : scratch_)
      if (w.size() < layout_.bytes / sizeof(uint64_t) + 1) w.resize(layout_.bytes / sizeof(uint64_t) + 1);
  }

  std::string name() const override { return "cpu"; }
  std::string device() const override {
    return cpu_model_name() + " (" + std::to_string(threads_) + " threads)";
  }
  uint32_t preferred_batch() const override { return 256u * static_cast<uint32_t>(threads_); }

  void run(uint64_t first, uint32_t count, int32_t* ints, double* dbls) override {
    const RecordLayout& L = sc_->layout;
#pragma omp parallel for num_threads(threads_) schedule(dynamic, 4)
    for (int64_t i = 0; i < static_cast<int64_t>(count); ++i) {
      auto* slab = reinterpret_cast<unsigned char*>(scratch_[omp_get_thread_num()].data());
      const RecordView rec{Strided<int32_t>{ints + i * L.n_int, 1}, Strided<double>{dbls + i * L.n_double, 1}};
      run_trial(view_, L, static_cast<uint32_t>(first + i), rec, carve_workspace(layout_, slab));
    }
  }

 private:
  const ScenarioData* sc_ = nullptr;
  ScenarioView view_{};
  WorkspaceLayout layout_{};
  int threads_;
  std::vector<std::vector<uint64_t>> scratch_;  // one workspace per thread, 8-byte aligned
};

}  // namespace

std::unique_ptr<Backend> make_cpu_backend(const ScenarioData& sc, int threads) {
  return std::make_unique<CpuBackend>(sc, threads);
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
