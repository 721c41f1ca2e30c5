// ElectionData: an election as an election directory holds it — the definition and the results
// tables its publisher printed (party lists by region, their percentages, the districts'
// leading candidates, turnout by hour). io::LoadElectionDirectory reads one; the statement of
// results and the audit of published figures work from it.
//
// Plain data that owns all its data.

#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/election_definition.h"
#include "model/published_results.h"

namespace esep::model {

struct ElectionData {
  std::string directory;
  ElectionDefinition definition;
  std::optional<PublishedListResults> party_list;
  std::optional<PublishedListPercentages> party_list_percent;
  std::vector<PublishedDistrictResult> districts;
  std::string districts_source;  // the file the districts were read from, when any
  std::optional<TurnoutByHour> turnout_by_hour;
};

}  // namespace esep::model
