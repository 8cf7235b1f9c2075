#include "host/output/output_helpers.hpp"

#include <cmath>
#include <ctime>

#include "host/version.hpp"

namespace orb {

const double kPercentiles[kNumPercentiles] = {1, 5, 25, 50, 75, 95, 99};

Stats stats_of(const std::vector<Moments>& m, int64_t n, int bits, const std::vector<double>& denominator) {
  Stats s;
  for (size_t i = 0; i < m.size(); ++i) {
    const Summary x = summarize(m[i], n, bits);
    const double d = denominator.empty() ? 1.0 : denominator[i];
    s.mean.push_back(x.mean / d);
    s.std.push_back(x.std / d);
    s.sem.push_back(x.sem / d);
  }
  return s;
}

void write_stats(hid_t g, const std::string& name, const Stats& s, const Dims& dims,
                 const std::string& units, const std::string& what, hid_t time) {
  auto m = h5::write(g, name + "_mean", s.mean, dims, {units, "mean " + what});
  auto d = h5::write(g, name + "_std", s.std, dims, {units, "standard deviation over trials of " + what});
  auto e = h5::write(g, name + "_sem", s.sem, dims, {units, "standard error of the mean " + what});
  if (time >= 0)
    for (hid_t id : {m.id(), d.id(), e.id()}) h5::attach_scale(id, time, 0);
}

std::vector<double> fraction_percentiles(const std::vector<int64_t>& hist, size_t rows) {
  std::vector<double> out;
  for (size_t r = 0; r < rows; ++r)
    for (double p : kPercentiles)
      out.push_back(histogram_percentile(hist.data() + r * kFractionHistBins, kFractionHistBins,
                                         0.0, 1.0, 0, p / 100.0));
  return out;
}

void write_provenance(hid_t f, const std::string& filetype) {
  char date[32];
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  std::strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%SZ", &tm);
  h5::attr(f, "filetype", filetype);
  h5::attr(f, "format_version", std::string(kFormatVersion));
  h5::attr(f, "orbitrisk_version", std::string(orbitrisk_version()));
  h5::attr(f, "git_sha1", std::string(orbitrisk_git_sha()));
  h5::attr(f, "date_and_time", std::string(date));
}

std::vector<double> edges(double lo, double hi, int n) {
  std::vector<double> e;
  for (int i = 0; i <= n; ++i) e.push_back(lo + (hi - lo) * i / n);
  return e;
}

// Low 64 bits reinterpreted as unsigned, high 64 bits signed.
void write_raw(hid_t g, const std::string& name, const std::vector<Moments>& m, int bits) {
  std::vector<int64_t> sum, sum_sq;
  for (const auto& x : m) {
    for (int128 v : {x.sum}) sum.push_back(static_cast<int64_t>(static_cast<uint64_t>(v))), sum.push_back(static_cast<int64_t>(v >> 64));
    for (int128 v : {x.sum_sq}) sum_sq.push_back(static_cast<int64_t>(static_cast<uint64_t>(v))), sum_sq.push_back(static_cast<int64_t>(v >> 64));
  }
  const std::string what = " (128-bit integer as [low word, high word], value * 2^scale_bits)";
  auto a = h5::write(g, name + "_sum", sum, {m.size(), 2}, {"1", "exact sum of " + name + what});
  auto b = h5::write(g, name + "_sum_sq", sum_sq, {m.size(), 2}, {"1", "exact sum of squares of " + name + what});
  h5::attr(a, "scale_bits", static_cast<int64_t>(bits));
  h5::attr(b, "scale_bits", static_cast<int64_t>(2 * bits));
}


}  // namespace orb
