// Putting finished files in place so that a crash or power loss never leaves a half-written
// one, and refusing runs whose output cannot fit before any work is done.
#pragma once

#include <cstdint>
#include <string>

namespace orb {

// fsyncs `tmp`, renames it to `path` and fsyncs the directory; throws with both names.
void durable_rename(const std::string& tmp, const std::string& path);

std::string directory_of(const std::string& path);

// Removes `path`.partial-PID files left by processes that no longer run (killed while
// writing); a live process's partial file is left alone.
void remove_stale_partials(const std::string& path);

// Free bytes for an unprivileged writer in the directory of `path` (max when unknown).
uint64_t free_bytes(const std::string& path);

// A new output file: refuses an existing `path` unless `force`, then check_room.
void check_new_output(const std::string& path, bool force, uint64_t bytes);

// Throws when the directory of `path` is not writable or has fewer than `bytes` free.
void check_room(const std::string& path, uint64_t bytes, const std::string& what);

}  // namespace orb
