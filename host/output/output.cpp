#include "host/output/output.hpp"

#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <stdexcept>

#include "host/run/durable.hpp"
#include "host/output/output_helpers.hpp"
#include "host/run/state_file.hpp"

namespace orb {

namespace {

const double kInf = std::numeric_limits<double>::infinity();

void write_root_attrs(hid_t f, const Config& cfg, const RunInfo& info, int64_t trials) {
  const std::string toml = to_toml(cfg);
  write_provenance(f, "orbitrisk-results");
  h5::attr(f, "seed", info.seed);
  h5::attr(f, "trials", static_cast<uint64_t>(trials));
  h5::attr(f, "backend", info.stats.backend);
  h5::attr(f, "device", info.stats.device);
  h5::attr(f, "threads", static_cast<int64_t>(info.threads));
  h5::attr(f, "config_path", info.config_path);
  h5::attr(f, "config_toml", toml);
  h5::attr(f, "config_hash", config_hash(toml));
  h5::attr(f, "run_seconds", info.stats.seconds);
  h5::attr(f, "trials_per_second", info.stats.trials_per_second);
}

h5::Handle write_time(hid_t f, const ScenarioData& sc) {
  auto g = h5::create_group(f, "time");
  const auto e = sc.bin_edges();
  const std::vector<double> start(e.begin(), e.end() - 1), end(e.begin() + 1, e.end());
  const Dims dims{start.size()};
  h5::write(g, "bin_start_days", start, dims, {"days", "start of each output bin, days from mission start"});
  auto t = h5::write(g, "bin_end_days", end, dims,
                     {"days", "end of each output bin, days from mission start (snapshots are taken here)"});
  h5::make_scale(t, "time");
  return t;
}

void write_shells(hid_t f, const Config& cfg) {
  auto g = h5::create_group(f, "shells");
  std::vector<std::string> names, classes;
  std::vector<double> alt, inc;
  std::vector<int64_t> sats;
  for (const auto& s : cfg.shells) {
    names.push_back(s.name), classes.push_back(s.class_name);
    alt.push_back(s.altitude_km), inc.push_back(s.inclination_deg), sats.push_back(s.satellites);
  }
  const Dims d{names.size()};
  h5::write_strings(g, "name", names, {"1", "shell name"});
  h5::write_strings(g, "class", classes, {"1", "satellite class of the shell"});
  h5::write(g, "altitude_km", alt, d, {"km", "shell altitude"});
  h5::write(g, "inclination_deg", inc, d, {"degree", "shell inclination"});
  h5::write(g, "satellites", sats, d, {"satellites", "satellites in the shell at launch"});
}

void write_capacity(hid_t f, const Tally& t, hid_t time) {
  auto g = h5::create_group(f, "capacity");
  const size_t B = t.shape.n_bins;
  const double C0 = t.shape.capacity_total;
  h5::attr(g, "capacity_total_gpus", static_cast<int64_t>(t.shape.capacity_total));
  auto levels = h5::write(g, "percentile_levels",
                          std::vector<double>(kPercentiles, kPercentiles + kNumPercentiles),
                          {kNumPercentiles}, {"percent", "percentile levels"});
  h5::make_scale(levels, "percentile");
  h5::write(g, "histogram_edges", edges(0.0, 1.0, kFractionHistBins), {kFractionHistBins + 1},
            {"1", "edges of the fixed capacity-fraction histogram bins"});

  write_stats(g, "snapshot", stats_of(t.cap_snapshot, t.trials, kCountBits, std::vector<double>(B, C0)),
              {B}, "1", "capacity fraction at the end of the bin", time);
  write_stats(g, "average", stats_of(t.cap_average, t.trials, kFractionBits), {B}, "1",
              "time-average capacity fraction over the bin", time);
  const Dims pd{B, kNumPercentiles};
  for (const auto& [name, hist, what] :
       {std::tuple{"snapshot", &t.cap_snapshot_hist, "capacity fraction at the end of the bin"},
        std::tuple{"average", &t.cap_average_hist, "time-average capacity fraction over the bin"}}) {
    auto p = h5::write(g, std::string(name) + "_percentiles", fraction_percentiles(*hist, B), pd,
                       {"1", std::string("percentiles over trials of the ") + what +
                                 " (interpolated in 0.001-wide histogram bins)"});
    h5::attach_scale(p, time, 0);
    h5::attach_scale(p, levels, 1);
    auto h = h5::write(g, std::string(name) + "_histogram", *hist, {B, kFractionHistBins},
                       {"trials", std::string("trials per histogram bin of the ") + what});
    h5::attach_scale(h, time, 0);
  }
  write_stats(g, "availability", stats_of(t.availability, t.trials, kFractionBits), {B}, "1",
              "availability over the bin: time-average (capacity - GPUs down for DUE) / sum of K", time);
  auto ap = h5::write(g, "availability_percentiles", fraction_percentiles(t.availability_hist, B), pd,
                      {"1", "percentiles over trials of the availability over the bin"});
  h5::attach_scale(ap, time, 0);
  h5::attach_scale(ap, levels, 1);
  auto ah = h5::write(g, "availability_histogram", t.availability_hist, {B, kFractionHistBins},
                      {"trials", "trials per histogram bin of the availability over the bin"});
  h5::attach_scale(ah, time, 0);
  write_stats(g, "mission_average_availability", stats_of({t.mission_availability}, t.trials, kFractionBits), {}, "1",
              "mission-average availability", -1);
  h5::write(g, "mission_average_availability_percentiles", fraction_percentiles(t.mission_availability_hist, 1),
            {kNumPercentiles}, {"1", "percentiles over trials of the mission-average availability"});
  h5::write(g, "mission_average_availability_histogram", t.mission_availability_hist, {kFractionHistBins},
            {"trials", "trials per histogram bin of the mission-average availability"});
  const Summary ma = summarize(t.mission_average, t.trials, kFractionBits);
  h5::write(g, "mission_average_mean", std::vector<double>{ma.mean}, {}, {"1", "mean mission-average capacity fraction"});
  h5::write(g, "mission_average_std", std::vector<double>{ma.std}, {}, {"1", "standard deviation over trials of the mission-average capacity fraction"});
  h5::write(g, "mission_average_sem", std::vector<double>{ma.sem}, {}, {"1", "standard error of the mean mission-average capacity fraction"});
  h5::write(g, "mission_average_percentiles", fraction_percentiles(t.mission_average_hist, 1),
            {kNumPercentiles}, {"1", "percentiles over trials of the mission-average capacity fraction"});
  h5::write(g, "mission_average_histogram", t.mission_average_hist, {kFractionHistBins},
            {"trials", "trials per histogram bin of the mission-average capacity fraction"});
}

void write_survival(hid_t f, const Tally& t, hid_t time) {
  auto g = h5::create_group(f, "survival");
  const size_t B = t.shape.n_bins, S = t.shape.n_shells;
  std::vector<double> per_shell, all(B, 0.0);
  double total = 0;
  for (int n : t.shape.shell_satellites) total += n;
  for (size_t b = 0; b < B; ++b)
    for (size_t s = 0; s < S; ++s) per_shell.push_back(t.shape.shell_satellites[s]);
  write_stats(g, "alive_fraction", stats_of(t.alive, t.trials, kCountBits, per_shell), {B, S}, "1",
              "fraction of the shell's satellites alive at the end of the bin", time);
  write_stats(g, "full_capacity_fraction", stats_of(t.full, t.trials, kCountBits, per_shell),
              {B, S}, "1", "fraction of the shell's satellites alive with capacity K at the end of the bin", time);
  write_stats(g, "alive_fraction_all", stats_of(t.alive_all, t.trials, kCountBits, std::vector<double>(B, total)),
              {B}, "1", "fraction of all satellites alive at the end of the bin", time);
  write_stats(g, "full_capacity_fraction_all", stats_of(t.full_all, t.trials, kCountBits, std::vector<double>(B, total)),
              {B}, "1", "fraction of all satellites at full capacity at the end of the bin", time);
}

void write_failures(hid_t f, const Tally& t, hid_t time) {
  auto g = h5::create_group(f, "failures");
  const size_t B = t.shape.n_bins;
  h5::write_strings(g, "satellite_causes",
                    std::vector<std::string>(kSatelliteCauseNames, kSatelliteCauseNames + kSatCauseCount),
                    {"1", "satellite loss causes (last axis of satellites_*)"});
  h5::write_strings(g, "gpu_causes", std::vector<std::string>(kGpuCauseNames, kGpuCauseNames + kGpuCauseCount),
                    {"1", "GPU loss causes (last axis of gpus_*)"});
  write_stats(g, "satellites", stats_of(t.sat_loss, t.trials, kCountBits), {kSatCauseCount},
              "satellites", "satellites lost per trial, by cause", -1);
  write_stats(g, "gpus", stats_of(t.gpu_loss, t.trials, kCountBits), {kGpuCauseCount}, "GPUs",
              "GPUs lost per trial while their satellite was alive, by cause", -1);
  write_stats(g, "satellites_per_bin", stats_of(t.sat_loss_bin, t.trials, kCountBits), {B, kSatCauseCount},
              "satellites", "satellites lost in the bin, by cause", time);
  write_stats(g, "gpus_per_bin", stats_of(t.gpu_loss_bin, t.trials, kCountBits), {B, kGpuCauseCount},
              "GPUs", "GPUs lost in the bin while their satellite was alive, by cause", time);
}

void write_debris(hid_t f, const Tally& t, hid_t time) {
  auto g = h5::create_group(f, "debris");
  const size_t B = t.shape.n_bins, S = t.shape.n_shells;
  const int64_t N = t.trials;
  h5::write_strings(g, "size_classes", {"damaging", "lethal", "catastrophic"},
                    {"1", "debris size classes (last axis of hits_*): >= 3 mm, [1, 10) cm, >= 10 cm"});
  std::vector<Moments> ge1, ge10;
  for (size_t i = 0; i < B * S; ++i) ge1.push_back(t.fragments[2 * i]), ge10.push_back(t.fragments[2 * i + 1]);
  write_stats(g, "fragments_ge_1cm", stats_of(ge1, N, kFragmentBits), {B, S}, "fragments",
              "expected fragments >= 1 cm in the shell's altitude cell at the end of the bin", time);
  write_stats(g, "fragments_ge_10cm", stats_of(ge10, N, kFragmentBits), {B, S}, "fragments",
              "expected fragments >= 10 cm in the shell's altitude cell at the end of the bin", time);
  write_stats(g, "derelicts", stats_of(t.derelicts, N, kCountBits), {B, S}, "satellites",
              "derelicts of the shell in orbit at the end of the bin", time);
  write_stats(g, "hits", stats_of(t.hits, N, kCountBits), {B, S, kDebrisClassCount}, "hits",
              "hits in the bin by size class (damaging and lethal on live satellites, catastrophic on live "
              "satellites and derelicts)", time);
  h5::write_strings(g, "count_names",
                    std::vector<std::string>(kDebrisCountNames, kDebrisCountNames + kDebrisCountCount),
                    {"1", "names of the per-trial debris counts (axis of counts_*)"});
  write_stats(g, "counts", stats_of(t.debris_counts, N, kCountBits), {kDebrisCountCount}, "events",
              "per-trial collisions and breakups (see count_names)", -1);
  write_stats(g, "manoeuvres", stats_of(t.manoeuvres, N, kCountBits), {S}, "manoeuvres",
              "collision-avoidance manoeuvres per trial, by shell", -1);
  write_stats(g, "manoeuvres_all", stats_of({t.manoeuvres_all}, N, kCountBits), {}, "manoeuvres",
              "collision-avoidance manoeuvres per trial, whole constellation", -1);
  write_stats(g, "breakups", stats_of({t.breakups}, N, kCountBits), {}, "breakups",
              "breakups per trial (catastrophic hits on live satellites and derelicts)", -1);
  h5::write(g, "breakups_histogram", t.breakups_hist, {kBreakupHistBins + 1},
            {"trials", "trials with 0, 1, ..., 1023 breakups; the last entry counts 1024 or more"});
  std::vector<double> levels{1, 2, 10}, p, p_sem;
  for (double level : levels) {
    int64_t at_least = 0;
    for (int k = static_cast<int>(level); k <= kBreakupHistBins; ++k) at_least += t.breakups_hist[k];
    const double pk = static_cast<double>(at_least) / N;
    p.push_back(pk);
    p_sem.push_back(N > 1 ? std::sqrt(pk * (1 - pk) / (N - 1)) : 0.0);
  }
  h5::write(g, "breakups_at_least", levels, {3}, {"breakups", "breakup counts for breakups_probability"});
  h5::write(g, "breakups_probability", p, {3}, {"1", "probability of at least 1, 2 and 10 breakups in a trial"});
  h5::write(g, "breakups_probability_sem", p_sem, {3}, {"1", "standard error of breakups_probability"});
}

void write_radiation(hid_t f, const Tally& t) {
  auto g = h5::create_group(f, "radiation");
  const int64_t N = t.trials;
  h5::write_strings(g, "count_names",
                    std::vector<std::string>(kRadiationCountNames, kRadiationCountNames + kRadiationCountCount),
                    {"1", "transient effects on in-service GPUs (axis of counts_*)"});
  write_stats(g, "counts", stats_of(t.radiation_counts, N, kCountBits), {kRadiationCountCount}, "events",
              "per-trial detected-uncorrectable errors, silent data corruptions and corrected upsets", -1);
  write_stats(g, "dose_end_rad", stats_of(t.dose_end, N, kDoseBits), {static_cast<hsize_t>(t.shape.n_shells)},
              "rad(Si)", "total ionizing dose at the end of the mission behind the class's shielding, by shell", -1);
  write_stats(g, "spe_count", stats_of({t.spe_count}, N, kCountBits), {}, "events",
              "solar particle events (S1 or above) per trial", -1);
}

void write_thresholds(hid_t f, const Tally& t, const Config& cfg) {
  auto g = h5::create_group(f, "thresholds");
  const size_t T = t.shape.n_thresholds;
  const double N = static_cast<double>(t.trials);
  std::vector<double> p, p_sem, mean, sd, pct;
  std::vector<int64_t> not_crossed;
  for (size_t j = 0; j < T; ++j) {
    const double pj = t.crossed[j] / N;
    p.push_back(pj);
    p_sem.push_back(N > 1 ? std::sqrt(pj * (1 - pj) / (N - 1)) : 0.0);
    const Summary s = summarize(t.crossing_time[j], t.crossed[j], kDaysBits);
    mean.push_back(t.crossed[j] ? s.mean : kInf);
    sd.push_back(t.crossed[j] ? s.std : kInf);
    not_crossed.push_back(t.trials - t.crossed[j]);
    for (double q : kPercentiles)
      pct.push_back(histogram_percentile(t.crossing_hist.data() + j * kTimeHistBins, kTimeHistBins,
                                         0.0, t.shape.mission_days, not_crossed.back(), q / 100.0));
  }
  const Dims d{T};
  h5::write(g, "levels", cfg.output.capacity_thresholds, d, {"1", "capacity fraction thresholds"});
  h5::write(g, "probability_crossed", p, d, {"1", "probability that capacity falls strictly below the level within the mission"});
  h5::write(g, "probability_crossed_sem", p_sem, d, {"1", "standard error of probability_crossed"});
  h5::write(g, "time_mean_days_given_crossed", mean, d, {"days", "mean first-passage time among trials that crossed (+inf if none did)"});
  h5::write(g, "time_std_days_given_crossed", sd, d, {"days", "standard deviation of first-passage time among trials that crossed (+inf if none did)"});
  h5::write(g, "time_percentiles_days", pct, {T, kNumPercentiles},
            {"days", "percentiles over all trials of the first-passage time; +inf: not crossed within the mission"});
  h5::write(g, "not_crossed", not_crossed, d, {"trials", "trials in which capacity never fell below the level"});
  h5::write(g, "time_histogram", t.crossing_hist, {T, kTimeHistBins}, {"trials", "trials per first-passage time bin"});
  h5::write(g, "time_histogram_edges_days", edges(0.0, t.shape.mission_days, kTimeHistBins), {kTimeHistBins + 1},
            {"days", "edges of the first-passage time histogram"});
}

}  // namespace

ResultFile::ResultFile(std::string path, bool force, uint64_t expected_bytes) : path_(std::move(path)) {
  check_new_output(path_, force, expected_bytes);
  tmp_ = path_ + ".partial-" + std::to_string(getpid());
}

ResultFile::~ResultFile() {
  if (committed_ || !started_) return;
  file_.reset();
  std::remove(tmp_.c_str());
}

void ResultFile::write_results(const Config& cfg, const ScenarioData& sc, const RunState& state,
                               const RunInfo& info, bool store_ylt) {
  const Tally& tally = state.tally;
  // created only now, so a process killed during the trials leaves no partial file behind
  h5::quiet_errors();
  started_ = true;  // even a failed create can leave an empty file to remove
  file_ = h5::create_file(tmp_);
  write_root_attrs(file_, cfg, info, tally.trials);
  h5::Handle time = write_time(file_, sc);
  write_shells(file_, cfg);
  write_capacity(file_, tally, time);
  write_survival(file_, tally, time);
  write_failures(file_, tally, time);
  write_debris(file_, tally, time);
  write_radiation(file_, tally);
  write_losses(file_, cfg, tally, state.ylt, store_ylt || info.shard_index >= 0, info.seed);
  write_thresholds(file_, tally, cfg);
  write_replenishment(file_, tally);
  h5::Handle tallies = h5::create_group(file_, "tallies");
  write_tallies(tallies, tally);
  write_run_log(file_, state, info);
  if (state.keep_trials) write_kept_trials(file_, state.kept);
}

void ResultFile::commit() {
  h5::flush(file_);
  file_.reset();
  durable_rename(tmp_, path_);
  committed_ = true;
}

std::string config_hash(const std::string& text) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ull;
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

}  // namespace orb
