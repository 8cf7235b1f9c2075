#include <cstdio>
#include <exception>
#include <stdexcept>
#include <thread>

#include "host/run/backend.hpp"
#include "host/text.hpp"

namespace orb {

namespace {

class MultiBackend final : public Backend {
 public:
  explicit MultiBackend(std::vector<std::unique_ptr<Backend>> parts) : parts_(std::move(parts)) {
    for (const auto& p : parts_) batch_ += p->preferred_batch();
  }
  std::string name() const override { return parts_[0]->name(); }
  std::string device() const override {
    std::vector<std::string> names;
    for (const auto& p : parts_) names.push_back(p->device());
    return join(names, "; ");
  }
  uint32_t preferred_batch() const override { return batch_; }

  // Pieces in proportion to each part's preferred batch, so a smaller GPU gets fewer trials.
  void watch(BatchWatch* w) override {
    Backend::watch(w);
    for (auto& p : parts_) p->watch(w);
  }
  uint64_t reruns() const override {
    uint64_t n = 0;
    for (const auto& p : parts_) n += p->reruns();
    return n;
  }

  bool run(uint64_t first, uint32_t count, int32_t* ints, double* dbls) override {
    std::atomic<bool> complete{true};
    std::vector<std::thread> threads;
    std::vector<std::exception_ptr> errors(parts_.size());
    uint32_t at = 0;
    uint64_t weight_before = 0;
    for (size_t i = 0; i < parts_.size(); ++i) {
      weight_before += parts_[i]->preferred_batch();
      const uint32_t until = static_cast<uint32_t>(uint64_t{count} * weight_before / batch_);
      const uint32_t n = until - at;
      if (n > 0)
        threads.emplace_back([&, i, at, n] {
          try {
            if (!parts_[i]->run(first + at, n, ints + size_t{at} * ints_per_trial_, dbls + size_t{at} * dbls_per_trial_))
              complete = false;
          } catch (...) {
            errors[i] = std::current_exception();
          }
        });
      at = until;
    }
    for (auto& t : threads) t.join();
    for (auto& e : errors)
      if (e) std::rethrow_exception(e);
    return complete;
  }

  void rebind(const ScenarioData& sc) override {
    for (auto& p : parts_) p->rebind(sc);
    set_record_size(sc.layout.n_int, sc.layout.n_double);
  }

  void set_record_size(int n_int, int n_double) { ints_per_trial_ = n_int, dbls_per_trial_ = n_double; }

 private:
  std::vector<std::unique_ptr<Backend>> parts_;
  uint64_t batch_ = 0;
  int ints_per_trial_ = 0, dbls_per_trial_ = 0;
};

}  // namespace

std::unique_ptr<Backend> make_multi_backend(std::vector<std::unique_ptr<Backend>> parts, const ScenarioData& sc) {
  if (parts.empty()) throw std::logic_error("make_multi_backend: no parts");
  if (parts.size() == 1) return std::move(parts[0]);
  auto m = std::make_unique<MultiBackend>(std::move(parts));
  m->set_record_size(sc.layout.n_int, sc.layout.n_double);
  return m;
}

std::unique_ptr<Backend> make_backend(const std::string& which, const ScenarioData& sc, int threads,
                                      const std::vector<int>& devices) {
  if (which == "cpu") return make_cpu_backend(sc, threads);
  const int visible = static_cast<int>(cuda_device_names().size());
  std::vector<int> chosen = devices;
  if (chosen.empty())
    for (int d = 0; d < visible; ++d) chosen.push_back(d);
  for (int d : chosen)
    if (d < 0 || d >= visible)
      throw std::runtime_error("--devices: CUDA device " + std::to_string(d) + " does not exist (" +
                               std::to_string(visible) + " visible, numbered from 0)");
  std::vector<std::unique_ptr<Backend>> parts;
  std::string why = "no CUDA device found";
  for (int d : chosen) {
    auto b = make_cuda_backend(sc, d, &why);
    if (!b) break;
    parts.push_back(std::move(b));
  }
  if (parts.size() == chosen.size() && !parts.empty()) return make_multi_backend(std::move(parts), sc);
  if (which == "cuda") throw std::runtime_error("--backend cuda: " + why);
  std::fprintf(stderr, "note: %s; using the CPU backend\n", why.c_str());
  return make_cpu_backend(sc, threads);
}

}  // namespace orb
