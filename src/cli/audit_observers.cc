#include "cli/audit_observers.h"

#include "audit/observer_comparison.h"
#include "audit/observer_records.h"
#include "audit/parallel_vote_tabulation.h"

namespace esep::cli {

Status AddObservers(const std::string& path, const audit::PrecinctTable& table,
                    AuditOutput& output) {
  ASSIGN_OR_RETURN(const audit::ObserverRecords records, audit::ReadObserverRecordsFile(path));
  audit::ObserverComparisonOptions compare;
  compare.choice_aliases = table.choice_aliases;
  ASSIGN_OR_RETURN(const audit::ObserverComparison comparison,
                   audit::CompareWithOfficial(records, table, compare));
  audit::PvtOptions pvt_options;
  pvt_options.choice_aliases = table.choice_aliases;
  ASSIGN_OR_RETURN(const audit::PvtResult pvt,
                   audit::EstimateFromObservers(records, table, pvt_options));
  output.text += '\n';
  output.text += audit::ObserverComparisonText(comparison);
  output.text += '\n';
  output.text += audit::PvtText(pvt);
  output.json["observers"] = audit::ObserverComparisonJson(comparison);
  output.json["pvt"] = audit::PvtJson(pvt);
  return OkStatus();
}

}  // namespace esep::cli
