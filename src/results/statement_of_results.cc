#include "results/statement_of_results.h"

#include <numeric>

#include <fmt/format.h>

#include "base/fraction.h"
#include "base/printed_percent.h"
#include "base/text.h"
#include "results/seat_decision.h"

namespace esep::results {

int64_t UnitListResult::list_votes() const {
  return std::accumulate(party_votes.begin(), party_votes.end(), int64_t{0});
}

namespace {

UnitListResult FromPublished(const model::ListResultRow& row, std::string name) {
  UnitListResult unit;
  unit.region_id = row.region_id;
  unit.name = std::move(name);
  unit.registered_voters = row.registered_voters;
  unit.party_votes = row.party_votes;
  unit.against_all = row.against_all;
  unit.invalid = row.invalid;
  unit.ballots_total = row.ballots_total;
  unit.published_turnout = row.published_turnout;
  return unit;
}

// "party_list_by_region.csv:3 (Akmola Region)": the row's file and line, and the unit named as
// every command names it.
std::string Where(const model::ElectionDefinition& def, const model::PublishedListResults& table,
                  const model::ListResultRow& row) {
  return fmt::format("{}:{} ({})", table.source, row.line,
                     def.UnitName(row.region_id, row.published_name));
}

void AddCheck(StatementOfResults& out, std::string where, std::string what, std::string published,
              std::string computed) {
  const bool agrees = published == computed;
  out.checks.push_back(
      {std::move(where), std::move(what), std::move(published), std::move(computed), agrees});
}

// A published percentage ("42.91%", "42.91" or "43") against part / whole: consistent when the
// exact value lies within the printed figure's rounding (base/printed_percent.h, the rule every
// check uses). The computed figure is shown rounded half up to as many decimals as printed.
void AddPercentCheck(StatementOfResults& out, std::string where, std::string what,
                     const std::string& published, int64_t part, int64_t whole) {
  const Result<PrintedPercent> printed = ParsePrintedPercent(published);
  const int decimals = printed.has_value() ? printed->decimals : 2;
  const std::string computed = FormatPercent(part, whole, decimals);
  const bool agrees =
      printed.has_value() && whole > 0 && part >= 0 && WithinRounding(part, whole, *printed);
  out.checks.push_back({std::move(where), std::move(what), published, computed + "%", agrees});
}

// Every row: the parts add up to the ballots, and the turnout follows from the counts.
void CheckRow(StatementOfResults& out, const model::ElectionDefinition& def,
              const model::PublishedListResults& table, const model::ListResultRow& row) {
  const int64_t parts = row.list_votes() + row.against_all + row.invalid;
  AddCheck(out, Where(def, table, row), "ballots_total = lists + against all + invalid",
           GroupThousands(row.ballots_total), GroupThousands(parts));
  AddPercentCheck(out, Where(def, table, row), "turnout = ballots_total / registered",
                  row.published_turnout, row.ballots_total, row.registered_voters);
}

// The national row as published against the sum of the regional rows, column by column.
void CheckNational(StatementOfResults& out, const model::PublishedListResults& table,
                   const model::ListResultRow& published, const model::ElectionDefinition& def) {
  const UnitListResult& sum = out.national;
  auto compare = [&](std::string column, int64_t published_value, int64_t computed_value) {
    AddCheck(out, Where(def, table, published), fmt::format("{} = sum of the regions", column),
             GroupThousands(published_value), GroupThousands(computed_value));
  };
  compare("registered", published.registered_voters, sum.registered_voters);
  for (size_t p = 0; p < def.parties().size(); ++p) {
    compare(def.parties()[p].short_name, published.party_votes[p], sum.party_votes[p]);
  }
  compare("against_all", published.against_all, sum.against_all);
  compare("invalid", published.invalid, sum.invalid);
  compare("ballots_total", published.ballots_total, sum.ballots_total);
}

}  // namespace

Result<StatementOfResults> BuildStatement(const model::ElectionData& data,
                                          const law::RuleSet& rule_set, uint64_t lot_seed) {
  const model::ElectionDefinition& def = data.definition;
  if (!data.party_list.has_value()) {
    return FailedPreconditionError(
        fmt::format("{}: election.json names no party-list results table (results/party_list)",
                    data.directory));
  }
  StatementOfResults out;
  out.election_id = def.id();
  out.title = def.LabelledTitle();
  out.date = def.date();
  out.rule_set = rule_set;
  out.house_size = rule_set.list.seats + rule_set.district_seats;
  for (const model::Party& party : def.parties()) {
    out.party_names.push_back(party.name);
    out.party_short_names.push_back(party.short_name);
  }

  const model::PublishedListResults& table = *data.party_list;
  out.national.name = def.country();
  out.national.party_votes.assign(def.parties().size(), 0);
  for (size_t r = 0; r < table.regions.size(); ++r) {
    const model::ListResultRow& row = table.regions[r];
    out.regions.push_back(FromPublished(row, def.regions()[r].name));
    UnitListResult& sum = out.national;
    sum.registered_voters += row.registered_voters;
    for (size_t p = 0; p < row.party_votes.size(); ++p) {
      sum.party_votes[p] += row.party_votes[p];
    }
    sum.against_all += row.against_all;
    sum.invalid += row.invalid;
    sum.ballots_total += row.ballots_total;
    CheckRow(out, def, table, row);
  }
  if (table.national.has_value()) {
    out.national.published_turnout = table.national->published_turnout;
    CheckRow(out, def, table, *table.national);
    CheckNational(out, table, *table.national, def);
  }

  SeatVotes votes{.has_list_votes = true,
                  .party_votes = out.national.party_votes,
                  .against_all = out.national.against_all,
                  .invalid = out.national.invalid};
  for (const model::PublishedDistrictResult& published : data.districts) {
    DistrictDecision district{.number = published.number, .against_all = published.against_all};
    for (const model::DistrictCandidate& candidate : published.candidates) {
      district.candidates.push_back({candidate.name, candidate.affiliation, candidate.votes});
    }
    votes.districts.push_back(std::move(district));
  }
  ASSIGN_OR_RETURN(SeatDecision seats, DecideSeats(def, rule_set, std::move(votes), lot_seed));
  RETURN_IF_ERROR(seats.list_error);
  out.allocation = std::move(seats.list);
  for (size_t d = 0; d < data.districts.size(); ++d) {
    const model::PublishedDistrictResult& published = data.districts[d];
    DistrictDecision& decided = seats.districts[d];
    DistrictLine line;
    line.number = published.number;
    const std::optional<size_t> region = def.RegionIndex(published.region_id);
    line.region_name =
        region.has_value() ? def.regions()[*region].name : published.published_region;
    line.candidates = std::move(decided.candidates);
    line.published_winner = published.candidates.empty() ? "" : published.candidates[0].name;
    line.against_all = published.against_all;
    line.outcome = decided.outcome.value_or(law::DistrictOutcome{});
    const std::string computed =
        line.outcome.winner.has_value() ? line.candidates[*line.outcome.winner].name : "no one";
    AddCheck(out, fmt::format("district {} (line {})", published.number, published.line),
             "the winner is the candidate with the most votes", line.published_winner, computed);
    out.districts.push_back(std::move(line));
  }
  out.composition = std::move(seats.composition);
  out.turnout_by_hour = data.turnout_by_hour;
  return out;
}

}  // namespace esep::results
