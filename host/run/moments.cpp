#include "host/run/moments.hpp"

#include <cmath>

namespace orb {

int64_t to_fixed(double value, int scale_bits) {
  return std::llround(std::ldexp(value, scale_bits));
}

namespace {

// Floor division for signed 128-bit values.
int128 floor_div(int128 a, int128 b) {
  int128 q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

}  // namespace

Summary summarize(const Moments& m, int64_t n, int scale_bits) {
  Summary s;
  if (n <= 0) return s;
  const long double scale = std::ldexp(1.0L, scale_bits);
  // mean = q + r/n with integer q, 0 <= r < n; the centred sum of squares is then
  // S2 - 2 q S1 + n q^2 - r^2 / n, with every term but the last an exact integer.
  const int128 q = floor_div(m.sum, n);
  const int128 r = m.sum - q * n;
  const int128 centred = m.sum_sq - 2 * q * m.sum + static_cast<int128>(n) * q * q;
  const long double ss = static_cast<long double>(centred) -
                         static_cast<long double>(r) * static_cast<long double>(r) / n;
  s.mean = static_cast<double>((static_cast<long double>(q) + static_cast<long double>(r) / n) / scale);
  if (n > 1) {
    const long double var = (ss > 0 ? ss : 0) / (n - 1) / (scale * scale);
    s.std = static_cast<double>(std::sqrt(var));
    s.sem = static_cast<double>(std::sqrt(var / n));
  }
  return s;
}

}  // namespace orb
