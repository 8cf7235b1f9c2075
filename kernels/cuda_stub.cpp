// Linked instead of cuda_backend.cu when orbitrisk is built without CUDA.
#include "host/run/backend.hpp"

namespace orb {

bool cuda_compiled() { return false; }
std::vector<std::string> cuda_device_names() { return {}; }

std::unique_ptr<Backend> make_cuda_backend(const ScenarioData&, int, std::string* why_not) {
  if (why_not) *why_not = "this orbitrisk was built without CUDA (ORBITRISK_CUDA=OFF or no nvcc)";
  return nullptr;
}

}  // namespace orb
