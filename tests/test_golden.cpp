// Results must not change when the engine is restructured: every record field, the year loss
// table, the kept rows and every tally are digested per scenario and compared with stored
// digests, in two ways:
//
//  - against the engine of commit 47d55c9 (tests/golden/engine-47d55c9.txt), from before the
//    staged pipeline: integer record fields and every tally bit for bit; floating-point values
//    (double fields, the YLT, kept rows) bit for bit or, where the pipeline fixed the order of
//    a floating-point sum (per replay chunk, then chunk by chunk), with per-field sums within
//    1e-12 of the sum of magnitudes (the bound a relative 1e-12 change of every entry implies)
//    and the same +inf entries;
//  - against the digests pinned since (tests/golden/pinned.txt): everything bit for bit.
//
// To regenerate the pinned digests (only when results are meant to change, with the reason in
// the commit):  build/tests/test_golden --gtest_filter='*Write*' --write=tests/golden/pinned.txt
#include <gtest/gtest.h>

#include <cinttypes>
#include <cmath>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>

#include "host/run/tally.hpp"
#include "run_helpers.hpp"

namespace {

std::string g_write_path;  // --write=PATH: generate the golden file instead of comparing

struct Case {
  const char* name;
  const char* config;
  std::vector<std::string> overrides;
  uint64_t seed;
  uint64_t trials;
};

// Every reference and test config, and variants that reach each engine path: feedback
// clouds and overlapping clouds (attribution), replenishment with spares, business
// interruption and policy terms, forced losses.
const std::vector<Case>& cases() {
  static const std::vector<Case> all = {
      {"factory-1k", "configs/reference/factory-1k.toml", {}, 7, 120},
      {"factory-1k-replenish", "configs/reference/factory-1k.toml",
       {"replenishment.enabled=true", "shell[0].spare_satellites=10"}, 8, 40},
      {"factory-1k-terms", "configs/reference/factory-1k.toml",
       {"losses.business_interruption=true", "losses.occurrence_deductible_usd=1e6",
        "losses.aggregate_limit_usd=5e8", "losses.share=0.6", "losses.in_orbit_attach_days=30"},
       9, 40},
      {"suncatcher-81", "configs/reference/suncatcher-81.toml", {}, 9, 600},
      {"suncatcher-81-accel3", "configs/reference/suncatcher-81.toml", {"class[0].gpu.acceleration=3"}, 9, 300},
      {"debris-two-shells", "tests/configs/debris-two-shells.toml", {}, 12, 300},
      {"debris-feedback", "tests/configs/debris-two-shells.toml",
       {"class[0].vulnerable_area_m2=40", "debris.avoidance_efficiency=0.5", "debris.disposal_reliability=0.5",
        "debris.flux.ge_1cm=[3e-4, 3e-4]"},
       12, 300},
      {"debris-cascade", "tests/configs/debris-two-shells.toml",
       {"class[0].vulnerable_area_m2=60", "debris.avoidance_efficiency=0.0", "debris.disposal_reliability=0.2",
        "debris.flux.ge_1cm=[2e-3, 2e-3]", "losses.enabled=true"},
       15, 60},
      {"two-classes", "tests/configs/two-classes.toml", {}, 13, 400},
      {"replenishment", "tests/configs/replenishment.toml", {}, 14, 400},
      {"tiny", "tests/configs/tiny.toml", {}, 3, 1000},
      {"cascade", "tests/configs/cascade.toml", {}, 21, 2},
  };
  return all;
}

// FNV-1a over 64-bit words.
struct Digest {
  uint64_t h = 0xcbf29ce484222325ull;
  void word(uint64_t w) {
    for (int i = 0; i < 8; ++i) h = (h ^ ((w >> (8 * i)) & 0xff)) * 0x100000001b3ull;
  }
  void value(double x) {
    uint64_t w;
    std::memcpy(&w, &x, 8);
    word(w);
  }
  void value(int64_t x) { word(static_cast<uint64_t>(x)); }
  void value(orb::int128 x) {
    word(static_cast<uint64_t>(x));
    word(static_cast<uint64_t>(x >> 64));
  }
  std::string hex() const {
    char buf[20];
    std::snprintf(buf, sizeof buf, "%016" PRIx64, h);
    return buf;
  }
};

std::string hexfloat(double x) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%a", x);
  return buf;
}

// One scenario's digests as lines "kind name fields...", keyed by "kind name".
using Lines = std::map<std::string, std::string>;

// Digest line of floating-point values: hash, sum and sum of magnitudes of the finite ones, and
// the count and positions of the infinite ones.
template <class Get>
std::string digest_doubles(size_t n, Get&& get) {
  Digest d, inf_pattern;
  double sum = 0.0, magnitude = 0.0;
  int64_t infinite = 0;
  for (size_t i = 0; i < n; ++i) {
    const double x = get(i);
    d.value(x);
    if (std::isinf(x)) {
      ++infinite;
      inf_pattern.value(static_cast<int64_t>(i));
      continue;
    }
    sum += x, magnitude += std::fabs(x);
  }
  return d.hex() + " " + hexfloat(sum) + " " + hexfloat(magnitude) + " " + std::to_string(infinite) + " " +
         inf_pattern.hex();
}

void digest_fields(const orb::RecordLayout& L, const std::vector<int32_t>& ints, const std::vector<double>& dbls,
                   uint64_t n, Lines& out) {
  orb::for_each_record_field(L, [&](const char* name, bool is_int, int32_t offset, int32_t count) {
    if (!is_int) {
      out[std::string("dbl ") + name] = digest_doubles(n * count, [&](size_t i) {
        return dbls[(i / count) * L.n_double + offset + i % count];
      });
      return;
    }
    Digest d;
    for (uint64_t i = 0; i < n; ++i)
      for (int32_t k = 0; k < count; ++k) d.value(static_cast<int64_t>(ints[i * L.n_int + offset + k]));
    out[std::string("int ") + name] = d.hex();
  });
}

void digest_kept(const orb::RunState& state, Lines& out) {
  for (const auto& col : state.kept.columns)
    out["kept " + col.name] = digest_doubles(col.data.size(), [&](size_t i) { return col.data[i]; });
  out["ylt table"] = digest_doubles(state.ylt.size(), [&](size_t i) { return state.ylt[i]; });
}

struct TallyDigest {
  Lines* out;
  void operator()(const char* name, int, const std::vector<orb::Moments>& a) const {
    Digest d;
    for (const auto& m : a) d.value(m.sum), d.value(m.sum_sq);
    (*out)[std::string("tally ") + name] = d.hex();
  }
  void operator()(const char* name, int, const orb::Moments& m) const {
    Digest d;
    d.value(m.sum), d.value(m.sum_sq);
    (*out)[std::string("tally ") + name] = d.hex();
  }
  void operator()(const char* name, int, const std::vector<int64_t>& a) const {
    Digest d;
    for (int64_t v : a) d.value(v);
    (*out)[std::string("tally ") + name] = d.hex();
  }
};

Lines digest_case(const Case& c) {
  const orb::Config cfg = orb::load_config(orbtest::source_path(c.config), c.overrides);
  const orb::ScenarioData sc = orb::build_scenario(cfg, c.seed);
  const orb::RecordLayout& L = sc.layout;
  Lines out;
  {  // the raw records, from one backend call
    auto backend = orb::make_cpu_backend(sc, 2);
    std::vector<int32_t> ints(c.trials * L.n_int);
    std::vector<double> dbls(c.trials * L.n_double);
    backend->run(0, static_cast<uint32_t>(c.trials), ints.data(), dbls.data());
    digest_fields(L, ints, dbls, c.trials, out);
  }
  const orb::RunState state = orbtest::run_state(sc, c.trials, true, 2);
  digest_kept(state, out);
  orb::visit_tallies(TallyDigest{&out}, state.tally);
  return out;
}

std::map<std::string, Lines> read_golden(const std::string& path) {
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << "cannot read " << path;
  std::map<std::string, Lines> all;
  std::string line, current;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream is(line);
    std::string kind, name;
    is >> kind >> name;
    if (kind == "case") {
      current = name;
      continue;
    }
    std::string rest;
    std::getline(is, rest);
    all[current][kind + " " + name] = rest.substr(rest.find_first_not_of(' '));
  }
  return all;
}

std::vector<std::string> split(const std::string& s) {
  std::istringstream is(s);
  std::vector<std::string> v;
  for (std::string w; is >> w;) v.push_back(w);
  return v;
}

// A double field that is not bit-identical may still pass when only the order of a sum
// changed: same +inf entries, per-field sum within 1e-12 of the sum of magnitudes.
bool close_enough(const std::string& want, const std::string& got, std::string& why) {
  const auto w = split(want), g = split(got);
  if (w.size() != 5 || g.size() != 5) return false;
  if (w[3] != g[3] || w[4] != g[4]) {
    why = "+inf entries differ";
    return false;
  }
  const double ws = std::strtod(w[1].c_str(), nullptr), gs = std::strtod(g[1].c_str(), nullptr);
  const double scale = std::strtod(w[2].c_str(), nullptr);
  const double diff = std::fabs(ws - gs);
  std::ostringstream os;
  os << "sum " << gs << " vs " << ws << " (difference " << diff << ", allowed " << 1e-12 * scale << ")";
  why = os.str();
  return diff <= 1e-12 * scale;
}

// Compares a case's digests with stored ones; `relax`: floating-point values may differ within
// the 1e-12 rule (the engine of 47d55c9), else everything must be bit for bit.
void compare_with(const char* file, size_t which, bool relax) {
  const auto golden = read_golden(orbtest::source_path(file));
  const Case& c = cases()[which];
  ASSERT_TRUE(golden.count(c.name)) << c.name << " missing from " << file;
  const Lines& want = golden.at(c.name);
  const Lines got = digest_case(c);
  int relaxed = 0;
  for (const auto& [key, value] : want) {
    auto it = got.find(key);
    ASSERT_NE(it, got.end()) << c.name << ": " << key << " no longer exists";
    if (it->second == value) continue;
    std::string why;
    const bool floating = key.rfind("dbl ", 0) == 0 || key.rfind("kept ", 0) == 0 || key.rfind("ylt ", 0) == 0;
    if (relax && floating && close_enough(value, it->second, why)) {
      ++relaxed;
      continue;
    }
    ADD_FAILURE() << c.name << ": " << key << " differs from " << file << " " << why << "\n  want " << value
                  << "\n  got  " << it->second;
  }
  if (relaxed) std::printf("%s: %d floating-point digests agree to 1e-12 but not bit for bit\n", c.name, relaxed);
}

class Golden : public ::testing::TestWithParam<size_t> {};

TEST_P(Golden, MatchesEngineOf47d55c9) {
  if (!g_write_path.empty()) GTEST_SKIP() << "writing digests";
  compare_with("tests/golden/engine-47d55c9.txt", GetParam(), true);
}

TEST_P(Golden, MatchesPinnedDigests) {
  if (!g_write_path.empty()) GTEST_SKIP() << "writing digests";
  compare_with("tests/golden/pinned.txt", GetParam(), false);
}

INSTANTIATE_TEST_SUITE_P(Scenarios, Golden, ::testing::Range<size_t>(0, cases().size()),
                         [](const auto& info) {
                           std::string n = cases()[info.param].name;
                           for (char& ch : n)
                             if (ch == '-') ch = '_';
                           return n;
                         });

TEST(GoldenWrite, Write) {
  if (g_write_path.empty()) GTEST_SKIP() << "pass --write=PATH to generate digests";
  std::ofstream out(g_write_path);
  out << "# Per-field digests of the engine's results (tests/test_golden.cpp explains the format):\n"
         "# int/tally NAME fnv1a | dbl/kept/ylt NAME fnv1a sum magnitude n_inf inf_pattern\n";
  for (const Case& c : cases()) {
    out << "case " << c.name << "\n";
    for (const auto& [key, value] : digest_case(c)) out << key << " " << value << "\n";
  }
  ASSERT_TRUE(out.good());
}

}  // namespace

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  for (int i = 1; i < argc; ++i)
    if (std::strncmp(argv[i], "--write=", 8) == 0) g_write_path = argv[i] + 8;
  return RUN_ALL_TESTS();
}
