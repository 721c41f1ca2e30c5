#include "report/allocation_report.h"

#include <fmt/format.h>

#include "base/text.h"
#include "report/text_table.h"

namespace esep::report {

namespace {

std::string Percent(int64_t part, int64_t whole) { return FormatPercent(part, whole, 2); }

// CSV needs quotes around a field with a comma, a quote or a line break.
std::string CsvField(const std::string& text) {
  if (text.find_first_of(",\"\n\r") == std::string::npos) {
    return text;
  }
  std::string quoted = "\"";
  for (char c : text) {
    quoted += c;
    if (c == '"') {
      quoted += '"';
    }
  }
  return quoted + "\"";
}

std::string RulesLine(const law::ListRules& rules) {
  std::string line = fmt::format("{} seats, {} ({}), threshold {}% of {}", rules.seats,
                                 law::MethodTitle(rules.method), law::MethodName(rules.method),
                                 rules.threshold_percent.ToDecimal(2),
                                 rules.threshold_base == law::ThresholdBase::kValidVotes
                                     ? "votes for lists and against all"
                                     : "all ballots cast, invalid included");
  if (rules.runner_up_min_seats > 0) {
    line += fmt::format(", runner-up guarantee {} seats", rules.runner_up_min_seats);
  }
  line +=
      fmt::format(", ties: {}, surplus seats: {}, lot seed {}", law::TieBreakName(rules.tie_break),
                  law::SurplusSeatsName(rules.surplus), rules.lot_seed);
  return line;
}

}  // namespace

nlohmann::json FractionJson(const Fraction& value, int digits) {
  return {{"numerator", value.numerator()},
          {"denominator", value.denominator()},
          {"decimal", value.ToDecimal(digits)}};
}

std::string AllocationText(const law::ListAllocation& allocation) {
  const bool largest_remainder = law::IsLargestRemainder(allocation.rules.method);
  std::vector<Column> columns = {
      {"List"}, {"Votes", Align::kRight}, {"%", Align::kRight}, {"Threshold"}};
  if (largest_remainder) {
    columns.push_back({"Quotient", Align::kRight});
    columns.push_back({"Whole", Align::kRight});
    columns.push_back({"Remainder", Align::kRight});
    columns.push_back({"+1", Align::kRight});
  }
  columns.push_back({"Seats", Align::kRight});
  TextTable table(columns);
  for (const law::ListAllocationRow& row : allocation.rows) {
    std::vector<std::string> cells = {
        row.name, GroupThousands(row.votes), Percent(row.votes, allocation.threshold_base),
        row.admission == law::Admission::kPassedThreshold     ? "passed"
        : row.admission == law::Admission::kRunnerUpGuarantee ? "runner-up guarantee"
                                                              : "below"};
    if (largest_remainder) {
      cells.push_back(row.quotient ? row.quotient->ToDecimal(4) : "");
      cells.push_back(row.admitted() ? fmt::format("{}", row.whole_seats) : "");
      cells.push_back(row.remainder ? row.remainder->ToDecimal(2) : "");
      cells.push_back(row.remainder_seats > 0 ? fmt::format("{}", row.remainder_seats) : "");
    }
    cells.push_back(row.vacant > 0 ? fmt::format("{} (+{} vacant)", row.seats, row.vacant)
                                   : fmt::format("{}", row.seats));
    table.AddRow(std::move(cells));
  }
  table.AddRule();
  std::vector<std::string> total = {"Against all", GroupThousands(allocation.against_all),
                                    Percent(allocation.against_all, allocation.threshold_base), ""};
  total.resize(columns.size());
  table.AddRow(total);
  std::vector<std::string> seats(columns.size());
  seats[0] = "Seats";
  seats.back() = fmt::format("{}", allocation.seats_filled + allocation.seats_vacant);
  table.AddRow(seats);

  std::string out = fmt::format("Rules: {}.\n\n", RulesLine(allocation.rules));
  out += table.Render();
  out += "\nWorked steps:\n";
  for (size_t i = 0; i < allocation.steps.size(); ++i) {
    out += fmt::format("  {:>2}. {}\n", i + 1, allocation.steps[i].text);
  }
  return out;
}

nlohmann::json AllocationJson(const law::ListAllocation& allocation) {
  const law::ListRules& rules = allocation.rules;
  nlohmann::json json;
  json["rules"] = {{"seats", rules.seats},
                   {"threshold_percent", rules.threshold_percent.ToString()},
                   {"threshold_base", law::ThresholdBaseName(rules.threshold_base)},
                   {"method", law::MethodName(rules.method)},
                   {"runner_up_min_seats", rules.runner_up_min_seats},
                   {"tie_break", law::TieBreakName(rules.tie_break)},
                   {"surplus_seats", law::SurplusSeatsName(rules.surplus)},
                   {"lot_seed", rules.lot_seed}};
  json["totals"] = {{"list_votes", allocation.list_votes},
                    {"against_all", allocation.against_all},
                    {"invalid", allocation.invalid},
                    {"threshold_base", allocation.threshold_base},
                    {"admitted_votes", allocation.admitted_votes}};
  json["quota"] = allocation.quota ? FractionJson(*allocation.quota, 6) : nlohmann::json();
  nlohmann::json rows = nlohmann::json::array();
  for (const law::ListAllocationRow& row : allocation.rows) {
    nlohmann::json item = {{"party", row.name},
                           {"votes", row.votes},
                           {"percent", Percent(row.votes, allocation.threshold_base)},
                           {"admitted", row.admitted()},
                           {"admission", law::AdmissionName(row.admission)},
                           {"seats", row.seats},
                           {"seats_won", row.seats_won},
                           {"vacant", row.vacant},
                           {"guarantee_change", row.guarantee_change}};
    if (row.quotient) {
      item["quotient"] = FractionJson(*row.quotient, 6);
      item["whole_seats"] = row.whole_seats;
      item["remainder"] = FractionJson(*row.remainder, 6);
      item["remainder_seats"] = row.remainder_seats;
    }
    rows.push_back(std::move(item));
  }
  json["allocation"] = std::move(rows);
  if (!allocation.awards.empty()) {
    nlohmann::json awards = nlohmann::json::array();
    for (size_t i = 0; i < allocation.awards.size(); ++i) {
      const law::DivisorAward& award = allocation.awards[i];
      awards.push_back({{"seat", i + 1},
                        {"party", allocation.rows[award.list].name},
                        {"divisor", award.divisor},
                        {"quotient", FractionJson(award.quotient, 6)}});
    }
    json["awards"] = std::move(awards);
  }
  nlohmann::json steps = nlohmann::json::array();
  for (const law::AllocationStep& step : allocation.steps) {
    steps.push_back({{"kind", step.kind}, {"text", step.text}});
  }
  json["steps"] = std::move(steps);
  json["seats_filled"] = allocation.seats_filled;
  json["seats_vacant"] = allocation.seats_vacant;
  json["lot_decided"] = allocation.lot_decided;
  return json;
}

std::string AllocationCsv(const law::ListAllocation& allocation) {
  std::string out =
      "party,votes,percent,admission,quotient,whole_seats,remainder,remainder_seats,seats_won,"
      "seats,vacant\n";
  for (const law::ListAllocationRow& row : allocation.rows) {
    out += fmt::format("{},{},{},{},{},{},{},{},{},{},{}\n", CsvField(row.name), row.votes,
                       Percent(row.votes, allocation.threshold_base),
                       law::AdmissionName(row.admission),
                       row.quotient ? row.quotient->ToDecimal(6) : "", row.whole_seats,
                       row.remainder ? row.remainder->ToDecimal(6) : "", row.remainder_seats,
                       row.seats_won, row.seats, row.vacant);
  }
  return out;
}

}  // namespace esep::report
