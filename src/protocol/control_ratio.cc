#include "protocol/control_ratio.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace esep::protocol {

namespace {

using F = Figure;

// Kazakhstan's protocol form. The equations follow from what the form records; the
// Constitutional Law "On Elections" requires the count to reconcile the ballots (ODIHR 2023,
// "Election Day": counts that skipped these steps were assessed negatively). The article
// numbers of the individual checks are not confirmed from the texts esep holds
// (docs/control-ratios.md).
const ControlRatio kKazakhRatios[] = {
    {"KZ-01",
     Scope::kProtocol,
     {F::kBallotsReceived},
     Relation::kEqual,
     {F::kBallotsIssuedPremises, F::kBallotsIssuedMobile, F::kBallotsUnused, F::kBallotsSpoiled},
     Severity::kError,
     0,
     "Every ballot received must be accounted for: issued in the premises, issued for mobile "
     "voting, left unused and cancelled, or spoiled.",
     "ballot reconciliation at the count (ODIHR 2023, Election Day; article not confirmed)"},
    {"KZ-02",
     Scope::kProtocol,
     {F::kBallotsInStationaryBoxes, F::kBallotsInMobileBoxes},
     Relation::kAtMost,
     {F::kBallotsIssuedPremises, F::kBallotsIssuedMobile},
     Severity::kError,
     0,
     "The boxes cannot hold more ballots than were issued to voters.",
     "ballot reconciliation at the count (article not confirmed)"},
    {"KZ-03",
     Scope::kProtocol,
     {F::kValidBallots, F::kInvalidBallots},
     Relation::kEqual,
     {F::kBallotsInStationaryBoxes, F::kBallotsInMobileBoxes},
     Severity::kError,
     0,
     "Every ballot found in the boxes is either valid or invalid.",
     "sorting of ballots at the count (article not confirmed)"},
    {"KZ-04",
     Scope::kProtocol,
     {F::kSumOfChoices, F::kAgainstAll},
     Relation::kEqual,
     {F::kValidBallots},
     Severity::kError,
     0,
     "Each valid ballot carries exactly one vote: for a list or candidate, or against all.",
     "counting of votes (article not confirmed)"},
    {"KZ-05",
     Scope::kProtocol,
     {F::kBallotsIssuedPremises, F::kBallotsIssuedMobile},
     Relation::kAtMost,
     {F::kVotersOnList},
     Severity::kError,
     0,
     "No more ballots can be issued than there are voters on the list.",
     "one ballot per voter on the list (article not confirmed)"},
    {"KZ-06",
     Scope::kProtocol,
     {F::kBallotsInMobileBoxes},
     Relation::kAtMost,
     {F::kBallotsIssuedMobile},
     Severity::kError,
     0,
     "The mobile boxes cannot hold more ballots than were issued for mobile voting.",
     "mobile voting (article not confirmed)"},
    {"KZ-07",
     Scope::kProtocol,
     {F::kBallotsIssuedAbsentee},
     Relation::kAtMost,
     {F::kBallotsIssuedPremises},
     Severity::kError,
     0,
     "Ballots issued on absentee certificates are part of the ballots issued in the premises.",
     "absentee voting certificates (article not confirmed)"},
    {"KZ-08",
     Scope::kProtocol,
     {F::kVotersAddedOnDay},
     Relation::kAtMost,
     {F::kVotersOnList},
     Severity::kError,
     0,
     "Voters added on election day are part of the voters on the list.",
     "voter list (article not confirmed)"},
    {"KZ-09",
     Scope::kProtocol,
     {F::kTurnoutReportedDuringDay},
     Relation::kAtMost,
     {F::kBallotsIssuedPremises, F::kBallotsIssuedMobile},
     Severity::kWarning,
     0,
     "The turnout reported during the day cannot exceed the ballots issued by the close; a "
     "higher figure means the daytime report or the protocol is wrong.",
     "turnout reports during election day (ODIHR 2023 found official turnout above observed)",
     true},
    {"KZ-10",
     Scope::kPrecinct,
     {F::kBallotsIssuedPremises, F::kBallotsIssuedMobile},
     Relation::kEqual,
     {F::kBallotsIssuedPremises, F::kBallotsIssuedMobile},
     Severity::kWarning,
     0,
     "Each voter receives both ballots, so the party-list and the district protocol of one "
     "precinct should show the same ballots issued (absentee voters from another district are "
     "the one legitimate exception).",
     "mixed system since 2023: one party-list and one district ballot per voter"},
};

}  // namespace

Result<std::span<const ControlRatio>> ControlRatios(std::string_view rule_set) {
  if (rule_set.substr(0, 11) == "kz-majilis-") {
    return std::span<const ControlRatio>(kKazakhRatios);
  }
  return NotFoundError(fmt::format("no control ratios are defined for rule set '{}'", rule_set));
}

std::string Equation(const ControlRatio& ratio) {
  auto side = [](const Side& figures) {
    std::vector<std::string_view> names;
    names.reserve(figures.size());
    for (Figure figure : figures) {
      names.push_back(FigureName(figure));
    }
    return fmt::format("{}", fmt::join(names, " + "));
  };
  const std::string left = side(ratio.left);
  const std::string right = side(ratio.right);
  const char* relation = ratio.relation == Relation::kEqual ? "=" : "≤";
  if (ratio.scope == Scope::kPrecinct) {
    return fmt::format("{} (party list) {} {} (district)", left, relation, right);
  }
  return fmt::format("{} {} {}", left, relation, right);
}

std::string_view SeverityName(Severity severity) {
  return severity == Severity::kError ? "error" : "warning";
}

}  // namespace esep::protocol
