// The [replenishment] and [[forced_loss]] sections of a config (read strictly, written back in
// the resolved config), kept apart from config.cpp's physics sections.
#pragma once

#include <ostream>
#include <vector>

#include "host/config/config.hpp"
#include "host/config/toml_reader.hpp"

namespace orb {

ReplenishmentConfig read_replenishment(TableReader* t);
ForcedLossConfig read_forced_loss(TableReader& t);
// Shell names resolved, spares only with replenishment on, forced losses within the mission.
void check_replenishment(TableReader& root, Config& cfg, std::vector<TableReader>& shells,
                         std::vector<TableReader>& forced);
void write_replenishment(std::ostream& os, const Config& cfg);

}  // namespace orb
