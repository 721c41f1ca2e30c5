#include "publish/internal/turnout_document.h"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "base/fraction.h"
#include "base/text.h"
#include "law/rule_set.h"
#include "publish/internal/strict_json.h"

namespace esep::publish::internal {
namespace {

using Json = nlohmann::ordered_json;
using model::CommissionLevel;

// The sums of one unit at one report time. Exact integers; the percent is printed from them.
struct TimeSums {
  int64_t precincts = 0;                // that reported at this time
  int64_t voters = 0;                   // their reported voters
  int64_t precincts_with_protocol = 0;  // of them, those whose party-list protocol is in
  int64_t voters_with_protocol = 0;     // and their reported voters
  int64_t registered = 0;               // and their protocols' voters on the list
};

// One unit's sums, one per report time (in the rule set's order).
using UnitSums = std::vector<TimeSums>;

Json UnitJson(std::string_view unit_id, const UnitSums& sums,
              std::span<const std::string_view> times) {
  Json by_time = Json::array();
  for (size_t k = 0; k < times.size(); ++k) {
    const TimeSums& at = sums[k];
    by_time.push_back({{"time", times[k]},
                       {"precincts", at.precincts},
                       {"voters", at.voters},
                       {"precincts_with_protocol", at.precincts_with_protocol},
                       {"voters_with_protocol", at.voters_with_protocol},
                       {"registered", at.registered},
                       // "–" when no reporting precinct has its protocol in: the snapshot's way.
                       {"percent", FormatPercent(at.voters_with_protocol, at.registered, 2)}});
  }
  return {{"unit_id", unit_id}, {"by_time", std::move(by_time)}};
}

}  // namespace

Status AddTurnoutDocument(const SnapshotSource& source, std::vector<SnapshotFile>& files) {
  const model::ElectionDefinition& definition = source.definition;
  ASSIGN_OR_RETURN(const law::RuleSet rule_set, law::FindRuleSet(definition.rule_set()));
  const std::span<const std::string_view> times = rule_set.turnout_report_times;
  std::unordered_map<std::string_view, const model::Commission*> precincts;
  std::string cec_id;
  for (const model::Commission& commission : definition.commissions()) {
    if (commission.level == CommissionLevel::kPrecinct) {
      precincts.emplace(commission.id, &commission);
    } else if (commission.level == CommissionLevel::kCentral) {
      cec_id = commission.id;
    }
  }
  // Each precinct's party-list protocol, its last version: the registered voters and the
  // ballots issued that its reports are set against.
  std::unordered_map<std::string_view, const protocol::Protocol*> list_protocols;
  for (const PublishedProtocol& published : source.protocols) {
    if (published.contest.kind == protocol::ContestRef::Kind::kPartyList) {
      list_protocols.emplace(published.commission_id, &published.versions.back().protocol);
    }
  }
  UnitSums national(times.size());
  std::map<std::string, UnitSums> regions;      // by region id
  std::map<std::string, UnitSums> territorial;  // by territorial commission id
  // The latest report of each precinct (the highest time), for the findings.
  std::map<std::string_view, const PublishedTurnout*> last_of_precinct;
  std::set<std::pair<std::string_view, std::string_view>> seen;
  for (const PublishedTurnout& report : source.turnout) {
    if (!seen.emplace(report.commission_id, report.time).second) {
      return InvalidArgumentError(fmt::format(
          "turnout report of '{}' at {}: given twice (one report per precinct and time, with "
          "its versions)",
          EscapeControlCharacters(report.commission_id), report.time));
    }
    const auto precinct = precincts.find(report.commission_id);
    if (precinct == precincts.end()) {
      return InvalidArgumentError(
          fmt::format("turnout report of '{}' at {}: not a precinct commission of the definition",
                      EscapeControlCharacters(report.commission_id), report.time));
    }
    const auto time = std::find(times.begin(), times.end(), report.time);
    if (time == times.end() || report.versions.empty()) {
      return InvalidArgumentError(
          fmt::format("turnout report of '{}' at {}: not a report time of rule set {}",
                      report.commission_id, report.time, rule_set.name));
    }
    const size_t k = static_cast<size_t>(time - times.begin());
    const int64_t voters = report.versions.back().voters;
    const auto list = list_protocols.find(report.commission_id);
    const model::Commission& commission = *precinct->second;
    for (UnitSums* unit :
         {&national, &regions.try_emplace(commission.region_id, times.size()).first->second,
          &territorial.try_emplace(commission.parent_id, times.size()).first->second}) {
      TimeSums& at = (*unit)[k];
      ++at.precincts;
      at.voters += voters;
      if (list != list_protocols.end()) {
        ++at.precincts_with_protocol;
        at.voters_with_protocol += voters;
        at.registered += list->second->voters_on_list;
      }
    }
    const PublishedTurnout*& last = last_of_precinct[report.commission_id];
    if (last == nullptr || last->time < report.time) {
      last = &report;
    }
  }
  Json region_units = Json::array();
  for (const model::Region& region : definition.regions()) {
    const auto found = regions.find(region.id);
    region_units.push_back(UnitJson(
        region.id, found == regions.end() ? UnitSums(times.size()) : found->second, times));
  }
  Json territorial_units = Json::array();
  for (const model::Commission& commission : definition.commissions()) {
    if (commission.level == CommissionLevel::kTerritorial) {
      const auto found = territorial.find(commission.id);
      Json unit =
          UnitJson(commission.id,
                   found == territorial.end() ? UnitSums(times.size()) : found->second, times);
      unit["region_id"] = commission.region_id;
      territorial_units.push_back(std::move(unit));
    }
  }
  // Evidence, not a rule (docs/law.md, section 14): a precinct whose last report counts more
  // voters than its protocol issued ballots to.
  Json findings = Json::array();
  for (const auto& [commission_id, report] : last_of_precinct) {
    const auto list = list_protocols.find(commission_id);
    const int64_t voters = report->versions.back().voters;
    if (list == list_protocols.end() || voters <= list->second->ballots_issued()) {
      continue;
    }
    const int64_t issued = list->second->ballots_issued();
    findings.push_back(
        {{"rule_id", "turnout-above-ballots-issued"},
         {"severity", "warning"},
         {"commission_id", report->commission_id},
         {"time", report->time},
         {"voters", voters},
         {"ballots_issued", issued},
         {"message",
          fmt::format("{} reported {} voters who had received ballots by {}, but its party-list "
                      "protocol records {} ballots issued: {} more reported than issued",
                      report->commission_id, GroupThousands(voters), report->time,
                      GroupThousands(issued), GroupThousands(voters - issued))}});
  }
  Json time_list = Json::array();
  for (const std::string_view time : times) {
    time_list.push_back(time);
  }
  files.push_back({"turnout.json", DumpFile({{"format", "esep-snapshot-turnout/1"},
                                             {"times", std::move(time_list)},
                                             {"national", UnitJson(cec_id, national, times)},
                                             {"regions", std::move(region_units)},
                                             {"territorial", std::move(territorial_units)},
                                             {"findings", std::move(findings)}})});
  return OkStatus();
}

}  // namespace esep::publish::internal
