// CUDA backend: the stages of pipeline.hpp as one kernel each over the same work items as the
// CPU backend (a thread per trial, or per trial and satellite for stages 2 and 5), on the same
// ORB_HD code. The scenario view and record layout sit in constant memory; each batch's
// workspaces are interleaved trial-minor (element k of lane i at k * stride + i), so the
// threads of a warp, which hold neighbouring lanes, read neighbouring addresses. Trials are
// assigned to lanes in order of their forecast cost (trial_cost.hpp), so a warp's trials
// finish together. Batches alternate between two buffers and two streams, so one batch's
// records copy back while the next one runs.
#include <cuda_runtime.h>
#include <thrust/execution_policy.h>
#include <thrust/functional.h>
#include <thrust/sort.h>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

#include "host/run/backend.hpp"
#include "parallel_for.hpp"
#include "pipeline.hpp"
#include "trial_cost.hpp"

namespace orb {

namespace {

__constant__ ScenarioView c_scenario;
__constant__ RecordLayout c_layout;
__constant__ WorkspaceLayout c_workspace;

void check(cudaError_t err, const char* what) {
  if (err != cudaSuccess)
    throw std::runtime_error(std::string("CUDA error in ") + what + ": " + cudaGetErrorString(err));
}

template <class T>
T* upload(const std::vector<T>& host) {
  T* dev = nullptr;
  if (host.empty()) return dev;
  check(cudaMalloc(&dev, host.size() * sizeof(T)), "cudaMalloc(scenario)");
  check(cudaMemcpy(dev, host.data(), host.size() * sizeof(T), cudaMemcpyHostToDevice), "cudaMemcpy(scenario)");
  return dev;
}

// One batch in flight: `count` lanes of `stride` interleaved workspaces; lane i runs trial
// trials[i].
struct Lanes {
  unsigned char* slab;
  const uint32_t* trials;
  uint32_t count;
  uint32_t stride;
};

__device__ __forceinline__ TrialContext lane_context(const Lanes& b, uint32_t lane, bool exact) {
  const TrialWorkspace ws = carve_workspace(c_workspace, b.slab, b.stride, lane);
  return trial_context(c_scenario, c_layout, b.trials[lane], RecordView{ws.record_ints, ws.record_dbls}, ws, exact);
}

// Work items of a per-trial stage: one per lane.
template <class Stage>
struct PerTrial {
  Lanes b;
  Stage stage;
  __device__ void operator()(int64_t lane) const { stage(lane_context(b, static_cast<uint32_t>(lane), false)); }
};

// Work items of a per-satellite (or per-chunk) stage: lane fastest, so a warp handles one slot
// of 32 neighbouring lanes (coalesced). The timeline stages keep to 64 registers (more warps
// to hide their math latency); the replay, with fewer items and a large sink, has no limit.
template <class Stage, int kRegisters = 64>
struct PerSatellite {
  static constexpr int kMaxRegisters = kRegisters;
  Lanes b;
  Stage stage;
  __device__ void operator()(int64_t item) const {
    const uint32_t lane = static_cast<uint32_t>(item % b.count);
    stage(lane_context(b, lane, false), static_cast<int>(item / b.count));
  }
};

struct SetupStage {
  __device__ void operator()(const TrialContext& c) const { stage_setup(c); }
};
struct SatelliteStage {
  __device__ void operator()(const TrialContext& c, int slot) const { stage_satellite(c, slot); }
};
struct PlaceStage {
  __device__ void operator()(const TrialContext& c) const { stage_place(c); }
};
struct EventsStage {
  __device__ void operator()(const TrialContext& c) const { stage_events(c); }
};
struct RebuildStage {
  __device__ void operator()(const TrialContext& c, int slot) const { stage_rebuild(c, slot); }
};
struct ReplayStage {
  __device__ void operator()(const TrialContext& c, int chunk) const { stage_replay(c, chunk); }
};
struct FinishStage {
  __device__ void operator()(const TrialContext& c) const { stage_finish(c); }
};
// A trial whose deferred kills failed their check runs again, whole, with every kill at once.
struct RerunStage {
  __device__ void operator()(const TrialContext& c) const {
    if (c.rec.ints[c.L.status] == kTrialRerunExact) run_trial(c.sc, c.L, c.trial, c.rec, c.ws, true);
  }
};

// Cost forecast of trial first + i, and the identity order to sort by it.
struct CostKeys {
  uint64_t first;
  double* keys;
  uint32_t* trials;
  __device__ void operator()(int64_t i) const {
    keys[i] = trial_cost_key(c_scenario, static_cast<uint32_t>(first + i));
    trials[i] = static_cast<uint32_t>(first + i);
  }
};

// Lane records out of the interleaved workspace, contiguous per trial at its place in the batch.
struct CopyRecords {
  Lanes b;
  uint64_t first;
  int32_t* ints;
  double* dbls;
  __device__ void operator()(int64_t lane) const {
    const TrialWorkspace ws = carve_workspace(c_workspace, b.slab, b.stride, lane);
    const size_t at = b.trials[lane] - first;
    for (int k = 0; k < c_layout.n_int; ++k) ints[at * c_layout.n_int + k] = ws.record_ints[k];
    for (int k = 0; k < c_layout.n_double; ++k) dbls[at * c_layout.n_double + k] = ws.record_dbls[k];
  }
};

template <class F>
int block_size_for() {
  int min_grid = 0, block = 0;
  check(cudaOccupancyMaxPotentialBlockSize(&min_grid, &block, parallel_for_kernel<F>, 0, 256), "occupancy");
  return std::clamp(block, 32, 256);
}

template <class F>
void launch(int64_t n, const F& f, cudaStream_t stream, const char* what) {
  if (n <= 0) return;
  static const int block = block_size_for<F>();
  const int64_t grid = (n + block - 1) / block;
  parallel_for_kernel<F><<<static_cast<unsigned>(grid), block, 0, stream>>>(n, f);
  check(cudaGetLastError(), what);
}

// A batch's device buffers: the interleaved workspaces, the lane order, the records.
struct Buffers {
  unsigned char* slab = nullptr;
  uint32_t* trials = nullptr;
  double* keys = nullptr;
  int32_t* ints = nullptr;
  double* dbls = nullptr;
  int32_t* host_ints = nullptr;  // pinned, for asynchronous copies
  double* host_dbls = nullptr;
  cudaStream_t stream = nullptr;
};

class CudaBackend final : public Backend {
 public:
  CudaBackend(const ScenarioData& sc, int device) : sc_(&sc), layout_(sc.layout), device_(device) {
    check(cudaSetDevice(device), "cudaSetDevice");
    cudaDeviceProp prop{};
    check(cudaGetDeviceProperties(&prop, device), "cudaGetDeviceProperties");
    name_ = prop.name;
    upload_tables(sc);
    size_t free_bytes = 0, total_bytes = 0;
    check(cudaMemGetInfo(&free_bytes, &total_bytes), "cudaMemGetInfo");
    const size_t per_trial = bytes_per_trial();
    batch_ = static_cast<uint32_t>(std::clamp<size_t>(free_bytes / 10 * 8 / 2 / per_trial, 1, size_t{1} << 20));
    allocate(batch_);
  }

  ~CudaBackend() override {
    cudaSetDevice(device_);
    release();
    free_tables();
  }

  // A new design point: new tables; the batch buffers are kept when they are large enough
  // and otherwise reallocated for the same number of trials (or fewer, if memory is short).
  void rebind(const ScenarioData& sc) override {
    check(cudaSetDevice(device_), "cudaSetDevice");
    free_tables();
    sc_ = &sc;
    if (cpu_) cpu_->rebind(sc);
    layout_ = sc.layout;
    upload_tables(sc);
    if (bytes_per_trial() * size_t{batch_} > allocated_bytes_) {
      release();
      allocate(batch_);
    }
  }

  std::string name() const override { return "cuda"; }
  std::string device() const override { return name_ + " (device " + std::to_string(device_) + ")"; }
  uint32_t preferred_batch() const override { return 2 * batch_; }

  bool run(uint64_t first, uint32_t count, int32_t* ints, double* dbls) override {
    check(cudaSetDevice(device_), "cudaSetDevice");
    uint32_t pending_at = 0, pending_n = 0;
    int pending = -1;
    for (uint32_t done = 0, k = 0; done < count && !stop_requested(); ++k) {
      report(static_cast<double>(done) / count);
      const uint32_t n = std::min(count - done, batch_);
      Buffers& b = buf_[k % 2];
      launch_batch(b, first + done, n);
      if (pending >= 0) collect(buf_[pending], first, pending_at, pending_n, ints, dbls);
      pending = static_cast<int>(k % 2), pending_at = done, pending_n = n;
      done += n;
    }
    if (pending >= 0) collect(buf_[pending], first, pending_at, pending_n, ints, dbls);
    return !stop_requested();
  }

  uint64_t reruns() const override { return cpu_ ? cpu_->reruns() : 0; }

 private:
  // Enqueues every stage of trials [first, first + n) on the buffer's stream.
  void launch_batch(Buffers& b, uint64_t first, uint32_t n) {
    check(cudaStreamSynchronize(b.stream), "previous batch");  // its host buffers are free again
    launch(n, CostKeys{first, b.keys, b.trials}, b.stream, "cost keys");
    if (view_.radiation.enabled)
      thrust::sort_by_key(thrust::cuda::par.on(b.stream), b.keys, b.keys + n, b.trials, thrust::greater<double>());
    const Lanes lanes{b.slab, b.trials, n, batch_};
    const int64_t items = int64_t{n} * view_.n_slots;
    launch(n, PerTrial<SetupStage>{lanes, {}}, b.stream, "setup");
    launch(items, PerSatellite<SatelliteStage>{lanes, {}}, b.stream, "satellites");
    launch(n, PerTrial<PlaceStage>{lanes, {}}, b.stream, "place");
    launch(n, PerTrial<EventsStage>{lanes, {}}, b.stream, "events");
    launch(items, PerSatellite<RebuildStage>{lanes, {}}, b.stream, "rebuild");
    launch(int64_t{n} * view_.n_replay_chunks, PerSatellite<ReplayStage, 255>{lanes, {}}, b.stream, "replay");
    launch(n, PerTrial<FinishStage>{lanes, {}}, b.stream, "finish");
    launch(n, PerTrial<RerunStage>{lanes, {}}, b.stream, "exact reruns");
    launch(n, CopyRecords{lanes, first, b.ints, b.dbls}, b.stream, "records");
    const size_t ni = size_t{n} * layout_.n_int, nd = size_t{n} * layout_.n_double;
    check(cudaMemcpyAsync(b.host_ints, b.ints, ni * sizeof(int32_t), cudaMemcpyDeviceToHost, b.stream), "records");
    check(cudaMemcpyAsync(b.host_dbls, b.dbls, nd * sizeof(double), cudaMemcpyDeviceToHost, b.stream), "records");
  }

  // Records of a finished batch; the rare trials that outgrew their room (kTrialNeedsRoom) run
  // again on the CPU backend, which has the larger tiers (the same stages, same results as a
  // CPU run).
  void collect(Buffers& b, uint64_t first, uint32_t at, uint32_t n, int32_t* ints, double* dbls) {
    check(cudaStreamSynchronize(b.stream), "trial stages");
    int32_t* out_i = ints + size_t{at} * layout_.n_int;
    double* out_d = dbls + size_t{at} * layout_.n_double;
    std::copy_n(b.host_ints, size_t{n} * layout_.n_int, out_i);
    std::copy_n(b.host_dbls, size_t{n} * layout_.n_double, out_d);
    for (uint32_t i = 0; i < n; ++i) {
      if (out_i[size_t{i} * layout_.n_int + layout_.status] != kTrialNeedsRoom) continue;
      if (!cpu_) cpu_ = make_cpu_backend(*sc_, 0, CpuSchedule::kSatellites);
      cpu_->run(first + at + i, 1, out_i + size_t{i} * layout_.n_int, out_d + size_t{i} * layout_.n_double);
    }
  }

  void upload_tables(const ScenarioData& sc) {
    view_ = sc.dims;
#define ORB_UPLOAD(type, name, comment) view_.name = upload(sc.name);
    ORB_SCENARIO_TABLES(ORB_UPLOAD)
#undef ORB_UPLOAD
    workspace_ = workspace_layout(view_, layout_);
    check(cudaMemcpyToSymbol(c_scenario, &view_, sizeof view_), "constant scenario");
    check(cudaMemcpyToSymbol(c_layout, &layout_, sizeof layout_), "constant layout");
    check(cudaMemcpyToSymbol(c_workspace, &workspace_, sizeof workspace_), "constant workspace");
  }

  void free_tables() {
#define ORB_FREE(type, name, comment) cudaFree(const_cast<type*>(view_.name)), view_.name = nullptr;
    ORB_SCENARIO_TABLES(ORB_FREE)
#undef ORB_FREE
  }

  size_t bytes_per_trial() const {
    return workspace_.bytes + (sizeof(int32_t) * layout_.n_int + sizeof(double) * layout_.n_double) +
           sizeof(uint32_t) + sizeof(double);
  }

  bool allocate_one(Buffers& b, uint32_t batch) {
    const size_t ni = size_t{batch} * layout_.n_int, nd = size_t{batch} * layout_.n_double;
    return cudaMalloc(&b.slab, workspace_.bytes * size_t{batch}) == cudaSuccess &&
           cudaMalloc(&b.trials, sizeof(uint32_t) * batch) == cudaSuccess &&
           cudaMalloc(&b.keys, sizeof(double) * batch) == cudaSuccess &&
           cudaMalloc(&b.ints, sizeof(int32_t) * ni) == cudaSuccess &&
           cudaMalloc(&b.dbls, sizeof(double) * nd) == cudaSuccess &&
           cudaMallocHost(&b.host_ints, sizeof(int32_t) * ni) == cudaSuccess &&
           cudaMallocHost(&b.host_dbls, sizeof(double) * nd) == cudaSuccess &&
           cudaStreamCreateWithFlags(&b.stream, cudaStreamNonBlocking) == cudaSuccess;
  }

  // Two buffers of `batch` trials; a failed allocation halves the batch rather than failing.
  void allocate(uint32_t batch) {
    for (;; batch /= 2) {
      if (batch == 0) throw std::runtime_error("CUDA: not enough device memory for one trial");
      if (allocate_one(buf_[0], batch) && allocate_one(buf_[1], batch)) break;
      cudaGetLastError();  // clear the allocation failure before retrying smaller
      release();
    }
    batch_ = batch;
    allocated_bytes_ = bytes_per_trial() * size_t{batch};
  }

  void release() {
    for (Buffers& b : buf_) {
      if (b.stream) cudaStreamSynchronize(b.stream), cudaStreamDestroy(b.stream);
      cudaFree(b.slab), cudaFree(b.trials), cudaFree(b.keys), cudaFree(b.ints), cudaFree(b.dbls);
      cudaFreeHost(b.host_ints), cudaFreeHost(b.host_dbls);
      b = Buffers{};
    }
  }

  const ScenarioData* sc_;
  RecordLayout layout_;
  int device_;
  std::unique_ptr<Backend> cpu_;  // for trials that outgrow their room
  std::string name_;
  ScenarioView view_{};
  WorkspaceLayout workspace_{};
  uint32_t batch_ = 0;  // trials per buffer
  Buffers buf_[2];
  size_t allocated_bytes_ = 0;  // batch_ x bytes_per_trial() when the buffers were allocated
};

}  // namespace

bool cuda_compiled() { return true; }

std::vector<std::string> cuda_device_names() {
  std::vector<std::string> names;
  int n = 0;
  if (cudaGetDeviceCount(&n) != cudaSuccess) {
    cudaGetLastError();
    return names;
  }
  for (int i = 0; i < n; ++i) {
    cudaDeviceProp prop{};
    if (cudaGetDeviceProperties(&prop, i) == cudaSuccess) names.emplace_back(prop.name);
  }
  return names;
}

std::unique_ptr<Backend> make_cuda_backend(const ScenarioData& sc, int device_index, std::string* why_not) {
  int n = 0;
  const cudaError_t err = cudaGetDeviceCount(&n);
  if (err != cudaSuccess || n == 0) {
    if (why_not)
      *why_not = err != cudaSuccess ? std::string("no usable CUDA device (") + cudaGetErrorString(err) + ")"
                                    : "no CUDA device found";
    cudaGetLastError();
    return nullptr;
  }
  if (device_index >= n) {
    if (why_not) *why_not = "CUDA device " + std::to_string(device_index) + " does not exist";
    return nullptr;
  }
  return std::make_unique<CudaBackend>(sc, device_index);
}

}  // namespace orb
