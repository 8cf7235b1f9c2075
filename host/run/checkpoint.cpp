#include "host/run/checkpoint.hpp"

#include <unistd.h>

#include <cstdio>
#include <stdexcept>

#include "host/run/durable.hpp"
#include "host/output/hdf5.hpp"
#include "host/output/output_helpers.hpp"
#include "host/run/state_file.hpp"
#include "host/text.hpp"
#include "host/version.hpp"

namespace orb {

namespace {

constexpr const char* kFiletype = "orbitrisk-checkpoint";

h5::Handle open_checked(const std::string& path) {
  h5::quiet_errors();
  h5::Handle f;
  try {
    f = h5::open_file_readonly(path);
  } catch (const std::exception&) {
    throw std::runtime_error(path + ": cannot be read as an HDF5 checkpoint (missing, truncated or not HDF5)");
  }
  std::string type;
  try {
    type = h5::read_string_attr(f, "filetype");
  } catch (const std::exception&) {
  }
  if (type != kFiletype) throw std::runtime_error(path + ": not an orbitrisk checkpoint (filetype '" + type + "')");
  const std::string version = h5::read_string_attr(f, "orbitrisk_version");
  const std::string sha = h5::read_string_attr(f, "git_sha1");
  if (version != orbitrisk_version() || sha != orbitrisk_git_sha())
    throw std::runtime_error(path + ": written by orbitrisk " + version + " (git " + sha + "); this is " +
                             orbitrisk_version() + " (git " + orbitrisk_git_sha() +
                             "): resume with the build that wrote it");
  return f;
}

}  // namespace

void write_checkpoint(const std::string& path, const CheckpointMeta& m, const RunState& state) {
  const std::string tmp = path + ".partial-" + std::to_string(getpid());
  try {
    h5::quiet_errors();
    {
      h5::Handle f = h5::create_file(tmp);
      write_provenance(f, kFiletype);
      h5::attr(f, "config_toml", m.config_toml);
      h5::attr(f, "config_path", m.config_path);
      h5::attr(f, "seed", m.seed);
      h5::attr(f, "trials_requested", m.trials_requested);
      h5::attr(f, "output", m.output);
      h5::attr(f, "keep_trials", static_cast<int64_t>(m.keep_trials));
      h5::attr(f, "no_ylt", static_cast<int64_t>(m.no_ylt));
      h5::attr(f, "force", static_cast<int64_t>(m.force));
      h5::attr(f, "target_rse", m.target_rse);
      h5::attr(f, "targets", join(m.targets, ","));
      h5::attr(f, "time_budget_seconds", m.time_budget_s);
      h5::attr(f, "shard_index", static_cast<int64_t>(m.shard_index));
      h5::attr(f, "shard_count", static_cast<int64_t>(m.shard_count));
      h5::attr(f, "mpi_rank", static_cast<int64_t>(m.mpi_rank));
      h5::attr(f, "mpi_ranks", static_cast<int64_t>(m.mpi_ranks));
      h5::Handle g = h5::create_group(f, "state");
      write_state(g, state);
      h5::flush(f);
    }
    durable_rename(tmp, path);
  } catch (const std::exception& e) {
    std::remove(tmp.c_str());
    throw std::runtime_error(path + ": checkpoint not written: " + e.what());
  }
}

CheckpointMeta read_checkpoint_meta(const std::string& path) {
  h5::Handle f = open_checked(path);
  CheckpointMeta m;
  m.config_toml = h5::read_string_attr(f, "config_toml");
  m.config_path = h5::read_string_attr(f, "config_path");
  m.seed = h5::read_uint64_attr(f, "seed");
  m.trials_requested = h5::read_uint64_attr(f, "trials_requested");
  m.output = h5::read_string_attr(f, "output");
  m.keep_trials = h5::read_int64_attr(f, "keep_trials") != 0;
  m.no_ylt = h5::read_int64_attr(f, "no_ylt") != 0;
  m.force = h5::read_int64_attr(f, "force") != 0;
  m.target_rse = h5::read_double_attr(f, "target_rse");
  m.targets = split(h5::read_string_attr(f, "targets"), ',');
  m.time_budget_s = h5::read_double_attr(f, "time_budget_seconds");
  m.shard_index = static_cast<int>(h5::read_int64_attr(f, "shard_index"));
  m.shard_count = static_cast<int>(h5::read_int64_attr(f, "shard_count"));
  m.mpi_rank = static_cast<int>(h5::read_int64_attr(f, "mpi_rank"));
  m.mpi_ranks = static_cast<int>(h5::read_int64_attr(f, "mpi_ranks"));
  return m;
}

RunState read_checkpoint_state(const std::string& path, const TallyShape& shape) {
  h5::Handle f = open_checked(path);
  h5::Handle g = h5::open_group(f, "state");
  return read_state(g, shape, path);
}

}  // namespace orb
