#include "host/output/ord_export.hpp"

#include <sys/stat.h>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <tuple>

#include "kernels/losses.hpp"
#include "host/output/ep.hpp"
#include "host/output/hdf5.hpp"

namespace orb {

namespace {

// ORD codes: EPCalc 2 = full uncertainty (every sampled period pooled); EPType 1 OEP, 2 OEP
// TVaR, 3 AEP, 4 AEP TVaR; SampleType 2 = sample mean.
constexpr int kEpCalcFull = 2;
constexpr int kSampleMean = 2;

class CsvFile {
 public:
  CsvFile(std::string path, const char* header) : path_(std::move(path)), tmp_(path_ + ".partial") {
    out_.open(tmp_);
    if (!out_) throw std::runtime_error(path_ + ": cannot write: " + std::strerror(errno));
    out_ << header << "\n";
  }
  CsvFile& row(const std::vector<std::string>& cells) {
    for (size_t i = 0; i < cells.size(); ++i) out_ << (i ? "," : "") << cells[i];
    out_ << "\n";
    return *this;
  }
  std::string commit() {
    out_.close();
    if (!out_ || std::rename(tmp_.c_str(), path_.c_str()) != 0)
      throw std::runtime_error(path_ + ": cannot write: " + std::strerror(errno));
    return path_;
  }

 private:
  std::string path_, tmp_;
  std::ofstream out_;
};

std::string num(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6f", v);
  return buf;
}

struct Curve {
  std::vector<double> rp, loss, tvar;
};

Curve read_curve(hid_t g, const std::string& prefix) {
  return Curve{h5::read_doubles(g, prefix + "_return_period"), h5::read_doubles(g, prefix + "_loss"),
               h5::read_doubles(g, prefix + "_tvar")};
}

// EPT rows for one perspective, return periods from the longest down as ktools writes them.
std::string write_ept(hid_t g, const std::string& dir, const std::string& prefix, const std::string& persp) {
  CsvFile f(dir + "/" + prefix + "_S1_ept.csv", "SummaryId,EPCalc,EPType,ReturnPeriod,Loss");
  for (const auto& [ep, type, tvar_type] : {std::tuple{"oep", 1, 2}, std::tuple{"aep", 3, 4}}) {
    const Curve c = read_curve(g, std::string(ep) + "_" + persp);
    for (size_t i = c.rp.size(); i-- > 0;)
      f.row({"1", std::to_string(kEpCalcFull), std::to_string(type), num(c.rp[i]), num(c.loss[i])});
    for (size_t i = c.rp.size(); i-- > 0;)
      f.row({"1", std::to_string(kEpCalcFull), std::to_string(tvar_type), num(c.rp[i]), num(c.tvar[i])});
  }
  return f.commit();
}

// Per-sample curves: each trial is a sample whose periods are its policy years.
std::string write_psept(hid_t g, const std::string& dir, const std::string& prefix, const std::string& persp,
                        int years) {
  const auto agg = h5::read_doubles(g, "ylt_" + persp + "_aggregate");
  const auto occ = h5::read_doubles(g, "ylt_" + persp + "_max_occurrence");
  CsvFile f(dir + "/" + prefix + "_S1_psept.csv", "SummaryId,SampleId,EPType,ReturnPeriod,Loss");
  const size_t trials = agg.size() / static_cast<size_t>(years);
  for (size_t s = 0; s < trials; ++s) {
    for (const auto& [values, type, tvar_type] : {std::tuple{&occ, 1, 2}, std::tuple{&agg, 3, 4}}) {
      const std::vector<double> periods(values->begin() + static_cast<long>(s * years),
                                        values->begin() + static_cast<long>((s + 1) * years));
      const auto rows = ep_curve(periods, standard_return_periods());
      for (size_t i = rows.size(); i-- > 0;)
        f.row({"1", std::to_string(s + 1), std::to_string(type), num(rows[i].return_period), num(rows[i].loss)});
      for (size_t i = rows.size(); i-- > 0;)
        f.row({"1", std::to_string(s + 1), std::to_string(tvar_type), num(rows[i].return_period), num(rows[i].tvar)});
    }
  }
  return f.commit();
}

std::string write_alt(hid_t g, const std::string& dir, const std::string& prefix, const std::string& persp) {
  CsvFile f(dir + "/" + prefix + "_S1_alt.csv", "SummaryId,SampleType,MeanLoss,SDLoss");
  f.row({"1", std::to_string(kSampleMean), num(h5::read_doubles(g, "aal_" + persp + "_mean").at(0)),
         num(h5::read_doubles(g, "aal_" + persp + "_std").at(0))});
  return f.commit();
}

bool has_link(hid_t loc, const char* name) { return H5Lexists(loc, name, H5P_DEFAULT) > 0; }

}  // namespace

std::vector<std::string> export_ord(const std::string& path, const std::string& dir) {
  h5::quiet_errors();
  struct stat st {};
  if (stat(path.c_str(), &st) != 0) throw std::runtime_error(path + ": " + std::strerror(errno));
  if (H5Fis_hdf5(path.c_str()) <= 0) throw std::runtime_error(path + ": not an HDF5 file");
  h5::Handle f = h5::open_file_readonly(path);
  if (H5Aexists(f, "filetype") <= 0 || h5::read_string_attr(f, "filetype") != "orbitrisk-results")
    throw std::runtime_error(path + ": not an orbitrisk result file (no filetype = orbitrisk-results)");
  if (!has_link(f, "losses")) throw std::runtime_error(path + ": has no /losses group");
  h5::Handle g(H5Gopen2(f, "losses", H5P_DEFAULT), H5Gclose);
  if (mkdir(dir.c_str(), 0777) != 0 && errno != EEXIST)
    throw std::runtime_error(dir + ": cannot create directory: " + std::strerror(errno));
  int64_t years = 0;
  {
    h5::Handle a(H5Aopen(g, "policy_years", H5P_DEFAULT), H5Aclose);
    H5Aread(a, H5T_NATIVE_INT64, &years);
  }
  std::vector<std::string> written;
  for (const auto& [prefix, persp] : {std::pair{"gul", "gross"}, std::pair{"il", "net"}}) {
    written.push_back(write_ept(g, dir, prefix, persp));
    written.push_back(write_alt(g, dir, prefix, persp));
    // per-sample curves need at least two periods per sample and the stored year loss table
    if (years >= 2 && has_link(g, (std::string("ylt_") + persp + "_aggregate").c_str()))
      written.push_back(write_psept(g, dir, prefix, persp, static_cast<int>(years)));
  }
  return written;
}

}  // namespace orb
