#include <mpi.h>

#include <algorithm>
#include <stdexcept>

#include "host/run/mpi.hpp"
#include "host/run/mpi_launch.hpp"

namespace orb::mpi {

namespace {
bool g_active = false;
constexpr int kTag = 7471;
constexpr uint64_t kChunk = uint64_t{1} << 30;  // MPI counts are int: send in 1 GiB pieces
}  // namespace

bool built() { return true; }

World init(int* argc, char*** argv) {
  World w;
  if (launched_size() <= 1 && !std::getenv("OMPI_COMM_WORLD_RANK")) return w;
  MPI_Init(argc, argv);
  g_active = true;
  w.active = true;
  MPI_Comm_rank(MPI_COMM_WORLD, &w.rank);
  MPI_Comm_size(MPI_COMM_WORLD, &w.size);
  MPI_Comm node;
  MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, w.rank, MPI_INFO_NULL, &node);
  MPI_Comm_rank(node, &w.local_rank);
  MPI_Comm_size(node, &w.local_size);
  MPI_Comm_free(&node);
  return w;
}

void finalize() {
  if (g_active) MPI_Finalize();
  g_active = false;
}

void abort(int code) {
  if (g_active) MPI_Abort(MPI_COMM_WORLD, code);
  std::exit(code);
}

int max_int(int v) {
  if (!g_active) return v;
  int out = v;
  MPI_Allreduce(&v, &out, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
  return out;
}

double max_double(double v) {
  if (!g_active) return v;
  double out = v;
  MPI_Allreduce(&v, &out, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
  return out;
}

std::vector<std::vector<unsigned char>> gather(const std::vector<unsigned char>& mine) {
  std::vector<std::vector<unsigned char>> all;
  int rank = 0, size = 1;
  if (g_active) MPI_Comm_rank(MPI_COMM_WORLD, &rank), MPI_Comm_size(MPI_COMM_WORLD, &size);
  if (rank != 0) {
    uint64_t n = mine.size();
    MPI_Send(&n, 1, MPI_UINT64_T, 0, kTag, MPI_COMM_WORLD);
    for (uint64_t at = 0; at < n; at += kChunk)
      MPI_Send(mine.data() + at, static_cast<int>(std::min(kChunk, n - at)), MPI_BYTE, 0, kTag, MPI_COMM_WORLD);
    return all;
  }
  all.push_back(mine);
  for (int r = 1; r < size; ++r) {
    uint64_t n = 0;
    MPI_Recv(&n, 1, MPI_UINT64_T, r, kTag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    std::vector<unsigned char> bytes(n);
    for (uint64_t at = 0; at < n; at += kChunk)
      MPI_Recv(bytes.data() + at, static_cast<int>(std::min(kChunk, n - at)), MPI_BYTE, r, kTag, MPI_COMM_WORLD,
               MPI_STATUS_IGNORE);
    all.push_back(std::move(bytes));
  }
  return all;
}

}  // namespace orb::mpi
