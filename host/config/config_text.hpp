// Values written as TOML (the resolved config, overrides made by sweeps).
#pragma once

#include <string>

namespace orb {

std::string toml_float(double v);          // shortest round-trip form, always a float
std::string toml_float_or_inf(double v);   // inf for an unlimited value
std::string toml_string(const std::string& s);
const char* toml_bool(bool b);

}  // namespace orb
