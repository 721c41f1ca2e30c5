#include "law/list_allocation.h"

#include <algorithm>
#include <cassert>
#include <numeric>
#include <set>
#include <utility>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "base/int128.h"
#include "base/text.h"
#include "law/largest_remainder.h"
#include "law/tie_order.h"

namespace esep::law {

namespace {

// Percent of `whole` with two decimals, as a commission publishes it.
std::string Pct(int64_t part, int64_t whole) { return FormatPercent(part, whole, 2) + "%"; }

std::string Votes(int64_t votes) { return GroupThousands(votes); }

// "1 vote", "2 votes".
std::string VotesNoun(int64_t votes) { return votes == 1 ? "vote" : "votes"; }

// A fraction of votes as "n/d ≈ 1,234.57".
std::string ExactVotes(const Fraction& value) {
  if (value.denominator() == 1) {
    return Votes(value.numerator());
  }
  const std::string decimal = value.ToDecimal(2);
  const size_t point = decimal.find('.');
  return fmt::format("{} ≈ {}{}", value.ToString(), GroupThousands(value.Floor()),
                     decimal.substr(point));
}

Status CheckInput(const ListContestVotes& votes, const ListRules& rules) {
  if (rules.seats <= 0) {
    return InvalidArgumentError(
        fmt::format("{} seats to fill: at least one seat is required", rules.seats));
  }
  if (votes.lists.empty()) {
    return InvalidArgumentError("no party lists were given");
  }
  if (votes.against_all < 0 || votes.invalid < 0) {
    return InvalidArgumentError("'against all' and invalid ballots cannot be negative");
  }
  std::set<std::string> seen;
  for (const ListVotes& list : votes.lists) {
    if (Trim(list.name).empty()) {
      return InvalidArgumentError("a list has no name");
    }
    if (list.votes < 0) {
      return InvalidArgumentError(
          fmt::format("list '{}' has {} votes; votes cannot be negative", list.name, list.votes));
    }
    if (list.candidates.has_value() && *list.candidates < 0) {
      return InvalidArgumentError(
          fmt::format("list '{}' has a negative number of candidates", list.name));
    }
    if (!seen.insert(NormalizeName(list.name)).second) {
      return InvalidArgumentError(fmt::format("list '{}' is given twice", list.name));
    }
  }
  if (rules.runner_up_min_seats < 0) {
    return InvalidArgumentError("the runner-up guarantee cannot be negative");
  }
  return OkStatus();
}

// Builds the admitted subset: lists over the threshold, plus the runner-up when exactly one
// passes and the guarantee is on. Returns the index of the runner-up admitted, if any.
Result<std::optional<size_t>> Admit(const ListContestVotes& votes, ListAllocation& out) {
  const ListRules& rules = out.rules;
  std::vector<size_t> passed;
  for (size_t i = 0; i < out.rows.size(); ++i) {
    ListAllocationRow& row = out.rows[i];
    const bool passes = ReachesPercent(row.votes, out.threshold_base, rules.threshold_percent);
    row.admission = passes ? Admission::kPassedThreshold : Admission::kBelowThreshold;
    if (passes) {
      passed.push_back(i);
    }
    out.steps.push_back({"threshold", fmt::format("{}: {} {} = {} of the threshold base: {}",
                                                  row.name, Votes(row.votes), VotesNoun(row.votes),
                                                  Pct(row.votes, out.threshold_base),
                                                  passes ? "passes" : "below the threshold")});
  }
  if (passed.empty()) {
    const auto best =
        std::max_element(out.rows.begin(), out.rows.end(),
                         [](const auto& a, const auto& b) { return a.votes < b.votes; });
    return FailedPreconditionError(fmt::format(
        "no list reached the {}% threshold (the most votes: '{}' with {} of {}); the law gives no "
        "seats in this case",
        rules.threshold_percent.ToDecimal(2), best->name, Pct(best->votes, out.threshold_base),
        Votes(out.threshold_base)));
  }
  if (passed.size() != 1 || rules.runner_up_min_seats == 0) {
    return std::optional<size_t>();
  }
  // Exactly one list passed: the guarantee admits the list with the next-most votes.
  std::vector<Contender> others;
  std::vector<size_t> other_index;
  int64_t most = 0;
  for (size_t i = 0; i < out.rows.size(); ++i) {
    if (i != passed[0] && out.rows[i].votes > 0) {
      most = std::max(most, out.rows[i].votes);
    }
  }
  for (size_t i = 0; i < out.rows.size(); ++i) {
    if (i != passed[0] && most > 0 && out.rows[i].votes == most) {
      others.push_back({votes.lists[i].name, votes.lists[i].votes, votes.lists[i].registered_on});
      other_index.push_back(i);
    }
  }
  if (others.empty()) {
    out.steps.push_back({"admission", fmt::format("Only {} passed the threshold and no other list "
                                                  "has votes, so the runner-up guarantee cannot "
                                                  "apply.",
                                                  out.rows[passed[0]].name)});
    return std::optional<size_t>();
  }
  size_t chosen = 0;
  if (others.size() > 1) {
    const TieOrder order(others, rules.tie_break, rules.lot_seed);
    for (size_t k = 1; k < others.size(); ++k) {
      if (order.ranks()[k] < order.ranks()[chosen]) {
        chosen = k;
      }
    }
    for (size_t k = 0; k < others.size(); ++k) {
      if (k != chosen) {
        out.steps.push_back({"tie", "Tie for the runner-up place: " + order.Explain(chosen, k)});
        out.lot_decided = out.lot_decided || order.DecidedByLot(chosen, k);
      }
    }
  }
  const size_t runner_up = other_index[chosen];
  out.rows[runner_up].admission = Admission::kRunnerUpGuarantee;
  out.steps.push_back(
      {"admission",
       fmt::format("Only {} passed the threshold, so {} (the next-most votes, {}) is admitted "
                   "too and is guaranteed at least {} seats.",
                   out.rows[passed[0]].name, out.rows[runner_up].name,
                   Votes(out.rows[runner_up].votes), rules.runner_up_min_seats)});
  return std::optional<size_t>(runner_up);
}

// The lists sharing one apportionment: `members` index into out.rows, and the tie order ranks
// them for the tie-break rule. Shared by the largest-remainder and divisor paths so both explain
// names and ties the same way.
struct ApportionContext {
  const std::vector<size_t>& members;
  const TieOrder& order;
  ListAllocation& out;

  const std::string& Name(size_t k) const { return out.rows[members[k]].name; }

  // Records that the tie-break rule put `winner` ahead of `loser` for the last `what`.
  void NoteTie(size_t winner, size_t loser, std::string_view what) const {
    out.steps.push_back(
        {"tie", fmt::format("Tie for the last {} between {} and {}: {}{}.", what, Name(winner),
                            Name(loser), order.Explain(winner, loser),
                            order.registration_unavailable()
                                ? " (the registration rule needs every list's registration "
                                  "date, and not all are known)"
                                : "")});
    out.lot_decided = out.lot_decided || order.DecidedByLot(winner, loser);
  }
};

// Explains the remainder seats of a largest-remainder apportionment: who got one, who is next
// in line, and which equal remainders across that line the tie-break rule decided.
void ExplainRemainderSeats(const LargestRemainderResult& lr, const ApportionContext& context) {
  ListAllocation& out = context.out;
  for (size_t s = 0; s < lr.remainder_order.size(); ++s) {
    const size_t k = lr.remainder_order[s];
    out.steps.push_back(
        {"remainder-seats", fmt::format("Remainder seat {} of {}: {} (remainder {} votes).", s + 1,
                                        lr.remainder_order.size(), context.Name(k),
                                        ExactVotes(lr.rows[k].remainder))});
  }
  // The first list ranked below the last remainder seat is "next in line"; equal
  // remainders across that line are a tie the tie-break rule decided.
  // With more seats left than lists (possible under Droop) the ranking is gone through
  // again; the boundary is where the last round stopped.
  const size_t given =
      lr.remainder_ranking.empty() ? 0 : lr.remainder_order.size() % lr.remainder_ranking.size();
  if (given == 0 || given >= lr.remainder_ranking.size()) {
    return;
  }
  const size_t last = lr.remainder_ranking[given - 1];
  const size_t next = lr.remainder_ranking[given];
  out.steps.push_back(
      {"remainder-seats", fmt::format("Next in line without a remainder seat: {} (remainder {} "
                                      "votes).",
                                      context.Name(next), ExactVotes(lr.rows[next].remainder))});
  for (size_t r = given; r < lr.remainder_ranking.size(); ++r) {
    const size_t loser = lr.remainder_ranking[r];
    if (lr.rows[loser].remainder == lr.rows[last].remainder) {
      context.NoteTie(last, loser, "remainder seat");
    }
  }
}

// Hare or Droop: whole quotas first, then the largest remainders. Returns seats per member.
Result<std::vector<int64_t>> ApportionByLargestRemainder(const std::vector<int64_t>& member_votes,
                                                         int64_t seats,
                                                         const ApportionContext& context) {
  ListAllocation& out = context.out;
  const ApportionmentMethod method = out.rules.method;
  ASSIGN_OR_RETURN(LargestRemainderResult lr,
                   AllocateLargestRemainder(method, member_votes, seats, context.order.ranks()));
  const int64_t base = std::accumulate(member_votes.begin(), member_votes.end(), int64_t{0});
  out.quota = lr.quota;
  out.steps.push_back(
      {"quota", method == ApportionmentMethod::kHare
                    ? fmt::format("Hare quota = {} votes of the admitted lists / {} seats = {} "
                                  "votes.",
                                  Votes(base), seats, ExactVotes(lr.quota))
                    : fmt::format("Droop quota = floor({} votes / ({} seats + 1)) + 1 = {} votes.",
                                  Votes(base), seats, ExactVotes(lr.quota))});
  std::vector<int64_t> result(context.members.size(), 0);
  int64_t whole = 0;
  for (size_t k = 0; k < context.members.size(); ++k) {
    const LargestRemainderRow& lr_row = lr.rows[k];
    ListAllocationRow& row = out.rows[context.members[k]];
    row.quotient = lr_row.quotient;
    row.remainder = lr_row.remainder;
    row.whole_seats = lr_row.whole_seats;
    row.remainder_seats = lr_row.remainder_seats;
    whole += lr_row.whole_seats;
    out.steps.push_back(
        {"whole-seats", fmt::format("{}: {} / quota = {} → {} whole seats, remainder {} votes.",
                                    row.name, Votes(row.votes), lr_row.quotient.ToDecimal(4),
                                    lr_row.whole_seats, ExactVotes(lr_row.remainder))});
    result[k] = lr_row.seats();
  }
  out.steps.push_back({"whole-seats", fmt::format("Whole quotas fill {} of {} seats; {} left "
                                                  "for the largest remainders.",
                                                  whole, seats, seats - whole)});
  ExplainRemainderSeats(lr, context);
  return result;
}

// Explains the last seat of a divisor apportionment and the quotient next in line after it,
// noting a tie when the two quotients are equal.
void ExplainLastDivisorSeat(const std::vector<DivisorAward>& awards,
                            const std::vector<int64_t>& member_votes,
                            const std::vector<int64_t>& result, const ApportionContext& context) {
  ListAllocation& out = context.out;
  const ApportionmentMethod method = out.rules.method;
  const DivisorAward& last = awards.back();
  out.steps.push_back({"last-seat", fmt::format("Seat {} (the last) went to {} with quotient {} / "
                                                "{} = {}.",
                                                awards.size(), context.Name(last.list),
                                                Votes(member_votes[last.list]), last.divisor,
                                                last.quotient.ToDecimal(4))});
  // The next quotient in line is each list's next one; report the best.
  std::optional<size_t> next;
  Fraction next_quotient;
  for (size_t k = 0; k < context.members.size(); ++k) {
    const Fraction q(member_votes[k], Divisor(method, result[k]));
    if (!next.has_value() || q > next_quotient ||
        (q == next_quotient && context.order.ranks()[k] < context.order.ranks()[*next])) {
      next = k;
      next_quotient = q;
    }
  }
  if (!next.has_value()) {
    return;
  }
  out.steps.push_back(
      {"last-seat", fmt::format("Next in line: {} with quotient {} / {} = {}.", context.Name(*next),
                                Votes(member_votes[*next]), Divisor(method, result[*next]),
                                next_quotient.ToDecimal(4))});
  if (next_quotient == last.quotient && *next != last.list) {
    context.NoteTie(last.list, *next, "seat");
  }
}

// D'Hondt, Sainte-Laguë and the other divisor methods: seats one at a time to the largest
// quotient. Returns seats per member and records each award in out.awards.
Result<std::vector<int64_t>> ApportionByDivisors(const std::vector<int64_t>& member_votes,
                                                 int64_t seats, const ApportionContext& context) {
  ListAllocation& out = context.out;
  const ApportionmentMethod method = out.rules.method;
  ASSIGN_OR_RETURN(std::vector<DivisorAward> awards,
                   AllocateByDivisors(method, member_votes, seats, context.order.ranks()));
  const std::vector<int64_t> result = SeatsFromAwards(awards, context.members.size());
  out.steps.push_back({"quotients", fmt::format("Seats go one at a time to the largest quotient "
                                                "votes / divisor ({}).",
                                                MethodTitle(method))});
  for (size_t k = 0; k < context.members.size(); ++k) {
    out.rows[context.members[k]].whole_seats = 0;
    out.steps.push_back(
        {"quotients", fmt::format("{}: {} votes → {} {}.", context.Name(k), Votes(member_votes[k]),
                                  result[k], result[k] == 1 ? "seat" : "seats")});
  }
  for (size_t seat = 0; seat < awards.size(); ++seat) {
    const DivisorAward& award = awards[seat];
    out.steps.push_back(
        {"award",
         fmt::format("Seat {}: {} ({} / {} = {}).", seat + 1, context.Name(award.list),
                     Votes(member_votes[award.list]), award.divisor, award.quotient.ToDecimal(2))});
  }
  ExplainLastDivisorSeat(awards, member_votes, result, context);
  for (DivisorAward award : awards) {
    award.list = context.members[award.list];
    out.awards.push_back(award);
  }
  return result;
}

// Seats for the lists `members` (indices into out.rows) sharing `seats`, by the method.
// Fills whole/remainder detail and steps; returns seats per member.
Result<std::vector<int64_t>> Apportion(const ListContestVotes& votes,
                                       const std::vector<size_t>& members, int64_t seats,
                                       ListAllocation& out) {
  std::vector<Contender> contenders;
  std::vector<int64_t> member_votes;
  for (size_t i : members) {
    contenders.push_back({votes.lists[i].name, votes.lists[i].votes, votes.lists[i].registered_on});
    member_votes.push_back(votes.lists[i].votes);
  }
  const TieOrder order(contenders, out.rules.tie_break, out.rules.lot_seed);
  const ApportionContext context{members, order, out};
  if (IsLargestRemainder(out.rules.method)) {
    return ApportionByLargestRemainder(member_votes, seats, context);
  }
  return ApportionByDivisors(member_votes, seats, context);
}

// Seats won beyond a list's candidates: capped and shared among the others until every
// list can fill its seats (or no list with candidates is left).
Status Reallocate(const ListContestVotes& votes, std::vector<size_t> members, ListAllocation& out) {
  int64_t to_share = out.rules.seats;
  for (int round = 0; round < 1000; ++round) {
    std::vector<size_t> capped;
    for (size_t i : members) {
      const auto& candidates = votes.lists[i].candidates;
      if (candidates.has_value() && out.rows[i].seats_won > *candidates) {
        capped.push_back(i);
      }
    }
    if (capped.empty()) {
      return OkStatus();
    }
    std::vector<std::pair<size_t, int64_t>> won_before_cap;
    for (size_t i : capped) {
      ListAllocationRow& row = out.rows[i];
      won_before_cap.emplace_back(i, row.seats_won);
      out.steps.push_back(
          {"surplus", fmt::format("{} won {} seats but has {} candidates; it keeps "
                                  "{} and the rest are shared among the other "
                                  "admitted lists.",
                                  row.name, row.seats_won, *votes.lists[i].candidates,
                                  *votes.lists[i].candidates)});
      row.seats_won = *votes.lists[i].candidates;
      to_share -= row.seats_won;
      members.erase(std::find(members.begin(), members.end(), i));
    }
    int64_t others = 0;
    for (size_t i : members) {
      others += out.rows[i].votes;
    }
    if (members.empty() || to_share <= 0 || others == 0) {
      // Nothing left to share with: the lists just capped keep what they won, so that the
      // seats beyond their candidates are reported vacant below instead of being lost.
      for (const auto& [i, won] : won_before_cap) {
        out.rows[i].seats_won = won;
      }
      return OkStatus();
    }
    ASSIGN_OR_RETURN(std::vector<int64_t> seats, Apportion(votes, members, to_share, out));
    for (size_t k = 0; k < members.size(); ++k) {
      out.rows[members[k]].seats_won = seats[k];
    }
  }
  return InternalError("reallocation of surplus seats did not settle");
}

// The rows, the vote totals and the threshold base, with the step that states the threshold.
// Fails when no vote was cast for any list.
Result<ListAllocation> StartAllocation(const ListContestVotes& votes, const ListRules& rules) {
  ListAllocation out;
  out.rules = rules;
  out.against_all = votes.against_all;
  out.invalid = votes.invalid;
  for (const ListVotes& list : votes.lists) {
    ListAllocationRow row;
    row.name = list.name;
    row.votes = list.votes;
    out.rows.push_back(std::move(row));
    out.list_votes += list.votes;
  }
  out.threshold_base = out.list_votes + out.against_all;
  std::string base_text = fmt::format("votes for lists {} + against all {}", Votes(out.list_votes),
                                      Votes(out.against_all));
  if (rules.threshold_base == ThresholdBase::kBallotsCast) {
    out.threshold_base += out.invalid;
    base_text += fmt::format(" + invalid ballots {}", Votes(out.invalid));
  } else if (out.invalid > 0) {
    base_text += fmt::format("; invalid ballots ({}) excluded", Votes(out.invalid));
  }
  // Checked on the list votes, not the threshold base: "against all" or invalid ballots alone
  // must not let a 0% threshold hand seats to lists nobody voted for.
  if (out.list_votes == 0) {
    return FailedPreconditionError("no votes were cast for any list, so no seat can be allocated");
  }
  out.steps.push_back(
      {"threshold",
       fmt::format(
           "Threshold: {}% of {} ({}) = {} votes; a list passes when votes × 100 ≥ {} × {}.",
           rules.threshold_percent.ToDecimal(2), Votes(out.threshold_base), base_text,
           ExactVotes(Fraction(out.threshold_base * rules.threshold_percent.numerator(),
                               rules.threshold_percent.denominator() * 100)),
           rules.threshold_percent.ToString(), Votes(out.threshold_base))});
  return out;
}

// Raises the admitted runner-up to the guaranteed seats, taking them from the leader (the
// only other admitted list, since the guarantee applies only when one list passed).
void ApplyRunnerUpGuarantee(size_t runner_up, const std::vector<size_t>& members,
                            ListAllocation& out) {
  const ListRules& rules = out.rules;
  ListAllocationRow& second = out.rows[runner_up];
  if (second.seats_won >= rules.runner_up_min_seats) {
    out.steps.push_back(
        {"guarantee", fmt::format("Runner-up guarantee: {} already has {} seats "
                                  "(at least {}), nothing to change.",
                                  second.name, second.seats_won, rules.runner_up_min_seats)});
    return;
  }
  const int64_t raise = rules.runner_up_min_seats - second.seats_won;
  ListAllocationRow* leader = nullptr;
  for (size_t i : members) {
    if (i != runner_up) {
      leader = &out.rows[i];
    }
  }
  if (leader == nullptr) {
    // The caller applies the guarantee only when the leader passed too; a lone runner-up
    // would have no one to take seats from.
    assert(false && "runner-up guarantee without a leader");
    return;
  }
  second.guarantee_change = raise;
  leader->guarantee_change = -raise;
  out.steps.push_back(
      {"guarantee", fmt::format("Runner-up guarantee: {} is raised from {} to {} seats and {} "
                                "goes from {} to {}.",
                                second.name, second.seats_won, rules.runner_up_min_seats,
                                leader->name, leader->seats_won, leader->seats_won - raise)});
  second.seats_won += raise;
  leader->seats_won -= raise;
}

// Seats a list won beyond its candidates stay vacant; sums filled and vacant seats.
void SettleVacancies(const ListContestVotes& votes, ListAllocation& out) {
  for (size_t i = 0; i < out.rows.size(); ++i) {
    ListAllocationRow& row = out.rows[i];
    row.seats = row.seats_won;
    const auto& candidates = votes.lists[i].candidates;
    if (candidates.has_value() && row.seats > *candidates) {
      row.vacant = row.seats - *candidates;
      row.seats = *candidates;
      out.steps.push_back(
          {"vacancy", fmt::format("{} won {} seats but has only {} candidates: {} "
                                  "seats stay vacant.",
                                  row.name, row.seats_won, *candidates, row.vacant)});
    }
    out.seats_filled += row.seats;
    out.seats_vacant += row.vacant;
  }
}

// The closing steps: seats per admitted list, and the seed when a lot decided a seat.
void SummarizeResult(ListAllocation& out) {
  std::vector<std::string> summary;
  for (const ListAllocationRow& row : out.rows) {
    if (row.admitted()) {
      summary.push_back(fmt::format("{} {}", row.name, row.seats));
    }
  }
  out.steps.push_back(
      {"result",
       fmt::format("Seats: {}{}.", fmt::join(summary, ", "),
                   out.seats_vacant > 0 ? fmt::format("; {} vacant", out.seats_vacant) : "")});
  if (out.lot_decided) {
    out.steps.push_back({"lot", fmt::format("A drawing of lots decided a seat; anyone can repeat "
                                            "it with seed {}.",
                                            out.rules.lot_seed)});
  }
}

}  // namespace

std::string_view AdmissionName(Admission admission) {
  switch (admission) {
    case Admission::kPassedThreshold:
      return "passed";
    case Admission::kRunnerUpGuarantee:
      return "runner-up";
    case Admission::kBelowThreshold:
      return "below";
  }
  return "?";
}

Result<ListAllocation> AllocateListSeats(const ListContestVotes& votes, const ListRules& rules) {
  RETURN_IF_ERROR(CheckInput(votes, rules));
  ASSIGN_OR_RETURN(ListAllocation out, StartAllocation(votes, rules));
  ASSIGN_OR_RETURN(std::optional<size_t> runner_up, Admit(votes, out));
  std::vector<size_t> members;
  for (size_t i = 0; i < out.rows.size(); ++i) {
    if (out.rows[i].admitted()) {
      members.push_back(i);
      out.admitted_votes += out.rows[i].votes;
    }
  }
  if (runner_up.has_value() && rules.seats <= rules.runner_up_min_seats) {
    return FailedPreconditionError(fmt::format(
        "{} seats cannot honour a runner-up guarantee of {} seats and leave the leader any",
        rules.seats, rules.runner_up_min_seats));
  }
  ASSIGN_OR_RETURN(std::vector<int64_t> seats, Apportion(votes, members, rules.seats, out));
  for (size_t k = 0; k < members.size(); ++k) {
    out.rows[members[k]].seats_won = seats[k];
  }
  if (runner_up.has_value()) {
    ApplyRunnerUpGuarantee(*runner_up, members, out);
  }
  if (rules.surplus == SurplusSeats::kReallocate) {
    RETURN_IF_ERROR(Reallocate(votes, members, out));
  }
  SettleVacancies(votes, out);
  SummarizeResult(out);
  return out;
}

}  // namespace esep::law
