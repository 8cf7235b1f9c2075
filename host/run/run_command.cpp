#include "host/run/run_command.hpp"

#include <omp.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <memory>
#include <stdexcept>

#include "kernels/losses.hpp"
#include "host/run/backend.hpp"
#include "host/run/checkpoint.hpp"
#include "host/config/config.hpp"
#include "host/run/durable.hpp"
#include "host/output/output.hpp"
#include "host/run/run.hpp"
#include "host/scenario/scenario.hpp"
#include "host/output/summary.hpp"
#include "host/text.hpp"

namespace orb {

namespace {

std::atomic<int> g_signal{0};

extern "C" void on_stop_signal(int sig) { g_signal.store(sig); }

// SA_RESETHAND: a second Ctrl-C ends the process at once, for a user who will not wait for
// the batch in flight.
void install_signal_handlers() {
  struct sigaction sa {};
  sa.sa_handler = on_stop_signal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESETHAND;
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
}

struct Plan {
  Config cfg;
  CheckpointMeta meta;     // what this run's checkpoints record
  std::string checkpoint;  // base path (MPI ranks add ".rank<r>")
  bool resuming = false;
};

std::string rank_path(const std::string& base, const mpi::World& w) {
  return w.size > 1 ? base + ".rank" + std::to_string(w.rank) : base;
}

// Trials [lo, hi) of part i of n of [begin, end).
std::pair<uint64_t, uint64_t> share(uint64_t begin, uint64_t end, int i, int n) {
  const unsigned __int128 N = end - begin;
  return {begin + static_cast<uint64_t>(N * i / n), begin + static_cast<uint64_t>(N * (i + 1) / n)};
}

void parse_shard(const std::string& text, uint64_t trials, CheckpointMeta& m) {
  int i = -1, n = 0;
  char tail = 0;
  if (std::sscanf(text.c_str(), "%d/%d%c", &i, &n, &tail) != 2 || n < 1 || i < 0 || i >= n)
    throw std::runtime_error("--shard: '" + text + "' is not i/n with 0 <= i < n (e.g. 0/4)");
  if (static_cast<uint64_t>(n) > trials)
    throw std::runtime_error("--shard: " + std::to_string(n) + " shards for " + std::to_string(trials) +
                             " trials would leave some empty; use at most as many shards as trials");
  m.shard_index = i, m.shard_count = n;
}

void check_targets(const Config& cfg, CheckpointMeta& m) {
  if (m.target_rse <= 0.0) {
    if (!m.targets.empty()) throw std::runtime_error("--target needs --target-rse");
    return;
  }
  if (m.targets.empty()) m.targets = {"mission_average_capacity"};
  const std::string names = join(rse_targets(), ", ");
  for (const auto& t : m.targets) {
    bool known = false;
    for (const auto& k : rse_targets()) known = known || k == t;
    if (!known) throw std::runtime_error("--target: unknown output '" + t + "' (one of: " + names + ")");
    if (t.rfind("aal_", 0) == 0 && !cfg.losses.enabled)
      throw std::runtime_error("--target " + t + ": [losses] is disabled in this configuration");
  }
}

// Rules that look at the whole run cannot be applied by one shard or rank alone.
void check_rules_allowed(const CheckpointMeta& m, const mpi::World& w) {
  if ((m.target_rse > 0.0 || m.time_budget_s > 0.0) && (m.shard_count > 0 || w.size > 1))
    throw std::runtime_error("--target-rse and --time-budget apply to a single-process run; they are not "
                             "supported with --shard or MPI");
}

const char* kFixedByCheckpoint[] = {"config", "--trials", "--seed", "--set", "--keep-trials", "--no-ylt",
                                    "--shard", "--target-rse", "--target", "--force"};

Plan plan_new(const RunArgs& a, const mpi::World& w) {
  if (a.config.empty()) throw std::runtime_error("run: give a scenario TOML file (or --resume CHECKPOINT)");
  if (a.output.empty()) throw std::runtime_error("run: --output is required");
  Plan p;
  p.cfg = load_config(a.config, a.overrides);
  CheckpointMeta& m = p.meta;
  m.config_toml = to_toml(p.cfg);
  m.config_path = a.config;
  m.seed = a.seed;
  m.trials_requested = a.trials;
  m.output = a.output;
  m.keep_trials = a.keep_trials, m.no_ylt = a.no_ylt, m.force = a.force;
  m.target_rse = a.target_rse, m.targets = a.targets;
  m.time_budget_s = a.time_budget.empty() ? 0.0 : parse_duration(a.time_budget, "--time-budget");
  if (!a.shard.empty()) parse_shard(a.shard, a.trials, m);
  m.mpi_rank = w.rank, m.mpi_ranks = w.size;
  check_targets(p.cfg, m);
  check_rules_allowed(m, w);
  p.checkpoint = a.checkpoint.empty() ? a.output + ".ckpt.h5" : a.checkpoint;
  return p;
}

Plan plan_resume(const RunArgs& a, const mpi::World& w) {
  for (const char* opt : kFixedByCheckpoint)
    if (a.given.count(opt))
      throw std::runtime_error(std::string("--resume takes the configuration, seed, trials and run options from "
                                           "the checkpoint; remove ") + opt);
  Plan p;
  p.resuming = true;
  p.meta = read_checkpoint_meta(rank_path(a.resume, w));
  if (p.meta.mpi_ranks != w.size || p.meta.mpi_rank != w.rank)
    throw std::runtime_error(a.resume + ": written by rank " + std::to_string(p.meta.mpi_rank) + " of a run with " +
                             std::to_string(p.meta.mpi_ranks) + " MPI processes; resume it with that many (now " +
                             std::to_string(w.size) + ")");
  p.cfg = parse_config(p.meta.config_toml, a.resume + " (config_toml)");
  if (a.given.count("--output")) p.meta.output = a.output;
  if (a.given.count("--time-budget")) p.meta.time_budget_s = parse_duration(a.time_budget, "--time-budget");
  check_rules_allowed(p.meta, w);
  p.checkpoint = a.given.count("--checkpoint") ? a.checkpoint : a.resume;
  return p;
}

// Worst case (incompressible): the year loss table and kept rows dominate large runs.
uint64_t expected_bytes(const Config& cfg, const TallyShape& shape, uint64_t trials, bool ylt, bool keep) {
  uint64_t per_trial = ylt ? uint64_t(cfg.policy_years()) * kYltColumns * sizeof(double) : 0;
  if (keep)
    for (const auto& c : KeptTrials::for_shape(shape).columns) per_trial += std::max(c.width, 1) * sizeof(double);
  return (uint64_t{16} << 20) + trials * per_trial;
}

std::vector<int> parse_devices(const std::string& text, const mpi::World& w) {
  std::vector<int> out;
  if (text != "all") {
    size_t at = 0;
    while (at < text.size()) {
      size_t used = 0;
      int d = -1;
      try {
        d = std::stoi(text.substr(at), &used);
      } catch (const std::exception&) {
      }
      if (used == 0 || d < 0) throw std::runtime_error("--devices: '" + text + "' is not 'all' or a list like 0,1,3");
      out.push_back(d);
      at += used;
      if (at < text.size() && text[at++] != ',')
        throw std::runtime_error("--devices: '" + text + "' is not 'all' or a list like 0,1,3");
    }
    return out;
  }
  // MPI ranks on one node share its GPUs round-robin
  const int n = static_cast<int>(cuda_device_names().size());
  if (w.local_size <= 1 || n == 0) return out;
  for (int d = w.local_rank % n; d < n; d += w.local_size) out.push_back(d);
  return out;
}

int default_threads(int requested, const mpi::World& w) {
  if (requested > 0) return requested;
  return std::max(1, omp_get_max_threads() / std::max(1, w.local_size));
}

RunState combine(RunState& mine, const mpi::World& w) {
  if (w.size == 1) return std::move(mine);
  const double wall = mpi::max_double(mine.seconds);
  const auto all = mpi::gather(serialize(mine));
  RunState out(mine.tally.shape, 0, 0, mine.keep_trials);
  if (w.rank != 0) return out;
  out = deserialize(all[0], mine.tally.shape);
  for (size_t r = 1; r < all.size(); ++r) out.append(deserialize(all[r], mine.tally.shape));
  out.seconds = wall;
  return out;
}

void remove_checkpoints(const std::string& base, int ranks) {
  std::remove(base.c_str());
  for (int r = 0; r < ranks; ++r) std::remove((base + ".rank" + std::to_string(r)).c_str());
}

// Writes the result; when that fails (disk full), keeps every trial in a checkpoint instead.
void write_or_save(ResultFile& out, const Plan& p, const ScenarioData& sc, const RunState& state,
                   const RunInfo& info) {
  try {
    out.write_results(p.cfg, sc, state, info, !p.meta.no_ylt);
    out.commit();
  } catch (const std::exception& e) {
    std::string msg = out.path() + ": writing the results failed (" + std::to_string(free_bytes(out.path()) >> 20) +
                      " MiB free there now): " + e.what();
    CheckpointMeta whole = p.meta;
    whole.mpi_rank = 0, whole.mpi_ranks = 1;
    try {
      write_checkpoint(p.checkpoint, whole, state);
      msg += "\nall trials are saved in " + p.checkpoint + "; make room and finish with: orbitrisk run --resume " +
             p.checkpoint;
    } catch (const std::exception& e2) {
      msg += std::string("\nsaving the trials in a checkpoint failed too: ") + e2.what();
    }
    throw std::runtime_error(msg);
  }
}

}  // namespace

double parse_duration(const std::string& text, const std::string& option) {
  double value = -1.0;
  char unit = 's', tail = 0;
  const int got = std::sscanf(text.c_str(), "%lf%c%c", &value, &unit, &tail);
  const double scale = unit == 's' ? 1 : unit == 'm' ? 60 : unit == 'h' ? 3600 : unit == 'd' ? 86400 : -1;
  if (got < 1 || got > 2 || scale < 0 || !(value >= 0.0) || !std::isfinite(value))
    throw std::runtime_error(option + ": '" + text + "' is not a duration (a number with s, m, h or d: 30s, 10m, 8h)");
  return value * scale;
}

int run_command(const RunArgs& a, const mpi::World& w) {
  Plan p = a.resume.empty() ? plan_new(a, w) : plan_resume(a, w);
  const CheckpointMeta& m = p.meta;
  const ScenarioData sc = build_scenario(p.cfg, m.seed);
  const TallyShape shape = TallyShape::of(sc);
  auto [lo, hi] = m.shard_count > 0 ? share(0, m.trials_requested, m.shard_index, m.shard_count)
                                    : std::pair<uint64_t, uint64_t>{0, m.trials_requested};
  std::tie(lo, hi) = share(lo, hi, w.rank, w.size);
  const std::string my_checkpoint = rank_path(p.checkpoint, w);
  RunState state = p.resuming ? read_checkpoint_state(rank_path(a.resume, w), shape) : RunState(shape, lo, hi, m.keep_trials);
  if (state.begin != lo || state.end != hi)
    throw std::runtime_error(a.resume + ": its trial range does not match the run it records");
  if (p.resuming) ++state.resumes;

  remove_stale_partials(my_checkpoint);
  if (w.rank == 0) remove_stale_partials(m.output);
  // Every check that can fail happens before the first trial.
  std::unique_ptr<ResultFile> out;
  const uint64_t whole = m.shard_count > 0 ? hi - lo : m.trials_requested;
  if (w.rank == 0)
    out = std::make_unique<ResultFile>(m.output, m.force,
                                       expected_bytes(p.cfg, shape, whole, !m.no_ylt || m.shard_count > 0, m.keep_trials));
  check_room(my_checkpoint, expected_bytes(p.cfg, shape, hi - lo, true, m.keep_trials), "a checkpoint");
  const double every_s = parse_duration(a.checkpoint_every, "--checkpoint-every");
  const int threads = default_threads(a.threads, w);
  auto backend = make_backend(a.backend, sc, threads, parse_devices(a.devices, w));

  install_signal_handlers();
  bool checkpoint_ok = true;
  RunControl control;
  control.checkpoint_every_s = every_s;
  control.checkpoint = [&](const RunState& s) {
    try {
      write_checkpoint(my_checkpoint, m, s);
      checkpoint_ok = true;
    } catch (const std::exception& e) {
      checkpoint_ok = false;
      std::fprintf(stderr, "warning: %s; the run goes on\n", e.what());
    }
  };
  control.time_budget_s = m.time_budget_s;
  control.target_rse = m.target_rse;
  control.targets = m.targets;
  control.stop_signal = &g_signal;
  RunOptions opt;
  opt.threads = threads;
  opt.batch = a.batch;
  Progress progress(hi - lo, w.rank == 0 ? Progress::choose(a.progress) : Progress::Mode::kOff, "trials",
                    state.next_trial - lo);
  RunStats stats;
  const StopReason reason = run_trials(sc, *backend, state, opt, control, progress, &stats);

  // A rank that finished still checkpoints when another was stopped, so all can resume.
  if (mpi::max_int(reason == StopReason::kInterrupted) != 0) {
    if (reason != StopReason::kInterrupted) control.checkpoint(state);
    if (!checkpoint_ok) throw std::runtime_error("interrupted, and the checkpoint could not be written");
    if (w.rank == 0)
      std::fprintf(stderr, "\ninterrupted after %llu of %llu trials; checkpoint: %s\ncontinue with: %sorbitrisk run --resume %s\n",
                   static_cast<unsigned long long>(state.next_trial - lo), static_cast<unsigned long long>(hi - lo),
                   p.checkpoint.c_str(), w.size > 1 ? ("mpirun -np " + std::to_string(w.size) + " ").c_str() : "", p.checkpoint.c_str());
    return kExitInterrupted;
  }
  RunState all = combine(state, w);
  if (w.rank != 0) return 0;

  RunInfo info;
  info.seed = m.seed;
  info.trials_requested = m.trials_requested;
  info.threads = threads;
  info.ranks = w.size;
  info.config_path = m.config_path;
  info.stats = stats;
  info.stats.seconds = all.seconds;
  info.stats.trials_per_second = all.seconds > 0 ? all.tally.trials / all.seconds : 0.0;
  info.stop_reason = reason;
  info.target_rse = m.target_rse, info.targets = m.targets, info.time_budget_s = m.time_budget_s;
  info.shard_index = m.shard_index, info.shard_count = m.shard_count;
  info.checkpoints = all.checkpoints, info.resumes = all.resumes;
  write_or_save(*out, p, sc, all, info);
  remove_checkpoints(p.checkpoint, w.size);
  if (p.resuming && a.resume != p.checkpoint) remove_checkpoints(a.resume, w.size);

  print_run_summary(std::cout, p.cfg, all.tally, info.stats, all.ylt);
  print_run_log(std::cout, all, info);
  std::cout << "\n  results: " << out->path() << "\n";
  return 0;
}

}  // namespace orb
