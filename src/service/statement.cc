#include "service/statement.h"

#include "io/election_data.h"
#include "law/rule_set.h"

namespace esep::service {

Result<results::StatementOfResults> ComputeStatement(const StatementRequest& request) {
  ASSIGN_OR_RETURN(model::ElectionData data, io::LoadElectionDirectory(request.directory));
  ASSIGN_OR_RETURN(const law::RuleSet rule_set,
                   law::FindRuleSet(request.rule_set.value_or(data.definition.rule_set())));
  if (rule_set.district_seats == 0) {
    data.districts.clear();  // A list-only rule set: the districts do not elect anyone.
  }
  return results::BuildStatement(data, rule_set, request.seed);
}

}  // namespace esep::service
