// By hand, not a test: the observers' comparison and the quick count on an election directory
// written by `esep generate ... --observers FRACTION` (docs/forensics-pvt.md, "Demonstration").
//
//   build/src/audit/esep_audit_observers_demo DIR
//
// Reads DIR's party-list precinct protocols into a PrecinctTable and DIR/observers.csv, and
// prints the comparison and the parallel vote tabulation. `esep audit` will do this for any
// precinct source; this program exists to reproduce the documented numbers.

#include <iostream>
#include <string>

#include <fmt/format.h>

#include "audit/observer_comparison.h"
#include "audit/parallel_vote_tabulation.h"
#include "audit/precinct_table.h"
#include "io/csv.h"
#include "io/election_data.h"
#include "io/protocol_csv.h"

namespace {

using esep::Result;
using esep::Status;

Status Run(const std::string& dir) {
  ASSIGN_OR_RETURN(esep::io::ElectionData data, esep::io::LoadElectionDirectory(dir));
  esep::audit::PrecinctTable table;
  table.source = dir + "/protocols.csv";
  table.synthetic = data.definition.synthetic;
  for (const esep::model::Party& party : data.definition.parties) {
    table.choice_names.push_back(party.short_name);
  }
  ASSIGN_OR_RETURN(std::string text, esep::io::ReadTextFile(table.source));
  Status added = esep::OkStatus();
  RETURN_IF_ERROR(esep::io::ReadProtocolCsv(text, table.source, [&](esep::io::ProtocolRow&& row) {
    if (!added.ok() || !row.protocol.has_value() ||
        row.protocol->contest.kind != esep::protocol::ContestRef::Kind::kPartyList ||
        row.protocol->commission_id.rfind("PEC-", 0) != 0) {
      return;
    }
    const esep::protocol::Protocol& p = *row.protocol;
    added = table.Add(
        {.id = p.commission_id,
         .registered = p.voters_on_list,
         .ballots = p.ballots_in_boxes(),
         .valid = p.valid_ballots,
         .votes = {p.choice_votes.begin(),
                   p.choice_votes.begin() + static_cast<std::ptrdiff_t>(table.choices())}});
  }));
  RETURN_IF_ERROR(added);
  ASSIGN_OR_RETURN(esep::audit::ObserverRecords records,
                   esep::audit::ReadObserverRecordsFile(dir + "/observers.csv"));
  esep::audit::ObserverComparisonOptions compare;
  compare.choice_aliases = esep::audit::PartyAliases(data.definition, table);
  ASSIGN_OR_RETURN(esep::audit::ObserverComparison comparison,
                   esep::audit::CompareWithOfficial(records, table, compare));
  std::string report = esep::audit::ObserverComparisonText(comparison);
  // The summary and the first findings: the full list is in the JSON.
  const size_t findings = report.find("Findings");
  if (findings != std::string::npos) {
    size_t end = findings;
    for (int line = 0; line < 12 && end != std::string::npos; ++line) {
      end = report.find('\n', end + 1);
    }
    report = report.substr(0, end) + "\n  ...\n";
  }
  std::cout << report << '\n';
  esep::audit::PvtOptions pvt_options;
  pvt_options.choice_aliases = compare.choice_aliases;
  ASSIGN_OR_RETURN(esep::audit::PvtResult pvt,
                   esep::audit::EstimateFromObservers(records, table, pvt_options));
  std::cout << esep::audit::PvtText(pvt);
  return esep::OkStatus();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: esep_audit_observers_demo DIR (written by esep generate --observers)\n";
    return 2;
  }
  const Status status = Run(argv[1]);
  if (!status.ok()) {
    std::cerr << status.ToString() << '\n';
    return 2;
  }
  return 0;
}
