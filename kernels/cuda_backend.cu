// CUDA backend: one thread per trial running the same run_trial as the CPU backend. The
// scenario tables are copied to the device once; each batch gets device buffers for its
// records and trial workspaces, sized to the memory free at start (a failed allocation halves
// the batch rather than failing the run).
#include <cuda_runtime.h>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

#include "../host/backend.hpp"
#include "trial.hpp"

namespace orb {

namespace {

void check(cudaError_t err, const char* what) {
  if (err != cudaSuccess)
    throw std::runtime_error(std::string("CUDA error in ") + what + ": " +
                             cudaGetErrorString(err));
}

template <class T>
T* upload(const std::vector<T>& host) {
  T* dev = nullptr;
  if (host.empty()) return dev;
  check(cudaMalloc(&dev, host.size() * sizeof(T)), "cudaMalloc(scenario)");
  check(cudaMemcpy(dev, host.data(), host.size() * sizeof(T), cudaMemcpyHostToDevice),
        "cudaMemcpy(scenario)");
  return dev;
}

// Trial i of the launch is lane i of `stride` interleaved workspaces; its record is built in
// the interleaved workspace too and copied out, contiguous per trial, at the end.
__global__ void trial_kernel(ScenarioView sc, RecordLayout L, WorkspaceLayout W, uint64_t first,
                             uint32_t count, uint32_t stride, int32_t* ints, double* dbls,
                             unsigned char* slab) {
  const uint32_t i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= count) return;
  const TrialWorkspace ws = carve_workspace(W, slab, stride, i);
  const RecordView rec{ws.record_ints, ws.record_dbls};
  run_trial(sc, L, static_cast<uint32_t>(first + i), rec, ws);
  for (int k = 0; k < L.n_int; ++k) ints[static_cast<size_t>(i) * L.n_int + k] = rec.ints[k];
  for (int k = 0; k < L.n_double; ++k) dbls[static_cast<size_t>(i) * L.n_double + k] = rec.dbls[k];
}

class CudaBackend final : public Backend {
 public:
  CudaBackend(const ScenarioData& sc, int device) : layout_(sc.layout), device_(device) {
    check(cudaSetDevice(device), "cudaSetDevice");
    cudaDeviceProp prop{};
    check(cudaGetDeviceProperties(&prop, device), "cudaGetDeviceProperties");
    name_ = prop.name;
    upload_tables(sc);
    size_t free_bytes = 0, total_bytes = 0;
    check(cudaMemGetInfo(&free_bytes, &total_bytes), "cudaMemGetInfo");
    const size_t per_trial = bytes_per_trial();
    batch_ = static_cast<uint32_t>(
        std::clamp<size_t>(free_bytes / 10 * 8 / per_trial, 1, size_t{1} << 20));
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
    layout_ = sc.layout;
    upload_tables(sc);
    if (bytes_per_trial() * size_t{batch_} > allocated_bytes_) {
      release();
      allocate(batch_);
    }
  }

  std::string name() const override { return "cuda"; }
  std::string device() const override { return name_ + " (device " + std::to_string(device_) + ")"; }
  uint32_t preferred_batch() const override { return batch_; }

  void run(uint64_t first, uint32_t count, int32_t* ints, double* dbls) override {
    check(cudaSetDevice(device_), "cudaSetDevice");
    for (uint32_t done = 0; done < count;) {
      const uint32_t n = std::min(count - done, batch_);
      const int block = 128;
      trial_kernel<<<(n + block - 1) / block, block>>>(view_, layout_, workspace_, first + done, n,
                                                       batch_, d_ints_, d_dbls_, d_slabs_);
      check(cudaGetLastError(), "trial_kernel launch");
      check(cudaDeviceSynchronize(), "trial_kernel");
      check(cudaMemcpy(ints + static_cast<size_t>(done) * layout_.n_int, d_ints_,
                       static_cast<size_t>(n) * layout_.n_int * sizeof(int32_t),
                       cudaMemcpyDeviceToHost),
            "cudaMemcpy(records)");
      check(cudaMemcpy(dbls + static_cast<size_t>(done) * layout_.n_double, d_dbls_,
                       static_cast<size_t>(n) * layout_.n_double * sizeof(double),
                       cudaMemcpyDeviceToHost),
            "cudaMemcpy(records)");
      done += n;
    }
  }

 private:
  void upload_tables(const ScenarioData& sc) {
    view_ = sc.dims;
    view_.shells = shells_ = upload(sc.shells);
    view_.classes = classes_ = upload(sc.classes);
    view_.subsystems = subsystems_ = upload(sc.subsystems);
    view_.threshold_levels = levels_ = upload(sc.threshold_levels);
    view_.shell_debris = shell_debris_ = upload(sc.shell_debris);
    view_.cell_tau_days = cell_tau_ = upload(sc.cell_tau_days);
    view_.spread = spread_ = upload(sc.spread);
    view_.forced = forced_ = upload(sc.forced);
    view_.shell_radiation = shell_radiation_ = upload(sc.shell_radiation);
    view_.shell_loss = shell_loss_ = upload(sc.shell_loss);
    view_.forced_losses = forced_losses_ = upload(sc.forced_losses);
    workspace_ = workspace_layout(view_, layout_);
  }

  void free_tables() {
    cudaFree(const_cast<ShellParams*>(shells_));
    cudaFree(const_cast<ClassParams*>(classes_));
    cudaFree(const_cast<SubsystemParams*>(subsystems_));
    cudaFree(const_cast<double*>(levels_));
    cudaFree(const_cast<ShellDebris*>(shell_debris_));
    cudaFree(const_cast<double*>(cell_tau_));
    cudaFree(const_cast<double*>(spread_));
    cudaFree(const_cast<ForcedBreakup*>(forced_));
    cudaFree(const_cast<ShellRadiation*>(shell_radiation_));
    cudaFree(const_cast<ShellLoss*>(shell_loss_));
    cudaFree(const_cast<ForcedLoss*>(forced_losses_));
    forced_losses_ = nullptr;
    shells_ = nullptr, classes_ = nullptr, subsystems_ = nullptr, levels_ = nullptr, shell_debris_ = nullptr;
    cell_tau_ = nullptr, spread_ = nullptr, forced_ = nullptr, shell_radiation_ = nullptr, shell_loss_ = nullptr;
  }

  size_t bytes_per_trial() const {
    return workspace_.bytes + sizeof(int32_t) * layout_.n_int + sizeof(double) * layout_.n_double;
  }

  void allocate(uint32_t batch) {
    for (;; batch /= 2) {
      if (batch == 0) throw std::runtime_error("CUDA: not enough device memory for one trial");
      const bool ok =
          cudaMalloc(&d_ints_, sizeof(int32_t) * layout_.n_int * size_t{batch}) == cudaSuccess &&
          cudaMalloc(&d_dbls_, sizeof(double) * layout_.n_double * size_t{batch}) == cudaSuccess &&
          cudaMalloc(&d_slabs_, workspace_.bytes * size_t{batch}) == cudaSuccess;
      if (ok) break;
      cudaGetLastError();  // clear the allocation failure before retrying smaller
      release();
    }
    batch_ = batch;
    allocated_bytes_ = bytes_per_trial() * size_t{batch};
  }

  void release() {
    cudaFree(d_ints_);
    cudaFree(d_dbls_);
    cudaFree(d_slabs_);
    d_ints_ = nullptr, d_dbls_ = nullptr, d_slabs_ = nullptr;
  }

  RecordLayout layout_;
  int device_;
  std::string name_;
  ScenarioView view_{};
  const ShellParams* shells_ = nullptr;
  const ClassParams* classes_ = nullptr;
  const SubsystemParams* subsystems_ = nullptr;
  const double* levels_ = nullptr;
  const ShellDebris* shell_debris_ = nullptr;
  const double* cell_tau_ = nullptr;
  const double* spread_ = nullptr;
  const ForcedBreakup* forced_ = nullptr;
  const ShellRadiation* shell_radiation_ = nullptr;
  const ShellLoss* shell_loss_ = nullptr;
  const ForcedLoss* forced_losses_ = nullptr;
  WorkspaceLayout workspace_{};
  uint32_t batch_ = 0;
  int32_t* d_ints_ = nullptr;
  double* d_dbls_ = nullptr;
  unsigned char* d_slabs_ = nullptr;
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

std::unique_ptr<Backend> make_cuda_backend(const ScenarioData& sc, int device_index,
                                           std::string* why_not) {
  int n = 0;
  const cudaError_t err = cudaGetDeviceCount(&n);
  if (err != cudaSuccess || n == 0) {
    if (why_not)
      *why_not = err != cudaSuccess ? std::string("no usable CUDA device (") +
                                          cudaGetErrorString(err) + ")"
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
