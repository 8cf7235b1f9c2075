#include "host/output/hdf5.hpp"

#include <hdf5_hl.h>

#include <algorithm>
#include <stdexcept>

namespace orb::h5 {

namespace {

void ok(herr_t status, const std::string& what) {
  if (status < 0) throw std::runtime_error("HDF5: " + what + " failed");
}

hid_t valid(hid_t id, const std::string& what) {
  if (id < 0) throw std::runtime_error("HDF5: " + what + " failed");
  return id;
}

Handle dataspace(const std::vector<hsize_t>& dims) {
  if (dims.empty()) return Handle(valid(H5Screate(H5S_SCALAR), "H5Screate"), H5Sclose);
  return Handle(valid(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr),
                      "H5Screate_simple"),
                H5Sclose);
}

hsize_t count(const std::vector<hsize_t>& dims) {
  hsize_t n = 1;
  for (auto d : dims) n *= d;
  return n;
}

// Large datasets are chunked and compressed; small ones stay contiguous unless `compress`.
Handle creation_props(const std::vector<hsize_t>& dims, hsize_t elem_size, bool compress = false) {
  Handle plist(valid(H5Pcreate(H5P_DATASET_CREATE), "H5Pcreate"), H5Pclose);
  if (dims.empty() || count(dims) == 0 || (!compress && count(dims) * elem_size < (hsize_t{1} << 16))) return plist;
  std::vector<hsize_t> chunk = dims;
  const hsize_t target = (hsize_t{1} << 18) / elem_size;
  for (size_t i = 0; i < chunk.size() && count(chunk) > target; ++i)
    chunk[i] = std::max<hsize_t>(1, chunk[i] / std::max<hsize_t>(1, count(chunk) / target));
  ok(H5Pset_chunk(plist, static_cast<int>(chunk.size()), chunk.data()), "H5Pset_chunk");
  ok(H5Pset_deflate(plist, 4), "H5Pset_deflate");
  return plist;
}

// Creates `name`, writes `n` elements from `data` and attaches units and long_name.
Handle create_dataset(hid_t loc, const std::string& name, hid_t type, const std::vector<hsize_t>& dims,
                      hid_t plist, const void* data, size_t n, const Meta& meta) {
  Handle space = dataspace(dims);
  Handle dset(valid(H5Dcreate2(loc, name.c_str(), type, space, H5P_DEFAULT, plist, H5P_DEFAULT),
                    "create dataset '" + name + "'"),
              H5Dclose);
  if (n > 0) ok(H5Dwrite(dset, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data), "write dataset '" + name + "'");
  attr(dset, "units", meta.units);
  attr(dset, "long_name", meta.long_name);
  return dset;
}

template <class T>
Handle write_numeric(hid_t loc, const std::string& name, const std::vector<T>& data,
                     const std::vector<hsize_t>& dims, const Meta& meta, hid_t mem_type, bool compress = false) {
  if (count(dims) != data.size())
    throw std::logic_error("HDF5 write '" + name + "': data size does not match dims");
  Handle plist = creation_props(dims, sizeof(T), compress);
  return create_dataset(loc, name, mem_type, dims, plist, data.data(), data.size(), meta);
}

Handle string_type() {
  Handle t(valid(H5Tcopy(H5T_C_S1), "H5Tcopy"), H5Tclose);
  ok(H5Tset_size(t, H5T_VARIABLE), "H5Tset_size");
  ok(H5Tset_cset(t, H5T_CSET_UTF8), "H5Tset_cset");
  return t;
}

template <class T>
void scalar_attr(hid_t obj, const std::string& name, hid_t type, const T& value) {
  Handle space(valid(H5Screate(H5S_SCALAR), "H5Screate"), H5Sclose);
  Handle a(valid(H5Acreate2(obj, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT),
                 "create attribute '" + name + "'"),
           H5Aclose);
  ok(H5Awrite(a, type, &value), "write attribute '" + name + "'");
}

}  // namespace

Handle& Handle::operator=(Handle&& o) noexcept {
  if (this != &o) {
    reset();
    id_ = o.id_;
    closer_ = o.closer_;
    o.id_ = -1;
  }
  return *this;
}

void Handle::reset() {
  if (id_ >= 0 && closer_) closer_(id_);
  id_ = -1;
}

void quiet_errors() { H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr); }

Handle create_file(const std::string& path) {
  return Handle(valid(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT),
                      "create file '" + path + "'"),
                H5Fclose);
}

Handle open_file_readonly(const std::string& path) {
  return Handle(valid(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT),
                      "open file '" + path + "'"),
                H5Fclose);
}

void flush(hid_t file) { ok(H5Fflush(file, H5F_SCOPE_GLOBAL), "H5Fflush"); }

Handle create_group(hid_t parent, const std::string& name) {
  return Handle(valid(H5Gcreate2(parent, name.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                      "create group '" + name + "'"),
                H5Gclose);
}

Handle write(hid_t loc, const std::string& name, const std::vector<double>& data,
             const std::vector<hsize_t>& dims, const Meta& meta, bool compress) {
  return write_numeric(loc, name, data, dims, meta, H5T_NATIVE_DOUBLE, compress);
}
Handle write(hid_t loc, const std::string& name, const std::vector<int64_t>& data,
             const std::vector<hsize_t>& dims, const Meta& meta) {
  return write_numeric(loc, name, data, dims, meta, H5T_NATIVE_INT64);
}
Handle write(hid_t loc, const std::string& name, const std::vector<uint64_t>& data,
             const std::vector<hsize_t>& dims, const Meta& meta) {
  return write_numeric(loc, name, data, dims, meta, H5T_NATIVE_UINT64);
}

Handle write_strings(hid_t loc, const std::string& name, const std::vector<std::string>& data,
                     const Meta& meta) {
  std::vector<const char*> ptrs;
  for (const auto& s : data) ptrs.push_back(s.c_str());
  Handle type = string_type();
  return create_dataset(loc, name, type, {data.size()}, H5P_DEFAULT, ptrs.data(), ptrs.size(), meta);
}

void attr(hid_t obj, const std::string& name, const std::string& value) {
  Handle type = string_type();
  const char* p = value.c_str();
  scalar_attr(obj, name, type, p);
}
void attr(hid_t obj, const std::string& name, int64_t value) {
  scalar_attr(obj, name, H5T_NATIVE_INT64, value);
}
void attr(hid_t obj, const std::string& name, uint64_t value) {
  scalar_attr(obj, name, H5T_NATIVE_UINT64, value);
}
void attr(hid_t obj, const std::string& name, double value) {
  scalar_attr(obj, name, H5T_NATIVE_DOUBLE, value);
}
void attr(hid_t obj, const std::string& name, const std::vector<double>& values) {
  Handle space = dataspace({values.size()});
  Handle a(valid(H5Acreate2(obj, name.c_str(), H5T_NATIVE_DOUBLE, space, H5P_DEFAULT, H5P_DEFAULT),
                 "create attribute '" + name + "'"),
           H5Aclose);
  ok(H5Awrite(a, H5T_NATIVE_DOUBLE, values.data()), "write attribute '" + name + "'");
}

void make_scale(hid_t dset, const std::string& dim_name) {
  ok(H5DSset_scale(dset, dim_name.c_str()), "H5DSset_scale '" + dim_name + "'");
}

void attach_scale(hid_t dset, hid_t scale, unsigned dim) {
  ok(H5DSattach_scale(dset, scale, dim), "H5DSattach_scale");
}

AppendTable::AppendTable(hid_t loc, const std::string& name, hsize_t columns, const Meta& meta)
    : columns_(std::max<hsize_t>(columns, 1)), rank_(columns == 0 ? 1 : 2), name_(name) {
  const hsize_t dims[2] = {0, columns_};
  const hsize_t maxdims[2] = {H5S_UNLIMITED, columns_};
  Handle space(valid(H5Screate_simple(rank_, dims, maxdims), "H5Screate_simple"), H5Sclose);
  Handle plist(valid(H5Pcreate(H5P_DATASET_CREATE), "H5Pcreate"), H5Pclose);
  const hsize_t chunk[2] = {std::max<hsize_t>(1, 16384 / columns_), columns_};
  ok(H5Pset_chunk(plist, rank_, chunk), "H5Pset_chunk");
  ok(H5Pset_deflate(plist, 4), "H5Pset_deflate");
  dset_ = Handle(valid(H5Dcreate2(loc, name.c_str(), H5T_NATIVE_DOUBLE, space, H5P_DEFAULT, plist,
                                  H5P_DEFAULT),
                       "create dataset '" + name + "'"),
                 H5Dclose);
  attr(dset_, "units", meta.units);
  attr(dset_, "long_name", meta.long_name);
}

void AppendTable::append(const std::vector<double>& rows) {
  const hsize_t n = rows.size() / columns_;
  if (n == 0) return;
  const hsize_t new_dims[2] = {rows_ + n, columns_};
  ok(H5Dset_extent(dset_, new_dims), "extend dataset '" + name_ + "'");
  Handle file_space(valid(H5Dget_space(dset_), "H5Dget_space"), H5Sclose);
  const hsize_t start[2] = {rows_, 0};
  const hsize_t cnt[2] = {n, columns_};
  ok(H5Sselect_hyperslab(file_space, H5S_SELECT_SET, start, nullptr, cnt, nullptr),
     "H5Sselect_hyperslab");
  Handle mem_space(valid(H5Screate_simple(rank_, cnt, nullptr), "H5Screate_simple"), H5Sclose);
  ok(H5Dwrite(dset_, H5T_NATIVE_DOUBLE, mem_space, file_space, H5P_DEFAULT, rows.data()),
     "append to dataset '" + name_ + "'");
  rows_ += n;
}

std::vector<double> read_doubles(hid_t loc, const std::string& name) {
  Handle dset(valid(H5Dopen2(loc, name.c_str(), H5P_DEFAULT), "open dataset '" + name + "'"),
              H5Dclose);
  Handle space(valid(H5Dget_space(dset), "H5Dget_space"), H5Sclose);
  const hssize_t n = H5Sget_simple_extent_npoints(space);
  std::vector<double> out(static_cast<size_t>(n));
  if (n > 0)
    ok(H5Dread(dset, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data()),
       "read dataset '" + name + "'");
  return out;
}

std::vector<int64_t> read_int64s(hid_t loc, const std::string& name) {
  Handle dset(valid(H5Dopen2(loc, name.c_str(), H5P_DEFAULT), "open dataset '" + name + "'"), H5Dclose);
  Handle space(valid(H5Dget_space(dset), "H5Dget_space"), H5Sclose);
  const hssize_t n = H5Sget_simple_extent_npoints(space);
  std::vector<int64_t> out(static_cast<size_t>(n));
  if (n > 0)
    ok(H5Dread(dset, H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data()), "read dataset '" + name + "'");
  return out;
}

template <class T>
T read_scalar_attr(hid_t obj, const std::string& name, hid_t type) {
  Handle a(valid(H5Aopen(obj, name.c_str(), H5P_DEFAULT), "open attribute '" + name + "'"), H5Aclose);
  T v{};
  ok(H5Aread(a, type, &v), "read attribute '" + name + "'");
  return v;
}

int64_t read_int64_attr(hid_t obj, const std::string& name) { return read_scalar_attr<int64_t>(obj, name, H5T_NATIVE_INT64); }
uint64_t read_uint64_attr(hid_t obj, const std::string& name) { return read_scalar_attr<uint64_t>(obj, name, H5T_NATIVE_UINT64); }
double read_double_attr(hid_t obj, const std::string& name) { return read_scalar_attr<double>(obj, name, H5T_NATIVE_DOUBLE); }

Handle open_group(hid_t loc, const std::string& name) {
  return Handle(valid(H5Gopen2(loc, name.c_str(), H5P_DEFAULT), "open group '" + name + "'"), H5Gclose);
}

std::string read_string_attr(hid_t obj, const std::string& name) {
  Handle a(valid(H5Aopen(obj, name.c_str(), H5P_DEFAULT), "open attribute '" + name + "'"),
           H5Aclose);
  Handle type = string_type();
  char* p = nullptr;
  ok(H5Aread(a, type, &p), "read attribute '" + name + "'");
  std::string s = p ? p : "";
  H5free_memory(p);
  return s;
}

}  // namespace orb::h5
