#include "host/run/merge.hpp"

#include <algorithm>
#include <iostream>
#include <stdexcept>

#include "host/config/config.hpp"
#include "host/output/hdf5.hpp"
#include "host/output/output.hpp"
#include "host/output/output_helpers.hpp"
#include "host/scenario/scenario.hpp"
#include "host/run/state_file.hpp"

namespace orb {

namespace {

struct Shard {
  std::string path;
  h5::Handle file;
  std::string config_toml, config_path, config_hash, version, sha, format, backend, device, stop_reason;
  uint64_t seed = 0, trials_requested = 0, first = 0, end = 0, done = 0;
  int index = -1, count = 0;
  double seconds = 0.0;
  bool kept = false;
};

Shard open_shard(const std::string& path) {
  Shard s;
  s.path = path;
  h5::quiet_errors();
  try {
    s.file = h5::open_file_readonly(path);
  } catch (const std::exception&) {
    throw std::runtime_error(path + ": cannot be read as HDF5 (missing, truncated or not an HDF5 file)");
  }
  try {
    if (h5::read_string_attr(s.file, "filetype") != "orbitrisk-results") throw std::runtime_error("");
    s.config_toml = h5::read_string_attr(s.file, "config_toml");
    s.config_path = h5::read_string_attr(s.file, "config_path");
    s.config_hash = h5::read_string_attr(s.file, "config_hash");
    s.version = h5::read_string_attr(s.file, "orbitrisk_version");
    s.sha = h5::read_string_attr(s.file, "git_sha1");
    s.format = h5::read_string_attr(s.file, "format_version");
    s.seed = h5::read_uint64_attr(s.file, "seed");
    s.backend = h5::read_string_attr(s.file, "backend");
    h5::Handle run = h5::open_group(s.file, "run");
    s.device = h5::read_string_attr(run, "devices");
    s.stop_reason = h5::read_string_attr(run, "stop_reason");
    s.trials_requested = h5::read_uint64_attr(run, "trials_requested");
    s.first = h5::read_uint64_attr(run, "first_trial");
    s.end = h5::read_uint64_attr(run, "shard_end_trial");
    s.done = h5::read_uint64_attr(run, "trials_done");
    s.index = static_cast<int>(h5::read_int64_attr(run, "shard_index"));
    s.count = static_cast<int>(h5::read_int64_attr(run, "shard_count"));
    s.seconds = h5::read_double_attr(run, "seconds");
  } catch (const std::exception& e) {
    throw std::runtime_error(path + ": not an orbitrisk result file with a run log" +
                             (std::string(e.what()).empty() ? std::string() : std::string(" (") + e.what() + ")"));
  }
  s.kept = H5Lexists(s.file, "trials", H5P_DEFAULT) > 0;
  if (s.index < 0) throw std::runtime_error(path + ": not a shard (written without --shard)");
  if (s.stop_reason != "completed" || s.done != s.end - s.first)
    throw std::runtime_error(path + ": shard " + std::to_string(s.index) + "/" + std::to_string(s.count) +
                             " is incomplete (" + s.stop_reason + ")");
  return s;
}

void must_match(const Shard& a, const Shard& b, const std::string& what, const std::string& va, const std::string& vb) {
  if (va != vb)
    throw std::runtime_error(b.path + ": " + what + " differs from " + a.path + " ('" + vb + "' vs '" + va +
                             "'); shards of one run must share it");
}

void check_same_run(const std::vector<Shard>& s) {
  for (size_t i = 1; i < s.size(); ++i) {
    must_match(s[0], s[i], "configuration (config_hash)", s[0].config_hash, s[i].config_hash);
    must_match(s[0], s[i], "seed", std::to_string(s[0].seed), std::to_string(s[i].seed));
    must_match(s[0], s[i], "orbitrisk version", s[0].version + " " + s[0].sha, s[i].version + " " + s[i].sha);
    must_match(s[0], s[i], "file format", s[0].format, s[i].format);
    must_match(s[0], s[i], "requested trials", std::to_string(s[0].trials_requested), std::to_string(s[i].trials_requested));
    must_match(s[0], s[i], "shard count", std::to_string(s[0].count), std::to_string(s[i].count));
    must_match(s[0], s[i], "--keep-trials", s[0].kept ? "yes" : "no", s[i].kept ? "yes" : "no");
  }
  std::vector<int> seen(s[0].count, 0);
  for (const auto& x : s) {
    if (x.index >= x.count) throw std::runtime_error(x.path + ": shard index out of range");
    if (seen[x.index]++) throw std::runtime_error(x.path + ": shard " + std::to_string(x.index) + " given twice");
  }
  for (int i = 0; i < s[0].count; ++i)
    if (!seen[i])
      throw std::runtime_error("shard " + std::to_string(i) + "/" + std::to_string(s[0].count) + " is missing");
}

RunState read_shard_state(const Shard& s, const TallyShape& shape, int years) {
  RunState st(shape, s.first, s.end, s.kept);
  h5::Handle tallies = h5::open_group(s.file, "tallies");
  read_tallies(tallies, st.tally, s.path);
  if (static_cast<uint64_t>(st.tally.trials) != s.done)
    throw std::runtime_error(s.path + ": /tallies holds " + std::to_string(st.tally.trials) + " trials, the run log " +
                             std::to_string(s.done));
  st.next_trial = s.end;
  st.seconds = s.seconds;
  st.ylt = read_ylt(s.file, years, s.done, s.path);
  if (s.kept) {
    h5::Handle g = h5::open_group(s.file, "trials");
    for (auto& c : st.kept.columns) {
      c.data = h5::read_doubles(g, c.name);
      if (c.data.size() != s.done * std::max(c.width, 1))
        throw std::runtime_error(s.path + ": /trials/" + c.name + " has the wrong number of values");
    }
  }
  return st;
}

}  // namespace

void merge_shards(const std::string& output, const std::vector<std::string>& paths, bool force, bool no_ylt) {
  std::vector<Shard> shards;
  for (const auto& p : paths) shards.push_back(open_shard(p));
  check_same_run(shards);
  std::sort(shards.begin(), shards.end(), [](const Shard& a, const Shard& b) { return a.index < b.index; });
  const Config cfg = parse_config(shards[0].config_toml, shards[0].path + " (config_toml)");
  const ScenarioData sc = build_scenario(cfg, shards[0].seed);
  const TallyShape shape = TallyShape::of(sc);
  ResultFile out(output, force);
  RunState all = read_shard_state(shards[0], shape, cfg.policy_years());
  double seconds = all.seconds;
  for (size_t i = 1; i < shards.size(); ++i) {
    all.append(read_shard_state(shards[i], shape, cfg.policy_years()));
    seconds = std::max(seconds, shards[i].seconds);
  }
  if (all.begin != 0 || all.next_trial != shards[0].trials_requested)
    throw std::runtime_error("the shards cover trials [" + std::to_string(all.begin) + ", " +
                             std::to_string(all.next_trial) + ") of " + std::to_string(shards[0].trials_requested));
  all.seconds = seconds;  // shards ran side by side: the longest is the wall time
  RunInfo info;
  info.seed = shards[0].seed;
  info.trials_requested = shards[0].trials_requested;
  info.config_path = shards[0].config_path;
  info.stats.backend = shards[0].backend;
  info.stats.device = "merged from " + std::to_string(shards.size()) + " shards";
  info.stats.seconds = seconds;
  info.stats.trials_per_second = seconds > 0 ? all.tally.trials / seconds : 0.0;
  out.write_results(cfg, sc, all, info, !no_ylt);
  out.commit();
  std::cout << "merged " << shards.size() << " shards (" << all.tally.trials << " trials) into " << output << "\n";
}

}  // namespace orb
