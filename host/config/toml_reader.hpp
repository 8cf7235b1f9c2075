// Strict reading of a toml++ table: every key must be consumed by the schema, values are
// type- and range-checked, and errors carry file:line:column and the key's full path.
// Unknown keys get a "did you mean" from the keys the schema asked for.
#pragma once

#include <toml++/toml.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "host/config/config_error.hpp"

namespace orb {

// An allowed interval for a number, printed in error messages as "in (0, 20]".
struct Range {
  double lo;
  double hi;
  bool lo_open = false;
  bool hi_open = false;
  bool contains(double v) const;
  std::string describe() const;
};

Range closed(double lo, double hi);
Range open_closed(double lo, double hi);  // (lo, hi]

// Where values set on the command line came from, for error messages.
struct OverrideOrigin {
  std::string path;        // key path as written after --set
  std::string assignment;  // the whole "path=value"
};

class TableReader {
 public:
  TableReader(const toml::table& table, std::string path, std::string file,
              const std::vector<OverrideOrigin>* overrides);

  double number(std::string_view key, std::optional<double> fallback, Range range);
  // Like number(), but +inf (TOML `inf`) is also accepted, meaning "no limit".
  double number_or_inf(std::string_view key, double fallback, Range range);
  int64_t integer(std::string_view key, std::optional<int64_t> fallback, Range range);
  std::string string(std::string_view key, std::optional<std::string> fallback);
  bool boolean(std::string_view key, bool fallback);
  std::vector<double> numbers(std::string_view key, std::vector<double> fallback, Range range);
  std::vector<std::string> strings(std::string_view key, std::vector<std::string> fallback);
  bool has(std::string_view key) const;

  // A nested table (absent: nullopt) and an array of tables (absent: empty).
  std::optional<TableReader> table(std::string_view key);
  std::vector<TableReader> tables(std::string_view key);

  // Rejects keys the schema never asked for. Call after reading every key.
  void finish() const;

  // Error at this table (or at one of its keys) with its location.
  [[noreturn]] void fail(std::string_view key, const std::string& what) const;
  std::string key_path(std::string_view key) const;
  std::string location(std::string_view key) const;

 private:
  const toml::node* lookup(std::string_view key);
  std::string where(const toml::source_region& src, std::string_view key) const;

  const toml::table* table_;
  std::string path_;
  std::string file_;
  const std::vector<OverrideOrigin>* overrides_;
  std::vector<std::string> known_;
};

// Closest candidate by edit distance, or "" when none is close enough to be a likely typo.
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

// Applies "a.b[0].c=value" to a parsed table; the value is parsed as TOML, or taken as a
// string when it is not valid TOML. Missing tables on the way are created; the result is
// validated by the schema like any file value.
void apply_override(toml::table& root, const std::string& assignment,
                    std::vector<OverrideOrigin>& origins);

// The node at "a.b[0].c" in `root`, or null; malformed paths throw ConfigError after `context`.
const toml::node* find_path(const toml::table& root, const std::string& path, const std::string& context);

}  // namespace orb
