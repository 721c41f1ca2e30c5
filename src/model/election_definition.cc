#include "model/election_definition.h"

#include "base/text.h"

namespace esep::model {

std::string ElectionDefinition::LabelledTitle() const {
  if (!parts_.synthetic || parts_.title.find("SYNTHETIC") != std::string::npos) {
    return parts_.title;
  }
  return "SYNTHETIC: " + parts_.title;
}

std::string ElectionDefinition::UnitName(std::string_view region_id,
                                         std::string_view published_name) const {
  if (region_id.empty()) {
    return parts_.country.empty() ? std::string(published_name) : parts_.country;
  }
  const std::optional<size_t> region = RegionIndex(region_id);
  return region.has_value() ? parts_.regions[*region].name : std::string(published_name);
}

const Region* ElectionDefinition::FindRegion(std::string_view name) const {
  const std::string wanted = NormalizeName(name);
  for (const Region& region : parts_.regions) {
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
  for (size_t i = 0; i < parts_.parties.size(); ++i) {
    const Party& party = parts_.parties[i];
    if (NormalizeName(party.short_name) == wanted || NormalizeName(party.name) == wanted ||
        NormalizeName(party.id) == wanted) {
      return i;
    }
  }
  return std::nullopt;
}

std::optional<size_t> ElectionDefinition::RegionIndex(std::string_view id) const {
  for (size_t i = 0; i < parts_.regions.size(); ++i) {
    if (parts_.regions[i].id == id) {
      return i;
    }
  }
  return std::nullopt;
}

}  // namespace esep::model
