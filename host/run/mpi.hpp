// The few MPI operations a run needs: ranks own contiguous trial ranges, and rank 0 gathers
// their serialized run states in rank order. MPI is initialized only when the process was
// started by an MPI launcher, so an MPI build still runs as a plain program.
#pragma once

#include <cstdint>
#include <vector>

namespace orb::mpi {

struct World {
  int rank = 0;
  int size = 1;
  int local_size = 1;  // ranks on this node (for sharing its cores and GPUs)
  int local_rank = 0;
  bool active = false;
};

bool built();
// Throws when started by mpirun with several processes in a build without MPI.
World init(int* argc, char*** argv);
void finalize();
[[noreturn]] void abort(int code);

int max_int(int v);          // over all ranks
double max_double(double v);
// Rank 0 gets every rank's bytes in rank order (its own first); the others an empty list.
std::vector<std::vector<unsigned char>> gather(const std::vector<unsigned char>& mine);

}  // namespace orb::mpi
