#include "host/run/run_state.hpp"

#include <cstring>
#include <stdexcept>

#include "kernels/causes.hpp"
#include "kernels/losses.hpp"

namespace orb {

namespace {

// Byte stream for MPI: fixed-size fields only, sizes known from the shape on both sides.
struct Bytes {
  std::vector<unsigned char> out;
  const std::vector<unsigned char>* in = nullptr;
  size_t pos = 0;
  template <class T>
  void put(const T* p, size_t n) {
    const size_t at = out.size();
    out.resize(at + n * sizeof(T));
    if (n > 0) std::memcpy(out.data() + at, p, n * sizeof(T));
  }
  template <class T>
  void get(T* p, size_t n) {
    if (pos + n * sizeof(T) > in->size()) throw std::runtime_error("truncated run state received from another MPI rank");
    std::memcpy(p, in->data() + pos, n * sizeof(T));
    pos += n * sizeof(T);
  }
};

struct PutFields {
  Bytes& b;
  void operator()(const char*, int, const std::vector<Moments>& m) const { b.put(m.data(), m.size()); }
  void operator()(const char*, int, const Moments& m) const { b.put(&m, 1); }
  void operator()(const char*, int, const std::vector<int64_t>& h) const { b.put(h.data(), h.size()); }
};

struct GetFields {
  Bytes& b;
  void operator()(const char*, int, std::vector<Moments>& m) const { b.get(m.data(), m.size()); }
  void operator()(const char*, int, Moments& m) const { b.get(&m, 1); }
  void operator()(const char*, int, std::vector<int64_t>& h) const { b.get(h.data(), h.size()); }
};

}  // namespace

KeptTrials KeptTrials::for_shape(const TallyShape& s) {
  KeptTrials k;
  k.columns = {
      {"mission_average_capacity", 0, "1", "mission-average capacity fraction of each trial", {}},
      {"capacity_at_end", 0, "1", "capacity fraction at the end of the mission, each trial", {}},
      {"satellite_losses", kSatCauseCount, "satellites", "satellites lost by cause (see /failures/satellite_causes), each trial", {}},
      {"gpu_losses", kGpuCauseCount, "GPUs", "GPUs lost by cause (see /failures/gpu_causes), each trial", {}},
      {"threshold_time_days", s.n_thresholds, "days", "first time capacity fell strictly below each level (+inf: never), each trial", {}},
      {"debris_counts", kDebrisCountCount, "events", "collisions and breakups (see /debris/count_names), each trial", {}},
      {"manoeuvres", 0, "manoeuvres", "collision-avoidance manoeuvres, each trial", {}},
      {"mission_average_availability", 0, "1", "mission-average availability, each trial", {}},
      {"spe_count", 0, "events", "solar particle events, each trial", {}},
      {"radiation_counts", kRadiationCountCount, "events", "DUE, SDC and corrected upsets (see /radiation/count_names), each trial", {}},
      {"dose_end_rad", s.n_shells, "rad(Si)", "total ionizing dose at the end of the mission by shell, each trial", {}},
      {"replenishment_counts", kReplenishCountCount, "events",
       "launches, failed launches, spares used and replacements (see /replenishment/count_names), each trial", {}},
      {"replacement_cost_usd", 0, "USD", "operator cost of the replacements launched, each trial", {}},
  };
  return k;
}

void KeptTrials::append(const TrialSummary& s) {
  auto add = [&](int c, const auto* v, size_t n) {
    for (size_t i = 0; i < n; ++i) columns[c].data.push_back(static_cast<double>(v[i]));
  };
  add(0, &s.mission_average_capacity, 1);
  add(1, &s.capacity_at_end, 1);
  add(2, s.satellite_losses, kSatCauseCount);
  add(3, s.gpu_losses, kGpuCauseCount);
  add(4, s.threshold_time_days.data(), s.threshold_time_days.size());
  add(5, s.debris_counts, kDebrisCountCount);
  add(6, &s.manoeuvres, 1);
  add(7, &s.mission_average_availability, 1);
  add(8, &s.spe_count, 1);
  add(9, s.radiation_counts, kRadiationCountCount);
  add(10, s.dose_end_rad.data(), s.dose_end_rad.size());
  add(11, s.replenish, kReplenishCountCount);
  add(12, &s.replacement_cost_usd, 1);
}

void KeptTrials::append(const KeptTrials& o) {
  for (size_t c = 0; c < columns.size(); ++c)
    columns[c].data.insert(columns[c].data.end(), o.columns[c].data.begin(), o.columns[c].data.end());
}

size_t KeptTrials::rows() const { return columns.empty() ? 0 : columns[0].data.size(); }

const std::vector<double>& KeptTrials::column(const std::string& name) const {
  for (const auto& c : columns)
    if (c.name == name) return c.data;
  throw std::logic_error("no kept-trials column '" + name + "'");
}

RunState::RunState(const TallyShape& shape, uint64_t b, uint64_t e, bool keep)
    : begin(b), end(e), next_trial(b), tally(shape), keep_trials(keep), kept(KeptTrials::for_shape(shape)) {}

void RunState::append(const RunState& later) {
  if (later.begin != next_trial)
    throw std::runtime_error("run pieces do not follow each other: trial " + std::to_string(later.begin) +
                             " after trial " + std::to_string(next_trial));
  if (later.keep_trials != keep_trials) throw std::runtime_error("run pieces differ in keeping per-trial rows");
  tally.merge(later.tally);
  ylt.insert(ylt.end(), later.ylt.begin(), later.ylt.end());
  if (keep_trials) kept.append(later.kept);
  next_trial = later.next_trial;
  end = std::max(end, later.end);
  seconds += later.seconds;
  checkpoints += later.checkpoints;
}

std::vector<unsigned char> serialize(const RunState& s) {
  Bytes b;
  const uint64_t head[8] = {s.begin, s.end, s.next_trial, static_cast<uint64_t>(s.tally.trials), s.ylt.size(),
                            s.keep_trials, static_cast<uint64_t>(s.checkpoints), static_cast<uint64_t>(s.resumes)};
  b.put(head, 8);
  b.put(&s.seconds, 1);
  visit_tallies(PutFields{b}, s.tally);
  b.put(s.ylt.data(), s.ylt.size());
  for (const auto& c : s.kept.columns) {
    const uint64_t n = c.data.size();
    b.put(&n, 1);
    b.put(c.data.data(), c.data.size());
  }
  return b.out;
}

RunState deserialize(const std::vector<unsigned char>& bytes, const TallyShape& shape) {
  Bytes b;
  b.in = &bytes;
  uint64_t head[8];
  b.get(head, 8);
  RunState s(shape, head[0], head[1], head[5] != 0);
  s.checkpoints = static_cast<int64_t>(head[6]);
  s.resumes = static_cast<int64_t>(head[7]);
  s.next_trial = head[2];
  s.tally.trials = static_cast<int64_t>(head[3]);
  b.get(&s.seconds, 1);
  visit_tallies(GetFields{b}, s.tally);
  s.ylt.resize(head[4]);
  b.get(s.ylt.data(), s.ylt.size());
  for (auto& c : s.kept.columns) {
    uint64_t n = 0;
    b.get(&n, 1);
    c.data.resize(n);
    b.get(c.data.data(), n);
  }
  return s;
}

}  // namespace orb
