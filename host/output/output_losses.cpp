// The /losses group of the result file (docs/output.md).
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "kernels/losses.hpp"
#include "host/config/config.hpp"
#include "host/output/ep.hpp"
#include "host/output/output_helpers.hpp"

namespace orb {

namespace {

constexpr const char* kPerspectives[2] = {"gross", "net"};
constexpr const char* kEpTypes[2] = {"aep", "oep"};
constexpr int kBootstrapReplicates = 200;

// Column of the YLT for a perspective (0 gross, 1 net) and curve (0 AEP, 1 OEP).
int ylt_column(int perspective, int type) {
  return perspective == 0 ? (type == 0 ? kYltGrossAggregate : kYltGrossMax)
                          : (type == 0 ? kYltNetAggregate : kYltNetMax);
}

// Period losses of one column, all policy years pooled (year < 0) or one year.
std::vector<double> period_losses(const std::vector<double>& ylt, int years, int column, int year) {
  std::vector<double> out;
  const size_t trials = ylt.size() / (static_cast<size_t>(years) * kYltColumns);
  for (size_t i = 0; i < trials; ++i)
    for (int y = 0; y < years; ++y)
      if (year < 0 || y == year) out.push_back(ylt[(i * years + y) * kYltColumns + column]);
  return out;
}

void write_terms(hid_t g, const Config& cfg) {
  const LossesConfig& l = cfg.losses;
  h5::attr(g, "policy_years", static_cast<int64_t>(cfg.policy_years()));
  h5::attr(g, "depreciation_years", l.depreciation_years);
  h5::attr(g, "in_orbit_attach_days", l.in_orbit_attach_days);
  h5::attr(g, "business_interruption", static_cast<int64_t>(l.business_interruption));
  h5::attr(g, "occurrence_deductible_usd", l.occurrence_deductible_usd);
  h5::attr(g, "occurrence_limit_usd", l.occurrence_limit_usd);
  h5::attr(g, "aggregate_deductible_usd", l.aggregate_deductible_usd);
  h5::attr(g, "aggregate_limit_usd", l.aggregate_limit_usd);
  h5::attr(g, "share", l.share);
}

void write_breakdowns(hid_t g, const Tally& t, int years) {
  h5::write_strings(g, "loss_labels", std::vector<std::string>(kLossLabelNames, kLossLabelNames + kLossLabelCount),
                    {"1", "loss causes (axis of aal_by_cause_*): satellite losses by cause, GPU losses by cause, "
                          "business interruption"});
  const std::vector<double> per_year(kLossLabelCount, static_cast<double>(years));
  write_stats(g, "aal_by_cause", stats_of(t.loss_label, t.trials, kUsdBits, per_year), {kLossLabelCount}, "USD",
              "ground-up loss per policy year, by cause", -1);
  const std::vector<double> shells(t.shape.n_shells, static_cast<double>(years));
  write_stats(g, "aal_by_shell", stats_of(t.loss_shell, t.trials, kUsdBits, shells),
              {static_cast<hsize_t>(t.shape.n_shells)}, "USD",
              "ground-up loss per policy year, by shell (business interruption excluded)", -1);
}

const char* const kYltNames[kYltColumns] = {"ylt_gross_aggregate", "ylt_gross_max_occurrence", "ylt_net_aggregate",
                                           "ylt_net_max_occurrence"};

void write_ylt(hid_t g, const std::vector<double>& ylt, int years) {
  const size_t trials = ylt.size() / (static_cast<size_t>(years) * kYltColumns);
  const char* const* names = kYltNames;
  const char* what[kYltColumns] = {"annual aggregate ground-up loss", "largest ground-up occurrence loss",
                                   "annual aggregate insured (net) loss", "largest insured (net) occurrence loss"};
  for (int c = 0; c < kYltColumns; ++c)
    h5::write(g, names[c], period_losses(ylt, years, c, -1), {trials, static_cast<hsize_t>(years)},
              {"USD", std::string(what[c]) + ", per trial and policy year (year loss table)"}, true);
}

void write_curve(hid_t g, const std::string& prefix, const std::vector<EpRow>& rows, const std::string& what) {
  std::vector<double> rp, loss, tvar;
  for (const auto& r : rows) rp.push_back(r.return_period), loss.push_back(r.loss), tvar.push_back(r.tvar);
  const Dims d{rows.size()};
  h5::write(g, prefix + "_return_period", rp, d, {"years", "return periods of " + what + " (only those <= periods)"});
  h5::write(g, prefix + "_loss", loss, d, {"USD", what + ": loss at each return period (Oasis interpolation)"});
  h5::write(g, prefix + "_tvar", tvar, d, {"USD", what + ": TVaR at each return period"});
}

// AAL, pooled and by year; exceedance curves pooled and by year; VaR/TVaR at 99.5% with a
// bootstrap interval over trials.
void write_statistics(hid_t g, const std::vector<double>& ylt, int years, uint64_t seed) {
  const auto& rps = standard_return_periods();
  h5::write(g, "return_periods", rps, {rps.size()}, {"years", "return periods requested (2 to 10,000 years)"});
  std::vector<double> var(4, 0.0), tvar(4, 0.0), ci(8, 0.0);
  bool has_200 = false;
  for (int p = 0; p < 2; ++p) {
    const auto all = period_losses(ylt, years, ylt_column(p, 0), -1);
    const LossMoments aal = average_loss(all);
    const std::string persp = kPerspectives[p];
    h5::write(g, "aal_" + persp + "_mean", std::vector<double>{aal.mean}, {}, {"USD", "average annual " + persp + " loss"});
    h5::write(g, "aal_" + persp + "_std", std::vector<double>{aal.std}, {}, {"USD", "standard deviation of the annual " + persp + " loss over policy years"});
    h5::write(g, "aal_" + persp + "_sem", std::vector<double>{aal.sem}, {}, {"USD", "standard error of the average annual " + persp + " loss"});
    std::vector<double> by_year, by_year_sem;
    for (int y = 0; y < years; ++y) {
      const LossMoments m = average_loss(period_losses(ylt, years, ylt_column(p, 0), y));
      by_year.push_back(m.mean), by_year_sem.push_back(m.sem);
    }
    h5::write(g, "aal_" + persp + "_by_year_mean", by_year, {static_cast<hsize_t>(years)}, {"USD", "average " + persp + " loss in each policy year"});
    h5::write(g, "aal_" + persp + "_by_year_sem", by_year_sem, {static_cast<hsize_t>(years)}, {"USD", "its standard error"});
    for (int e = 0; e < 2; ++e) {
      const int col = ylt_column(p, e);
      const std::string name = std::string(kEpTypes[e]) + "_" + persp;
      const std::string what = persp + (e == 0 ? " aggregate (AEP)" : " occurrence (OEP)") + " exceedance, all policy years pooled";
      const auto losses = period_losses(ylt, years, col, -1);
      const auto rows = ep_curve(losses, rps);
      write_curve(g, name, rows, what);
      for (const auto& r : rows)
        if (r.return_period == 200.0) {
          has_200 = true;
          var[p * 2 + e] = r.loss, tvar[p * 2 + e] = r.tvar;
          const Interval iv = bootstrap_return_period(period_losses(ylt, years, col, -1), years, 200.0,
                                                      kBootstrapReplicates, seed ^ (0x51u + 2u * p + e));
          ci[(p * 2 + e) * 2] = iv.lo, ci[(p * 2 + e) * 2 + 1] = iv.hi;
        }
      std::vector<double> year_loss, year_tvar, year_rp;
      for (int y = 0; y < years; ++y) {
        const auto yrows = ep_curve(period_losses(ylt, years, col, y), rps);
        year_rp.clear();
        for (const auto& r : yrows) year_rp.push_back(r.return_period), year_loss.push_back(r.loss), year_tvar.push_back(r.tvar);
      }
      const Dims yd{static_cast<hsize_t>(years), year_rp.size()};
      h5::write(g, name + "_by_year_return_period", year_rp, {year_rp.size()}, {"years", "return periods of the per-year curves"});
      h5::write(g, name + "_by_year_loss", year_loss, yd, {"USD", persp + " exceedance loss per policy year"});
      h5::write(g, name + "_by_year_tvar", year_tvar, yd, {"USD", persp + " TVaR per policy year"});
    }
  }
  h5::write_strings(g, "perspectives", {"gross", "net"}, {"1", "first axis of var_995 / tvar_995"});
  h5::write_strings(g, "ep_types", {"aep", "oep"}, {"1", "second axis of var_995 / tvar_995"});
  if (!has_200) return;  // fewer than 200 periods: no 1-in-200 figures
  h5::write(g, "var_995", var, {2, 2}, {"USD", "VaR at 99.5% (the 1-in-200 loss), [perspective, ep type]"});
  h5::write(g, "tvar_995", tvar, {2, 2}, {"USD", "TVaR at 99.5%, [perspective, ep type]"});
  h5::write(g, "var_995_ci95", ci, {2, 2, 2},
            {"USD", "95% bootstrap interval (200 replicates, trials resampled) of var_995: [perspective, ep type, lo/hi]"});
}

}  // namespace

std::vector<double> read_ylt(hid_t file, int years, uint64_t trials, const std::string& path) {
  std::vector<double> ylt(static_cast<size_t>(trials) * years * kYltColumns);
  h5::Handle g = h5::open_group(file, "losses");
  for (int c = 0; c < kYltColumns; ++c) {
    const auto v = h5::read_doubles(g, kYltNames[c]);
    if (v.size() != static_cast<size_t>(trials) * years)
      throw std::runtime_error(path + ": /losses/" + kYltNames[c] + " has " + std::to_string(v.size()) +
                               " values, expected trials x policy years = " + std::to_string(trials * years));
    for (size_t r = 0; r < v.size(); ++r) ylt[r * kYltColumns + c] = v[r];
  }
  return ylt;
}

void write_losses(hid_t file, const Config& cfg, const Tally& t, const std::vector<double>& ylt, bool store_ylt,
                  uint64_t seed) {
  auto g = h5::create_group(file, "losses");
  const int years = cfg.policy_years();
  write_terms(g, cfg);
  write_breakdowns(g, t, years);
  if (store_ylt) write_ylt(g, ylt, years);
  write_statistics(g, ylt, years, seed);
}

}  // namespace orb
