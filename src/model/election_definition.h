// ElectionDefinition: what an election is, before any vote is counted — its parties and
// their lists, its regions and its single-member districts, and the rule set in force.
//
// Built once by the loader (io/election_data.h) and immutable afterwards; share it by const
// reference. Format: docs/formats/election-json.md.

#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/commission.h"

namespace esep::model {

struct Party {
  std::string id;               // "amanat"
  std::string name;             // "Amanat"
  std::string short_name;       // column name in results tables: "Amanat", "QHP"
  int ballot_number = 0;        // position on the ballot, as drawn by the CEC
  std::string registered_on;    // ISO date the party list was registered
  int64_t list_candidates = 0;  // candidates on the registered list
};

enum class RegionKind { kRegion, kCity };

struct Region {
  std::string id;    // "abai"
  std::string name;  // "Abai Region"
  RegionKind kind = RegionKind::kRegion;
  std::vector<std::string> aliases;  // other spellings used by published tables
};

struct Candidate {
  std::string name;
  std::string affiliation;  // a party, "Independent", or "Independent (Party)"
};

struct District {
  int number = 0;         // 1..29
  std::string region_id;  // the region it lies in
  // The candidates on the district's ballot, in ballot order, when the definition lists them:
  // a district protocol's choices are in this order.
  std::vector<Candidate> candidates;
};

// The fields of a definition, as a loader or a test assembles them before the definition is
// built. Plain data: fill it, then construct an ElectionDefinition from it.
struct ElectionDefinitionParts {
  std::string id;  // "kz-majilis-2023"
  std::string title;
  std::string date;            // ISO date of election day
  std::string country;         // the name of the national row in results tables
  std::string rule_set;        // the name of a law::RuleSet
  bool synthetic = false;      // generated data ("synthetic": true), never real results
  std::vector<Party> parties;  // in ballot order
  std::vector<Region> regions;
  std::vector<District> districts;  // by number
  // The commission tree, parents before children; empty when the definition has none.
  std::vector<Commission> commissions;
};

// Immutable once built: every accessor is const, and nothing hands out a mutable reference.
// (A whole definition may be replaced by assignment; its parts cannot be changed one by one.)
class ElectionDefinition {
 public:
  ElectionDefinition() = default;  // The empty definition, before anything is loaded.
  explicit ElectionDefinition(ElectionDefinitionParts parts) : parts_(std::move(parts)) {}

  const std::string& id() const { return parts_.id; }
  const std::string& title() const { return parts_.title; }
  const std::string& date() const { return parts_.date; }
  const std::string& country() const { return parts_.country; }
  const std::string& rule_set() const { return parts_.rule_set; }
  bool synthetic() const { return parts_.synthetic; }
  const std::vector<Party>& parties() const { return parts_.parties; }
  const std::vector<Region>& regions() const { return parts_.regions; }
  const std::vector<District>& districts() const { return parts_.districts; }
  const std::vector<Commission>& commissions() const { return parts_.commissions; }
  // Everything at once, to build a changed copy (a loader adding the commission tree, a test
  // varying one field): copy the parts, change the copy, construct a new definition.
  const ElectionDefinitionParts& parts() const { return parts_; }

  // The title as every front door shows it: synthetic data is labelled synthetic wherever it
  // appears, so "SYNTHETIC: " comes first unless the title already says SYNTHETIC.
  std::string LabelledTitle() const;
  // The region whose name or alias matches `name` (case-insensitive), or nullptr.
  const Region* FindRegion(std::string_view name) const;
  // The index of the party whose short name, name or id matches, if any.
  std::optional<size_t> FindParty(std::string_view name) const;
  // The index of a region by id, if any.
  std::optional<size_t> RegionIndex(std::string_view id) const;
  // The one name every command gives a row of a published table: the definition's name of the
  // region `region_id` (the country for the national row, whose id is empty), or the name as
  // the table printed it when the id names no region here. A table's own spelling ("Aqmola
  // Region") stays in its file:line citation; the unit is named as everywhere else ("Akmola
  // Region").
  std::string UnitName(std::string_view region_id, std::string_view published_name) const;

 private:
  ElectionDefinitionParts parts_;
};

}  // namespace esep::model
