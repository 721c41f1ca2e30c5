#include "results/results_builder.h"

#include <algorithm>
#include <utility>

#include <fmt/format.h>

#include "protocol/protocol_order.h"
#include "protocol/validation.h"

namespace esep::results {

Result<ResultsBuilder> ResultsBuilder::Create(
    std::shared_ptr<const model::ElectionDefinition> definition) {
  ASSIGN_OR_RETURN(law::RuleSet rule_set, law::FindRuleSet(definition->rule_set()));
  ASSIGN_OR_RETURN(std::span<const protocol::ControlRatio> ratios,
                   protocol::ControlRatios(rule_set.name));
  ASSIGN_OR_RETURN(tabulation::ProtocolRouter router,
                   tabulation::ProtocolRouter::Create(*definition));
  return ResultsBuilder(std::move(definition), rule_set, ratios, std::move(router));
}

bool ResultsBuilder::Add(const protocol::Protocol& protocol) {
  ++added_;
  const Result<tabulation::ProtocolRoute> route = router_.Add(protocol);
  if (!route.has_value()) {
    untabulated_.push_back({protocol.commission_id, protocol.contest.district,
                            fmt::format("{} ({}): {}", protocol.commission_id,
                                        protocol.contest.ToString(), route.error().message())});
    return false;
  }
  if (*route != tabulation::ProtocolRoute::kPrecinct) {
    return false;
  }
  PairPrecinct(protocol);
  return true;
}

void ResultsBuilder::PairPrecinct(const protocol::Protocol& protocol) {
  // The router accepts one protocol per precinct and contest, and a precinct's district
  // protocol only for its own district: a precinct has at most one pair.
  const protocol::Protocol* other = nullptr;
  if (has_last_ && last_.commission_id == protocol.commission_id) {
    other = &last_;
  } else if (auto found = waiting_.find(protocol.commission_id); found != waiting_.end()) {
    other = &found->second;
  }
  if (other == nullptr) {
    if (has_last_) {
      waiting_.emplace(last_.commission_id, std::move(last_));
    }
    last_ = protocol;
    has_last_ = true;
    return;
  }
  const bool list_first = other->contest.kind == protocol::ContestRef::Kind::kPartyList;
  const protocol::Protocol& list = list_first ? *other : protocol;
  const protocol::Protocol& district = list_first ? protocol : *other;
  if (list.contest.kind == protocol::ContestRef::Kind::kPartyList &&
      district.contest.kind == protocol::ContestRef::Kind::kDistrict) {
    protocol::ValidationReport report = protocol::ValidatePrecinct(list, district, ratios_);
    if (!report.findings.empty()) {
      precinct_findings_.push_back({protocol.commission_id, std::move(report.findings)});
    }
  }
  if (other == &last_) {
    has_last_ = false;
  } else {
    waiting_.erase(protocol.commission_id);
  }
}

Result<ElectionResults> ResultsBuilder::Finish(
    std::unordered_set<std::string> open_corrections) && {
  ElectionResults results;
  results.definition = std::move(definition_);
  results.rule_set = rule_set_;
  results.open_corrections = std::move(open_corrections);
  std::stable_sort(
      untabulated_.begin(), untabulated_.end(), [](const Untabulated& a, const Untabulated& b) {
        return protocol::KeyBefore(a.commission_id, a.district, b.commission_id, b.district);
      });
  for (Untabulated& entry : untabulated_) {
    results.untabulated.push_back(std::move(entry.reason));
  }
  std::stable_sort(precinct_findings_.begin(), precinct_findings_.end(),
                   [](const PrecinctFindings& a, const PrecinctFindings& b) {
                     return a.commission_id < b.commission_id;
                   });
  for (PrecinctFindings& precinct : precinct_findings_) {
    for (protocol::Finding& finding : precinct.findings) {
      results.precinct_findings.push_back(std::move(finding));
    }
  }
  router_.OrderSummaries();
  ASSIGN_OR_RETURN(results.reconciliations, router_.Reconcile());
  results.summary_protocols = router_.summaries();
  results.tabulator.emplace(std::move(router_).TakeTabulator());
  return results;
}

}  // namespace esep::results
