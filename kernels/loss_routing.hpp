// Where each loss goes (MODEL.md section 5): its breakup chain, its SPE window, or an
// occurrence of its own, at its depreciated value. The book (losses.hpp) does the arithmetic
// of the year loss table; this file decides which occurrence a loss belongs to.
#pragma once

#include "losses.hpp"
#include "satellite.hpp"
#include "trial_context.hpp"

namespace orb {

struct LossContext {
  const ScenarioView& sc;
  LossBook book;
  Strided<SpeEvent> spe;
  Strided<OccurrenceSum> windows;
  int n_spe;

  ORB_HD_INLINE explicit LossContext(const TrialContext& c)
      : sc(c.sc), book(c.sc, c.L, c.rec), spe(c.ws.spe_events), windows(c.ws.windows), n_spe(c.n().n_spe) {}
  // Sums into a chunk's block of the parallel replay, with its own SPE window sums.
  ORB_HD_INLINE LossContext(const TrialContext& c, const LossSums& sums, Strided<OccurrenceSum> chunk_windows)
      : sc(c.sc), book(c.sc, sums), spe(c.ws.spe_events), windows(chunk_windows), n_spe(c.n().n_spe) {}

  // The earliest-started SPE window active at t, or -1.
  ORB_HD_INLINE int window_at(double t) const {
    for (int j = 0; j < n_spe; ++j)
      if (spe[j].t_days <= t && t < spe[j].t_days + spe[j].duration_days) return j;
    return -1;
  }
  // A loss from TID or SEL joins the event window it happened in; others stand alone.
  ORB_HD_INLINE void radiation_or_single(double t, double gross, int label, int shell, bool radiation) {
    const int w = radiation ? window_at(t) : -1;
    if (w >= 0) book.join(windows[w], t, gross, label, shell);
    else book.single(t, gross, label, shell);
  }
  // GPU losses replayed from a timeline; debris-damage ones were booked when they happened.
  // Values depreciate with the hardware's age (from its launch).
  ORB_HD_INLINE void gpu_lost(double t, int cause, int shell, double launch_t) {
    if (cause == kGpuDebrisDamage || !book.enabled()) return;
    const double gross = depreciated(sc.losses, sc.shell_loss[shell].gpu_value_usd, t - launch_t);
    radiation_or_single(t, gross, kSatCauseCount + cause, shell, cause == kGpuTid || cause == kGpuSel);
  }
  // Capacity lost for the rest of the mission: business interruption (a gain, gpus < 0, takes
  // back the rest of the mission from t).
  ORB_HD_INLINE void capacity_drop(double t, int gpus, int shell) {
    book.interruption(t, sc.mission_days, gpus * (sc.mission_days - t), sc.shell_loss[shell].revenue_usd_per_gpu_day);
  }
};

// A GPU destroyed by a debris hit at t, booked when it happens (to the hit's breakup chain, or
// alone for a background object).
ORB_HD_INLINE void book_debris_damage(const TrialContext& c, int shell, double t, int chain) {
  LossContext losses(c);
  if (!losses.book.enabled()) return;
  const double gross = depreciated(c.sc.losses, c.sc.shell_loss[shell].gpu_value_usd, t);
  const int label = int{kSatCauseCount} + int{kGpuDebrisDamage};
  if (chain >= 0) losses.book.join(c.ws.chains[chain], t, gross, label, shell);
  else losses.book.single(t, gross, label, shell);
}

// Whether the satellite's loss joins a breakup chain: hit by fragments (`chain` >= 0), or
// exhausted by a fragment hit on its last GPU; its chain, or -1.
ORB_HD_INLINE int loss_chain(const SatState& s, const Timeline& tl, double t, int cause, int chain) {
  if (cause == kSatGpuAttrition && s.n_losses > 0 && tl.cause[s.n_losses - 1] == kGpuDebrisDamage &&
      tl.t[s.n_losses - 1] == t)
    return s.last_damage_chain;
  return chain;
}

// The satellite's insured value, less the GPU losses already paid on it; the occurrence is
// its breakup chain (loss_chain), its SPE window (TID, SEL), or itself.
ORB_HD_INLINE void book_satellite_loss(const TrialContext& c, LossContext& losses, const SatState& s, Timeline tl,
                                       double t, int cause, int chain) {
  if (!losses.book.enabled()) return;
  const ShellLoss& v = c.sc.shell_loss[s.shell];
  double paid = 0.0;
  for (int i = 0; i < s.n_losses; ++i) paid += depreciated(c.sc.losses, v.gpu_value_usd, tl.t[i] - s.launch_t);
  const double gross = hd_max(0.0, depreciated(c.sc.losses, v.value_usd, t - s.launch_t) - paid);
  chain = loss_chain(s, tl, t, cause, chain);
  if (chain >= 0) losses.book.join(c.ws.chains[chain], t, gross, cause, s.shell);
  else losses.radiation_or_single(t, gross, cause, s.shell, cause == kSatTid || cause == kSatSel);
}

}  // namespace orb
