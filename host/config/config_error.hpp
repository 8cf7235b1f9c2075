// The error every bad input becomes: a message that already names where (file:line:column or
// the command-line flag), which key (full path), and what was allowed.
#pragma once

#include <stdexcept>
#include <string>

namespace orb {

class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace orb
