#include "host/run/durable.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

namespace orb {

namespace {

void sync_path(const std::string& path, int flags) {
  const int fd = open(path.c_str(), flags);
  if (fd < 0) return;  // best effort: some file systems refuse directories
  fsync(fd);
  close(fd);
}

std::string mib(uint64_t bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f MiB", bytes / 1048576.0);
  return buf;
}

}  // namespace

std::string directory_of(const std::string& path) {
  const auto slash = path.find_last_of('/');
  return slash == std::string::npos ? "." : (slash == 0 ? "/" : path.substr(0, slash));
}

void durable_rename(const std::string& tmp, const std::string& path) {
  sync_path(tmp, O_RDONLY);
  if (std::rename(tmp.c_str(), path.c_str()) != 0)
    throw std::runtime_error(path + ": cannot rename " + tmp + " into place: " + std::strerror(errno));
  sync_path(directory_of(path), O_RDONLY | O_DIRECTORY);
}

void remove_stale_partials(const std::string& path) {
  const std::string dir = directory_of(path);
  const std::string base = path.substr(path.find_last_of('/') == std::string::npos ? 0 : path.find_last_of('/') + 1);
  const std::string prefix = base + ".partial-";
  DIR* d = opendir(dir.c_str());
  if (!d) return;
  while (const dirent* e = readdir(d)) {
    const std::string name = e->d_name;
    if (name.rfind(prefix, 0) != 0) continue;
    char* end = nullptr;
    const long pid = std::strtol(name.c_str() + prefix.size(), &end, 10);
    if (pid <= 0 || *end != '\0') continue;
    if (kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) std::remove((dir + "/" + name).c_str());
  }
  closedir(d);
}

uint64_t free_bytes(const std::string& path) {
  struct statvfs vfs{};
  if (statvfs(directory_of(path).c_str(), &vfs) != 0) return UINT64_MAX;
  return static_cast<uint64_t>(vfs.f_bavail) * vfs.f_frsize;
}

void check_room(const std::string& path, uint64_t bytes, const std::string& what) {
  const std::string dir = directory_of(path);
  if (access(dir.c_str(), W_OK) != 0)
    throw std::runtime_error(path + ": cannot write to directory '" + dir + "': " + std::strerror(errno));
  const uint64_t room = free_bytes(path);
  if (room < bytes)
    throw std::runtime_error(path + ": " + what + " needs about " + mib(bytes) + " but only " + mib(room) +
                             " are free in '" + dir + "'");
}

}  // namespace orb

namespace orb {

void check_new_output(const std::string& path, bool force, uint64_t bytes) {
  struct stat st {};
  if (stat(path.c_str(), &st) == 0 && !force) throw std::runtime_error(path + ": already exists (use --force to overwrite)");
  check_room(path, bytes, "the result file");
}

}  // namespace orb
