// Test helper: a toy election (synthetic) with one region, one territorial commission over two
// precincts, and one district with its own commission; and consistent protocols for it.

#pragma once

#include <string>
#include <vector>

#include "io/commission_table.h"
#include "io/election_data.h"
#include "model/election_definition.h"
#include "protocol/protocol.h"

namespace esep::tabulation::toy {

inline constexpr char kDefinition[] = R"json({
  "format": "esep-election/1", "id": "toy", "title": "Toy election (synthetic)",
  "date": "2024-01-07", "country": "Toyland", "rule_set": "kz-majilis-2023",
  "parties": [
    {"id": "red", "name": "Red", "short_name": "Red", "ballot_number": 1,
     "registered_on": "2023-12-01", "list_candidates": 3},
    {"id": "blue", "name": "Blue", "short_name": "Blue", "ballot_number": 2,
     "registered_on": "2023-12-02", "list_candidates": 3}],
  "regions": [{"id": "north", "name": "North", "kind": "region"}],
  "districts": [{"number": 1, "region": "north",
                 "candidates": [{"name": "Ann", "affiliation": "Red"},
                                {"name": "Bob", "affiliation": "Independent"}]}]
})json";

// Two precincts under one territorial commission, in one district with its own commission.
inline constexpr char kTree[] =
    "id,level,parent,name,region,district,abroad\n"
    "CEC,cec,,Central,,,\n"
    "REG-N,regional,CEC,North,north,,\n"
    "DEC-1,district,CEC,District 1,north,1,\n"
    "TEC-N,territorial,REG-N,North city,north,,\n"
    "P1,precinct,TEC-N,P1,north,1,\n"
    "P2,precinct,TEC-N,P2,north,1,\n";

inline model::ElectionDefinition ToyDefinition() {
  model::ElectionDefinition definition = *io::ParseElectionDefinition(kDefinition, "toy.json");
  definition.commissions = *io::ParseCommissionTable(kTree, "toy.csv", definition);
  return definition;
}

inline protocol::Protocol ToyProtocol(std::string commission, protocol::ContestRef contest,
                                      int64_t voters, std::vector<int64_t> choices) {
  protocol::Protocol p;
  p.commission_id = std::move(commission);
  p.contest = contest;
  int64_t valid = 0;
  for (int64_t v : choices) {
    valid += v;
  }
  p.voters_on_list = voters;
  p.ballots_received = voters;
  p.ballots_issued_premises = valid;
  p.ballots_unused = voters - valid;
  p.ballots_in_stationary_boxes = valid;
  p.valid_ballots = valid;
  p.choice_votes = std::move(choices);
  return p;
}

inline const protocol::ContestRef kList{};
inline const protocol::ContestRef kDistrict1{protocol::ContestRef::Kind::kDistrict, 1};

}  // namespace esep::tabulation::toy
