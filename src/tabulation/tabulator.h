// Tabulator: sums accepted precinct protocols up the commission tree — precinct → territorial
// commission → region → nation for the party-list contest, precinct → district for each
// district contest — incrementally, as protocols arrive, with progress ("N of M protocols") at
// every level.
//
// A protocol is tallied only when it belongs to the definition: its commission is a precinct,
// its contest is the precinct's own (the list, or the precinct's district), and it has as many
// choices as the ballot. Anything else is refused with a reason, and nothing of it is added.
// The definition must outlive the tabulator (it indexes the definition's commission ids rather
// than copying them); adding a protocol costs at most one hash lookup, and none when protocols
// come in the order of the tree. Not thread-safe.
//
// Example:
//   ASSIGN_OR_RETURN(Tabulator tabulator, Tabulator::Create(definition));
//   RETURN_IF_ERROR(tabulator.Add(protocol));
//   const Tally& nation = tabulator.national();

#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/id_index.h"
#include "base/result.h"
#include "model/election_definition.h"
#include "protocol/protocol.h"

namespace esep::tabulation {

// The sum of some protocols of one contest: every count of the ballot account and the votes
// per choice, and how many protocols went into it out of how many are expected.
struct Tally {
  protocol::Protocol sum;  // commission_id names the unit; counts are sums
  int64_t protocols = 0;   // protocols added
  int64_t expected = 0;    // protocols this unit will have when complete

  bool complete() const { return protocols == expected; }
};

class Tabulator {
 public:
  // kFailedPrecondition when the definition has no precinct commissions.
  static Result<Tabulator> Create(const model::ElectionDefinition& definition);

  // Adds one precinct protocol. kInvalidArgument (nothing added) when the protocol does not
  // belong to the definition or its commission already has a protocol for that contest.
  Status Add(const protocol::Protocol& protocol);

  // What Add would refuse for not belonging to the definition (not a precinct, another
  // district, a ballot of the wrong length), without adding anything and without the
  // second-protocol check: the store decides about corrections. Not const: it remembers where
  // it found the last precinct.
  Status Check(const protocol::Protocol& protocol);

  // True when `commission_id` is the precinct of the last protocol found, or the one after it
  // in the tree's order: a cheap answer for the protocols of a file in tree order, with which a
  // router need not look the id up among the higher commissions (ids are unique).
  bool IsAtOrAfterLastPrecinct(std::string_view commission_id) const;

  const Tally& national() const { return national_; }
  const std::vector<Tally>& regions() const { return regions_; }  // definition order
  const std::vector<Tally>& territorials() const { return territorials_; }
  const std::vector<Tally>& districts() const { return districts_; }  // by number - 1
  const std::vector<std::string>& territorial_ids() const { return territorial_ids_; }
  int64_t precincts() const { return static_cast<int64_t>(precincts_.size()); }

 private:
  struct Precinct {
    uint32_t commission = 0;  // in definition_->commissions()
    uint32_t territorial = 0;
    uint32_t region = 0;
    int district = 0;
    bool has_list = false;
    bool has_district = false;
  };

  explicit Tabulator(const model::ElectionDefinition& definition) : definition_(&definition) {}

  // The precinct of `protocol` after the belonging checks of Check.
  Result<uint32_t> Locate(const protocol::Protocol& protocol);

  const model::ElectionDefinition* definition_;
  IdIndex precinct_index_;  // commission id -> position in precincts_; built when first needed
  std::vector<Precinct> precincts_;
  uint32_t last_precinct_ = UINT32_MAX;  // the precinct of the last protocol found
  std::vector<std::string> territorial_ids_;
  Tally national_;
  std::vector<Tally> regions_;
  std::vector<Tally> territorials_;
  std::vector<Tally> districts_;
  std::vector<size_t> district_choices_;  // choices on each district's ballot; 0 = not known yet
};

// Adds `protocol`'s counts and choices into `sum`.
void AddInto(protocol::Protocol& sum, const protocol::Protocol& protocol);

}  // namespace esep::tabulation
