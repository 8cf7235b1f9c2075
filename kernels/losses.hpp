// Insured losses (MODEL.md section 5), booked as the trial runs. Each loss belongs to one
// occurrence: a breakup chain (its root breakup and every loss caused by fragments of it or of
// its descendants), a solar particle event window (TID and SEL losses during it), or itself.
// Occurrences are dated at their start and go whole to that policy year (event-date basis).
// Per policy year the trial keeps gross and net aggregate and largest-occurrence losses: the
// year loss table row.
#pragma once

#include "hd.hpp"
#include "record.hpp"
#include "scenario.hpp"

namespace orb {

// Loss labels for losses by cause: satellite causes, then GPU causes, then business
// interruption.
constexpr int kLossLabelCount = int{kSatCauseCount} + int{kGpuCauseCount} + 1;
constexpr int kLossLabelBi = int{kSatCauseCount} + int{kGpuCauseCount};
inline constexpr const char* kLossLabelNames[kLossLabelCount] = {
    "satellite_bus", "satellite_gpu_attrition", "satellite_debris", "satellite_tid", "satellite_sel", "satellite_forced",
    "gpu_attrition", "gpu_debris_damage", "gpu_tid", "gpu_sel", "business_interruption"};

// YLT columns per policy year.
enum YltColumn : int { kYltGrossAggregate = 0, kYltGrossMax = 1, kYltNetAggregate = 2, kYltNetMax = 3, kYltColumns = 4 };

// An occurrence being accumulated (chain or SPE window): its losses, and the part from on or
// after the in-orbit attachment date (only that part is insured).
struct OccurrenceSum {
  double start_days;
  double gross;
  double insured;
};

ORB_HD_INLINE double depreciated(const LossGlobals& g, double value, double t_days) {
  return value * hd_max(0.0, 1.0 - t_days / g.depreciation_days);
}

ORB_HD_INLINE int policy_year(const LossGlobals& g, double t_days) {
  return hd_min(static_cast<int>(t_days / kDaysPerYear), g.n_years - 1);
}

// Where the book's floating-point sums go: the trial record's YLT and loss breakdowns, or one
// chunk's block of the parallel replay (record_sink.hpp), whose loss_shell holds the chunk's
// one shell (index shell - shell_base).
struct LossSums {
  Strided<double> ylt;         // [year][YltColumn]
  Strided<double> bi_insured;  // [year]
  Strided<double> loss_label;  // [loss label]
  Strided<double> loss_shell;  // [shell - shell_base]
  int shell_base;
};

ORB_HD_INLINE LossSums record_loss_sums(const RecordLayout& L, RecordView rec) {
  return LossSums{rec.dbls + L.ylt, rec.dbls + L.bi_insured, rec.dbls + L.loss_label, rec.dbls + L.loss_shell, 0};
}

// Writes occurrences and business interruption into the YLT and loss breakdowns.
class LossBook {
 public:
  ORB_HD LossBook(const ScenarioView& sc, const RecordLayout& L, RecordView rec)
      : g_(sc.losses), s_(record_loss_sums(L, rec)) {}
  ORB_HD LossBook(const ScenarioView& sc, const LossSums& sums) : g_(sc.losses), s_(sums) {}

  ORB_HD_INLINE bool enabled() const { return g_.enabled != 0; }

  // A loss that is an occurrence of its own.
  ORB_HD_INLINE void single(double t, double gross, int label, int shell) {
    if (!enabled()) return;
    breakdown(gross, label, shell);
    occurrence(t, gross, insured_part(t, gross));
  }

  // A loss that joins an accumulating occurrence (chain or window).
  ORB_HD_INLINE void join(OccurrenceSum& occ, double t, double gross, int label, int shell) {
    if (!enabled()) return;
    breakdown(gross, label, shell);
    occ.gross += gross;
    occ.insured += insured_part(t, gross);
  }

  ORB_HD_INLINE void close(const OccurrenceSum& occ) {
    if (enabled() && occ.gross > 0.0) occurrence(occ.start_days, occ.gross, occ.insured);
  }

  // Business interruption: `gpu_days` of lost service spread evenly over [t0, t1), at
  // `usd_per_gpu_day`; an annual-aggregate item, split by policy year. Negative gpu_days take
  // back what a refilled position no longer loses.
  ORB_HD void interruption(double t0, double t1, double gpu_days, double usd_per_gpu_day) {
    if (!enabled() || !g_.business_interruption || !(t1 > t0) || gpu_days == 0.0) return;
    const double per_day = gpu_days * usd_per_gpu_day / (t1 - t0);
    for (int y = policy_year(g_, t0); y < g_.n_years; ++y) {
      const double lo = hd_max(t0, y * kDaysPerYear), hi = hd_min(t1, (y + 1) * kDaysPerYear);
      if (!(hi > lo)) break;
      const double gross = per_day * (hi - lo);
      ylt(y, kYltGrossAggregate) += gross;
      s_.bi_insured[y] += per_day * hd_max(0.0, hi - hd_max(lo, g_.attach_days));
      s_.loss_label[kLossLabelBi] += gross;
    }
  }

  // Applies the annual aggregate terms and share once every occurrence is in.
  ORB_HD void finish() {
    if (!enabled()) return;
    for (int y = 0; y < g_.n_years; ++y) {
      const double net = ylt(y, kYltNetAggregate) + s_.bi_insured[y];
      ylt(y, kYltNetAggregate) = g_.share * hd_min(hd_max(net - g_.aggregate_deductible, 0.0), g_.aggregate_limit);
      ylt(y, kYltNetMax) *= g_.share;
    }
  }

 private:
  ORB_HD_INLINE double& ylt(int year, int column) const { return s_.ylt[year * kYltColumns + column]; }

  ORB_HD_INLINE double insured_part(double t, double gross) const { return t >= g_.attach_days ? gross : 0.0; }

  ORB_HD_INLINE void breakdown(double gross, int label, int shell) {
    s_.loss_label[label] += gross;
    s_.loss_shell[shell - s_.shell_base] += gross;
  }

  // One occurrence: gross into the aggregate and maximum; its insured part through the
  // per-occurrence deductible and limit into the running net sum and maximum.
  ORB_HD void occurrence(double start, double gross, double insured) {
    const int y = policy_year(g_, start);
    ylt(y, kYltGrossAggregate) += gross;
    ylt(y, kYltGrossMax) = hd_max(ylt(y, kYltGrossMax), gross);
    const double net = hd_min(hd_max(insured - g_.occurrence_deductible, 0.0), g_.occurrence_limit);
    ylt(y, kYltNetAggregate) += net;
    ylt(y, kYltNetMax) = hd_max(ylt(y, kYltNetMax), net);
  }

  const LossGlobals& g_;
  LossSums s_;
};

}  // namespace orb
