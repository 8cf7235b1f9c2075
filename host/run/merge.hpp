// `orbitrisk merge`: shard files of one run (same config, seed, version and trial count,
// every shard present once and complete) into the file a single process would have written.
#pragma once

#include <string>
#include <vector>

namespace orb {

void merge_shards(const std::string& output, const std::vector<std::string>& shards, bool force, bool no_ylt);

}  // namespace orb
