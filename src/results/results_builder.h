// ResultsBuilder: an election's result built one accepted protocol at a time, for a caller
// that sees the protocols go by and need not keep them: `esep import` adds each protocol as
// the store accepts it, so that two million protocols are neither kept in memory nor read
// back nor sorted to compute the result it records. TabulateAccepted builds every other
// result with it from a sorted vector; the result is the same whatever the order of Add.
//
// Each protocol goes where a ProtocolRouter sends it (precinct tallies, or a summary kept for
// reconciliation, or the list of untabulated protocols); a precinct's party-list and district
// protocols are checked against each other (the precinct-scope ratios) once both are in.
// Finish puts the summaries, the untabulated protocols and the precinct findings in the one
// protocol order (commission id, then district), so that they do not depend on the order of
// arrival. The definition must outlive the builder. Not thread-safe.
//
// Example:
//   ASSIGN_OR_RETURN(ResultsBuilder builder, ResultsBuilder::Create(definition));
//   for (const protocol::Protocol& p : accepted) builder.Add(p);
//   ASSIGN_OR_RETURN(ElectionResults results, std::move(builder).Finish(open_corrections));

#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "base/result.h"
#include "model/election_definition.h"
#include "protocol/control_ratio.h"
#include "protocol/protocol.h"
#include "results/election_results.h"
#include "tabulation/protocol_router.h"

namespace esep::results {

class ResultsBuilder {
 public:
  // kFailedPrecondition for an unknown rule set or a definition without precincts.
  static Result<ResultsBuilder> Create(std::shared_ptr<const model::ElectionDefinition> definition);

  // Adds the latest accepted version of one protocol. True when it was summed into the
  // precinct tallies; false for a summary protocol or one that does not fit the definition
  // (listed in `untabulated` with its reason).
  bool Add(const protocol::Protocol& protocol);

  // The number of protocols added.
  int64_t added() const { return added_; }

  // Whether `protocol` belongs to the election, adding nothing (tabulation::ProtocolRouter::
  // Check): a caller that checks protocols before they are accepted needs no router of its own.
  Status Check(const protocol::Protocol& protocol) { return router_.Check(protocol); }

  // The router, for a caller that goes on checking protocols once it stops building the result.
  tabulation::ProtocolRouter TakeRouter() && { return std::move(router_); }

  // The result, with the commissions whose correction is still open. `precinct_protocols` is
  // left empty: the builder keeps no protocol but a precinct's first half waiting for the
  // other.
  Result<ElectionResults> Finish(std::unordered_set<std::string> open_corrections) &&;

 private:
  // A protocol that is not tabulated, with its place in the protocol order.
  struct Untabulated {
    std::string commission_id;
    int district = 0;
    std::string reason;
  };
  // The precinct-scope findings of one precinct.
  struct PrecinctFindings {
    std::string commission_id;
    std::vector<protocol::Finding> findings;
  };

  ResultsBuilder(std::shared_ptr<const model::ElectionDefinition> definition, law::RuleSet rule_set,
                 std::span<const protocol::ControlRatio> ratios, tabulation::ProtocolRouter router)
      : definition_(std::move(definition)),
        rule_set_(rule_set),
        ratios_(ratios),
        router_(std::move(router)) {}

  // Checks `protocol` against its precinct's other half once both are in.
  void PairPrecinct(const protocol::Protocol& protocol);

  std::shared_ptr<const model::ElectionDefinition> definition_;
  law::RuleSet rule_set_;
  std::span<const protocol::ControlRatio> ratios_;
  tabulation::ProtocolRouter router_;
  int64_t added_ = 0;
  std::vector<Untabulated> untabulated_;
  std::vector<PrecinctFindings> precinct_findings_;
  // The last precinct protocol added, copied into storage reused from one protocol to the next:
  // a precinct's two protocols nearly always arrive one after the other.
  protocol::Protocol last_;
  bool has_last_ = false;
  // Halves whose partner did not follow them, by commission id.
  std::unordered_map<std::string, protocol::Protocol> waiting_;
};

}  // namespace esep::results
