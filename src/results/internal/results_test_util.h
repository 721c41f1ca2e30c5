// A small synthetic election for the report tests, built on the shared toy fixture
// (tabulation/internal/toy_election_test_util.h): two regions, four precincts, with protocols for
// all but P3's party list. Test-only.

#pragma once

#include <string>
#include <unordered_set>
#include <vector>

#include "model/election_definition.h"
#include "protocol/protocol.h"
#include "results/result_rows.h"
#include "tabulation/internal/toy_election_test_util.h"
#include "tabulation/tabulator.h"

namespace esep::results::internal {

// Two regions (one a city), three territorial commissions, two districts (the second without
// listed candidates) and four precincts.
inline model::ElectionDefinition ToyDefinition() {
  return tabulation::toy::MakeDefinition(
      R"json("regions": [{"id": "north", "name": "North", "kind": "region"},
              {"id": "south", "name": "South City", "kind": "city"}],
  "districts": [
    {"number": 1, "region": "north",
     "candidates": [{"name": "Ann Ay", "affiliation": "Red"},
                    {"name": "Bob Bek", "affiliation": "Independent"}]},
    {"number": 2, "region": "south"}])json",
      "id,level,parent,name,region,district,abroad\n"
      "CEC,cec,,Central,,,\n"
      "TEC-N,regional,CEC,North commission,north,,\n"
      "TEC-S,regional,CEC,South commission,south,,\n"
      "DEC-1,district,CEC,District commission No. 1,north,1,\n"
      "DEC-2,district,CEC,District commission No. 2,south,2,\n"
      "T-N1,territorial,TEC-N,North city,north,,\n"
      "T-N2,territorial,TEC-N,North county,north,,\n"
      "T-S,territorial,TEC-S,South city,south,,\n"
      "P1,precinct,T-N1,Precinct 1,north,1,\n"
      "P2,precinct,T-N1,\"Precinct 2, annex\",north,1,\n"
      "P3,precinct,T-N2,Precinct 3,north,1,\n"
      "P4,precinct,T-S,Precinct 4,south,2,\n");
}

// The toy protocol with ten spare ballots received (so that received != voters on the list).
inline protocol::Protocol ToyProtocol(std::string commission, protocol::ContestRef contest,
                                      int64_t voters, std::vector<int64_t> choices,
                                      int64_t against_all = 0, int64_t invalid = 0) {
  return tabulation::toy::ToyProtocol(
      std::move(commission), contest, voters, std::move(choices),
      {.against_all = against_all, .invalid = invalid, .spare_ballots = 10});
}

inline protocol::ContestRef ToyDistrict(int number) { return tabulation::toy::District(number); }

inline std::vector<protocol::Protocol> ToyProtocols() {
  const protocol::ContestRef list{};
  return {ToyProtocol("P1", list, 100, {30, 20}, 2, 1),
          ToyProtocol("P1", ToyDistrict(1), 100, {25, 25}, 2, 1),
          ToyProtocol("P2", list, 50, {5, 5}),
          ToyProtocol("P2", ToyDistrict(1), 50, {6, 4}),
          ToyProtocol("P3", ToyDistrict(1), 80, {1, 2}),
          ToyProtocol("P4", list, 200, {10, 90}),
          ToyProtocol("P4", ToyDistrict(2), 200, {40, 50, 10})};
}

// The definition, its protocols, the tabulator with all of them added, and a source over them.
struct ToyElection {
  ToyElection()
      : definition(ToyDefinition()),
        protocols(ToyProtocols()),
        tabulator(*tabulation::Tabulator::Create(definition)) {
    for (const protocol::Protocol& p : protocols) {
      added_all = added_all && tabulator.Add(p).ok();
    }
  }
  ToyElection(const ToyElection&) = delete;  // the tabulator points at `definition`
  ToyElection& operator=(const ToyElection&) = delete;

  ResultsSource source() const { return {definition, tabulator, protocols, open_corrections}; }

  model::ElectionDefinition definition;
  std::vector<protocol::Protocol> protocols;
  tabulation::Tabulator tabulator;
  std::unordered_set<std::string> open_corrections;
  bool added_all = true;
};

}  // namespace esep::results::internal
