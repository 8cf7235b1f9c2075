// Small text helpers: joining and splitting lists of names (run logs, checkpoint attributes,
// messages) and printf-formatting one number for printed tables.
#pragma once

#include <cstdio>
#include <string>
#include <vector>

namespace orb {

inline std::string join(const std::vector<std::string>& items, const std::string& sep) {
  std::string s;
  for (const auto& x : items) {
    if (!s.empty()) s += sep;
    s += x;
  }
  return s;
}

inline std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < s.size()) {
    const size_t at = s.find(sep, start);
    const size_t end = at == std::string::npos ? s.size() : at;
    out.push_back(s.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

inline std::string format_number(const char* format, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

}  // namespace orb
