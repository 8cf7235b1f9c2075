// One trial of a constellation's life, event by event in time order (no time steps): each
// satellite's own attrition events, debris hits on groups of identical targets, breakups and
// the fragment clouds they leave, catalogue dates, derelict re-entries and output-bin edges
// all sit in one indexed queue (event_queue.hpp). The CPU and CUDA backends both call
// run_trial; only how trials are spread over threads differs.
//
// Debris hits use superposition: the m identical members of a group (e.g. the live satellites
// of a shell, for lethal objects) each carry an Exp(1) clock against the same cumulative
// hazard, so the group's next hit comes when that hazard has grown by Exp(1)/(m·A) and lands
// on a member chosen uniformly. When m changes, the pending residual is rescaled by m/m'
// (memorylessness makes both exact). A breakup changes the hazards, not the thresholds, so
// only the groups' next times are re-solved.
#pragma once

#include "environment.hpp"
#include "event_queue.hpp"
#include "event_sort.hpp"
#include "record.hpp"
#include "sampling.hpp"
#include "satellite.hpp"
#include "scenario.hpp"
#include "workspace.hpp"

namespace orb {

ORB_HD_INLINE void clear_record(const RecordLayout& L, RecordView rec) {
  for (int i = 0; i < L.n_int; ++i) rec.ints[i] = 0;
  for (int i = 0; i < L.n_double; ++i) rec.dbls[i] = 0.0;
}

// Moves the events of bin b to the front of the buffer; returns how many there are.
ORB_HD_INLINE int gather_bin_events(const ScenarioView& sc, Strided<CapacityEvent> e, int n, int b) {
  int m = 0;
  for (int i = 0; i < n; ++i) {
    if (e[i].bin() != b) continue;
    const CapacityEvent tmp = e[m];
    e[m] = e[i];
    e[i] = tmp;
    ++m;
  }
  return m;
}

// Exact first-passage times below each threshold level, for bin b whose capacity starts at
// `start` and loses `lost` GPUs within it (gains from refilled positions aside): its lowest
// level is at least start - lost, so a bin that cannot reach a level is skipped without
// looking at its events.
ORB_HD_INLINE void find_crossings_in_bin(const ScenarioView& sc, const RecordLayout& L,
                                         RecordView rec, Strided<CapacityEvent> e, int n_events, int b,
                                         int start, int lost) {
  const Strided<double> times = rec.dbls + L.threshold_time;
  bool pending = false;
  for (int j = 0; j < sc.n_thresholds; ++j)
    pending |= times[j] == kInfinity && (start - lost) < sc.threshold_levels[j];
  if (!pending) return;
  const int m = gather_bin_events(sc, e, n_events, b);
  sort_events_by_time(e, m);
  int level = start;
  for (int i = 0; i < m; ++i) {
    level -= e[i].drop();
    for (int j = 0; j < sc.n_thresholds; ++j)
      if (times[j] == kInfinity && level < sc.threshold_levels[j])
        times[j] = bin_edge(sc, b) + static_cast<double>(e[i].offset_days);
  }
}

// Turns per-bin changes into end-of-bin levels and finds threshold crossings.
ORB_HD_INLINE void finish_trial(const ScenarioView& sc, const RecordLayout& L, RecordView rec,
                                Strided<CapacityEvent> events, int n_events) {
  for (int j = 0; j < sc.n_thresholds; ++j) rec.dbls[L.threshold_time + j] = kInfinity;
  int capacity = sc.capacity_total;
  for (int b = 0; b < sc.n_bins; ++b) {
    const int drop = rec.ints[L.cap_snapshot + b];
    find_crossings_in_bin(sc, L, rec, events, n_events, b, capacity, rec.ints[L.cap_lost + b]);
    const double width = bin_edge(sc, b + 1) - bin_edge(sc, b);
    const double lost_gpu_days = rec.dbls[L.cap_average + b];
    rec.dbls[L.cap_average + b] =
        (capacity * width - lost_gpu_days) / (width * static_cast<double>(sc.capacity_total));
    capacity -= drop;
    rec.ints[L.cap_snapshot + b] = capacity;
  }
  for (int s = 0; s < sc.n_shells; ++s) {
    int alive = sc.shells[s].satellites, full = sc.shells[s].satellites;
    for (int b = 0; b < sc.n_bins; ++b) {
      alive -= rec.ints[L.alive + b * L.n_shells + s];
      full -= rec.ints[L.full + b * L.n_shells + s];
      rec.ints[L.alive + b * L.n_shells + s] = alive;
      rec.ints[L.full + b * L.n_shells + s] = full;
    }
  }
}

// The mission cut at every output-bin edge and SPE knot: on each piece the bin and the SEU
// multiplier are constant, so per-shell capacity integrals over pieces give exact expected
// counts of DUE, SDC and corrected upsets (radiation only).
struct PieceGrid {
  Strided<double> edges;
  Strided<int32_t> drop;       // [piece][shell]
  Strided<double> lost;        // [piece][shell]
  Strided<int32_t> bin_piece;  // [bin] first piece of the bin: pieces refine bins
  int n = 0;                   // pieces
  int n_shells = 0;

  ORB_HD_INLINE int piece_at(int bin, double t) const {
    int p = bin_piece[bin];
    while (p + 1 < n && edges[p + 1] <= t) ++p;
    return p;
  }
  ORB_HD_INLINE void capacity_drop(int bin, double t, int gpus, int shell) {
    if (n == 0) return;
    const int p = piece_at(bin, t);
    drop[p * n_shells + shell] += gpus;
    lost[p * n_shells + shell] += gpus * (edges[p + 1] - t);
  }
};

// Where losses go: the book, the open SPE windows, and the values insured.
struct LossContext {
  const ScenarioView& sc;
  LossBook& book;
  Strided<SpeEvent> spe;
  Strided<OccurrenceSum> windows;
  int n_spe = 0;

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

// Folds a satellite's replayed capacity changes into the trial record (per-bin changes;
// finish_trial turns them into levels) and the capacity-event buffer.
struct RecordSink {
  const ScenarioView& sc;
  const RecordLayout& L;
  RecordView rec;
  Strided<CapacityEvent> events;
  int& n_events;
  PieceGrid& pieces;
  LossContext& losses;

  ORB_HD_INLINE void capacity_drop(double t, int gpus, int shell) {
    const int b = bin_of(sc, t);
    rec.ints[L.cap_snapshot + b] += gpus;
    if (gpus > 0) rec.ints[L.cap_lost + b] += gpus;
    rec.dbls[L.cap_average + b] += gpus * (bin_edge(sc, b + 1) - t);
    if (n_events < sc.max_events) events[n_events++] = make_capacity_event(b, t - bin_edge(sc, b), gpus);
    else rec.ints[L.status] = kTrialEventOverflow;
    pieces.capacity_drop(b, t, gpus, shell);
    losses.capacity_drop(t, gpus, shell);
  }
  ORB_HD_INLINE void left_full(double t, int shell, int n) { rec.ints[L.full + bin_of(sc, t) * L.n_shells + shell] += n; }
  ORB_HD_INLINE void gpu_lost(double t, int cause, int shell, double launch_t) {
    ++rec.ints[L.gpu_loss + bin_of(sc, t) * kGpuCauseCount + cause];
    losses.gpu_lost(t, cause, shell, launch_t);
  }
  ORB_HD_INLINE void satellite_lost(double t, int cause, int shell, bool held) {
    const int b = bin_of(sc, t);
    ++rec.ints[L.sat_loss + b * kSatCauseCount + cause];
    if (held) ++rec.ints[L.alive + b * L.n_shells + shell];
  }
  // A spare or replacement takes a position that has been empty since vacancy_t.
  ORB_HD_INLINE void joined(double t, int shell, double vacancy_t, bool spare) {
    --rec.ints[L.alive + bin_of(sc, t) * L.n_shells + shell];
    if (spare) ++rec.ints[L.replenish + kSparesUsed];
    const double wait = t - vacancy_t;
    rec.dbls[L.restore_days] += wait;
    ++rec.ints[L.restore_hist + hd_min(static_cast<int>(wait / sc.mission_days * kRestoreBins), kRestoreBins - 1)];
  }
};

// What happens to a satellite's remains when it is lost.
enum Fate : int { kFateDispose, kFateDerelict, kFateGone };

class TrialEngine {
 public:
  ORB_HD TrialEngine(const ScenarioView& sc, const RecordLayout& L, uint32_t trial,
                     RecordView rec, TrialWorkspace ws)
      : sc_(sc), L_(L), trial_(trial), rec_(rec), ws_(ws),
        queue_(ws.heap_key, ws.heap_id, ws.heap_pos, n_sources(sc)), book_(sc, L, rec),
        losses_{sc, book_, ws.spe_events, ws.windows, 0}, t_end_(sc.mission_days) {}

  ORB_HD void run() {
    clear_record(L_, rec_);
    init();
    while (queue_.top_time() < t_end_) {
      const double t = queue_.top_time();
      const int32_t id = queue_.top_id();
      if (id == kSourceBinEdge) on_bin_edge(t);
      else if (id == kSourceForced) on_forced(t);
      else if (id == kSourceCatalogue) on_catalogue(t);
      else if (id == kSourceForcedLoss) on_forced_loss(t);
      else if (id < launch_source(sc_, 0)) on_group((id - kSourceFixed) / kGroupKinds, (id - kSourceFixed) % kGroupKinds, t);
      else if (id < sat_source(sc_, 0)) on_launch(id - launch_source(sc_, 0), t);
      else on_satellite(id - sat_source(sc_, 0), t);
    }
    finish();
  }

 private:
  // ---- set-up ----
  ORB_HD void init() {
    init_radiation();
    for (int s = 0; s < sc_.n_shells; ++s) {
      const ShellParams& sh = sc_.shells[s];
      ws_.n_live[s] = 0;
      ws_.n_derelict[s] = 0;
      ws_.manoeuvre_days[s] = 0.0;
      for (int i = 0; i < sh.satellites; ++i)
        place(s, sh.first_slot + i, static_cast<uint32_t>(sh.first_entity + i), 0.0, kRoleActive, true);
      for (int k = 0; k < kGroupKinds; ++k) ws_.groups[s * kGroupKinds + k] = GroupState{kInfinity, 0, 0};
      queue_.set(launch_source(sc_, s), kInfinity);
      if (sc_.replenish.enabled) init_replenishment(s);
    }
    if (sc_.n_forced_losses > 0) queue_.set(kSourceForcedLoss, sc_.forced_losses[0].time_days);
    for (int i = 0; i < sc_.debris.n_cells * kDebrisClassCount; ++i) ws_.clouds_all[i] = CloudSum{};
    for (int i = 0; i < sc_.debris.n_cells; ++i) ws_.clouds_catalogued[i] = CloudSum{};
    if (sc_.debris.enabled) {
      for (int s = 0; s < sc_.n_shells; ++s) membership_changed(s, kGroupDamaging, kGroupCatLive, 0, ws_.n_live[s], 0.0);
      if (sc_.debris.n_forced > 0) queue_.set(kSourceForced, sc_.forced[0].time_days);
    }
    if (sc_.n_bins > 1) queue_.set(kSourceBinEdge, bin_edge(sc_, 1));
  }

  // ---- event handlers ----
  // The satellite's own hardware ends it (bus, or GPUs below min_gpus_operating).
  ORB_HD void on_satellite(int slot, double t) { kill(slot, t, ws_.sats[slot].death_cause, kFateDispose); }

  ORB_HD void on_group(int shell, int kind, double t) {
    GroupState& g = ws_.groups[shell * kGroupKinds + kind];
    const bool live = kind <= kGroupCatLive;
    const int m = live ? ws_.n_live[shell] : ws_.n_derelict[shell];
    RngStream rng(sc_.seed, trial_, Purpose::kDebrisGroup, shell * kGroupKinds + kind, g.words);
    const Strided<int32_t> list = (live ? ws_.live : ws_.derelict) + sc_.shells[shell].first_slot;
    const int slot = list[hd_min(static_cast<int>(rng.uniform() * m), m - 1)];
    // A fresh residual for the m members, drawn before the hit's effects: a member leaving
    // then rescales it like any other membership change.
    g.threshold = group_flux(sc_, ws_, shell, kind, t, true).total() +
                  sample_exp1(rng) / (m * group_area(sc_.shell_debris[shell], kind));
    const double u_gpu = rng.uniform();
    g.words = rng.position();
    if (kind == kGroupReentry) {
      remove_derelict(slot, t);
      reschedule_group(shell, kind, t);
      return;
    }
    count_hit(shell, kind, t);
    int chain = attribute(shell, kind, t);  // -1: a background object
    switch (kind) {
      case kGroupDamaging: damage(slot, t, u_gpu, chain); break;
      case kGroupLethal: kill(slot, t, kSatDebris, kFateDerelict, chain); break;
      default: {  // catastrophic: a breakup
        const bool by_fragments = chain >= 0;
        if (by_fragments) ++debris_count(kBreakupsByFragments);
        else chain = new_chain(t);  // a background impactor starts a chain
        ++debris_count(kind == kGroupCatLive ? kBreakupsLive : kBreakupsDerelict);
        if (kind == kGroupCatLive) kill(slot, t, kSatDebris, kFateGone, chain);
        else remove_derelict(slot, t);
        breakup(t, sc_.shells[shell].cell, sc_.shell_debris[shell].breakup_fragments, by_fragments, chain);
      }
    }
    reschedule_group(shell, kind, t);
  }

  ORB_HD void on_bin_edge(double t) {
    snapshot_bin(next_bin_, t);
    ++next_bin_;
    queue_.set(kSourceBinEdge, next_bin_ + 1 < sc_.n_bins ? bin_edge(sc_, next_bin_ + 1) : kInfinity);
  }

  ORB_HD void on_forced(double t) {
    const ForcedBreakup& f = sc_.forced[next_forced_++];
    ++debris_count(kBreakupsForced);
    breakup(t, f.cell, f.fragments, false, new_chain(t));
    queue_.set(kSourceForced, next_forced_ < sc_.debris.n_forced ? sc_.forced[next_forced_].time_days : kInfinity);
  }

  // A cloud's catastrophic fragments enter the catalogue: live satellites start avoiding them.
  ORB_HD void on_catalogue(double t) {
    const Cloud& cl = ws_.clouds[catalogued_++];
    for (int k = 0; k < sc_.debris.n_cells; ++k) {
      const double tau = sc_.cell_tau_days[k * kDebrisClassCount + kCatastrophic];
      const double still_there = hd_exp(-sc_.debris.catalog_delay_days / tau);
      cloud_add(ws_.clouds_catalogued[k], tau, t,
                cl.fragments[kCatastrophic] * sc_.spread[cl.cell * sc_.debris.n_cells + k] * still_there);
    }
    schedule_catalogue();
    for (int s = 0; s < sc_.n_shells; ++s) reschedule_group(s, kGroupCatLive, t);
  }

  // ---- satellites ----
  ORB_HD Timeline timeline(int slot) {
    return timeline_of(sc_, ws_.loss_t, ws_.loss_cause, ws_.sats[slot].shell, slot);
  }

  // A damaging hit lands on one of the G GPU loops; if that GPU still works it is lost, and
  // the satellite's later attrition is recomputed around the loss.
  ORB_HD void damage(int slot, double t, double u_gpu, int chain) {
    SatState& s = ws_.sats[slot];
    const ClassParams& c = sc_.classes[sc_.shells[s.shell].class_index];
    const Timeline tl = timeline(slot);
    const int working = working_at(c, s, tl, t);
    if (!(u_gpu * c.gpus < working)) return;
    s.last_damage_chain = chain;
    const double gross = depreciated(sc_.losses, sc_.shell_loss[s.shell].gpu_value_usd, t);
    if (chain >= 0) book_.join(ws_.chains[chain], t, gross, int{kSatCauseCount} + int{kGpuDebrisDamage}, s.shell);
    else book_.single(t, gross, int{kSatCauseCount} + int{kGpuDebrisDamage}, s.shell);
    const int before = c.gpus - working;  // losses before t stay as they are
    s.n_losses = before;
    tl.t[s.n_losses] = t;
    tl.cause[s.n_losses++] = kGpuDebrisDamage;
    sat_plan(sc_, risks_of(slot), trial_, before, s, tl, ws_.kills);
    reschedule_sat(slot);
  }

  // The satellite leaves the constellation at t: its capacity history is final, so it is
  // replayed into the record; then its remains dispose, stay as a derelict, or are gone.
  ORB_HD void kill(int slot, double t, int cause, int fate, int chain = -1) {
    SatState& s = ws_.sats[slot];
    const int shell = s.shell;
    if (cause == kSatDebris || cause == kSatForced) {  // the planned timeline ends early
      const Timeline tl = timeline(slot);
      while (s.n_losses > 0 && !(tl.t[s.n_losses - 1] < t)) --s.n_losses;
    }
    const bool held = s.role == kRoleActive || (s.role == kRoleActivating && s.born_t <= t);
    s.death_t = t;
    s.death_cause = cause;
    commit(slot);
    book_satellite_loss(slot, t, cause, chain);
    queue_.set(sat_source(sc_, slot), kInfinity);
    s.status = kSatGone;
    list_remove(ws_.live, ws_.n_live, shell, slot);
    if (sc_.debris.enabled) {
      ws_.manoeuvre_days[shell] += manoeuvre_ratio_days(sc_, ws_, shell, t);
      membership_changed(shell, kGroupDamaging, kGroupCatLive, ws_.n_live[shell] + 1, ws_.n_live[shell], t);
      if (fate == kFateDispose) {
        RngStream rng(sc_.seed, trial_, Purpose::kDisposal, s.entity);
        fate = rng.uniform() < sc_.debris.disposal_reliability ? kFateGone : kFateDerelict;
      }
      if (fate == kFateDerelict) {
        s.status = kSatDerelict;
        list_add(ws_.derelict, ws_.n_derelict, shell, slot);
        membership_changed(shell, kGroupCatDerelict, kGroupReentry, ws_.n_derelict[shell] - 1, ws_.n_derelict[shell], t);
      }
    }
    if (!sc_.replenish.enabled) return;
    if (s.status == kSatGone) free_slot(shell, slot);
    if (s.role == kRoleIdle) list_remove(ws_.idle, ws_.n_idle, shell, slot, true);
    else if (held) vacancy(shell, t, t);
    else vacancy(shell, t, s.vacancy_t);  // an activating spare: its position is still empty
  }

  // The hazards of a satellite of `shell` launched at `launch`, wearing its GPUs from `wear`.
  ORB_HD GpuRisks risks(int shell, double launch, double wear) const {
    const ShellParams& sh = sc_.shells[shell];
    GpuRisks r{sc_.classes[sh.class_index], sc_.radiation.enabled ? &sc_.shell_radiation[shell] : nullptr, spe_};
    r.start_clocks(launch, wear);
    return r;
  }
  ORB_HD GpuRisks risks_of(int slot) const {
    const SatState& s = ws_.sats[slot];
    return risks(s.shell, s.launch_t, s.wear_t);
  }

  // A new satellite in `slot`: in orbit from `launch`, in the live lists, its death scheduled.
  ORB_HD void place(int shell, int slot, uint32_t entity, double launch, int role, bool original) {
    // the state is not set yet: name the shell rather than read it from the satellite
    const Timeline tl = timeline_of(sc_, ws_.loss_t, ws_.loss_cause, shell, slot);
    const double wear = role == kRoleActive ? launch : kInfinity;
    sat_init(sc_, risks(shell, launch, wear), trial_, entity, shell, role, original, ws_.sats[slot], tl, ws_.kills);
    list_add(ws_.live, ws_.n_live, shell, slot);
    reschedule_sat(slot);
  }

  // The satellite's insured value, less the GPU losses already paid on it; the occurrence is
  // its breakup chain (hit by fragments, or exhausted by a fragment hit on a GPU), its SPE
  // window (TID, SEL), or itself.
  ORB_HD void book_satellite_loss(int slot, double t, int cause, int chain) {
    if (!book_.enabled()) return;
    const SatState& s = ws_.sats[slot];
    const ShellLoss& v = sc_.shell_loss[s.shell];
    const Timeline tl = timeline(slot);
    double paid = 0.0;
    for (int i = 0; i < s.n_losses; ++i) paid += depreciated(sc_.losses, v.gpu_value_usd, tl.t[i] - s.launch_t);
    const double gross = hd_max(0.0, depreciated(sc_.losses, v.value_usd, t - s.launch_t) - paid);
    if (cause == kSatGpuAttrition && s.n_losses > 0 && tl.cause[s.n_losses - 1] == kGpuDebrisDamage &&
        tl.t[s.n_losses - 1] == t)
      chain = s.last_damage_chain;
    if (chain >= 0) book_.join(ws_.chains[chain], t, gross, cause, s.shell);
    else losses_.radiation_or_single(t, gross, cause, s.shell, cause == kSatTid || cause == kSatSel);
  }

  ORB_HD void commit(int slot) {
    const SatState& s = ws_.sats[slot];
    RecordSink sink{sc_, L_, rec_, ws_.events, n_events_, pieces_, losses_};
    replay_satellite(sc_.classes[sc_.shells[s.shell].class_index], s, timeline(slot), t_end_, sink);
  }

  ORB_HD void remove_derelict(int slot, double t) {
    const int shell = ws_.sats[slot].shell;
    ws_.sats[slot].status = kSatGone;
    list_remove(ws_.derelict, ws_.n_derelict, shell, slot);
    membership_changed(shell, kGroupCatDerelict, kGroupReentry, ws_.n_derelict[shell] + 1, ws_.n_derelict[shell], t);
    if (sc_.replenish.enabled) free_slot(shell, slot);
  }

  ORB_HD void reschedule_sat(int slot) {
    const double t = ws_.sats[slot].death_t;
    queue_.set(sat_source(sc_, slot), t < t_end_ ? t : kInfinity);
  }

  // ---- debris groups ----
  ORB_HD void count_hit(int shell, int kind, double t) {
    const int cls = group_class(kind);
    ++rec_.ints[L_.hits + (bin_of(sc_, t) * L_.n_shells + shell) * kDebrisClassCount + cls];
    if (cls != kDamaging) ++debris_count(kCollisions);
  }

  // Who hit: a background object (-1) or fragments, with probability equal to the fragments'
  // share of the group's flux at t; then the cloud, with probability proportional to its
  // share of that fragment flux. Returns the cloud's breakup chain.
  ORB_HD int attribute(int shell, int kind, double t) {
    const FluxParts rate = group_flux(sc_, ws_, shell, kind, t, false);
    if (!(rate.fragments > 0.0)) return -1;
    GroupState& g = ws_.groups[shell * kGroupKinds + kind];
    RngStream rng(sc_.seed, trial_, Purpose::kAttribution, shell * kGroupKinds + kind, g.attr_words);
    const bool fragments = rng.uniform() * rate.total() < rate.fragments;
    const double u = fragments ? rng.uniform() : 0.0;
    g.attr_words = rng.position();
    if (!fragments) return -1;
    const int cls = group_class(kind), cell = sc_.shells[shell].cell;
    const double tau = sc_.cell_tau_days[cell * kDebrisClassCount + cls];
    const auto share = [&](const Cloud& c) {
      double f = c.fragments[cls] * sc_.spread[c.cell * sc_.debris.n_cells + cell] * hd_exp(-(t - c.t_days) / tau);
      if (kind == kGroupCatLive && t > c.t_days + sc_.debris.catalog_delay_days) f *= 1.0 - sc_.debris.avoidance;
      return f;
    };
    double total = 0.0;
    for (int j = 0; j < n_clouds_; ++j) total += share(ws_.clouds[j]);
    double target = u * total;
    for (int j = 0; j < n_clouds_; ++j) {
      target -= share(ws_.clouds[j]);
      if (target < 0.0) return ws_.clouds[j].chain;
    }
    return n_clouds_ > 0 ? ws_.clouds[n_clouds_ - 1].chain : -1;
  }

  ORB_HD int new_chain(double t) {
    ws_.chains[n_chains_] = OccurrenceSum{t, 0.0, 0.0};
    return n_chains_++;
  }

  ORB_HD void breakup(double t, int cell, const double* fragments, bool by_fragments, int chain) {
    if (!sc_.debris.fragments || (by_fragments && !sc_.debris.second_generation)) return;
    if (n_clouds_ >= sc_.max_clouds) {
      rec_.ints[L_.status] = kTrialEventOverflow;
      return;
    }
    Cloud& cl = ws_.clouds[n_clouds_++];
    cl.t_days = t;
    cl.cell = cell;
    cl.chain = chain;
    for (int c = 0; c < kDebrisClassCount; ++c) cl.fragments[c] = fragments[c];
    for (int k = 0; k < sc_.debris.n_cells; ++k) {
      const double share = sc_.spread[cell * sc_.debris.n_cells + k];
      for (int c = 0; c < kDebrisClassCount; ++c)
        cloud_add(ws_.clouds_all[k * kDebrisClassCount + c], sc_.cell_tau_days[k * kDebrisClassCount + c], t,
                  fragments[c] * share);
    }
    if (catalogued_ == n_clouds_ - 1) schedule_catalogue();
    for (int s = 0; s < sc_.n_shells; ++s)
      for (int k = kGroupDamaging; k <= kGroupCatDerelict; ++k) reschedule_group(s, k, t);
  }

  ORB_HD void schedule_catalogue() {
    queue_.set(kSourceCatalogue, catalogued_ < n_clouds_
                                     ? ws_.clouds[catalogued_].t_days + sc_.debris.catalog_delay_days
                                     : kInfinity);
  }

  // Group members went from m_old to m_new at t: rescale the pending residual hazard.
  ORB_HD void membership_changed(int shell, int first_kind, int last_kind, int m_old, int m_new, double t) {
    for (int kind = first_kind; kind <= last_kind; ++kind) {
      GroupState& g = ws_.groups[shell * kGroupKinds + kind];
      const double area = group_area(sc_.shell_debris[shell], kind);
      if (m_new == 0 || !(area > 0.0)) {
        g.threshold = kInfinity;
      } else {
        const double now = group_flux(sc_, ws_, shell, kind, t, true).total();
        if (m_old == 0 || g.threshold == kInfinity) {
          RngStream rng(sc_.seed, trial_, Purpose::kDebrisGroup, shell * kGroupKinds + kind, g.words);
          g.threshold = now + sample_exp1(rng) / (m_new * area);
          g.words = rng.position();
        } else {
          g.threshold = now + (g.threshold - now) * static_cast<double>(m_old) / m_new;
        }
      }
      reschedule_group(shell, kind, t);
    }
  }

  ORB_HD void reschedule_group(int shell, int kind, double t) {
    const double target = ws_.groups[shell * kGroupKinds + kind].threshold;
    double next = kInfinity;
    if (target != kInfinity) {
      next = group_flux_inverse_background(sc_, ws_, shell, kind, target);
      if (next < 0.0) {
        const auto F = [&](double u) { return group_flux(sc_, ws_, shell, kind, u, true).total(); };
        const auto dF = [&](double u) { return group_flux(sc_, ws_, shell, kind, u, false).total(); };
        next = solve_increasing(F, dF, target, t, t_end_);
      }
      next = hd_max(next, t);  // rounding in the inverse must not move an event into the past
    }
    queue_.set(group_source(shell, kind), next);
  }

  // ---- outputs ----
  ORB_HD int32_t& debris_count(int which) { return rec_.ints[L_.debris_counts + which]; }

  ORB_HD void snapshot_bin(int b, double t) {
    for (int s = 0; s < sc_.n_shells; ++s) {
      rec_.ints[L_.derelicts + b * L_.n_shells + s] = ws_.n_derelict[s];
      const int cell = sc_.shells[s].cell;
      double n[kDebrisClassCount] = {0.0, 0.0, 0.0};
      for (int c = kLethal; c <= kCatastrophic && sc_.debris.enabled; ++c)
        n[c] = cloud_fragments(ws_.clouds_all[cell * kDebrisClassCount + c], sc_.cell_tau_days[cell * kDebrisClassCount + c], t);
      rec_.dbls[L_.fragments + (b * L_.n_shells + s) * 2 + 0] = n[kLethal] + n[kCatastrophic];
      rec_.dbls[L_.fragments + (b * L_.n_shells + s) * 2 + 1] = n[kCatastrophic];
    }
  }

  ORB_HD void finish() {
    for (int slot = 0; slot < sc_.n_slots; ++slot)
      if (ws_.sats[slot].status == kSatLive) commit(slot);
    if (sc_.replenish.enabled) count_open_positions();
    for (; next_bin_ < sc_.n_bins; ++next_bin_) snapshot_bin(next_bin_, bin_edge(sc_, next_bin_ + 1));
    if (sc_.debris.enabled) {
      for (int s = 0; s < sc_.n_shells; ++s) {
        const double mean_days = ws_.manoeuvre_days[s] + ws_.n_live[s] * manoeuvre_ratio_days(sc_, ws_, s, t_end_);
        RngStream rng(sc_.seed, trial_, Purpose::kManoeuvres, static_cast<uint32_t>(s));
        rec_.ints[L_.manoeuvres + s] =
            static_cast<int32_t>(sample_poisson(rng, sc_.debris.conjunctions_per_sat_day * mean_days));
      }
    }
    finish_trial(sc_, L_, rec_, ws_.events, n_events_);
    if (sc_.radiation.enabled) finish_radiation();
    else for (int b = 0; b < sc_.n_bins; ++b) rec_.dbls[L_.availability + b] = rec_.dbls[L_.cap_average + b];
    for (int c = 0; c < n_chains_; ++c) book_.close(ws_.chains[c]);
    for (int w = 0; w < losses_.n_spe; ++w) book_.close(ws_.windows[w]);
    book_.finish();
  }

  // ---- radiation ----
  // The trial's solar particle events, their timeline, and the piece grid for transient effects.
  ORB_HD void init_radiation() {
    int n = sample_spe_events(sc_, trial_, ws_.spe_events);
    if (n < 0) {
      rec_.ints[L_.status] = kTrialEventOverflow;
      n = 0;
    }
    rec_.ints[L_.spe_count] = n;
    losses_.n_spe = n;
    for (int j = 0; j < n; ++j) ws_.windows[j] = OccurrenceSum{ws_.spe_events[j].t_days, 0.0, 0.0};
    if (!sc_.radiation.enabled) {
      ws_.spe_knots[0] = SpeKnot{0.0, 0.0, 0.0, 0.0, 0.0};
      spe_ = SpeTimeline{ws_.spe_knots, 1};
      return;
    }
    spe_ = SpeTimeline{ws_.spe_knots, build_spe_timeline(ws_.spe_events, n, ws_.spe_scratch, ws_.spe_knots)};
    build_pieces();
  }

  ORB_HD void build_pieces() {
    int m = 0, b = 1, k = 1;
    ws_.piece_edges[m++] = 0.0;
    while (b <= sc_.n_bins) {
      const double knot = k < spe_.n ? spe_.knots[k].t_days : kInfinity;
      const double edge = bin_edge(sc_, b);
      const double next = hd_min(knot, edge);
      if (knot <= edge) ++k;
      if (edge <= knot) ++b;
      if (next > ws_.piece_edges[m - 1]) ws_.piece_edges[m++] = next;
    }
    pieces_ = PieceGrid{ws_.piece_edges, ws_.piece_drop, ws_.piece_lost, ws_.bin_piece, m - 1, sc_.n_shells};
    for (int p = pieces_.n - 1; p >= 0; --p) {
      const double mid = 0.5 * (ws_.piece_edges[p] + ws_.piece_edges[p + 1]);
      ws_.piece_bin[p] = bin_of(sc_, mid);
      ws_.bin_piece[ws_.piece_bin[p]] = p;
      ws_.piece_knot[p] = spe_knot_at(spe_, mid);
      for (int s = 0; s < sc_.n_shells; ++s) ws_.piece_drop[p * sc_.n_shells + s] = 0, ws_.piece_lost[p * sc_.n_shells + s] = 0.0;
    }
  }

  // Transient effects on in-service GPUs (capacity), exact Poisson counts from the capacity
  // integrals over pieces; DUE downtime per bin capped at the shell's in-service GPU-days.
  ORB_HD void finish_radiation() {
    const RadiationGlobals& g = sc_.radiation;
    for (int b = 0; b < sc_.n_bins; ++b) rec_.dbls[L_.availability + b] = 0.0;
    for (int s = 0; s < sc_.n_shells; ++s) {
      const ShellRadiation& r = sc_.shell_radiation[s];
      const ShellParams& sh = sc_.shells[s];
      for (int b = 0; b < sc_.n_bins; ++b) ws_.bin_due[b] = 0.0, ws_.bin_service[b] = 0.0;
      double capacity = static_cast<double>(sh.satellites) * sc_.classes[sh.class_index].gpus_required;
      double sdc = 0.0, corrected = 0.0;
      for (int p = 0; p < pieces_.n; ++p) {
        const double gpu_days = capacity * (ws_.piece_edges[p + 1] - ws_.piece_edges[p]) - ws_.piece_lost[p * sc_.n_shells + s];
        const double multiplier = 1.0 + r.exposure * spe_.knots[ws_.piece_knot[p]].excess;
        const double lambda = r.seu_per_bit_day * multiplier;
        const int b = ws_.piece_bin[p];
        ws_.bin_due[b] += due_rate_per_gpu_day(g, r, lambda) * gpu_days;
        ws_.bin_service[b] += gpu_days;
        sdc += g.sdc_per_gpu_day * multiplier * gpu_days;
        corrected += (1.0 - g.mbu_fraction) * lambda * r.hbm_bits * gpu_days;
        capacity -= ws_.piece_drop[p * sc_.n_shells + s];
      }
      RngStream due(sc_.seed, trial_, Purpose::kDue, static_cast<uint32_t>(s));
      for (int b = 0; b < sc_.n_bins; ++b) {
        const double n = static_cast<double>(sample_poisson(due, ws_.bin_due[b]));
        rec_.dbls[L_.radiation_counts + kDue] += n;
        const double down = hd_min(n * g.due_downtime_days, ws_.bin_service[b]);
        rec_.dbls[L_.availability + b] += ws_.bin_service[b] - down;
        book_.interruption(bin_edge(sc_, b), bin_edge(sc_, b + 1), down, sc_.shell_loss[s].revenue_usd_per_gpu_day);
      }
      RngStream sdc_rng(sc_.seed, trial_, Purpose::kSdc, static_cast<uint32_t>(s));
      RngStream corr_rng(sc_.seed, trial_, Purpose::kCorrected, static_cast<uint32_t>(s));
      rec_.dbls[L_.radiation_counts + kSdc] += static_cast<double>(sample_poisson(sdc_rng, sdc));
      rec_.dbls[L_.radiation_counts + kCorrected] += static_cast<double>(sample_poisson(corr_rng, corrected));
      rec_.dbls[L_.dose_end + s] = dose_function(r).at(spe_, sc_.mission_days);
    }
    for (int b = 0; b < sc_.n_bins; ++b)
      rec_.dbls[L_.availability + b] /= (bin_edge(sc_, b + 1) - bin_edge(sc_, b)) * sc_.capacity_total;
  }

  // ---- replenishment (MODEL.md section 6) ----
  // The shell's spares (idle, in orbit from t = 0, debris targets, no GPU wear) and the free
  // slots after them, lowest first.
  ORB_HD void init_replenishment(int shell) {
    const ShellParams& sh = sc_.shells[shell];
    ws_.n_idle[shell] = 0;
    ws_.n_free[shell] = 0;
    ws_.order_head[shell] = 0;
    ws_.n_orders[shell] = 0;
    ws_.launch_words[shell] = 0;
    for (int j = 0; j < sh.spares; ++j) {
      const int slot = sh.first_slot + sh.satellites + j;
      place(shell, slot, static_cast<uint32_t>(sh.first_spare_entity + j), 0.0, kRoleIdle, false);
      list_add(ws_.idle, ws_.n_idle, shell, slot, true);
    }
    for (int k = sh.slots - 1; k >= sh.satellites + sh.spares; --k) {
      ws_.sats[sh.first_slot + k].status = kSatGone;  // room for replacements: empty for now
      free_slot(shell, sh.first_slot + k);
    }
    if (shell == 0)
      for (int y = 0; y < sc_.replenish.n_years; ++y) ws_.launches_in_year[y] = 0;
  }

  ORB_HD void free_slot(int shell, int slot) { ws_.free_slots[sc_.shells[shell].first_slot + ws_.n_free[shell]++] = slot; }

  // A position of `shell` is empty from t (lost at vacancy_t): the first idle spare starts
  // activating, or else a replacement is ordered.
  ORB_HD void vacancy(int shell, double t, double vacancy_t) {
    if (ws_.n_idle[shell] > 0) {
      const int slot = ws_.idle[sc_.shells[shell].first_slot];
      list_remove(ws_.idle, ws_.n_idle, shell, slot, true);
      SatState& s = ws_.sats[slot];
      s.role = kRoleActivating;
      s.vacancy_t = vacancy_t;
      s.born_t = s.wear_t = t + sc_.replenish.activation_days;  // wear starts with service
      const Timeline tl = timeline(slot);
      int known = 0;
      while (known < s.n_losses && tl.t[known] < t) ++known;
      sat_plan(sc_, risks_of(slot), trial_, known, s, tl, ws_.kills);
      reschedule_sat(slot);
      return;
    }
    const ShellParams& sh = sc_.shells[shell];
    const int n = ws_.n_orders[shell]++;
    ws_.orders[sh.first_order + (ws_.order_head[shell] + n) % sh.satellites] =
        Order{t + sc_.replenish.lead_days, vacancy_t};
    if (n == 0) queue_.set(launch_source(sc_, shell), t + sc_.replenish.lead_days);
  }

  ORB_HD Order& order(int shell, int i) {
    const ShellParams& sh = sc_.shells[shell];
    return ws_.orders[sh.first_order + (ws_.order_head[shell] + i) % sh.satellites];
  }

  // A launch for `shell` carries its due orders (up to satellites_per_launch) if the year's
  // launch cap allows; a failed launch loses them and they are ordered again.
  ORB_HD void on_launch(int shell, double t) {
    const ReplenishmentGlobals& g = sc_.replenish;
    const int year = hd_min(static_cast<int>(t / kDaysPerYear), g.n_years - 1);
    if (!(ws_.launches_in_year[year] < g.max_launches_per_year)) {
      const double next_year = (year + 1) * kDaysPerYear;
      queue_.set(launch_source(sc_, shell), next_year < t_end_ && year + 1 < g.n_years ? next_year : kInfinity);
      return;
    }
    ++ws_.launches_in_year[year];
    ++rec_.ints[L_.replenish + kLaunches];
    int n = 0;
    while (n < ws_.n_orders[shell] && n < g.satellites_per_launch && order(shell, n).ready_t <= t) ++n;
    rec_.dbls[L_.replacement_cost + policy_year(sc_.losses, t)] += n * g.cost_usd;
    RngStream rng(sc_.seed, trial_, Purpose::kLaunch, static_cast<uint32_t>(shell), ws_.launch_words[shell]);
    const bool failed = rng.uniform() < g.failure_probability;
    ws_.launch_words[shell] = rng.position();
    if (failed) ++rec_.ints[L_.replenish + kLaunchFailures];
    for (int i = 0; i < n; ++i) {
      const Order o = order(shell, 0);
      ws_.order_head[shell] = (ws_.order_head[shell] + 1) % sc_.shells[shell].satellites;
      --ws_.n_orders[shell];
      if (failed) {
        order(shell, ws_.n_orders[shell]++) = Order{t + g.lead_days, o.vacancy_t};
      } else {
        arrive(shell, t, o.vacancy_t);
      }
    }
    queue_.set(launch_source(sc_, shell), ws_.n_orders[shell] > 0 ? hd_max(order(shell, 0).ready_t, t) : kInfinity);
  }

  // A replacement reaches its position at t with fresh hardware clocks.
  ORB_HD void arrive(int shell, double t, double vacancy_t) {
    if (replacements_ >= sc_.replenish.max_replacements || ws_.n_free[shell] == 0) {
      rec_.ints[L_.status] = kTrialReplacementOverflow;
      return;
    }
    const int slot = ws_.free_slots[sc_.shells[shell].first_slot + --ws_.n_free[shell]];
    place(shell, slot, kReplacementEntityBase + static_cast<uint32_t>(replacements_++), t, kRoleActive, false);
    ws_.sats[slot].vacancy_t = vacancy_t;
    ++rec_.ints[L_.replenish + kReplacements];
    if (sc_.debris.enabled)
      membership_changed(shell, kGroupDamaging, kGroupCatLive, ws_.n_live[shell] - 1, ws_.n_live[shell], t);
  }

  // Forced losses take the shell's first satellites that hold a position.
  ORB_HD void on_forced_loss(double t) {
    const ForcedLoss& f = sc_.forced_losses[next_forced_loss_++];
    const Strided<int32_t> live = ws_.live + sc_.shells[f.shell].first_slot;
    int left = f.satellites;
    for (int i = 0; left > 0 && i < ws_.n_live[f.shell];) {
      const int slot = live[i];
      const SatState& s = ws_.sats[slot];
      if (s.role == kRoleActive || (s.role == kRoleActivating && s.born_t <= t)) {
        kill(slot, t, kSatForced, kFateDispose);  // swap-removes: position i now holds another
        --left;
      } else {
        ++i;
      }
    }
    queue_.set(kSourceForcedLoss,
               next_forced_loss_ < sc_.n_forced_losses ? sc_.forced_losses[next_forced_loss_].time_days : kInfinity);
  }

  // Positions still empty at the end (waiting for a launch or an activation) are censored.
  ORB_HD void count_open_positions() {
    int open = 0;
    for (int shell = 0; shell < sc_.n_shells; ++shell) open += ws_.n_orders[shell];
    for (int slot = 0; slot < sc_.n_slots; ++slot) {
      const SatState& s = ws_.sats[slot];
      if (s.status == kSatLive && s.role == kRoleActivating && !(s.born_t < t_end_)) ++open;
    }
    rec_.ints[L_.restore_hist + kRestoreBins] = open;
  }

  // ---- member lists: per-shell blocks of slot ids, swap-remove ----
  // `spare`: the idle-spare list, whose positions live in spare_pos (a spare is in both).
  ORB_HD void list_add(Strided<int32_t> list, Strided<int32_t> count, int shell, int slot, bool spare = false) {
    const int pos = count[shell]++;
    list[sc_.shells[shell].first_slot + pos] = slot;
    (spare ? ws_.sats[slot].spare_pos : ws_.sats[slot].list_pos) = pos;
  }
  ORB_HD void list_remove(Strided<int32_t> list, Strided<int32_t> count, int shell, int slot, bool spare = false) {
    const Strided<int32_t> block = list + sc_.shells[shell].first_slot;
    const int pos = spare ? ws_.sats[slot].spare_pos : ws_.sats[slot].list_pos;
    const int last = block[--count[shell]];
    block[pos] = last;
    (spare ? ws_.sats[last].spare_pos : ws_.sats[last].list_pos) = pos;
  }

  const ScenarioView& sc_;
  const RecordLayout& L_;
  uint32_t trial_;
  RecordView rec_;
  TrialWorkspace ws_;
  EventQueue queue_;
  LossBook book_;
  LossContext losses_;
  SpeTimeline spe_{};
  PieceGrid pieces_{};
  double t_end_;
  int next_bin_ = 0;
  int next_forced_ = 0;
  int n_clouds_ = 0;
  int n_chains_ = 0;
  int catalogued_ = 0;
  int n_events_ = 0;
  int next_forced_loss_ = 0;
  int replacements_ = 0;
};

// One trial. `ws` is this trial's workspace (workspace.hpp).
ORB_HD_INLINE void run_trial(const ScenarioView& sc, const RecordLayout& L, uint32_t trial,
                             RecordView rec, TrialWorkspace ws) {
  TrialEngine engine(sc, L, trial, rec, ws);
  engine.run();
}

}  // namespace orb
