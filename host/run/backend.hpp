// A backend runs a batch of trials and writes their records; it does not reduce them.
// Dispatch is virtual per batch (thousands of trials), never per trial.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "host/scenario/scenario.hpp"

namespace orb {

// How a batch in progress is watched and cut short from another thread (host/run.cpp's
// watchdog): `fraction` of the batch done so far (for a long single trial: how far its stages
// have come), and `stop`, which makes run() give up within moments, its records invalid.
struct BatchWatch {
  std::atomic<bool> stop{false};
  std::atomic<double> fraction{0.0};
};

class Backend {
 public:
  virtual ~Backend() = default;
  virtual std::string name() const = 0;    // "cpu" or "cuda"
  virtual std::string device() const = 0;  // what it runs on, for the result file
  // Largest batch this backend handles well (trials per run() call).
  virtual uint32_t preferred_batch() const = 0;
  // Runs trials [first, first + count); trial i's record goes to
  // ints[i * layout.n_int ...] and dbls[i * layout.n_double ...]. Returns false when the
  // watch's stop cut it short (then no record is valid).
  virtual bool run(uint64_t first, uint32_t count, int32_t* ints, double* dbls) = 0;
  // Reports progress to, and takes stop requests from, `w` (nullptr: none) from now on.
  virtual void watch(BatchWatch* w) { watch_ = w; }
  // Trials run again with more room than their workspace first had (kTrialNeedsRoom): each
  // cost about one trial more (a figure for the run summary).
  virtual uint64_t reruns() const { return 0; }

 protected:
  bool stop_requested() const { return watch_ && watch_->stop.load(std::memory_order_relaxed); }
  void report(double fraction) const {
    if (watch_) watch_->fraction.store(fraction, std::memory_order_relaxed);
  }
  BatchWatch* watch_ = nullptr;

 public:
  // Switches to another scenario (a sweep's next design point), keeping the buffers that are
  // large enough. `sc` must outlive the runs that follow.
  virtual void rebind(const ScenarioData& sc) = 0;
};

// How the CPU backend spreads work (kernels/cpu_backend.cpp): whole trials per thread, or one
// trial's satellites over every thread; kAuto picks by constellation size (and the
// ORBITRISK_CPU_SCHEDULE environment variable, auto|trials|satellites, overrides it).
enum class CpuSchedule { kAuto, kTrials, kSatellites };
std::unique_ptr<Backend> make_cpu_backend(const ScenarioData& sc, int threads, CpuSchedule schedule = CpuSchedule::kAuto);

// CUDA backend; nullptr and a reason in `why_not` when none can be made (not built, no
// device, driver too old).
std::unique_ptr<Backend> make_cuda_backend(const ScenarioData& sc, int device_index,
                                           std::string* why_not);
// Names of the visible CUDA devices (empty without CUDA support or devices).
std::vector<std::string> cuda_device_names();
bool cuda_compiled();

// Several backends as one: each batch is cut into contiguous pieces, one per part, run
// concurrently. Trials depend only on their index, so results equal a single backend's.
std::unique_ptr<Backend> make_multi_backend(std::vector<std::unique_ptr<Backend>> parts, const ScenarioData& sc);

// "cpu"; "cuda" (an error without a device); "auto" (cuda when a device is present, else cpu
// with a note on stderr). `devices`: CUDA device indices to share the trials; empty: all
// visible ones.
std::unique_ptr<Backend> make_backend(const std::string& which, const ScenarioData& sc, int threads,
                                      const std::vector<int>& devices);

std::string cpu_model_name();

}  // namespace orb
