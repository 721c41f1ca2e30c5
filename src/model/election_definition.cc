#include "model/election_definition.h"

#include "base/text.h"

namespace esep::model {

const Region* ElectionDefinition::FindRegion(std::string_view name) const {
  const std::string wanted = NormalizeName(name);
  for (const Region& region : regions) {
    if (NormalizeName(region.name) == wanted || NormalizeName(region.id) == wanted) {
      return &region;
    }
    for (const std::string& alias : region.aliases) {
      if (NormalizeName(alias) == wanted) {
        return &region;
      }
    }
  }
  return nullptr;
}

std::optional<size_t> ElectionDefinition::FindParty(std::string_view name) const {
  const std::string wanted = NormalizeName(name);
  for (size_t i = 0; i < parties.size(); ++i) {
    const Party& party = parties[i];
    if (NormalizeName(party.short_name) == wanted || NormalizeName(party.name) == wanted ||
        NormalizeName(party.id) == wanted) {
      return i;
    }
  }
  return std::nullopt;
}

std::optional<size_t> ElectionDefinition::RegionIndex(std::string_view id) const {
  for (size_t i = 0; i < regions.size(); ++i) {
    if (regions[i].id == id) {
      return i;
    }
  }
  return std::nullopt;
}

}  // namespace esep::model
