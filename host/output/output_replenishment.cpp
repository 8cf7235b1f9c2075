// The /replenishment group of a result file: launches, spares, replacement costs and how long
// emptied positions waited to be refilled.
#include "kernels/record.hpp"
#include "host/output/output_helpers.hpp"

namespace orb {

void write_replenishment(hid_t file, const Tally& t) {
  auto g = h5::create_group(file, "replenishment");
  const int64_t N = t.trials;
  h5::write_strings(g, "count_names",
                    std::vector<std::string>(kReplenishCountNames, kReplenishCountNames + kReplenishCountCount),
                    {"1", "names of the per-trial replenishment counts (axis of counts_*)"});
  write_stats(g, "counts", stats_of(t.replenish, N, kCountBits), {kReplenishCountCount}, "events",
              "per-trial launches, failed launches, spares activated into a position, replacements arrived", -1);
  write_stats(g, "replacement_cost_usd", stats_of(t.replacement_cost, N, kUsdBits),
              {static_cast<hsize_t>(t.shape.n_years)}, "USD",
              "operator cost of replacements launched in each policy year (failed launches included)", -1);
  write_stats(g, "replacement_cost_all_usd", stats_of({t.replacement_cost_all}, N, kUsdBits), {}, "USD",
              "operator cost of replacements launched over the mission, per trial", -1);
  const std::vector<int64_t> refills(t.restore_hist.begin(), t.restore_hist.end() - 1);
  int64_t refilled = 0;
  for (int64_t c : refills) refilled += c;
  const Dims one{};
  h5::write(g, "restore_time_histogram", refills, {refills.size()},
            {"positions", "refilled positions by time from the loss to the refill, pooled over trials"});
  h5::write(g, "restore_time_histogram_edges_days", edges(0.0, t.shape.mission_days, kRestoreBins), {kRestoreBins + 1},
            {"days", "edges of restore_time_histogram"});
  h5::write(g, "positions_refilled", std::vector<int64_t>{refilled}, one,
            {"positions", "positions refilled by a spare or replacement, all trials"});
  h5::write(g, "positions_empty_at_end", std::vector<int64_t>{t.restore_hist.back()}, one,
            {"positions", "positions still empty at the end of the mission (censored refill times), all trials"});
  const Summary days = summarize(t.restore_days, N, kDaysBits);
  h5::write(g, "restore_time_mean_days", std::vector<double>{refilled ? days.mean * N / refilled : 0.0}, one,
            {"days", "mean time from a position's loss to its refill, over refilled positions (0: none)"});
  std::vector<double> pct;
  for (double q : kPercentiles)
    pct.push_back(histogram_percentile(refills.data(), kRestoreBins, 0.0, t.shape.mission_days, 0, q / 100.0));
  h5::write(g, "restore_time_percentiles_days", pct, {kNumPercentiles},
            {"days", "percentiles of the refill time over refilled positions (histogram-interpolated)"});
}

}  // namespace orb
