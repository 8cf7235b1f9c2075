// orbitrisk command line: run, validate, info.
#include <CLI/CLI.hpp>
#include <omp.h>

#include <cstdio>
#include <iostream>

#include "backend.hpp"
#include "config_error.hpp"
#include "config.hpp"
#include "ord_export.hpp"
#include "output.hpp"
#include "run.hpp"
#include "scenario.hpp"
#include "summary.hpp"
#include "version.hpp"

namespace {

struct RunArgs {
  std::string config, output, backend = "auto";
  uint64_t trials = 10000, seed = 1;
  int threads = 0;
  uint32_t batch = 0;
  std::vector<std::string> overrides;
  bool keep_trials = false, force = false, progress = false, no_ylt = false;
};

std::unique_ptr<orb::Backend> choose_backend(const RunArgs& a, const orb::ScenarioData& sc) {
  if (a.backend == "auto") {
    std::string why;
    if (auto cuda = orb::make_cuda_backend(sc, 0, &why)) return cuda;
    std::fprintf(stderr, "note: %s; using the CPU backend\n", why.c_str());
    return orb::make_cpu_backend(sc, a.threads);
  }
  return orb::make_backend(a.backend, sc, a.threads);
}

int do_run(const RunArgs& a) {
  const orb::Config cfg = orb::load_config(a.config, a.overrides);
  const orb::ScenarioData sc = orb::build_scenario(cfg, a.seed);
  orb::ResultFile out(a.output, a.force);  // checks the path before any trial runs
  auto backend = choose_backend(a, sc);
  const orb::TallyShape shape = orb::TallyShape::of(sc);
  orb::KeepTrialsFn keep;
  if (a.keep_trials) {
    out.start_trials(shape);
    keep = [&](uint64_t, const std::vector<orb::TrialSummary>& rows) { out.append_trials(rows); };
  }
  orb::RunOptions opt;
  opt.trials = a.trials;
  opt.threads = a.threads;
  opt.batch = a.batch;
  orb::Progress progress(a.trials, orb::Progress::choose(a.progress));
  orb::RunStats stats;
  std::vector<double> ylt;
  const orb::Tally tally = orb::run_trials(sc, *backend, opt, progress, keep, &stats, &ylt);
  orb::RunInfo info{a.seed, a.trials, a.threads > 0 ? a.threads : omp_get_max_threads(),
                    a.config, stats};
  out.write_results(cfg, sc, tally, info, ylt, !a.no_ylt);
  out.commit();
  orb::print_run_summary(std::cout, cfg, tally, stats, ylt);
  std::cout << "\n  results: " << out.path() << "\n";
  return 0;
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
  const auto gpus = orb::cuda_device_names();
  if (gpus.empty()) std::cout << "CUDA devices: none visible\n";
  for (size_t i = 0; i < gpus.size(); ++i) std::cout << "CUDA device " << i << ": " << gpus[i] << "\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"orbitrisk: Monte Carlo risk and fault engine for orbital data-center constellations"};
  app.require_subcommand(1);

  RunArgs ra;
  auto* run = app.add_subcommand("run", "run trials of a scenario and write an HDF5 result file");
  run->add_option("config", ra.config, "scenario TOML file")->required();
  run->add_option("-o,--output", ra.output, "result file (HDF5)")->required();
  run->add_option("--trials", ra.trials, "number of trials")->check(CLI::Range(uint64_t{1}, uint64_t{4294967295u}));
  run->add_option("--seed", ra.seed, "random seed (64-bit)");
  run->add_option("--threads", ra.threads, "CPU threads (0: all)")->check(CLI::Range(0, 4096));
  run->add_option("--backend", ra.backend, "auto, cpu or cuda")->check(CLI::IsMember({"auto", "cpu", "cuda"}));
  run->add_option("--batch", ra.batch, "trials per backend batch (0: backend's choice)")->check(CLI::Range(0u, 1u << 24));
  run->add_option("--set", ra.overrides, "override a config value: path.to.key=value (repeatable)");
  run->add_flag("--keep-trials", ra.keep_trials, "also store one summary record per trial");
  run->add_flag("--force", ra.force, "overwrite an existing output file");
  run->add_flag("--progress", ra.progress, "print progress lines even when stderr is not a terminal");
  run->add_flag("--no-ylt", ra.no_ylt, "do not store the year loss table (curves are still computed from it)");

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
  try {
    if (*run) return do_run(ra);
    if (*validate) return do_validate(vconfig, voverrides);
    if (*info) return do_info();
    if (*exp) {
      for (const auto& path : orb::export_ord(export_file, ord_dir)) std::cout << path << "\n";
      return 0;
    }
  } catch (const orb::ConfigError& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
  return 0;
}
