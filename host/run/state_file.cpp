#include "host/run/state_file.hpp"

#include <stdexcept>

#include "host/output/hdf5.hpp"
#include "host/output/output_helpers.hpp"

namespace orb {

namespace {

int128 join(int64_t lo, int64_t hi) {
  return (static_cast<int128>(hi) << 64) | static_cast<int128>(static_cast<uint64_t>(lo));
}

struct WriteFields {
  hid_t g;
  void operator()(const char* name, int bits, const std::vector<Moments>& m) const { write_raw(g, name, m, bits); }
  void operator()(const char* name, int bits, const Moments& m) const { (*this)(name, bits, std::vector<Moments>{m}); }
  void operator()(const char* name, int, const std::vector<int64_t>& h) const {
    h5::write(g, name, h, {h.size()}, {"trials", std::string("histogram counts of ") + name});
  }
};

struct ReadFields {
  hid_t g;
  const std::string& file;
  void check(const std::string& name, size_t got, size_t want) const {
    if (got != want)
      throw std::runtime_error(file + ": /tallies/" + name + " has " + std::to_string(got) + " values, expected " +
                               std::to_string(want) + " for this configuration");
  }
  void operator()(const char* name, int, std::vector<Moments>& m) const {
    const auto s = h5::read_int64s(g, std::string(name) + "_sum");
    const auto q = h5::read_int64s(g, std::string(name) + "_sum_sq");
    check(std::string(name) + "_sum", s.size(), 2 * m.size());
    check(std::string(name) + "_sum_sq", q.size(), 2 * m.size());
    for (size_t i = 0; i < m.size(); ++i) m[i].sum = join(s[2 * i], s[2 * i + 1]), m[i].sum_sq = join(q[2 * i], q[2 * i + 1]);
  }
  void operator()(const char* name, int bits, Moments& m) const {
    std::vector<Moments> one(1);
    (*this)(name, bits, one);
    m = one[0];
  }
  void operator()(const char* name, int, std::vector<int64_t>& h) const {
    const auto v = h5::read_int64s(g, name);
    check(name, v.size(), h.size());
    h = v;
  }
};

}  // namespace

void write_tallies(hid_t group, const Tally& t) {
  h5::attr(group, "trials", static_cast<int64_t>(t.trials));
  visit_tallies(WriteFields{group}, t);
}

void read_tallies(hid_t group, Tally& t, const std::string& file) {
  t.trials = h5::read_int64_attr(group, "trials");
  visit_tallies(ReadFields{group, file}, t);
}

void write_state(hid_t g, const RunState& s) {
  h5::attr(g, "begin", static_cast<uint64_t>(s.begin));
  h5::attr(g, "end", static_cast<uint64_t>(s.end));
  h5::attr(g, "next_trial", static_cast<uint64_t>(s.next_trial));
  h5::attr(g, "seconds", s.seconds);
  h5::attr(g, "checkpoints", s.checkpoints);
  h5::attr(g, "resumes", s.resumes);
  h5::attr(g, "keep_trials", static_cast<int64_t>(s.keep_trials));
  h5::Handle tallies = h5::create_group(g, "tallies");
  write_tallies(tallies, s.tally);
  h5::write(g, "ylt", s.ylt, {s.ylt.size()}, {"USD", "year loss table rows, trial order"}, true);
  if (!s.keep_trials) return;
  h5::Handle kept = h5::create_group(g, "kept");
  for (const auto& c : s.kept.columns) h5::write(kept, c.name, c.data, {c.data.size()}, {c.units, c.long_name}, true);
}

RunState read_state(hid_t g, const TallyShape& shape, const std::string& file) {
  RunState s(shape, h5::read_uint64_attr(g, "begin"), h5::read_uint64_attr(g, "end"),
             h5::read_int64_attr(g, "keep_trials") != 0);
  s.next_trial = h5::read_uint64_attr(g, "next_trial");
  s.seconds = h5::read_double_attr(g, "seconds");
  s.checkpoints = h5::read_int64_attr(g, "checkpoints");
  s.resumes = h5::read_int64_attr(g, "resumes");
  h5::Handle tallies(H5Gopen2(g, "tallies", H5P_DEFAULT), H5Gclose);
  if (tallies.id() < 0) throw std::runtime_error(file + ": no /state/tallies group");
  read_tallies(tallies, s.tally, file);
  s.ylt = h5::read_doubles(g, "ylt");
  if (s.keep_trials) {
    h5::Handle kept(H5Gopen2(g, "kept", H5P_DEFAULT), H5Gclose);
    for (auto& c : s.kept.columns) c.data = h5::read_doubles(kept, c.name);
  }
  return s;
}

}  // namespace orb
