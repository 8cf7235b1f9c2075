// orbitrisk command line: run, merge, sweep, validate, export, info.
#include <CLI/CLI.hpp>
#include <omp.h>

#include <cstdio>
#include <iostream>

#include "host/run/backend.hpp"
#include "host/config/config_error.hpp"
#include "host/config/config.hpp"
#include "host/run/merge.hpp"
#include "host/run/mpi.hpp"
#include "host/output/ord_export.hpp"
#include "host/output/output.hpp"
#include "host/run/run.hpp"
#include "host/run/run_command.hpp"
#include "host/scenario/scenario.hpp"
#include "host/output/summary.hpp"
#include "host/sweep/sweep_command.hpp"
#include "host/version.hpp"

namespace {

// One rank's error must end every rank, or the others would wait for it forever.
int fail(const orb::mpi::World& world, const char* what, int code) {
  if (world.size > 1) {
    std::fprintf(stderr, "error (MPI rank %d): %s\n", world.rank, what);
    orb::mpi::abort(code);
  }
  std::fprintf(stderr, "error: %s\n", what);
  orb::mpi::finalize();
  return code;
}

int do_validate(const std::string& path, const std::vector<std::string>& overrides) {
  const orb::Config cfg = orb::load_config(path, overrides);
  const orb::ScenarioData sc = orb::build_scenario(cfg, 0);
  std::cout << path << ": valid\n";
  orb::print_validation(std::cout, cfg, sc);
  return 0;
}

int do_info() {
  std::cout << "orbitrisk " << orb::orbitrisk_version() << " (git " << orb::orbitrisk_git_sha()
            << ", results format " << orb::kFormatVersion << ")\n";
  std::cout << "backends: cpu (OpenMP, " << omp_get_max_threads() << " threads on "
            << orb::cpu_model_name() << ")";
  std::cout << (orb::cuda_compiled() ? ", cuda (compiled in)\n" : ", cuda (not built)\n");
  std::cout << "MPI: " << (orb::mpi::built() ? "built in (start under mpirun to split trials over ranks)\n" : "not built\n");
  const auto gpus = orb::cuda_device_names();
  if (gpus.empty()) std::cout << "CUDA devices: none visible\n";
  for (size_t i = 0; i < gpus.size(); ++i) std::cout << "CUDA device " << i << ": " << gpus[i] << "\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"orbitrisk: Monte Carlo risk and fault engine for orbital data-center constellations"};
  app.require_subcommand(1);

  orb::RunArgs ra;
  auto* run = app.add_subcommand("run", "run trials of a scenario and write an HDF5 result file");
  run->add_option("config", ra.config, "scenario TOML file (not with --resume)");
  run->add_option("-o,--output", ra.output, "result file (HDF5)");
  run->add_option("--trials", ra.trials, "number of trials")->check(CLI::Range(uint64_t{1}, uint64_t{4294967295u}));
  run->add_option("--seed", ra.seed, "random seed (64-bit)");
  run->add_option("--threads", ra.threads, "CPU threads (0: all, shared among MPI ranks on a node)")->check(CLI::Range(0, 4096));
  run->add_option("--backend", ra.backend, "auto, cpu or cuda")->check(CLI::IsMember({"auto", "cpu", "cuda"}));
  run->add_option("--devices", ra.devices, "CUDA devices that share the trials: all, or a list like 0,1");
  run->add_option("--batch", ra.batch, "trials per backend batch (0: backend's choice)")->check(CLI::Range(0u, 1u << 24));
  run->add_option("--set", ra.overrides, "override a config value: path.to.key=value (repeatable)");
  run->add_flag("--keep-trials", ra.keep_trials, "also store one summary record per trial");
  run->add_flag("--force", ra.force, "overwrite an existing output file");
  run->add_flag("--progress", ra.progress, "print progress lines even when stderr is not a terminal");
  run->add_flag("--no-ylt", ra.no_ylt, "do not store the year loss table (curves are still computed from it)");
  run->add_option("--checkpoint", ra.checkpoint, "checkpoint file (default: OUTPUT.ckpt.h5)");
  run->add_option("--checkpoint-every", ra.checkpoint_every, "time between checkpoints: 30s, 10m, 2h (0: only on SIGINT/SIGTERM)");
  run->add_option("--resume", ra.resume, "continue the run a checkpoint records (interrupted or killed)");
  run->add_option("--time-budget", ra.time_budget, "stop after this much run time (8h, 90m) and write the results");
  run->add_option("--target-rse", ra.target_rse, "stop when every --target output's mean has this relative standard error")
      ->check(CLI::Range(1e-9, 1.0));
  run->add_option("--target", ra.targets, "output watched by --target-rse (repeatable; default mission_average_capacity)");
  run->add_option("--shard", ra.shard, "run only part i of n of the trials (i/n, from 0), for orbitrisk merge");

  std::string merge_out;
  std::vector<std::string> merge_in;
  bool merge_force = false, merge_no_ylt = false;
  auto* merge = app.add_subcommand("merge", "combine the shard files of one run into one result file");
  merge->add_option("-o,--output", merge_out, "merged result file (HDF5)")->required();
  merge->add_option("shards", merge_in, "shard result files (orbitrisk run --shard i/n)")->required();
  merge->add_flag("--force", merge_force, "overwrite an existing output file");
  merge->add_flag("--no-ylt", merge_no_ylt, "do not store the year loss table in the merged file");

  orb::SweepArgs sa;
  auto* sweep = app.add_subcommand("sweep", "sensitivity study: one-at-a-time, grid, Morris or Sobol' design");
  sweep->add_option("spec", sa.spec, "sweep specification (TOML)")->required();
  sweep->add_option("--threads", sa.threads, "CPU threads (0: all)")->check(CLI::Range(0, 4096));
  sweep->add_option("--backend", sa.backend, "auto, cpu or cuda")->check(CLI::IsMember({"auto", "cpu", "cuda"}));
  sweep->add_option("--devices", sa.devices, "CUDA devices that share each point's trials: all, or a list like 0,1");
  sweep->add_flag("--force", sa.force, "overwrite an existing output file");
  sweep->add_flag("--progress", sa.progress, "print progress lines even when stderr is not a terminal");
  sweep->add_flag("--plan", sa.plan, "check the spec, print the design's size and exit");
  sweep->add_option("-o,--output", sa.output, "sweep result file (HDF5)");

  std::string vconfig;
  std::vector<std::string> voverrides;
  auto* validate = app.add_subcommand("validate", "check a config and print derived quantities");
  validate->add_option("config", vconfig, "scenario TOML file")->required();
  validate->add_option("--set", voverrides, "override a config value: path.to.key=value");

  std::string export_file, ord_dir;
  auto* exp = app.add_subcommand("export", "write Open Results Data tables (EPT, PSEPT, ALT) from a result file");
  exp->add_option("result", export_file, "result file (HDF5) from orbitrisk run")->required();
  exp->add_option("--ord", ord_dir, "directory for the ORD CSV files")->required();

  auto* info = app.add_subcommand("info", "version, backends and devices");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  for (const char* name : {"config", "--output", "--trials", "--seed", "--set", "--keep-trials", "--no-ylt", "--shard",
                           "--target-rse", "--target", "--force", "--time-budget", "--checkpoint"})
    if (run->count(name) > 0) ra.given.insert(name);
  orb::mpi::World world;
  try {
    if (*run) {
      world = orb::mpi::init(&argc, &argv);
      const int code = orb::run_command(ra, world);
      orb::mpi::finalize();
      return code;
    }
    if (*sweep) return orb::sweep_command(sa);
    if (*merge) {
      orb::merge_shards(merge_out, merge_in, merge_force, merge_no_ylt);
      return 0;
    }
    if (*validate) return do_validate(vconfig, voverrides);
    if (*info) return do_info();
    if (*exp) {
      for (const auto& path : orb::export_ord(export_file, ord_dir)) std::cout << path << "\n";
      return 0;
    }
  } catch (const orb::ConfigError& e) {
    return fail(world, e.what(), 2);
  } catch (const std::exception& e) {
    return fail(world, e.what(), 1);
  }
  return 0;
}
