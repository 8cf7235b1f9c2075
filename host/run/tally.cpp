#include "host/run/tally.hpp"

#include "kernels/losses.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace orb {

namespace {

int fraction_bin(double f) {
  return std::clamp(static_cast<int>(f * kFractionHistBins), 0, kFractionHistBins - 1);
}

double clamp01(double f) { return std::clamp(f, 0.0, 1.0); }

template <class T>
void add_into(std::vector<T>& a, const std::vector<T>& b) {
  for (size_t i = 0; i < a.size(); ++i) {
    if constexpr (std::is_same_v<T, Moments>) a[i].merge(b[i]);
    else a[i] += b[i];
  }
}

}  // namespace

TallyShape TallyShape::of(const ScenarioData& sc) {
  TallyShape s;
  s.n_bins = sc.dims.n_bins;
  s.n_shells = sc.dims.n_shells;
  s.n_thresholds = sc.dims.n_thresholds;
  s.n_years = sc.layout.n_years;
  s.capacity_total = sc.dims.capacity_total;
  s.mission_days = sc.dims.mission_days;
  const auto edges = sc.bin_edges();
  for (int b = 0; b < s.n_bins; ++b) s.bin_width_days.push_back(edges[b + 1] - edges[b]);
  for (const auto& sh : sc.shells) s.shell_satellites.push_back(sh.satellites);
  return s;
}

Tally::Tally(TallyShape s) : shape(std::move(s)) {
  const size_t B = shape.n_bins, S = shape.n_shells, T = shape.n_thresholds;
  cap_snapshot.resize(B);
  cap_snapshot_hist.assign(B * kFractionHistBins, 0);
  cap_average.resize(B);
  cap_average_hist.assign(B * kFractionHistBins, 0);
  mission_average_hist.assign(kFractionHistBins, 0);
  alive.resize(B * S);
  full.resize(B * S);
  alive_all.resize(B);
  full_all.resize(B);
  sat_loss_bin.resize(B * kSatCauseCount);
  gpu_loss_bin.resize(B * kGpuCauseCount);
  sat_loss.resize(kSatCauseCount);
  gpu_loss.resize(kGpuCauseCount);
  availability.resize(B);
  availability_hist.assign(B * kFractionHistBins, 0);
  mission_availability_hist.assign(kFractionHistBins, 0);
  dose_end.resize(S);
  radiation_counts.resize(kRadiationCountCount);
  loss_label.resize(kLossLabelCount);
  loss_shell.resize(S);
  derelicts.resize(B * S);
  fragments.resize(B * S * 2);
  hits.resize(B * S * kDebrisClassCount);
  manoeuvres.resize(S);
  debris_counts.resize(kDebrisCountCount);
  breakups_hist.assign(kBreakupHistBins + 1, 0);
  replenish.resize(kReplenishCountCount);
  replacement_cost.resize(shape.n_years);
  restore_hist.assign(kRestoreBins + 1, 0);
  crossed.assign(T, 0);
  crossing_time.resize(T);
  crossing_hist.assign(T * kTimeHistBins, 0);
}

void Tally::add(const RecordLayout& L, const int32_t* ints, const double* dbls) {
  const int B = shape.n_bins, S = shape.n_shells;
  const int64_t C0 = shape.capacity_total;
  ++trials;
  double gpu_days = 0.0;
  for (int b = 0; b < B; ++b) {
    const int32_t cap = ints[L.cap_snapshot + b];
    cap_snapshot[b].add(cap);
    const int hb = static_cast<int>(std::min<int64_t>(cap * int64_t{kFractionHistBins} / C0,
                                                      kFractionHistBins - 1));
    ++cap_snapshot_hist[static_cast<size_t>(b) * kFractionHistBins + hb];
    const double avg = clamp01(dbls[L.cap_average + b]);
    cap_average[b].add(to_fixed(avg, kFractionBits));
    ++cap_average_hist[static_cast<size_t>(b) * kFractionHistBins + fraction_bin(avg)];
    gpu_days += avg * shape.bin_width_days[b];
    const double avail = clamp01(dbls[L.availability + b]);
    availability[b].add(to_fixed(avail, kFractionBits));
    ++availability_hist[static_cast<size_t>(b) * kFractionHistBins + fraction_bin(avail)];

    int64_t alive_sum = 0, full_sum = 0;
    for (int s = 0; s < S; ++s) {
      alive[b * S + s].add(ints[L.alive + b * S + s]);
      full[b * S + s].add(ints[L.full + b * S + s]);
      alive_sum += ints[L.alive + b * S + s];
      full_sum += ints[L.full + b * S + s];
    }
    alive_all[b].add(alive_sum);
    full_all[b].add(full_sum);
    for (int c = 0; c < kSatCauseCount; ++c)
      sat_loss_bin[b * kSatCauseCount + c].add(ints[L.sat_loss + b * kSatCauseCount + c]);
    for (int c = 0; c < kGpuCauseCount; ++c)
      gpu_loss_bin[b * kGpuCauseCount + c].add(ints[L.gpu_loss + b * kGpuCauseCount + c]);
    add_debris_bin(L, ints, dbls, b);
  }
  const double mission_avg = clamp01(gpu_days / shape.mission_days);
  mission_average.add(to_fixed(mission_avg, kFractionBits));
  ++mission_average_hist[fraction_bin(mission_avg)];

  summarize_trial(shape, L, ints, dbls, scratch_);
  const TrialSummary& sum = scratch_;
  for (int c = 0; c < kSatCauseCount; ++c) sat_loss[c].add(sum.satellite_losses[c]);
  for (int c = 0; c < kGpuCauseCount; ++c) gpu_loss[c].add(sum.gpu_losses[c]);
  for (int k = 0; k < kDebrisCountCount; ++k) debris_counts[k].add(sum.debris_counts[k]);
  mission_availability.add(to_fixed(sum.mission_average_availability, kFractionBits));
  ++mission_availability_hist[fraction_bin(sum.mission_average_availability)];
  for (int s = 0; s < S; ++s) dose_end[s].add(to_fixed(sum.dose_end_rad[s], kDoseBits));
  for (int k = 0; k < kRadiationCountCount; ++k) radiation_counts[k].add(static_cast<int64_t>(sum.radiation_counts[k]));
  spe_count.add(sum.spe_count);
  for (int k = 0; k < kLossLabelCount; ++k) loss_label[k].add(to_fixed(dbls[L.loss_label + k], kUsdBits));
  for (int s = 0; s < S; ++s) loss_shell[s].add(to_fixed(dbls[L.loss_shell + s], kUsdBits));
  for (int s = 0; s < S; ++s) manoeuvres[s].add(ints[L.manoeuvres + s]);
  manoeuvres_all.add(sum.manoeuvres);
  breakups.add(sum.breakups());
  ++breakups_hist[std::min(sum.breakups(), kBreakupHistBins)];
  for (int k = 0; k < kReplenishCountCount; ++k) replenish[k].add(sum.replenish[k]);
  for (int y = 0; y < shape.n_years; ++y) replacement_cost[y].add(to_fixed(dbls[L.replacement_cost + y], kUsdBits));
  replacement_cost_all.add(to_fixed(sum.replacement_cost_usd, kUsdBits));
  for (int i = 0; i <= kRestoreBins; ++i) restore_hist[i] += ints[L.restore_hist + i];
  restore_days.add(to_fixed(dbls[L.restore_days], kDaysBits));
  for (int j = 0; j < shape.n_thresholds; ++j) {
    const double t = dbls[L.threshold_time + j];
    if (!(t <= shape.mission_days)) continue;
    ++crossed[j];
    crossing_time[j].add(to_fixed(t, kDaysBits));
    const int hb = std::clamp(static_cast<int>(t / shape.mission_days * kTimeHistBins), 0,
                              kTimeHistBins - 1);
    ++crossing_hist[static_cast<size_t>(j) * kTimeHistBins + hb];
  }
}

void Tally::add_debris_bin(const RecordLayout& L, const int32_t* ints, const double* dbls, int b) {
  const int S = shape.n_shells;
  for (int s = 0; s < S; ++s) {
    const int bs = b * S + s;
    derelicts[bs].add(ints[L.derelicts + bs]);
    for (int k = 0; k < 2; ++k)
      fragments[bs * 2 + k].add(to_fixed(dbls[L.fragments + bs * 2 + k], kFragmentBits));
    for (int c = 0; c < kDebrisClassCount; ++c)
      hits[bs * kDebrisClassCount + c].add(ints[L.hits + bs * kDebrisClassCount + c]);
  }
}

namespace {

struct MergeFields {
  void operator()(const char*, int, std::vector<Moments>& a, const std::vector<Moments>& b) const { add_into(a, b); }
  void operator()(const char*, int, Moments& a, const Moments& b) const { a.merge(b); }
  void operator()(const char*, int, std::vector<int64_t>& a, const std::vector<int64_t>& b) const { add_into(a, b); }
};

}  // namespace

void Tally::merge(const Tally& o) {
  trials += o.trials;
  visit_tallies(MergeFields{}, *this, o);
}

void summarize_trial(const TallyShape& shape, const RecordLayout& L, const int32_t* ints,
                     const double* dbls, TrialSummary& s) {
  std::fill(std::begin(s.satellite_losses), std::end(s.satellite_losses), 0);
  std::fill(std::begin(s.gpu_losses), std::end(s.gpu_losses), 0);
  s.manoeuvres = 0;
  double gpu_days = 0.0, available = 0.0;
  for (int b = 0; b < shape.n_bins; ++b) {
    gpu_days += clamp01(dbls[L.cap_average + b]) * shape.bin_width_days[b];
    available += clamp01(dbls[L.availability + b]) * shape.bin_width_days[b];
    for (int c = 0; c < kSatCauseCount; ++c)
      s.satellite_losses[c] += ints[L.sat_loss + b * kSatCauseCount + c];
    for (int c = 0; c < kGpuCauseCount; ++c)
      s.gpu_losses[c] += ints[L.gpu_loss + b * kGpuCauseCount + c];
  }
  s.mission_average_capacity = clamp01(gpu_days / shape.mission_days);
  s.mission_average_availability = clamp01(available / shape.mission_days);
  s.spe_count = ints[L.spe_count];
  for (int k = 0; k < kRadiationCountCount; ++k) s.radiation_counts[k] = dbls[L.radiation_counts + k];
  s.dose_end_rad.assign(dbls + L.dose_end, dbls + L.dose_end + shape.n_shells);
  for (int k = 0; k < kDebrisCountCount; ++k) s.debris_counts[k] = ints[L.debris_counts + k];
  for (int sh = 0; sh < shape.n_shells; ++sh) s.manoeuvres += ints[L.manoeuvres + sh];
  s.capacity_at_end = static_cast<double>(ints[L.cap_snapshot + shape.n_bins - 1]) /
                      static_cast<double>(shape.capacity_total);
  s.threshold_time_days.assign(dbls + L.threshold_time,
                               dbls + L.threshold_time + shape.n_thresholds);
  for (int k = 0; k < kReplenishCountCount; ++k) s.replenish[k] = ints[L.replenish + k];
  s.replacement_cost_usd = 0.0;
  for (int y = 0; y < shape.n_years; ++y) s.replacement_cost_usd += dbls[L.replacement_cost + y];
}

double histogram_percentile(const int64_t* counts, int n_bins, double lo, double hi,
                            int64_t overflow, double p) {
  int64_t total = overflow;
  for (int i = 0; i < n_bins; ++i) total += counts[i];
  if (total == 0) return lo;  // no trials: nothing to rank (never NaN in outputs)
  const double target = p * static_cast<double>(total);
  const double width = (hi - lo) / n_bins;
  int64_t below = 0;
  for (int i = 0; i < n_bins; ++i) {
    if (counts[i] > 0 && static_cast<double>(below + counts[i]) >= target) {
      const double frac = (target - static_cast<double>(below)) / static_cast<double>(counts[i]);
      return lo + width * (i + std::clamp(frac, 0.0, 1.0));
    }
    below += counts[i];
  }
  return std::numeric_limits<double>::infinity();
}

}  // namespace orb
