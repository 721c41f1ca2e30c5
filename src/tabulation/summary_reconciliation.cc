#include "tabulation/summary_reconciliation.h"

#include <fmt/format.h>

#include "base/text.h"

namespace esep::tabulation {

namespace {

using model::CommissionLevel;
using protocol::ContestRef;
using protocol::Figure;

std::string ChoiceName(const model::ElectionDefinition& definition, const ContestRef& contest,
                       size_t k) {
  if (contest.kind == ContestRef::Kind::kPartyList) {
    if (k < definition.parties().size()) {
      return fmt::format("votes for {}", definition.parties()[k].short_name);
    }
  } else if (contest.district >= 1 &&
             static_cast<size_t>(contest.district) <= definition.districts().size()) {
    const auto& candidates =
        definition.districts()[static_cast<size_t>(contest.district - 1)].candidates;
    if (k < candidates.size()) {
      return fmt::format("votes for {}", candidates[k].name);
    }
  }
  return fmt::format("votes for choice {}", k + 1);
}

std::string SignedCount(int64_t value) {
  return fmt::format("{}{}", value < 0 ? '-' : '+', GroupThousands(value < 0 ? -value : value));
}

}  // namespace

std::string Reconciliation::Describe() const {
  std::string text = fmt::format("{}'s summary protocol ({}) ", commission_id, contest.ToString());
  const std::string sum = fmt::format("the sum of its {} of {} precinct protocols",
                                      GroupThousands(children), GroupThousands(expected));
  if (differences.empty()) {
    return text + "agrees with " + sum + ".";
  }
  text += "differs from " + sum + ": ";
  for (size_t i = 0; i < differences.size(); ++i) {
    const SummaryDifference& d = differences[i];
    text += fmt::format("{}{} {} on the summary, {} in the precincts ({})", i == 0 ? "" : "; ",
                        d.figure, GroupThousands(d.summary), GroupThousands(d.children),
                        SignedCount(d.summary - d.children));
  }
  if (children < expected) {
    text += "; not every precinct protocol is in yet, so the difference may close";
  }
  return text + ".";
}

Result<SummaryReconciler> SummaryReconciler::Create(const model::ElectionDefinition& definition) {
  SummaryReconciler reconciler(definition);
  size_t territorials = 0;
  for (size_t i = 0; i < definition.commissions().size(); ++i) {
    const model::Commission& commission = definition.commissions()[i];
    if (commission.level == CommissionLevel::kPrecinct) {
      continue;
    }
    reconciler.higher_.push_back(static_cast<uint32_t>(i));
    reconciler.commission_index_.Insert(
        commission.id, static_cast<uint32_t>(reconciler.higher_.size() - 1), reconciler.HigherId());
    if (commission.level == CommissionLevel::kTerritorial) {
      reconciler.territorial_index_.emplace(commission.id, territorials++);
    }
  }
  return reconciler;
}

std::optional<size_t> SummaryReconciler::FindHigher(std::string_view commission_id) const {
  const std::optional<uint32_t> found = commission_index_.Find(commission_id, HigherId());
  if (!found.has_value()) {
    return std::nullopt;
  }
  return higher_[*found];
}

bool SummaryReconciler::IsSummaryCommission(const std::string& commission_id) const {
  return FindHigher(commission_id).has_value();
}

Status SummaryReconciler::Check(const protocol::Protocol& summary) const {
  const std::optional<size_t> found = FindHigher(summary.commission_id);
  if (!found.has_value()) {
    return InvalidArgumentError(fmt::format(
        "'{}' is not a commission above the precincts of {}, so it has no summary to reconcile",
        summary.commission_id, definition_->id()));
  }
  const model::Commission& commission = definition_->commissions()[*found];
  const bool list = summary.contest.kind == ContestRef::Kind::kPartyList;
  const bool tabulates = commission.level == CommissionLevel::kDistrict
                             ? !list && summary.contest.district == commission.district
                             : list && commission.level != CommissionLevel::kPrecinct;
  if (!tabulates) {
    return InvalidArgumentError(fmt::format(
        "{}: a {} commission does not tabulate the {} contest, so its summary protocol for it "
        "cannot be reconciled",
        commission.id, CommissionLevelName(commission.level), summary.contest.ToString()));
  }
  size_t choices = definition_->parties().size();
  if (!list) {
    const size_t d = static_cast<size_t>(summary.contest.district - 1);
    choices =
        d < definition_->districts().size() ? definition_->districts()[d].candidates.size() : 0;
  }
  if (choices > 0 && summary.choice_votes.size() != choices) {
    return InvalidArgumentError(fmt::format(
        "{}: the summary protocol ({}) has {} choices, but the ballot has {}", commission.id,
        summary.contest.ToString(), summary.choice_votes.size(), choices));
  }
  return OkStatus();
}

Result<const Tally*> SummaryReconciler::TallyFor(const Tabulator& tabulator,
                                                 const protocol::Protocol& summary) const {
  RETURN_IF_ERROR(Check(summary));
  const model::Commission& commission =
      definition_->commissions()[*FindHigher(summary.commission_id)];
  const Tally* tally = nullptr;
  switch (commission.level) {
    case CommissionLevel::kCentral:
      tally = &tabulator.national();
      break;
    case CommissionLevel::kRegional:
      if (const auto region = definition_->RegionIndex(commission.region_id)) {
        tally = &tabulator.regions()[*region];
      }
      break;
    case CommissionLevel::kTerritorial:
      if (const auto t = territorial_index_.find(commission.id);
          t != territorial_index_.end() && t->second < tabulator.territorials().size() &&
          tabulator.territorial_ids()[t->second] == commission.id) {
        tally = &tabulator.territorials()[t->second];
      }
      break;
    case CommissionLevel::kDistrict:
      if (commission.district >= 1 &&
          static_cast<size_t>(commission.district) <= tabulator.districts().size()) {
        tally = &tabulator.districts()[static_cast<size_t>(commission.district - 1)];
      }
      break;
    case CommissionLevel::kPrecinct:
      break;
  }
  if (tally == nullptr) {
    return InternalError(
        fmt::format("{}: the tabulator has no tally for this commission", commission.id));
  }
  if (tally->protocols > 0 && summary.choice_votes.size() != tally->sum.choice_votes.size()) {
    return InvalidArgumentError(fmt::format(
        "{}: the summary protocol ({}) has {} choices, but its precincts' ballot has {}",
        commission.id, summary.contest.ToString(), summary.choice_votes.size(),
        tally->sum.choice_votes.size()));
  }
  return tally;
}

Result<Reconciliation> SummaryReconciler::Reconcile(const Tabulator& tabulator,
                                                    const protocol::Protocol& summary) const {
  ASSIGN_OR_RETURN(const Tally* tally, TallyFor(tabulator, summary));
  Reconciliation result;
  result.commission_id = summary.commission_id;
  result.contest = summary.contest;
  result.children = tally->protocols;
  result.expected = tally->expected;
  // Every recorded count (protocol::kCountFields). The daytime turnout report is not compared:
  // summaries do not carry it.
  for (const protocol::CountField& count : protocol::kCountFields) {
    const Figure figure = count.figure;
    const int64_t on_summary = summary.Get(figure);
    const int64_t in_children = tally->sum.Get(figure);
    if (on_summary != in_children) {
      result.differences.push_back(
          {std::string(protocol::FigureName(figure)), on_summary, in_children});
    }
  }
  for (size_t k = 0; k < summary.choice_votes.size(); ++k) {
    const int64_t in_children = k < tally->sum.choice_votes.size() ? tally->sum.choice_votes[k] : 0;
    if (summary.choice_votes[k] != in_children) {
      result.differences.push_back(
          {ChoiceName(*definition_, summary.contest, k), summary.choice_votes[k], in_children});
    }
  }
  return result;
}

}  // namespace esep::tabulation
