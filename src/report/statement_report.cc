#include "report/statement_report.h"

#include <algorithm>

#include <fmt/format.h>

#include "base/text.h"
#include "report/allocation_report.h"
#include "report/text_table.h"

namespace esep::report {

namespace {

using results::StatementOfResults;
using results::UnitListResult;

std::string Percent(int64_t part, int64_t whole) { return FormatPercent(part, whole, 2) + "%"; }
std::string Count(int64_t value) { return GroupThousands(value); }

std::string Heading(std::string_view title) {
  return fmt::format("\n{}\n{}\n", title, std::string(DisplayWidth(title), '='));
}

std::string NationalSection(const StatementOfResults& s) {
  const UnitListResult& n = s.national;
  std::string out = Heading(fmt::format(
      "Party-list contest: national result (sum of the {} regional rows)", s.regions.size()));
  TextTable table({{"No."},
                   {"List"},
                   {"Votes", Align::kRight},
                   {"%", Align::kRight},
                   {"Threshold"},
                   {"Seats", Align::kRight}});
  for (size_t p = 0; p < s.party_names.size(); ++p) {
    std::string threshold;
    std::string seats;
    if (s.allocation.has_value()) {
      const law::ListAllocationRow& row = s.allocation->rows[p];
      threshold = std::string(law::AdmissionName(row.admission));
      seats = fmt::format("{}", row.seats);
    }
    table.AddRow({fmt::format("{}", p + 1), s.party_names[p], Count(n.party_votes[p]),
                  Percent(n.party_votes[p], n.percent_base()), threshold, seats});
  }
  table.AddRow(
      {"", "Against all", Count(n.against_all), Percent(n.against_all, n.percent_base()), "", ""});
  table.AddRule();
  table.AddRow({"", "Valid votes (lists + against all)", Count(n.percent_base()), "100.00%", "",
                s.allocation ? fmt::format("{}", s.allocation->seats_filled) : ""});
  table.AddRow({"", "Invalid ballots", Count(n.invalid), "", "", ""});
  table.AddRow({"", "Ballots counted", Count(n.ballots_total), "", "", ""});
  table.AddRow({"", "Registered voters", Count(n.registered_voters), "", "", ""});
  table.AddRow({"", "Turnout (ballots / registered)", Percent(n.ballots_total, n.registered_voters),
                "", "", ""});
  out += table.Render();
  out += "  Percentages are of votes for lists plus 'against all', as the CEC publishes them.\n";
  return out;
}

std::string AllocationSection(const StatementOfResults& s) {
  if (!s.allocation.has_value()) {
    return "";
  }
  std::string out = Heading(
      fmt::format("Threshold test and seat allocation ({} list seats)", s.rule_set.list.seats));
  out += fmt::format("  Law: {}\n\n", s.rule_set.citation);
  out += AllocationText(*s.allocation);
  return out;
}

std::string RegionalSection(const StatementOfResults& s) {
  std::string out = Heading("Party-list contest by region (% of votes for lists + against all)");
  std::vector<Column> columns = {{"Region"},
                                 {"Registered", Align::kRight},
                                 {"Ballots", Align::kRight},
                                 {"Turnout", Align::kRight}};
  for (const std::string& name : s.party_short_names) {
    columns.push_back({name, Align::kRight});
  }
  columns.push_back({"Against", Align::kRight});
  columns.push_back({"Invalid", Align::kRight});
  TextTable table(columns);
  auto add = [&](const UnitListResult& unit) {
    std::vector<std::string> cells = {unit.name, Count(unit.registered_voters),
                                      Count(unit.ballots_total),
                                      Percent(unit.ballots_total, unit.registered_voters)};
    for (int64_t votes : unit.party_votes) {
      cells.push_back(FormatPercent(votes, unit.percent_base(), 2));
    }
    cells.push_back(FormatPercent(unit.against_all, unit.percent_base(), 2));
    cells.push_back(Count(unit.invalid));
    table.AddRow(std::move(cells));
  };
  for (const UnitListResult& region : s.regions) {
    add(region);
  }
  table.AddRule();
  add(s.national);
  out += table.Render();

  out += "\n  Votes by region:\n";
  std::vector<Column> vote_columns = {{"Region"}};
  for (const std::string& name : s.party_short_names) {
    vote_columns.push_back({name, Align::kRight});
  }
  vote_columns.push_back({"Against", Align::kRight});
  TextTable votes(vote_columns);
  auto add_votes = [&](const UnitListResult& unit) {
    std::vector<std::string> cells = {unit.name};
    for (int64_t v : unit.party_votes) {
      cells.push_back(Count(v));
    }
    cells.push_back(Count(unit.against_all));
    votes.AddRow(std::move(cells));
  };
  for (const UnitListResult& region : s.regions) {
    add_votes(region);
  }
  votes.AddRule();
  add_votes(s.national);
  out += votes.Render();
  return out;
}

std::string DistrictSection(const StatementOfResults& s) {
  if (s.districts.empty()) {
    return "";
  }
  std::string out =
      Heading(fmt::format("Single-member districts ({} seats, plurality)", s.districts.size()));
  TextTable table({{"No."},
                   {"Region"},
                   {"Elected"},
                   {"Affiliation"},
                   {"Votes", Align::kRight},
                   {"Runner-up"},
                   {"Affiliation"},
                   {"Votes", Align::kRight},
                   {"Margin", Align::kRight}});
  std::vector<std::string> notes;
  for (const results::DistrictLine& d : s.districts) {
    const auto& outcome = d.outcome;
    std::vector<std::string> cells = {fmt::format("{}", d.number), d.region_name};
    if (outcome.winner.has_value()) {
      const law::CandidateVotes& w = d.candidates[*outcome.winner];
      cells.insert(cells.end(), {w.name, w.affiliation, Count(w.votes)});
    } else {
      cells.insert(cells.end(),
                   {fmt::format("no one ({})", law::DistrictOutcomeName(outcome.kind)), "", ""});
    }
    if (outcome.runner_up.has_value()) {
      const law::CandidateVotes& r = d.candidates[*outcome.runner_up];
      cells.insert(cells.end(), {r.name, r.affiliation, Count(r.votes)});
    } else {
      cells.insert(cells.end(), {"", "", ""});
    }
    cells.push_back(Count(outcome.margin));
    table.AddRow(std::move(cells));
    if (outcome.kind != law::DistrictOutcomeKind::kElected) {
      for (const std::string& step : outcome.steps) {
        notes.push_back(fmt::format("District {}: {}", d.number, step));
      }
    }
  }
  out += table.Render();
  out += "  Margins are between the candidates whose votes the source publishes.\n";
  const bool against_all_missing =
      std::any_of(s.districts.begin(), s.districts.end(),
                  [](const results::DistrictLine& d) { return !d.against_all.has_value(); });
  if (against_all_missing) {
    out +=
        "  'Against all' is not published for every district, so there it cannot be "
        "compared.\n";
  }
  for (const std::string& note : notes) {
    out += "  " + note + "\n";
  }
  return out;
}

std::string TurnoutSection(const StatementOfResults& s) {
  if (!s.turnout_by_hour.has_value()) {
    return "";
  }
  const model::TurnoutByHour& t = *s.turnout_by_hour;
  std::string out = Heading("Turnout reported during election day (cumulative %, as published)");
  std::vector<Column> columns = {{"Region"}};
  for (const std::string& time : t.times) {
    columns.push_back({time, Align::kRight});
  }
  columns.push_back({"Final", Align::kRight});
  TextTable table(columns);
  for (const model::TurnoutByHourRow& row : t.rows) {
    std::vector<std::string> cells = {row.published_name};
    cells.insert(cells.end(), row.percent.begin(), row.percent.end());
    const UnitListResult* unit = &s.national;
    for (const UnitListResult& region : s.regions) {
      if (region.region_id == row.region_id) {
        unit = &region;
      }
    }
    cells.push_back(FormatPercent(unit->ballots_total, unit->registered_voters, 2));
    table.AddRow(std::move(cells));
  }
  out += table.Render();
  out += "  Final = ballots counted / registered voters from the party-list table.\n";
  return out;
}

std::string CompositionSection(const StatementOfResults& s) {
  std::string out = Heading(fmt::format("Composition of the house ({} seats)", s.house_size));
  TextTable table({{"Affiliation"},
                   {"List seats", Align::kRight},
                   {"District seats", Align::kRight},
                   {"Total", Align::kRight}});
  int64_t list_total = 0;
  int64_t district_total = 0;
  std::vector<std::string> notes;
  for (const results::CompositionLine& line : s.composition) {
    list_total += line.list_seats;
    district_total += line.district_seats;
    table.AddRow({line.affiliation, fmt::format("{}", line.list_seats),
                  fmt::format("{}", line.district_seats), fmt::format("{}", line.total())});
    for (const std::string& note : line.notes) {
      notes.push_back(note);
    }
    if (line.vacant > 0) {
      notes.push_back(
          fmt::format("{}: {} seats vacant for lack of candidates", line.affiliation, line.vacant));
    }
  }
  table.AddRule();
  table.AddRow({"Total", fmt::format("{}", list_total), fmt::format("{}", district_total),
                fmt::format("{}", list_total + district_total)});
  out += table.Render();
  for (const std::string& note : notes) {
    out += "  Note: " + note + ".\n";
  }
  return out;
}

std::string ChecksSection(const StatementOfResults& s) {
  std::string out = Heading("Published figures recomputed");
  size_t disagreements = 0;
  for (const results::Check& check : s.checks) {
    if (!check.agrees) {
      ++disagreements;
      out += fmt::format("  DIFFERS  {}: {}: published {}, recomputed {}\n", check.where,
                         check.what, check.published, check.computed);
    }
  }
  out += fmt::format("  {} of {} published figures agree with esep's recomputation{}\n",
                     s.checks.size() - disagreements, s.checks.size(),
                     disagreements == 0 ? "." : "; the differences are listed above.");
  return out;
}

nlohmann::json UnitJson(const StatementOfResults& s, const UnitListResult& unit) {
  nlohmann::json parties = nlohmann::json::array();
  for (size_t p = 0; p < unit.party_votes.size(); ++p) {
    parties.push_back({{"party", s.party_names[p]},
                       {"short_name", s.party_short_names[p]},
                       {"votes", unit.party_votes[p]},
                       {"percent", FormatPercent(unit.party_votes[p], unit.percent_base(), 2)}});
  }
  return {{"region_id", unit.region_id},
          {"name", unit.name},
          {"registered_voters", unit.registered_voters},
          {"parties", parties},
          {"against_all", unit.against_all},
          {"against_all_percent", FormatPercent(unit.against_all, unit.percent_base(), 2)},
          {"invalid", unit.invalid},
          {"ballots_total", unit.ballots_total},
          {"turnout_percent", FormatPercent(unit.ballots_total, unit.registered_voters, 2)},
          {"published_turnout", unit.published_turnout}};
}

}  // namespace

std::string StatementText(const StatementOfResults& s) {
  std::string out = fmt::format("{}\n", s.title);
  out +=
      fmt::format("Election day {}; rule set {}: {}.\n", s.date, s.rule_set.name, s.rule_set.title);
  out +=
      "Recomputed by esep from the published regional tables; every total below is summed "
      "from them.\n";
  out += NationalSection(s);
  out += AllocationSection(s);
  out += RegionalSection(s);
  out += DistrictSection(s);
  out += TurnoutSection(s);
  out += CompositionSection(s);
  out += ChecksSection(s);
  return out;
}

nlohmann::json StatementJson(const StatementOfResults& s) {
  nlohmann::json json;
  json["election"] = {{"id", s.election_id}, {"title", s.title}, {"date", s.date}};
  json["rule_set"] = {{"name", s.rule_set.name},
                      {"title", s.rule_set.title},
                      {"citation", s.rule_set.citation},
                      {"list_seats", s.rule_set.list.seats},
                      {"district_seats", s.rule_set.district_seats}};
  json["national"] = UnitJson(s, s.national);
  nlohmann::json regions = nlohmann::json::array();
  for (const UnitListResult& region : s.regions) {
    regions.push_back(UnitJson(s, region));
  }
  json["regions"] = std::move(regions);
  json["list_allocation"] = s.allocation ? AllocationJson(*s.allocation) : nlohmann::json();
  nlohmann::json districts = nlohmann::json::array();
  for (const results::DistrictLine& d : s.districts) {
    nlohmann::json candidates = nlohmann::json::array();
    for (const law::CandidateVotes& c : d.candidates) {
      candidates.push_back({{"name", c.name}, {"affiliation", c.affiliation}, {"votes", c.votes}});
    }
    const auto& o = d.outcome;
    districts.push_back(
        {{"number", d.number},
         {"region", d.region_name},
         {"outcome", law::DistrictOutcomeName(o.kind)},
         {"winner", o.winner ? nlohmann::json(d.candidates[*o.winner].name) : nlohmann::json()},
         {"runner_up",
          o.runner_up ? nlohmann::json(d.candidates[*o.runner_up].name) : nlohmann::json()},
         {"margin", o.margin},
         {"candidates", candidates},
         {"steps", o.steps}});
  }
  json["districts"] = std::move(districts);
  nlohmann::json composition = nlohmann::json::array();
  for (const results::CompositionLine& line : s.composition) {
    composition.push_back({{"affiliation", line.affiliation},
                           {"list_seats", line.list_seats},
                           {"district_seats", line.district_seats},
                           {"vacant", line.vacant},
                           {"total", line.total()},
                           {"notes", line.notes}});
  }
  json["composition"] = std::move(composition);
  if (s.turnout_by_hour.has_value()) {
    nlohmann::json rows = nlohmann::json::array();
    for (const model::TurnoutByHourRow& row : s.turnout_by_hour->rows) {
      rows.push_back(
          {{"region_id", row.region_id}, {"name", row.published_name}, {"percent", row.percent}});
    }
    json["turnout_by_hour"] = {{"times", s.turnout_by_hour->times}, {"rows", rows}};
  }
  nlohmann::json checks = nlohmann::json::array();
  for (const results::Check& check : s.checks) {
    checks.push_back({{"where", check.where},
                      {"what", check.what},
                      {"published", check.published},
                      {"computed", check.computed},
                      {"agrees", check.agrees}});
  }
  json["checks"] = std::move(checks);
  return json;
}

}  // namespace esep::report
