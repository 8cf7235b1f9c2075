// The run log (/run) and the kept per-trial rows (/trials) of a result file.
#include <cmath>
#include <cstdio>

#include "host/output/output.hpp"
#include "host/output/output_helpers.hpp"
#include "host/text.hpp"

namespace orb {

// Timings and where the run ran are attributes: they differ between otherwise identical runs,
// and the datasets of a resumed, sharded or MPI run must equal those of a plain one.
void write_run_log(hid_t file, const RunState& state, const RunInfo& info) {
  auto g = h5::create_group(file, "run");
  h5::attr(g, "stop_reason", std::string(stop_reason_name(info.stop_reason)));
  h5::attr(g, "trials_requested", info.trials_requested);
  h5::attr(g, "trials_done", static_cast<uint64_t>(state.tally.trials));
  h5::attr(g, "first_trial", static_cast<uint64_t>(state.begin));
  h5::attr(g, "seconds", state.seconds);
  h5::attr(g, "trials_per_second", info.stats.trials_per_second);
  h5::attr(g, "backend", info.stats.backend);
  h5::attr(g, "devices", info.stats.device);
  h5::attr(g, "threads", static_cast<int64_t>(info.threads));
  h5::attr(g, "mpi_ranks", static_cast<int64_t>(info.ranks));
  h5::attr(g, "checkpoints", info.checkpoints);
  h5::attr(g, "resumes", info.resumes);
  h5::attr(g, "target_rse", info.target_rse);
  h5::attr(g, "targets", join(info.targets, ","));
  h5::attr(g, "time_budget_seconds", info.time_budget_s);
  h5::attr(g, "shard_index", static_cast<int64_t>(info.shard_index));
  h5::attr(g, "shard_count", static_cast<int64_t>(info.shard_count));
  h5::attr(g, "shard_end_trial", static_cast<uint64_t>(state.end));
  std::vector<double> rse;
  for (const auto& name : rse_targets()) rse.push_back(relative_standard_error(state, name));
  h5::write_strings(g, "rse_names", rse_targets(), {"1", "outputs whose precision is reported (axis of rse)"});
  h5::write(g, "rse", rse, {rse.size()},
            {"1", "achieved relative standard error of each output's mean (inf when the mean is 0)"});
}

void write_kept_trials(hid_t file, const KeptTrials& kept) {
  auto g = h5::create_group(file, "trials");
  const hsize_t rows = kept.rows();
  for (const auto& c : kept.columns) {
    const Dims dims = c.width == 0 ? Dims{rows} : Dims{rows, static_cast<hsize_t>(c.width)};
    h5::write(g, c.name, c.data, dims, {c.units, c.long_name}, true);
  }
}

void print_run_log(std::ostream& os, const RunState& state, const RunInfo& info) {
  char buf[256];
  std::snprintf(buf, sizeof buf, "  run: %s after %llu of %llu trials, %.1f s, %.0f trials/s on %s [%s]",
                stop_reason_name(info.stop_reason), static_cast<unsigned long long>(state.tally.trials),
                static_cast<unsigned long long>(info.trials_requested), state.seconds, info.stats.trials_per_second,
                info.stats.backend.c_str(), info.stats.device.c_str());
  os << buf;
  if (info.ranks > 1) os << ", " << info.ranks << " MPI ranks";
  if (info.resumes > 0) os << ", resumed " << info.resumes << "x";
  os << "\n";
  if (info.target_rse <= 0.0) return;
  os << "  precision (target relative standard error " << info.target_rse << "):";
  for (const auto& name : info.targets) {
    std::snprintf(buf, sizeof buf, " %s %.3g", name.c_str(), relative_standard_error(state, name));
    os << buf;
  }
  os << "\n";
}

}  // namespace orb
