#include "statement/statement_of_results.h"

#include <map>
#include <numeric>

#include <fmt/format.h>

#include "base/fraction.h"
#include "base/text.h"
#include "statement/party_list_votes.h"

namespace esep::statement {

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

std::string Where(const model::PublishedListResults& table, const model::ListResultRow& row) {
  return fmt::format("{}:{} ({})", table.source, row.line, row.published_name);
}

void AddCheck(StatementOfResults& out, std::string where, std::string what, std::string published,
              std::string computed) {
  const bool agrees = published == computed;
  out.checks.push_back(
      {std::move(where), std::move(what), std::move(published), std::move(computed), agrees});
}

// A published percentage ("42.91%", "42.91" or "43") against part/whole rounded half up to
// the same number of decimals, compared as numbers.
void AddPercentCheck(StatementOfResults& out, std::string where, std::string what,
                     const std::string& published, int64_t part, int64_t whole) {
  std::string_view digits = Trim(published);
  if (!digits.empty() && digits.back() == '%') {
    digits.remove_suffix(1);
  }
  const size_t point = digits.find('.');
  const int decimals =
      point == std::string_view::npos ? 0 : static_cast<int>(digits.size() - point - 1);
  const std::string computed = FormatPercent(part, whole, decimals);
  const Result<Fraction> published_value = Fraction::ParseDecimal(digits);
  const Result<Fraction> computed_value = Fraction::ParseDecimal(computed);
  const bool agrees = published_value.has_value() && computed_value.has_value() &&
                      *published_value == *computed_value;
  out.checks.push_back({std::move(where), std::move(what), published, computed + "%", agrees});
}

// Every row: the parts add up to the ballots, and the turnout follows from the counts.
void CheckRow(StatementOfResults& out, const model::PublishedListResults& table,
              const model::ListResultRow& row) {
  const int64_t parts = row.list_votes() + row.against_all + row.invalid;
  AddCheck(out, Where(table, row), "ballots_total = lists + against all + invalid",
           GroupThousands(row.ballots_total), GroupThousands(parts));
  // esep rounds the exact ratio half up to as many decimals as the publisher printed.
  AddPercentCheck(out, Where(table, row), "turnout = ballots_total / registered",
                  row.published_turnout, row.ballots_total, row.registered_voters);
}

// The national row as published against the sum of the regional rows, column by column.
void CheckNational(StatementOfResults& out, const model::PublishedListResults& table,
                   const model::ListResultRow& published, const model::ElectionDefinition& def) {
  const UnitListResult& sum = out.national;
  auto compare = [&](std::string column, int64_t published_value, int64_t computed_value) {
    AddCheck(out, Where(table, published), fmt::format("{} = sum of the regions", column),
             GroupThousands(published_value), GroupThousands(computed_value));
  };
  compare("registered", published.registered_voters, sum.registered_voters);
  for (size_t p = 0; p < def.parties.size(); ++p) {
    compare(def.parties[p].short_name, published.party_votes[p], sum.party_votes[p]);
  }
  compare("against_all", published.against_all, sum.against_all);
  compare("invalid", published.invalid, sum.invalid);
  compare("ballots_total", published.ballots_total, sum.ballots_total);
}

std::vector<CompositionLine> Compose(const StatementOfResults& out,
                                     const model::ElectionDefinition& def) {
  std::vector<CompositionLine> lines;
  std::map<std::string, size_t> index;
  auto line_for = [&](const std::string& affiliation) -> CompositionLine& {
    auto [it, inserted] = index.emplace(NormalizeName(affiliation), lines.size());
    if (inserted) {
      lines.push_back({.affiliation = affiliation});
    }
    return lines[it->second];
  };
  for (const model::Party& party : def.parties) {
    line_for(party.name);
  }
  if (out.allocation.has_value()) {
    for (size_t p = 0; p < def.parties.size(); ++p) {
      CompositionLine& line = line_for(def.parties[p].name);
      line.list_seats += out.allocation->rows[p].seats;
      line.vacant += out.allocation->rows[p].vacant;
    }
  }
  for (const DistrictLine& district : out.districts) {
    if (!district.outcome.winner.has_value()) {
      continue;
    }
    const law::CandidateVotes& winner = district.candidates[*district.outcome.winner];
    // "Independent (Amanat)": self-nominated, with the affiliation the source notes.
    const std::optional<size_t> party = def.FindParty(winner.affiliation);
    if (party.has_value()) {
      line_for(def.parties[*party].name).district_seats += 1;
      continue;
    }
    CompositionLine& line = line_for("Independent");
    line.district_seats += 1;
    if (NormalizeName(winner.affiliation) != "independent") {
      line.notes.push_back(fmt::format("{} (district {}) stood as {}", winner.name, district.number,
                                       winner.affiliation));
    }
  }
  return lines;
}

}  // namespace

Result<StatementOfResults> BuildStatement(const io::ElectionData& data,
                                          const law::RuleSet& rule_set, uint64_t lot_seed) {
  const model::ElectionDefinition& def = data.definition;
  if (!data.party_list.has_value()) {
    return FailedPreconditionError(
        fmt::format("{}: election.json names no party-list results table (results/party_list)",
                    data.directory));
  }
  StatementOfResults out;
  out.election_id = def.id;
  out.title = def.title;
  out.date = def.date;
  out.rule_set = rule_set;
  out.house_size = rule_set.list.seats + rule_set.district_seats;
  for (const model::Party& party : def.parties) {
    out.party_names.push_back(party.name);
    out.party_short_names.push_back(party.short_name);
  }

  const model::PublishedListResults& table = *data.party_list;
  out.national.name = def.country;
  out.national.party_votes.assign(def.parties.size(), 0);
  for (size_t r = 0; r < table.regions.size(); ++r) {
    const model::ListResultRow& row = table.regions[r];
    out.regions.push_back(FromPublished(row, def.regions[r].name));
    UnitListResult& sum = out.national;
    sum.registered_voters += row.registered_voters;
    for (size_t p = 0; p < row.party_votes.size(); ++p) {
      sum.party_votes[p] += row.party_votes[p];
    }
    sum.against_all += row.against_all;
    sum.invalid += row.invalid;
    sum.ballots_total += row.ballots_total;
    CheckRow(out, table, row);
  }
  if (table.national.has_value()) {
    out.national.published_turnout = table.national->published_turnout;
    CheckRow(out, table, *table.national);
    CheckNational(out, table, *table.national, def);
  }

  if (rule_set.list.seats > 0) {
    const law::ListContestVotes votes = PartyListVotes(
        def, out.national.party_votes, out.national.against_all, out.national.invalid);
    law::ListRules rules = rule_set.list;
    rules.lot_seed = lot_seed;
    ASSIGN_OR_RETURN(out.allocation, law::AllocateListSeats(votes, rules));
  }

  for (const model::PublishedDistrictResult& published : data.districts) {
    DistrictLine line;
    line.number = published.number;
    const std::optional<size_t> region = def.RegionIndex(published.region_id);
    line.region_name = region.has_value() ? def.regions[*region].name : published.published_region;
    for (const model::DistrictCandidate& candidate : published.candidates) {
      line.candidates.push_back({candidate.name, candidate.affiliation, candidate.votes});
    }
    line.published_winner = published.candidates.empty() ? "" : published.candidates[0].name;
    line.against_all = published.against_all;
    Result<law::DistrictOutcome> outcome = law::DecideDistrict(
        line.candidates, published.against_all, rule_set.district_tie_break, lot_seed);
    if (!outcome.has_value()) {
      return outcome.error().WithContext(fmt::format("district {}", published.number));
    }
    line.outcome = std::move(*outcome);
    const std::string computed =
        line.outcome.winner.has_value() ? line.candidates[*line.outcome.winner].name : "no one";
    AddCheck(out, fmt::format("district {} (line {})", published.number, published.line),
             "the winner is the candidate with the most votes", line.published_winner, computed);
    out.districts.push_back(std::move(line));
  }
  out.composition = Compose(out, def);
  out.turnout_by_hour = data.turnout_by_hour;
  return out;
}

}  // namespace esep::statement
