// PrecinctTable: one contest's precinct protocols in columns — the input of every precinct-level
// fingerprint (docs/forensics.md). It is filled from esep's store, from an election directory
// (e.g. `esep generate` output) or from any commission's CSV with a column-mapping file, so the
// statistics never depend on where the numbers came from.
//
// Columns rather than one struct per precinct: the suite runs on a million precincts, and each
// test reads two or three columns. Plain data; thread-compatible.
//
// Example:
//   PrecinctTable table;
//   table.choice_names = {"A", "B"};
//   RETURN_IF_ERROR(table.Add({.id = "P1", .group = "TEC-1", .registered = 1000,
//                              .ballots = 600, .valid = 590, .votes = {400, 190}}));

#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "base/result.h"
#include "base/status.h"

namespace esep::precincts {

// One precinct as given to PrecinctTable::Add.
struct PrecinctRow {
  std::string id;          // the precinct commission
  std::string group;       // the commission above it (territorial); "" when unknown
  std::string region;      // the level above the group (a region); "" when unknown
  int64_t registered = 0;  // voters on the list at the close, election-day additions included
  int64_t ballots = 0;     // ballots found in the boxes (stationary + mobile): who voted
  int64_t valid = 0;       // valid ballots
  std::optional<int64_t> added_on_day;    // voters added to the list on election day
  std::optional<int64_t> mobile_ballots;  // ballots found in the mobile boxes
  // Ballots issued to voters (premises + mobile): the turnout numerator of the Russian CEC and of
  // Kobak et al. 2016. It differs from `ballots` (found in the boxes) by ballots taken away.
  std::optional<int64_t> issued;
  // Invalid ballots found in the boxes. With `valid`, the base valid + invalid of Kobak et al.
  // 2016 (equal to `ballots` where the protocol's control ratio holds).
  std::optional<int64_t> invalid;
  std::vector<int64_t> votes;  // per choice, in PrecinctTable::choice_names order
  // A special commission (on a ship, in a hospital, ...; precincts/special_commissions.h): the
  // turnout-by-commission test sets it apart.
  bool special = false;
};

struct PrecinctTable {
  std::string
      source;  // where the rows came from, for reports: "results.db", "x.csv (mapping m.json)"
  bool synthetic = false;                 // true for `esep generate` data: say so in every report
  std::vector<std::string> choice_names;  // lists (or candidates), in ballot order
  // Other names of each choice (e.g. a party's id and full name), by which an observers' file
  // may name it; empty, or one (possibly empty) list per choice.
  std::vector<std::vector<std::string>> choice_aliases;
  std::vector<std::string> group_names;   // distinct PrecinctRow::group values, first-seen order
  std::vector<std::string> region_names;  // distinct PrecinctRow::region values, first-seen order

  // One entry per precinct, in the order added.
  std::vector<std::string> ids;
  std::vector<uint32_t> group;   // index into group_names
  std::vector<uint32_t> region;  // index into region_names
  std::vector<int64_t> registered;
  std::vector<int64_t> ballots;
  std::vector<int64_t> valid;
  std::vector<int64_t> added_on_day;    // 0 where unknown; see has_added_on_day
  std::vector<int64_t> mobile_ballots;  // 0 where unknown; see has_mobile_ballots
  std::vector<int64_t> votes;           // row-major: precinct p, choice c at p * choices() + c
  bool has_added_on_day = true;         // false when any precinct lacks the figure
  bool has_mobile_ballots = true;       // false when any precinct lacks the figure
  std::vector<int64_t> issued;          // 0 where unknown; see has_issued
  std::vector<int64_t> invalid;         // 0 where unknown; see has_invalid
  bool has_issued = true;               // false when any precinct lacks the figure
  bool has_invalid = true;              // false when any precinct lacks the figure

  // The rows a loader read but could not use, each "<file>:<line>: <reason>" (or the protocol's
  // commission), in input order: reports count and list them, never drop them silently.
  std::vector<std::string> skipped;

  // Per precinct, 1 for a special commission (PrecinctRow::special, or marked later by
  // precincts::MarkSpecialCommissions); empty or all 0 when none is. `special_rule` says how
  // they were told apart ("" when no rule was given).
  std::vector<uint8_t> special;
  std::string special_rule;
  // What the loader did that a reader must know besides the skipped rows, one sentence each
  // (cells read as missing, ids made from line numbers): reports print them under the header.
  std::vector<std::string> notes;

  size_t size() const { return ids.size(); }
  size_t choices() const { return choice_names.size(); }
  bool IsSpecial(size_t precinct) const {
    return precinct < special.size() && special[precinct] != 0;
  }
  int64_t Votes(size_t precinct, size_t choice) const {
    return votes[precinct * choices() + choice];
  }
  std::span<const int64_t> VotesOf(size_t precinct) const {
    return {votes.data() + precinct * choices(), choices()};
  }

  // Appends `row`. kInvalidArgument, naming the precinct and the field, when a count is
  // negative, row.votes does not have choices() entries, ballots > registered, valid > ballots,
  // or the votes sum to more than the valid ballots; the table is unchanged then. `issued` and
  // `invalid` are only checked for sign: a test that divides by them decides what to do with a
  // precinct whose figure exceeds its base (the integer-percentage test leaves it out, counted).
  Status Add(PrecinctRow row);

  // The choice with the most votes over all precincts (the lower index on a tie); 0 when the
  // table has no choices.
  size_t Leader() const;
  // Sums of a column over all precincts.
  int64_t TotalRegistered() const;
  int64_t TotalBallots() const;
  int64_t TotalVotes(size_t choice) const;
};

}  // namespace esep::precincts
