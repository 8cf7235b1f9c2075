// What the MPI launcher told this process through its environment (OpenMPI, PMI, PMIx).
#pragma once

#include <cstdlib>
#include <string>

namespace orb::mpi {

inline int env_int(const char* name, int fallback) {
  const char* v = std::getenv(name);
  return v && *v ? std::atoi(v) : fallback;
}

// Processes the launcher started (1 when not started by one).
inline int launched_size() {
  return env_int("OMPI_COMM_WORLD_SIZE", env_int("PMI_SIZE", env_int("PMIX_SIZE", 1)));
}

}  // namespace orb::mpi
