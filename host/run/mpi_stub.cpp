// A build without MPI: one process; refuses to be one of several started by mpirun, where
// every copy would run all the trials.
#include <cstdlib>
#include <stdexcept>
#include <string>

#include "host/run/mpi.hpp"
#include "host/run/mpi_launch.hpp"

namespace orb::mpi {

bool built() { return false; }

World init(int*, char***) {
  const int n = launched_size();
  if (n > 1)
    throw std::runtime_error("started by an MPI launcher with " + std::to_string(n) +
                             " processes, but this orbitrisk was built without MPI (configure with "
                             "-DORBITRISK_MPI=ON and OpenMPI installed)");
  return World{};
}

void finalize() {}
void abort(int code) { std::exit(code); }
int max_int(int v) { return v; }
double max_double(double v) { return v; }
std::vector<std::vector<unsigned char>> gather(const std::vector<unsigned char>& mine) { return {mine}; }

}  // namespace orb::mpi
