// Test helpers for the entries and scans services: a small election whose store the double entry
// can run on — the toy election of tabulation's tests with a second territorial commission and
// its precinct — and users of any role and commission.
//
// Tree: CEC > REG-N > TEC-N > P1, P2 and REG-N > TEC-S > P3; DEC-1 (district 1) under the CEC.
// Parties Red and Blue; district 1's candidates Ann (Red) and Bob (independent).

#pragma once

#include <string>
#include <utility>
#include <vector>

#include "access/role.h"
#include "access/user.h"
#include "model/definition_files.h"

namespace esep::service::internal {

// The election as the two files a store records (election.json, commissions.csv).
inline std::vector<model::DefinitionFile> EntryElectionFiles() {
  const std::string election = R"json({
  "format": "esep-election/1", "id": "toy", "title": "Toy election (synthetic)",
  "date": "2024-01-07", "country": "Toyland", "rule_set": "kz-majilis-2023",
  "commissions": "commissions.csv",
  "parties": [
    {"id": "red", "name": "Red", "short_name": "Red", "ballot_number": 1,
     "registered_on": "2023-12-01", "list_candidates": 3},
    {"id": "blue", "name": "Blue", "short_name": "Blue", "ballot_number": 2,
     "registered_on": "2023-12-02", "list_candidates": 3}],
  "regions": [{"id": "north", "name": "North", "kind": "region"}],
  "districts": [{"number": 1, "region": "north",
                 "candidates": [{"name": "Ann", "affiliation": "Red"},
                                {"name": "Bob", "affiliation": "Independent"}]}]
}
)json";
  const std::string tree =
      "id,level,parent,name,region,district,abroad\n"
      "CEC,cec,,Central,,,\n"
      "REG-N,regional,CEC,North,north,,\n"
      "DEC-1,district,CEC,District 1,north,1,\n"
      "TEC-N,territorial,REG-N,North city,north,,\n"
      "P1,precinct,TEC-N,P1,north,1,\n"
      "P2,precinct,TEC-N,P2,north,1,\n"
      "TEC-S,territorial,REG-N,South city,north,,\n"
      "P3,precinct,TEC-S,P3,north,1,\n";
  return {{"election.json", election}, {"commissions.csv", tree}};
}

// A user with its own password already chosen.
inline access::User MakeUser(std::string id, access::Role role, std::string commission) {
  access::User user;
  user.id = std::move(id);
  user.login_name = "user" + user.id;
  user.role = role;
  user.commission_id = std::move(commission);
  user.must_change_password = false;
  return user;
}

}  // namespace esep::service::internal
