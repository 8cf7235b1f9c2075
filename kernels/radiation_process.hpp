// Radiation in a trial (MODEL.md section 4): the trial's solar particle events and the piece
// grid are set up first (every satellite's TID and SEL hazards read the event timeline), and
// the transient effects on in-service GPUs (DUE downtime, SDC, corrected upsets) are counted
// last, from the capacity history every satellite has replayed into the piece grid. The
// physics is in radiation.hpp; TID and SEL losses are GPU processes of satellite.hpp.
#pragma once

#include "radiation.hpp"
#include "record_sink.hpp"
#include "trial_context.hpp"

namespace orb {

// The mission cut at every bin edge and SPE knot.
ORB_HD_INLINE void build_pieces(const TrialContext& c, const SpeTimeline& spe) {
  const ScenarioView& sc = c.sc;
  const TrialWorkspace& ws = c.ws;
  int m = 0, b = 1, k = 1;
  ws.piece_edges[m++] = 0.0;
  while (b <= sc.n_bins) {
    const double knot = k < spe.n ? spe.knots[k].t_days : kInfinity;
    const double edge = bin_edge(sc, b);
    const double next = hd_min(knot, edge);
    if (knot <= edge) ++k;
    if (edge <= knot) ++b;
    if (next > ws.piece_edges[m - 1]) ws.piece_edges[m++] = next;
  }
  const int n = m - 1;
  c.n().n_pieces = n;
  for (int p = n - 1; p >= 0; --p) {
    const double mid = 0.5 * (ws.piece_edges[p] + ws.piece_edges[p + 1]);
    ws.piece_bin[p] = bin_of(sc, mid);
    ws.bin_piece[ws.piece_bin[p]] = p;
    ws.piece_knot[p] = spe_knot_at(spe, mid);
    for (int s = 0; s < sc.n_shells; ++s) ws.piece_drop[p * sc.n_shells + s] = 0, ws.piece_lost[p * sc.n_shells + s] = 0.0;
  }
}

// The trial's solar particle events, their timeline, and the piece grid for transient effects.
ORB_HD_INLINE void radiation_setup(const TrialContext& c) {
  const ScenarioView& sc = c.sc;
  TrialCounters& cnt = c.n();
  int n = sample_spe_events(sc, c.trial, c.ws.spe_events);
  if (n < 0) {
    c.rec.ints[c.L.status] = kTrialEventOverflow;
    n = 0;
  }
  c.rec.ints[c.L.spe_count] = n;
  cnt.n_spe = n;
  cnt.n_pieces = 0;
  for (int j = 0; j < n; ++j) c.ws.windows[j] = OccurrenceSum{c.ws.spe_events[j].t_days, 0.0, 0.0};
  if (!sc.radiation.enabled) {
    c.ws.spe_knots[0] = SpeKnot{0.0, 0.0, 0.0, 0.0, 0.0};
    cnt.n_knots = 1;
    return;
  }
  cnt.n_knots = build_spe_timeline(c.ws.spe_events, n, c.ws.spe_scratch, c.ws.spe_knots);
  build_pieces(c, SpeTimeline{c.ws.spe_knots, cnt.n_knots});
}

// Transient effects on in-service GPUs (capacity), exact Poisson counts from the capacity
// integrals over pieces; DUE downtime per bin capped at the shell's in-service GPU-days.
ORB_HD_INLINE void radiation_finish(const TrialContext& c) {
  const ScenarioView& sc = c.sc;
  const RecordLayout& L = c.L;
  const RecordView rec = c.rec;
  const TrialWorkspace& ws = c.ws;
  if (!sc.radiation.enabled) {
    for (int b = 0; b < sc.n_bins; ++b) rec.dbls[L.availability + b] = rec.dbls[L.cap_average + b];
    return;
  }
  const RadiationGlobals& g = sc.radiation;
  const SpeTimeline spe{ws.spe_knots, c.n().n_knots};
  const int n_pieces = c.n().n_pieces;
  LossBook book(sc, L, rec);
  for (int b = 0; b < sc.n_bins; ++b) rec.dbls[L.availability + b] = 0.0;
  for (int s = 0; s < sc.n_shells; ++s) {
    const ShellRadiation& r = sc.shell_radiation[s];
    const ShellParams& sh = sc.shells[s];
    for (int b = 0; b < sc.n_bins; ++b) ws.bin_due[b] = 0.0, ws.bin_service[b] = 0.0;
    double capacity = static_cast<double>(sh.satellites) * sc.classes[sh.class_index].gpus_required;
    double sdc = 0.0, corrected = 0.0;
    for (int p = 0; p < n_pieces; ++p) {
      const double gpu_days = capacity * (ws.piece_edges[p + 1] - ws.piece_edges[p]) - ws.piece_lost[p * sc.n_shells + s];
      const double multiplier = 1.0 + r.exposure * spe.knots[ws.piece_knot[p]].excess;
      const double lambda = r.seu_per_bit_day * multiplier;
      const int b = ws.piece_bin[p];
      ws.bin_due[b] += due_rate_per_gpu_day(g, r, lambda) * gpu_days;
      ws.bin_service[b] += gpu_days;
      sdc += g.sdc_per_gpu_day * multiplier * gpu_days;
      corrected += (1.0 - g.mbu_fraction) * lambda * r.hbm_bits * gpu_days;
      capacity -= ws.piece_drop[p * sc.n_shells + s];
    }
    RngStream due(sc.seed, c.trial, Purpose::kDue, static_cast<uint32_t>(s));
    for (int b = 0; b < sc.n_bins; ++b) {
      const double n = static_cast<double>(sample_poisson(due, ws.bin_due[b]));
      rec.dbls[L.radiation_counts + kDue] += n;
      const double down = hd_min(n * g.due_downtime_days, ws.bin_service[b]);
      rec.dbls[L.availability + b] += ws.bin_service[b] - down;
      book.interruption(bin_edge(sc, b), bin_edge(sc, b + 1), down, sc.shell_loss[s].revenue_usd_per_gpu_day);
    }
    RngStream sdc_rng(sc.seed, c.trial, Purpose::kSdc, static_cast<uint32_t>(s));
    RngStream corr_rng(sc.seed, c.trial, Purpose::kCorrected, static_cast<uint32_t>(s));
    rec.dbls[L.radiation_counts + kSdc] += static_cast<double>(sample_poisson(sdc_rng, sdc));
    rec.dbls[L.radiation_counts + kCorrected] += static_cast<double>(sample_poisson(corr_rng, corrected));
    rec.dbls[L.dose_end + s] = dose_function(r).at(spe, sc.mission_days);
  }
  for (int b = 0; b < sc.n_bins; ++b)
    rec.dbls[L.availability + b] /= (bin_edge(sc, b + 1) - bin_edge(sc, b)) * sc.capacity_total;
}

}  // namespace orb
