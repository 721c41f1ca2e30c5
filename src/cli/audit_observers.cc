#include "cli/audit_observers.h"

#include "observers/observer_comparison.h"
#include "observers/observer_records.h"
#include "observers/parallel_vote_tabulation.h"

namespace esep::cli {

Status AddObservers(const std::string& path, const precincts::PrecinctTable& table,
                    AuditOutput& output) {
  ASSIGN_OR_RETURN(const observers::ObserverRecords records,
                   observers::ReadObserverRecordsFile(path));
  observers::ObserverComparisonOptions compare;
  compare.choice_aliases = table.choice_aliases;
  ASSIGN_OR_RETURN(const observers::ObserverComparison comparison,
                   observers::CompareWithOfficial(records, table, compare));
  observers::PvtOptions pvt_options;
  pvt_options.choice_aliases = table.choice_aliases;
  ASSIGN_OR_RETURN(const observers::PvtResult pvt,
                   observers::EstimateFromObservers(records, table, pvt_options));
  output.text += '\n';
  output.text += observers::ObserverComparisonText(comparison);
  output.text += '\n';
  output.text += observers::PvtText(pvt);
  output.json["observers"] = observers::ObserverComparisonJson(comparison);
  output.json["pvt"] = observers::PvtJson(pvt);
  return OkStatus();
}

}  // namespace esep::cli
