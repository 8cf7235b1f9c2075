// A thin RAII layer over the HDF5 C API (in the spirit of OpenMC's hdf5_interface): owned
// handles, typed dataset/attribute writers that always attach `units` and `long_name`,
// dimension scales, and append-able tables. Every failure throws with the object's name.
#pragma once

#include <hdf5.h>

#include <cstdint>
#include <string>
#include <vector>

namespace orb::h5 {

// Owns one hid_t and closes it with the right H5*close.
class Handle {
 public:
  Handle() = default;
  Handle(hid_t id, herr_t (*closer)(hid_t)) : id_(id), closer_(closer) {}
  Handle(Handle&& o) noexcept : id_(o.id_), closer_(o.closer_) { o.id_ = -1; }
  Handle& operator=(Handle&& o) noexcept;
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  ~Handle() { reset(); }
  void reset();
  hid_t id() const { return id_; }
  operator hid_t() const { return id_; }

 private:
  hid_t id_ = -1;
  herr_t (*closer_)(hid_t) = nullptr;
};

// Silences HDF5's own error printing; our exceptions carry the message instead.
void quiet_errors();

Handle create_file(const std::string& path);  // truncates
Handle open_file_readonly(const std::string& path);
void flush(hid_t file);
Handle create_group(hid_t parent, const std::string& name);

struct Meta {
  std::string units;
  std::string long_name;
};

// Dense datasets of doubles or integers with shape `dims`; units and long_name attached.
// Large ones are chunked and compressed; `compress` forces that for any size.
Handle write(hid_t loc, const std::string& name, const std::vector<double>& data,
             const std::vector<hsize_t>& dims, const Meta& meta, bool compress = false);
Handle write(hid_t loc, const std::string& name, const std::vector<int64_t>& data,
             const std::vector<hsize_t>& dims, const Meta& meta);
Handle write(hid_t loc, const std::string& name, const std::vector<uint64_t>& data,
             const std::vector<hsize_t>& dims, const Meta& meta);
Handle write_strings(hid_t loc, const std::string& name, const std::vector<std::string>& data,
                     const Meta& meta);

void attr(hid_t obj, const std::string& name, const std::string& value);
void attr(hid_t obj, const std::string& name, int64_t value);
void attr(hid_t obj, const std::string& name, uint64_t value);
void attr(hid_t obj, const std::string& name, double value);
void attr(hid_t obj, const std::string& name, const std::vector<double>& values);

// Dimension scales (netCDF-4 readers see them as coordinates).
void make_scale(hid_t dset, const std::string& dim_name);
void attach_scale(hid_t dset, hid_t scale, unsigned dim);

// A double table with an unlimited first dimension (1-D when columns == 0, else 2-D),
// chunked and compressed, for per-trial records streamed batch by batch.
class AppendTable {
 public:
  AppendTable(hid_t loc, const std::string& name, hsize_t columns, const Meta& meta);
  void append(const std::vector<double>& rows);  // rows.size() is a multiple of columns
  hid_t id() const { return dset_; }

 private:
  Handle dset_;
  hsize_t columns_;
  int rank_;
  hsize_t rows_ = 0;
  std::string name_;
};

// Reading, for merge, resume, export and tests.
std::vector<double> read_doubles(hid_t loc, const std::string& name);
std::vector<int64_t> read_int64s(hid_t loc, const std::string& name);
std::string read_string_attr(hid_t obj, const std::string& name);
int64_t read_int64_attr(hid_t obj, const std::string& name);
uint64_t read_uint64_attr(hid_t obj, const std::string& name);
double read_double_attr(hid_t obj, const std::string& name);
Handle open_group(hid_t loc, const std::string& name);  // throws when missing

}  // namespace orb::h5
