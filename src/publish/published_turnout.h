// A precinct's turnout report of election day as the public snapshot carries it
// (docs/formats/snapshot.md, "Turnout by hour"): the precinct, the report time, and every
// version the store accepted, oldest first, each with its count, where it came from and the
// decision behind a correction. The precinct files of a snapshot list these beside their
// protocols, and `esep verify --snapshot` recomputes turnout.json from them alone.
//
// Example:
//   nlohmann::ordered_json json = PublishedTurnoutJson(report);
//   ASSIGN_OR_RETURN(PublishedTurnout back, ParsePublishedTurnout(json, "precincts/TEC-1.json"));

#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/result.h"
#include "protocol/decision.h"

namespace esep::publish {

struct PublishedTurnoutVersion {
  int64_t version = 1;  // the store's version number: 1, 2, ...
  int64_t voters = 0;   // voters who had received ballots by the time, cumulative
  std::optional<protocol::Decision> decision;  // the decision behind a correction
  std::string source;                          // "turnout.csv:17"
  friend bool operator==(const PublishedTurnoutVersion&, const PublishedTurnoutVersion&) = default;
};

struct PublishedTurnout {
  std::string commission_id;                      // the precinct commission
  std::string time;                               // "HH:MM", a report time of the rule set
  std::vector<PublishedTurnoutVersion> versions;  // accepted, oldest first; the last one counts
  friend bool operator==(const PublishedTurnout&, const PublishedTurnout&) = default;
};

// {"commission_id": …, "time": …, "versions": [{"version", "voters", "source", "decision"}]}
nlohmann::ordered_json PublishedTurnoutJson(const PublishedTurnout& report);

// The reverse of PublishedTurnoutJson. kInvalidArgument naming `where`, the key and the rule for
// anything else: a missing or unknown key, a time that is not HH:MM, a negative count, versions
// that are not 1, 2, ... or counts given as anything but whole numbers, half a decision.
Result<PublishedTurnout> ParsePublishedTurnout(const nlohmann::json& json, std::string_view where);

}  // namespace esep::publish
