// Test helper: toy elections (synthetic) and consistent protocols for them — the one fixture
// every tabulation, results and report test builds on.
//
// The parties (Red, Blue) are the same in every toy; the geography is the test's own: pass the
// "regions" and "districts" JSON members and a commission table to MakeDefinition. The
// smallest toy, ToyDefinition(), has one region, one territorial commission over two precincts
// and one district with its own commission.

#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "io/commission_table.h"
#include "io/election_data.h"
#include "model/election_definition.h"
#include "protocol/protocol.h"

namespace esep::tabulation::toy {

// A definition with the toy parties and `geography`: the "regions" and "districts" members of
// election.json, e.g. R"("regions": [...], "districts": [...])"; and the commission table `tree`.
inline model::ElectionDefinition MakeDefinition(std::string_view geography, std::string_view tree) {
  const std::string json = fmt::format(R"json({{
  "format": "esep-election/1", "id": "toy", "title": "Toy election (synthetic)",
  "date": "2024-01-07", "country": "Toyland", "rule_set": "kz-majilis-2023",
  "parties": [
    {{"id": "red", "name": "Red", "short_name": "Red", "ballot_number": 1,
     "registered_on": "2023-12-01", "list_candidates": 3}},
    {{"id": "blue", "name": "Blue", "short_name": "Blue", "ballot_number": 2,
     "registered_on": "2023-12-02", "list_candidates": 3}}],
  {}
}})json",
                                       geography);
  const model::ElectionDefinition definition = *io::ParseElectionDefinition(json, "toy.json");
  model::ElectionDefinitionParts parts = definition.parts();
  parts.commissions = *io::ParseCommissionTable(tree, "toy.csv", definition);
  return model::ElectionDefinition(std::move(parts));
}

// One region; two precincts under one territorial commission, in one district with its own
// commission.
inline model::ElectionDefinition ToyDefinition() {
  return MakeDefinition(R"json("regions": [{"id": "north", "name": "North", "kind": "region"}],
  "districts": [{"number": 1, "region": "north",
                 "candidates": [{"name": "Ann", "affiliation": "Red"},
                                {"name": "Bob", "affiliation": "Independent"}]}])json",
                        "id,level,parent,name,region,district,abroad\n"
                        "CEC,cec,,Central,,,\n"
                        "REG-N,regional,CEC,North,north,,\n"
                        "DEC-1,district,CEC,District 1,north,1,\n"
                        "TEC-N,territorial,REG-N,North city,north,,\n"
                        "P1,precinct,TEC-N,P1,north,1,\n"
                        "P2,precinct,TEC-N,P2,north,1,\n");
}

// The same, shared, as results hold their definition.
inline std::shared_ptr<const model::ElectionDefinition> SharedToyDefinition() {
  return std::make_shared<const model::ElectionDefinition>(ToyDefinition());
}

// The figures of a protocol beyond its votes; all zero by default.
struct Extras {
  int64_t against_all = 0;
  int64_t invalid = 0;
  int64_t spare_ballots = 0;  // received beyond one per voter on the list
};

// A consistent protocol: every ballot issued in the premises was found in the stationary box,
// the valid ballots are the choices plus against all, and the rest of the ballots are unused.
inline protocol::Protocol ToyProtocol(std::string commission, protocol::ContestRef contest,
                                      int64_t voters, std::vector<int64_t> choices,
                                      Extras extras = {}) {
  protocol::Protocol p;
  p.commission_id = std::move(commission);
  p.contest = contest;
  int64_t valid = extras.against_all;
  for (int64_t v : choices) {
    valid += v;
  }
  const int64_t issued = valid + extras.invalid;
  p.voters_on_list = voters;
  p.ballots_received = voters + extras.spare_ballots;
  p.ballots_issued_premises = issued;
  p.ballots_unused = p.ballots_received - issued;
  p.ballots_in_stationary_boxes = issued;
  p.invalid_ballots = extras.invalid;
  p.valid_ballots = valid;
  p.against_all = extras.against_all;
  p.choice_votes = std::move(choices);
  return p;
}

inline protocol::ContestRef District(int number) {
  return {protocol::ContestRef::Kind::kDistrict, number};
}

inline const protocol::ContestRef kList{};
inline const protocol::ContestRef kDistrict1 = District(1);

}  // namespace esep::tabulation::toy
