// The results of an election as a commission published them: party-list votes per region
// and nationally, the single-member districts' leading candidates, and turnout by hour.
//
// Figures are kept exactly as published (percentages as the text printed), so that esep can
// recompute each one and show where the published figure differs. Plain data.

#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace esep::model {

// One row of a party-list results table: a region, or the national total.
struct ListResultRow {
  std::string region_id;       // empty for the national row
  std::string published_name;  // the name as printed in the table
  int64_t registered_voters = 0;
  std::vector<int64_t> party_votes;  // by party index of the definition (ballot order)
  int64_t against_all = 0;
  int64_t invalid = 0;
  int64_t ballots_total = 0;      // all ballots counted, invalid included
  std::string published_turnout;  // "57.02%" as printed
  int64_t line = 0;               // line in the source file

  int64_t list_votes() const;  // sum of party_votes
};

struct PublishedListResults {
  std::string source;                  // file it was read from
  std::vector<ListResultRow> regions;  // in definition order
  std::optional<ListResultRow> national;
};

// The percentages a party-list table printed beside the votes, as printed ("67.81%"): each
// party's and against all's, of votes for lists + against all. Kept apart from the votes so
// that esep can recompute each one from them (published/published_checks.h).
struct ListPercentRow {
  std::string region_id;  // empty for the national row
  std::string published_name;
  std::vector<std::string> party_percent;  // by party index of the definition (ballot order)
  std::string against_all_percent;
  int64_t line = 0;  // line in the source file
};

struct PublishedListPercentages {
  std::string source;                   // file it was read from
  std::vector<ListPercentRow> regions;  // in definition order
  std::optional<ListPercentRow> national;
};

struct DistrictCandidate {
  std::string name;
  std::string affiliation;  // "Amanat", "Independent", "Independent (Amanat)"
  int64_t votes = 0;
  std::string published_percent;  // "47.03" as printed
};

struct PublishedDistrictResult {
  int number = 0;
  std::string region_id;
  std::string published_region;
  // The candidates whose votes were published (the top two in the 2023 source), first the
  // one published as the winner.
  std::vector<DistrictCandidate> candidates;
  std::optional<int64_t> against_all;  // not published in 2023
  int64_t line = 0;
};

struct TurnoutByHourRow {
  std::string region_id;  // empty for the national row
  std::string published_name;
  std::vector<std::string> percent;  // one per time, as printed ("14.21")
};

struct TurnoutByHour {
  std::string source;
  std::vector<std::string> times;  // "10:00", ...
  std::vector<TurnoutByHourRow> rows;
};

}  // namespace esep::model
