#include "host/run/run.hpp"

#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "kernels/losses.hpp"
#include "host/output/ep.hpp"

namespace orb {

namespace {

using Clock = std::chrono::steady_clock;
double since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

// Folds a batch of records into the state: threads reduce disjoint trials into their own
// tallies, merged afterwards (exact integer sums make the order irrelevant); the year loss
// table and kept rows are appended in trial order.
void reduce_batch(const ScenarioData& sc, const std::vector<int32_t>& ints, const std::vector<double>& dbls,
                  uint32_t n, int threads, RunState& state, std::vector<TrialSummary>& summaries) {
  const RecordLayout& L = sc.layout;
  for (uint32_t i = 0; i < n; ++i) {
    const int32_t status = ints[size_t{i} * L.n_int + L.status];
    if (status == kTrialReplacementOverflow)
      throw std::runtime_error("trial " + std::to_string(state.next_trial + i) + " needed more than the " +
                               std::to_string(sc.dims.replenish.max_replacements) +
                               " replacements there is room for: set [replenishment] max_replacements higher");
    if (status != kTrialOk) throw std::runtime_error("internal error: a trial overflowed a fixed-size buffer");
  }
  const int T = threads > 0 ? threads : omp_get_max_threads();
  std::vector<Tally> parts(T, Tally(state.tally.shape));
#pragma omp parallel for num_threads(T) schedule(static)
  for (int64_t i = 0; i < static_cast<int64_t>(n); ++i)
    parts[omp_get_thread_num()].add(L, ints.data() + i * L.n_int, dbls.data() + i * L.n_double);
  for (const auto& p : parts) state.tally.merge(p);
  for (uint32_t i = 0; i < n; ++i) {
    const double* row = dbls.data() + size_t{i} * L.n_double + L.ylt;
    state.ylt.insert(state.ylt.end(), row, row + L.n_years * kYltColumns);
  }
  if (!state.keep_trials) return;
  summaries.resize(n);
  for (uint32_t i = 0; i < n; ++i) {
    summarize_trial(state.tally.shape, L, ints.data() + size_t{i} * L.n_int, dbls.data() + size_t{i} * L.n_double,
                    summaries[i]);
    state.kept.append(summaries[i]);
  }
}

// Running sums of the period losses the AAL targets watch, so a check costs O(new trials)
// rather than a pass over the whole year loss table. Advanced in trial order from the first
// trial, so the rule's decisions do not depend on batches, checkpoints or resumption.
struct PeriodSums {
  size_t cursor = 0;
  long double sum[2] = {}, sum_sq[2] = {};
  void advance(const std::vector<double>& ylt) {
    for (; cursor + kYltColumns <= ylt.size(); cursor += kYltColumns)
      for (int k = 0; k < 2; ++k) {
        const long double v = ylt[cursor + (k == 0 ? kYltGrossAggregate : kYltNetAggregate)];
        sum[k] += v, sum_sq[k] += v * v;
      }
  }
  double rse(int k) const {
    const long double n = static_cast<long double>(cursor / kYltColumns);
    if (n < 2 || sum[k] == 0) return __builtin_huge_val();
    const long double mean = sum[k] / n;
    const long double var = std::max(0.0L, (sum_sq[k] - n * mean * mean) / (n - 1));
    return static_cast<double>(std::sqrt(var / n) / std::fabs(mean));
  }
};

bool targets_met(const RunState& s, const RunControl& c, PeriodSums& losses) {
  losses.advance(s.ylt);
  for (const auto& name : c.targets) {
    const double rse = name == "aal_gross" ? losses.rse(0)
                       : name == "aal_net" ? losses.rse(1)
                                           : relative_standard_error(s, name);
    if (!(rse <= c.target_rse)) return false;
  }
  return true;
}

}  // namespace

const std::vector<std::string>& rse_targets() {
  static const std::vector<std::string> names{"mission_average_capacity", "mission_average_availability",
                                              "capacity_at_end", "aal_gross", "aal_net"};
  return names;
}

double relative_standard_error(const RunState& s, const std::string& target) {
  const Tally& t = s.tally;
  Summary m;
  if (target == "mission_average_capacity") m = summarize(t.mission_average, t.trials, kFractionBits);
  else if (target == "mission_average_availability") m = summarize(t.mission_availability, t.trials, kFractionBits);
  else if (target == "capacity_at_end") m = summarize(t.cap_snapshot.back(), t.trials, kCountBits);
  else {
    const int column = target == "aal_gross" ? kYltGrossAggregate : kYltNetAggregate;
    std::vector<double> periods;
    for (size_t r = column; r < s.ylt.size(); r += kYltColumns) periods.push_back(s.ylt[r]);
    const LossMoments l = average_loss(periods);
    m.mean = l.mean, m.sem = l.sem;
  }
  return m.mean != 0.0 ? m.sem / std::fabs(m.mean) : __builtin_huge_val();
}

const char* stop_reason_name(StopReason r) {
  switch (r) {
    case StopReason::kCompleted: return "completed";
    case StopReason::kTargetRse: return "target_rse";
    case StopReason::kTimeBudget: return "time_budget";
    default: return "interrupted";
  }
}

namespace {

// Watches a run from its own thread while the backend works: a stop signal or the time budget
// cuts the batch in progress short (within a fraction of a second, however long one trial
// takes: its records are dropped and the trials are done again on resumption); checkpoints
// are written on time, of the trials completed so far; the progress line moves during long
// trials. The run's state is guarded by `lock`, held by the main thread only while it folds a
// finished batch in.
class Watchdog {
 public:
  Watchdog(RunState& state, const RunControl& control, Progress& progress, BatchWatch& watch, double earlier)
      : state_(state), control_(control), progress_(progress), watch_(watch), earlier_(earlier),
        start_(Clock::now()), last_checkpoint_(start_), thread_([this] { loop(); }) {}
  ~Watchdog() {
    finished_ = true;
    thread_.join();
  }
  std::mutex& lock() { return lock_; }
  // Trials in the batch now running (for progress), set under lock().
  void batch(uint32_t n) { batch_ = n; }
  StopReason why_stopped() const { return why_; }
  double elapsed() const { return earlier_ + since(start_); }

 private:
  void loop() {
    while (!finished_) {
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
      std::lock_guard<std::mutex> guard(lock_);
      if (!watch_.stop) {
        if (control_.stop_signal && control_.stop_signal->load() != 0) why_ = StopReason::kInterrupted, watch_.stop = true;
        else if (control_.time_budget_s > 0.0 && elapsed() >= control_.time_budget_s) why_ = StopReason::kTimeBudget, watch_.stop = true;
      }
      progress_.update(state_.next_trial - state_.begin, watch_.fraction.load() * batch_);
      if (!watch_.stop && control_.checkpoint && control_.checkpoint_every_s > 0.0 &&
          since(last_checkpoint_) >= control_.checkpoint_every_s) {
        ++state_.checkpoints;
        state_.seconds = elapsed();
        control_.checkpoint(state_);
        last_checkpoint_ = Clock::now();
      }
    }
  }

  RunState& state_;
  const RunControl& control_;
  Progress& progress_;
  BatchWatch& watch_;
  const double earlier_;
  const Clock::time_point start_;
  Clock::time_point last_checkpoint_;
  std::mutex lock_;
  std::atomic<bool> finished_{false};
  uint32_t batch_ = 0;
  StopReason why_ = StopReason::kInterrupted;
  std::thread thread_;  // last: it starts once everything above is set
};

}  // namespace

StopReason run_trials(const ScenarioData& sc, Backend& backend, RunState& state, const RunOptions& opt,
                      const RunControl& control, Progress& progress, RunStats* stats) {
  const auto start = Clock::now();
  const RecordLayout& L = sc.layout;
  const uint32_t batch = std::max<uint32_t>(1, opt.batch ? opt.batch : backend.preferred_batch());
  std::vector<int32_t> ints(size_t{batch} * L.n_int);
  std::vector<double> dbls(size_t{batch} * L.n_double);
  std::vector<TrialSummary> summaries;
  const uint64_t done_before = state.next_trial - state.begin;
  StopReason reason = StopReason::kCompleted;
  PeriodSums losses;
  BatchWatch watch;
  backend.watch(&watch);
  {
    Watchdog dog(state, control, progress, watch, state.seconds);
    while (state.next_trial < state.end) {
      // a batch never crosses a rule-check point, so rules see the same trials whatever the batch
      uint64_t stop_at = std::min<uint64_t>(state.end, state.next_trial + batch);
      if (control.target_rse > 0.0) {
        const uint64_t grid = (state.next_trial - state.begin) / control.check_every + 1;
        stop_at = std::min<uint64_t>(stop_at, state.begin + grid * control.check_every);
      }
      const uint32_t n = static_cast<uint32_t>(stop_at - state.next_trial);
      {
        std::lock_guard<std::mutex> guard(dog.lock());
        dog.batch(n);
      }
      if (!backend.run(state.next_trial, n, ints.data(), dbls.data())) {
        reason = dog.why_stopped();
        break;
      }
      std::lock_guard<std::mutex> guard(dog.lock());
      reduce_batch(sc, ints, dbls, n, opt.threads, state, summaries);
      state.next_trial = stop_at;
      dog.batch(0);
      watch.fraction = 0.0;
      state.seconds = dog.elapsed();
      progress.update(state.next_trial - state.begin);
      if (state.next_trial >= state.end) break;
      if (control.target_rse > 0.0 && (state.next_trial - state.begin) % control.check_every == 0 &&
          targets_met(state, control, losses)) {
        reason = StopReason::kTargetRse;
        break;
      }
      if (control.time_budget_s > 0.0 && state.seconds >= control.time_budget_s) {
        reason = StopReason::kTimeBudget;
        break;
      }
      if (control.stop_signal && control.stop_signal->load() != 0) {
        reason = StopReason::kInterrupted;
        break;
      }
    }
    state.seconds = dog.elapsed();
  }
  backend.watch(nullptr);
  progress.finish();
  if (reason == StopReason::kInterrupted && control.checkpoint) {
    ++state.checkpoints;
    control.checkpoint(state);
  }
  if (stats) {
    stats->seconds = state.seconds;
    const double run_s = since(start);
    stats->trials_per_second = run_s > 0 ? static_cast<double>(state.next_trial - state.begin - done_before) / run_s : 0.0;
    stats->backend = backend.name();
    stats->device = backend.device();
    stats->reruns = backend.reruns();
  }
  return reason;
}

RunState run_all(const ScenarioData& sc, Backend& backend, const RunOptions& opt, bool keep_trials,
                 Progress& progress, RunStats* stats) {
  RunState state(TallyShape::of(sc), 0, opt.trials, keep_trials);
  run_trials(sc, backend, state, opt, RunControl{}, progress, stats);
  return state;
}

}  // namespace orb
