#include "host/config/toml_reader.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>

namespace orb {

namespace {

std::string format_number(double v) {
  std::ostringstream os;
  os << v;
  return os.str();
}

std::string type_name(const toml::node& n) {
  switch (n.type()) {
    case toml::node_type::table: return "a table";
    case toml::node_type::array: return "an array";
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::floating_point: return "a float";
    case toml::node_type::boolean: return "a boolean";
    default: return "a date/time";
  }
}

size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t sub = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

}  // namespace

bool Range::contains(double v) const {
  const bool above = lo_open ? v > lo : v >= lo;
  const bool below = hi_open ? v < hi : v <= hi;
  return above && below;
}

std::string Range::describe() const {
  return std::string(lo_open ? "(" : "[") + format_number(lo) + ", " + format_number(hi) +
         (hi_open ? ")" : "]");
}

Range closed(double lo, double hi) { return Range{lo, hi, false, false}; }
Range open_closed(double lo, double hi) { return Range{lo, hi, true, false}; }

std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates) {
  std::string best;
  size_t best_d = std::max<size_t>(2, word.size() / 3) + 1;
  for (const auto& c : candidates) {
    const size_t d = edit_distance(word, c);
    if (d < best_d) best_d = d, best = c;
  }
  return best;
}

TableReader::TableReader(const toml::table& table, std::string path, std::string file,
                         const std::vector<OverrideOrigin>* overrides)
    : table_(&table), path_(std::move(path)), file_(std::move(file)), overrides_(overrides) {}

std::string TableReader::key_path(std::string_view key) const {
  if (key.empty()) return path_;
  return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
}

std::string TableReader::where(const toml::source_region& src, std::string_view key) const {
  if (src.begin.line == 0) {
    const std::string kp = key_path(key);
    if (overrides_) {
      for (const auto& o : *overrides_)
        if (kp.rfind(o.path, 0) == 0 || o.path.rfind(kp, 0) == 0)
          return "command line (--set " + o.assignment + ")";
    }
    return "command line (--set)";
  }
  return file_ + ":" + std::to_string(src.begin.line) + ":" + std::to_string(src.begin.column);
}

std::string TableReader::location(std::string_view key) const {
  if (!key.empty()) {
    if (const toml::node* n = table_->get(key)) return where(n->source(), key);
  }
  return where(table_->source(), "");
}

void TableReader::fail(std::string_view key, const std::string& what) const {
  throw ConfigError(location(key) + ": key '" + key_path(key) + "': " + what);
}

bool TableReader::has(std::string_view key) const { return table_->get(key) != nullptr; }

const toml::node* TableReader::lookup(std::string_view key) {
  known_.emplace_back(key);
  return table_->get(key);
}

double TableReader::number(std::string_view key, std::optional<double> fallback, Range range) {
  const toml::node* n = lookup(key);
  if (!n) {
    if (!fallback) fail(key, "missing required key (a number in " + range.describe() + ")");
    return *fallback;
  }
  if (!n->is_number()) fail(key, "must be a number, got " + type_name(*n));
  const double v = n->value<double>().value();
  if (!std::isfinite(v) || !range.contains(v))
    fail(key, "must be in " + range.describe() + ", got " + format_number(v));
  return v;
}

double TableReader::number_or_inf(std::string_view key, double fallback, Range range) {
  const toml::node* n = table_->get(key);
  if (n && n->is_number() && n->value<double>().value() == std::numeric_limits<double>::infinity()) {
    known_.emplace_back(key);
    return std::numeric_limits<double>::infinity();
  }
  return number(key, fallback, range);
}

int64_t TableReader::integer(std::string_view key, std::optional<int64_t> fallback,
                             Range range) {
  const toml::node* n = lookup(key);
  if (!n) {
    if (!fallback) fail(key, "missing required key (an integer in " + range.describe() + ")");
    return *fallback;
  }
  if (!n->is_integer()) fail(key, "must be an integer, got " + type_name(*n));
  const int64_t v = n->value<int64_t>().value();
  if (!range.contains(static_cast<double>(v)))
    fail(key, "must be an integer in " + range.describe() + ", got " + std::to_string(v));
  return v;
}

std::string TableReader::string(std::string_view key, std::optional<std::string> fallback) {
  const toml::node* n = lookup(key);
  if (!n) {
    if (!fallback) fail(key, "missing required key (a string)");
    return *fallback;
  }
  if (!n->is_string()) fail(key, "must be a string, got " + type_name(*n));
  std::string v = n->value<std::string>().value();
  if (v.empty()) fail(key, "must not be empty");
  return v;
}

bool TableReader::boolean(std::string_view key, bool fallback) {
  const toml::node* n = lookup(key);
  if (!n) return fallback;
  if (!n->is_boolean()) fail(key, "must be true or false, got " + type_name(*n));
  return n->value<bool>().value();
}

std::vector<double> TableReader::numbers(std::string_view key, std::vector<double> fallback,
                                         Range range) {
  const toml::node* n = lookup(key);
  if (!n) return fallback;
  const toml::array* arr = n->as_array();
  if (!arr) fail(key, "must be an array of numbers, got " + type_name(*n));
  std::vector<double> out;
  for (size_t i = 0; i < arr->size(); ++i) {
    const toml::node& e = *arr->get(i);
    const std::string label = std::string(key) + "[" + std::to_string(i) + "]";
    if (!e.is_number()) fail(key, "element " + label + " must be a number, got " + type_name(e));
    const double v = e.value<double>().value();
    if (!std::isfinite(v) || !range.contains(v))
      fail(key, "element " + label + " must be in " + range.describe() + ", got " +
                    format_number(v));
    out.push_back(v);
  }
  return out;
}

std::vector<std::string> TableReader::strings(std::string_view key, std::vector<std::string> fallback) {
  const toml::node* n = lookup(key);
  if (!n) return fallback;
  const toml::array* arr = n->as_array();
  if (!arr) fail(key, "must be an array of strings, got " + type_name(*n));
  std::vector<std::string> out;
  for (size_t i = 0; i < arr->size(); ++i) {
    const toml::node& e = *arr->get(i);
    if (!e.is_string() || e.value<std::string>()->empty())
      fail(key, "element " + std::string(key) + "[" + std::to_string(i) + "] must be a non-empty string, got " +
                    type_name(e));
    out.push_back(*e.value<std::string>());
  }
  return out;
}

std::optional<TableReader> TableReader::table(std::string_view key) {
  const toml::node* n = lookup(key);
  if (!n) return std::nullopt;
  const toml::table* t = n->as_table();
  if (!t) fail(key, "must be a table, got " + type_name(*n));
  return TableReader(*t, key_path(key), file_, overrides_);
}

std::vector<TableReader> TableReader::tables(std::string_view key) {
  std::vector<TableReader> out;
  const toml::node* n = lookup(key);
  if (!n) return out;
  const toml::array* arr = n->as_array();
  if (!arr || !arr->is_array_of_tables())
    fail(key, "must be an array of tables ([[" + key_path(key) + "]]), got " + type_name(*n));
  for (size_t i = 0; i < arr->size(); ++i)
    out.emplace_back(*arr->get(i)->as_table(), key_path(key) + "[" + std::to_string(i) + "]",
                     file_, overrides_);
  return out;
}

void TableReader::finish() const {
  for (auto&& [k, v] : *table_) {
    const std::string_view name = k.str();
    if (std::find(known_.begin(), known_.end(), name) != known_.end()) continue;
    std::string msg = "unknown key";
    const std::string guess = did_you_mean(name, known_);
    if (!guess.empty()) msg += "; did you mean '" + guess + "'?";
    else msg += " (allowed here: " + [&] {
      std::string all;
      for (const auto& s : known_) all += (all.empty() ? "" : ", ") + s;
      return all;
    }() + ")";
    throw ConfigError(where(k.source().begin.line ? k.source() : v.source(), name) + ": key '" +
                      key_path(name) + "': " + msg);
  }
}

namespace {

struct Segment {
  std::string name;
  std::optional<size_t> index;
};

// `context` prefixes errors, e.g. "command line (--set a.b=1)".
std::vector<Segment> split_path(const std::string& path, const std::string& context) {
  std::vector<Segment> out;
  std::stringstream ss(path);
  std::string part;
  while (std::getline(ss, part, '.')) {
    Segment seg;
    const size_t br = part.find('[');
    seg.name = part.substr(0, br);
    if (br != std::string::npos) {
      const size_t close = part.find(']', br);
      const std::string digits = part.substr(br + 1, close == std::string::npos ? 0 : close - br - 1);
      if (close != part.size() - 1 || digits.empty() ||
          digits.find_first_not_of("0123456789") != std::string::npos)
        throw ConfigError(context + ": bad index in '" + part + "' (write name[0])");
      seg.index = std::stoul(digits);
    }
    if (seg.name.empty())
      throw ConfigError(context + ": empty key in path '" + path + "'");
    out.push_back(seg);
  }
  return out;
}

std::string normalize(const std::vector<Segment>& segs) {
  std::string p;
  for (const auto& s : segs) {
    if (!p.empty()) p += ".";
    p += s.name;
    if (s.index) p += "[" + std::to_string(*s.index) + "]";
  }
  return p;
}

toml::table parse_value(const std::string& value) {
  try {
    return toml::parse("v = " + value);
  } catch (const toml::parse_error&) {
    toml::table t;
    t.insert("v", value);  // not TOML: take it as a bare string
    return t;
  }
}

}  // namespace

void apply_override(toml::table& root, const std::string& assignment,
                    std::vector<OverrideOrigin>& origins) {
  const size_t eq = assignment.find('=');
  if (eq == std::string::npos || eq == 0)
    throw ConfigError("command line (--set " + assignment + "): expected path.to.key=value");
  const std::string where = "command line (--set " + assignment + "): ";
  const std::vector<Segment> segs = split_path(assignment.substr(0, eq), where.substr(0, where.size() - 2));
  toml::table parsed = parse_value(assignment.substr(eq + 1));
  toml::node& value = *parsed.get("v");

  toml::table* tbl = &root;
  for (size_t i = 0; i < segs.size(); ++i) {
    const Segment& s = segs[i];
    const bool last = i + 1 == segs.size();
    if (last && !s.index) {
      value.visit([&](auto& v) { tbl->insert_or_assign(s.name, v); });
      break;
    }
    toml::node* n = tbl->get(s.name);
    if (s.index) {
      toml::array* arr = n ? n->as_array() : nullptr;
      if (!arr) throw ConfigError(where + "'" + s.name + "' is not an array in the config");
      if (*s.index >= arr->size())
        throw ConfigError(where + "index " + std::to_string(*s.index) + " out of range: '" +
                          s.name + "' has " + std::to_string(arr->size()) + " entries");
      if (last) {
        value.visit([&](auto& v) { arr->replace(arr->begin() + static_cast<long>(*s.index), v); });
        break;
      }
      tbl = arr->get(*s.index)->as_table();
      if (!tbl) throw ConfigError(where + "'" + s.name + "[" + std::to_string(*s.index) + "]' is not a table");
      continue;
    }
    if (!n) n = &tbl->insert_or_assign(s.name, toml::table{}).first->second;
    tbl = n->as_table();
    if (!tbl) throw ConfigError(where + "'" + s.name + "' is not a table in the config");
  }
  origins.push_back(OverrideOrigin{normalize(segs), assignment});
}

const toml::node* find_path(const toml::table& root, const std::string& path, const std::string& context) {
  const toml::node* n = &root;
  for (const Segment& s : split_path(path, context)) {
    const toml::table* t = n->as_table();
    n = t ? t->get(s.name) : nullptr;
    if (n && s.index) {
      const toml::array* arr = n->as_array();
      n = arr && *s.index < arr->size() ? arr->get(*s.index) : nullptr;
    }
    if (!n) return nullptr;
  }
  return n;
}

}  // namespace orb
