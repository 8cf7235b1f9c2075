#include "host/config/config_text.hpp"

#include <charconv>
#include <cmath>

namespace orb {

std::string toml_float(double v) {
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, v);
  std::string s(buf, res.ptr);
  // keep floats floats in TOML so a reader sees the intended type
  if (s.find_first_of(".eEn") == std::string::npos) s += ".0";
  return s;
}

std::string toml_float_or_inf(double v) { return std::isinf(v) ? "inf" : toml_float(v); }

std::string toml_string(const std::string& s) {
  std::string out = "\"";
  for (char ch : s) {
    if (ch == '"' || ch == '\\') out += '\\';
    out += ch;
  }
  return out + "\"";
}

const char* toml_bool(bool b) { return b ? "true" : "false"; }

}  // namespace orb
