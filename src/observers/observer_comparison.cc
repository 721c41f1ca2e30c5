#include "observers/observer_comparison.h"

#include <algorithm>
#include <array>
#include <iterator>
#include <unordered_map>

#include <fmt/format.h>

#include "base/int128.h"
#include "base/text.h"

namespace esep::observers {

namespace {

constexpr std::array<std::string_view, 7> kFindingNames = {
    "figure_differs",       "copy_not_posted", "no_access",       "count_below_official",
    "count_above_official", "copies_disagree", "unknown_precinct"};

// One figure of a copy with its name, and the official value when there is one.
struct Figure {
  std::string name;
  std::optional<int64_t> copy;
  int64_t official = 0;
};

std::vector<Figure> CopyFiguresAgainst(const ObserverRecord& record,
                                       const precincts::PrecinctTable& table, size_t p,
                                       const std::vector<size_t>& columns) {
  std::vector<Figure> figures = {
      {"registered", record.figures.registered, table.registered[p]},
      {"ballots", record.figures.ballots, table.ballots[p]},
      {"valid", record.figures.valid, table.valid[p]},
      {"invalid", record.figures.invalid, table.ballots[p] - table.valid[p]},
  };
  for (size_t k = 0; k < columns.size(); ++k) {
    figures.push_back({fmt::format("votes {}", table.choice_names[columns[k]]),
                       record.figures.votes[k], table.Votes(p, columns[k])});
  }
  return figures;
}

// The gap is beyond the tolerance: more than tolerance_ballots and more than the basis points
// of the official ballots (exact integers).
bool BeyondTolerance(int64_t gap, int64_t official, const ObserverComparisonOptions& options) {
  return gap > options.tolerance_ballots &&
         Int128{gap} * 10'000 > Int128{options.tolerance_basis_points} * official;
}

}  // namespace

std::string_view ObserverFindingName(ObserverFindingKind kind) {
  return kFindingNames[static_cast<size_t>(kind)];
}

ChoiceAliases PartyAliases(const model::ElectionDefinition& definition,
                           const precincts::PrecinctTable& table) {
  ChoiceAliases aliases(table.choices());
  for (size_t c = 0; c < table.choices(); ++c) {
    const std::string name = NormalizeName(table.choice_names[c]);
    for (const model::Party& party : definition.parties()) {
      if (NormalizeName(party.id) == name || NormalizeName(party.name) == name ||
          NormalizeName(party.short_name) == name) {
        aliases[c] = {party.id, party.name, party.short_name};
        break;
      }
    }
  }
  return aliases;
}

Result<std::vector<size_t>> MatchListColumns(const ObserverRecords& records,
                                             const precincts::PrecinctTable& table,
                                             const ChoiceAliases& aliases) {
  std::vector<size_t> columns;
  std::vector<int> taken(table.choices(), 0);  // the column number that took the choice
  for (size_t k = 0; k < records.list_columns.size(); ++k) {
    const std::string wanted = NormalizeName(records.list_columns[k]);
    std::optional<size_t> match;
    for (size_t c = 0; c < table.choices() && !match; ++c) {
      if (NormalizeName(table.choice_names[c]) == wanted) {
        match = c;
      }
      if (c < aliases.size()) {
        for (const std::string& alias : aliases[c]) {
          if (NormalizeName(alias) == wanted) {
            match = c;
          }
        }
      }
    }
    const int column = records.list_column_numbers[k];
    if (!match) {
      std::string names;
      for (const std::string& name : table.choice_names) {
        names += names.empty() ? name : ", " + name;
      }
      return InvalidArgumentError(fmt::format(
          "{}:1: column {} (list:{}): the official table has no such list; its lists are {}",
          records.source, column, records.list_columns[k], names));
    }
    if (taken[*match] != 0) {
      return InvalidArgumentError(fmt::format(
          "{}:1: column {} (list:{}): names the same list as column {} ({})", records.source,
          column, records.list_columns[k], taken[*match], table.choice_names[*match]));
    }
    taken[*match] = column;
    columns.push_back(*match);
  }
  return columns;
}

Result<ObserverComparison> CompareWithOfficial(const ObserverRecords& records,
                                               const precincts::PrecinctTable& table,
                                               const ObserverComparisonOptions& options) {
  if (options.tolerance_ballots < 0 || options.tolerance_basis_points < 0) {
    return InvalidArgumentError(
        fmt::format("the tolerance ({} ballots, {} basis points) cannot be negative",
                    options.tolerance_ballots, options.tolerance_basis_points));
  }
  ASSIGN_OR_RETURN(std::vector<size_t> columns,
                   MatchListColumns(records, table, options.choice_aliases));
  ObserverComparison out;
  out.source = records.source;
  out.table_source = table.source;
  out.synthetic = records.synthetic || table.synthetic;
  out.options = options;
  ObserverComparisonSummary& summary = out.summary;
  summary.records = static_cast<int64_t>(records.records.size());
  summary.precincts_official = static_cast<int64_t>(table.size());

  std::unordered_map<std::string, size_t> index;
  index.reserve(table.size());
  for (size_t p = 0; p < table.size(); ++p) {
    index.emplace(table.ids[p], p);
  }
  std::vector<bool> observed(table.size(), false);
  std::unordered_map<std::string, bool> seen_ids;           // id -> known to the table
  std::unordered_map<size_t, size_t> first_copy;            // precinct -> record index
  std::unordered_map<size_t, bool> precinct_has_differing;  // precinct -> a copy differed
  auto add = [&](ObserverFindingKind kind, const ObserverRecord& r, std::string figure,
                 std::optional<int64_t> observed_value, std::optional<int64_t> official_value,
                 std::string message) {
    ObserverFinding& f = out.findings.emplace_back();
    f.kind = kind;
    f.precinct = r.precinct;
    f.observer = r.observer;
    f.line = r.line;
    f.figure = std::move(figure);
    f.observed = observed_value;
    f.official = official_value;
    f.difference = observed_value && official_value ? *observed_value - *official_value : 0;
    f.message = std::move(message);
  };

  for (size_t i = 0; i < records.records.size(); ++i) {
    const ObserverRecord& r = records.records[i];
    const auto found = index.find(r.precinct);
    const bool first_time = seen_ids.emplace(r.precinct, found != index.end()).second;
    if (found == index.end()) {
      if (first_time) {
        ++summary.precincts_unknown;
        add(ObserverFindingKind::kUnknownPrecinct, r, "", std::nullopt, std::nullopt,
            fmt::format("precinct {} is not in the official table ({})", r.precinct,
                        table.source.empty() ? "the official protocols" : table.source));
      }
      continue;
    }
    const size_t p = found->second;
    observed[p] = true;
    switch (r.kind) {
      case ObserverRecordKind::kPostedCopy:
      case ObserverRecordKind::kObserverCopy: {
        ++summary.copies;
        const std::string_view copy =
            r.kind == ObserverRecordKind::kPostedCopy ? "posted copy" : "observer's copy";
        bool differs = false;
        for (const Figure& figure : CopyFiguresAgainst(r, table, p, columns)) {
          if (figure.copy && *figure.copy != figure.official) {
            differs = true;
            ++summary.figures_differing;
            add(ObserverFindingKind::kFigureDiffers, r, figure.name, figure.copy, figure.official,
                fmt::format("precinct {}: {} on the {} (observer {}), {} in the official protocol "
                            "({:+})",
                            r.precinct, figure.name, copy, *figure.copy, figure.official,
                            *figure.copy - figure.official));
          }
        }
        ++(differs ? summary.copies_differing : summary.copies_matching);
        if (differs && !precinct_has_differing[p]) {
          precinct_has_differing[p] = true;
          ++summary.precincts_with_differing_copy;
        }
        const auto [earlier, inserted] = first_copy.emplace(p, i);
        if (!inserted) {
          const ObserverRecord& other = records.records[earlier->second];
          const std::vector<Figure> mine = CopyFiguresAgainst(r, table, p, columns);
          const std::vector<Figure> theirs = CopyFiguresAgainst(other, table, p, columns);
          bool disagree = false;
          for (size_t k = 0; k < mine.size(); ++k) {
            if (mine[k].copy && theirs[k].copy && *mine[k].copy != *theirs[k].copy) {
              disagree = true;
              add(ObserverFindingKind::kCopiesDisagree, r, mine[k].name, mine[k].copy,
                  theirs[k].copy,
                  fmt::format("precinct {}: {} on the {} of observer {} (line {}), {} on the {} "
                              "of observer {} (line {})",
                              r.precinct, mine[k].name, copy, r.observer, r.line, *theirs[k].copy,
                              other.kind == ObserverRecordKind::kPostedCopy ? "posted copy"
                                                                            : "observer's copy",
                              other.observer, other.line));
            }
          }
          summary.copies_disagreeing += disagree ? 1 : 0;
        }
        break;
      }
      case ObserverRecordKind::kCopyNotPosted:
        ++summary.copies_not_posted;
        add(ObserverFindingKind::kCopyNotPosted, r, "", std::nullopt, std::nullopt,
            fmt::format("precinct {}: observer {} saw no protocol copy posted after the count",
                        r.precinct, r.observer));
        break;
      case ObserverRecordKind::kNoAccess:
        ++summary.no_access;
        add(ObserverFindingKind::kNoAccess, r, "", std::nullopt, std::nullopt,
            fmt::format("precinct {}: observer {} was refused access{}", r.precinct, r.observer,
                        r.note.empty() ? std::string() : fmt::format(" ({})", r.note)));
        break;
      case ObserverRecordKind::kTurnout:
      case ObserverRecordKind::kTurnoutClose: {
        const bool close = r.kind == ObserverRecordKind::kTurnoutClose;
        summary.close_counts += close ? 1 : 0;
        const int64_t counted = *r.voters_counted;
        const int64_t official = table.ballots[p];
        const std::string when =
            close ? std::string("the close") : FormatMinute(r.minute.value_or(0));
        const std::string figure = fmt::format("voters counted at {}", when);
        if (close && BeyondTolerance(official - counted, official, options)) {
          ++summary.counts_below_official;
          add(ObserverFindingKind::kCountBelowOfficial, r, figure, counted, official,
              fmt::format("precinct {}: observer {} counted {} voters at the close, the official "
                          "protocol has {} ballots ({} more than counted, {:.1f} %)",
                          r.precinct, r.observer, counted, official, official - counted,
                          100.0 * static_cast<double>(official - counted) /
                              static_cast<double>(std::max<int64_t>(1, counted))));
        } else if (BeyondTolerance(counted - official, official, options)) {
          // A count during the day can only grow by the close: above the official ballots, it
          // says ballots of voters the observer saw are missing from the protocol.
          ++summary.counts_above_official;
          add(ObserverFindingKind::kCountAboveOfficial, r, figure, counted, official,
              fmt::format("precinct {}: observer {} had counted {} voters by {}, more than the "
                          "{} ballots of the official protocol ({} more)",
                          r.precinct, r.observer, counted, when, official, counted - official));
        }
        break;
      }
    }
  }
  summary.precincts_observed = static_cast<int64_t>(seen_ids.size());
  for (size_t p = 0; p < table.size(); ++p) {
    if (!observed[p]) {
      out.not_observed.push_back(table.ids[p]);
    }
  }
  summary.precincts_not_observed = static_cast<int64_t>(out.not_observed.size());
  return out;
}

std::string ObserverComparisonText(const ObserverComparison& c) {
  const ObserverComparisonSummary& s = c.summary;
  std::string out;
  auto line = [&out](const std::string& text) {
    out += text;
    out += '\n';
  };
  line(fmt::format("Observers' records ({}) against the official protocols ({}){}", c.source,
                   c.table_source.empty() ? "official table" : c.table_source,
                   c.synthetic ? " — SYNTHETIC data, not real observations" : ""));
  line(
      fmt::format("  {} records on {} precincts; {} precincts in the official table, {} of them "
                  "not observed; {} observed precincts not in the official table",
                  s.records, s.precincts_observed, s.precincts_official, s.precincts_not_observed,
                  s.precincts_unknown));
  line(
      fmt::format("  protocol copies: {} compared, {} identical to the official protocol, {} "
                  "differing ({} figures, {} precincts); {} pairs of copies disagreeing",
                  s.copies, s.copies_matching, s.copies_differing, s.figures_differing,
                  s.precincts_with_differing_copy, s.copies_disagreeing));
  line(
      fmt::format("  copies not posted: {}; access refused: {}", s.copies_not_posted, s.no_access));
  line(fmt::format(
      "  observers' counts of voters: {} at the close; {} below the official "
      "ballots and {} above them by more than the tolerance ({} ballots and {}.{:02} "
      "%)",
      s.close_counts, s.counts_below_official, s.counts_above_official, c.options.tolerance_ballots,
      c.options.tolerance_basis_points / 100, c.options.tolerance_basis_points % 100));
  if (c.findings.empty()) {
    line("  No differences.");
  } else {
    line("");
    line(fmt::format("Findings, precinct by precinct ({}):", c.findings.size()));
    for (const ObserverFinding& f : c.findings) {
      line(fmt::format("  line {:>5}  {:<21} {}", f.line, ObserverFindingName(f.kind), f.message));
    }
  }
  return out;
}

nlohmann::ordered_json ObserverComparisonJson(const ObserverComparison& c) {
  const ObserverComparisonSummary& s = c.summary;
  nlohmann::ordered_json json;
  json["source"] = c.source;
  json["official"] = c.table_source;
  json["synthetic"] = c.synthetic;
  json["tolerance"] = {{"ballots", c.options.tolerance_ballots},
                       {"basis_points", c.options.tolerance_basis_points}};
  json["summary"] = {{"records", s.records},
                     {"precincts_observed", s.precincts_observed},
                     {"precincts_official", s.precincts_official},
                     {"precincts_unknown", s.precincts_unknown},
                     {"precincts_not_observed", s.precincts_not_observed},
                     {"copies", s.copies},
                     {"copies_matching", s.copies_matching},
                     {"copies_differing", s.copies_differing},
                     {"figures_differing", s.figures_differing},
                     {"precincts_with_differing_copy", s.precincts_with_differing_copy},
                     {"copies_not_posted", s.copies_not_posted},
                     {"no_access", s.no_access},
                     {"close_counts", s.close_counts},
                     {"counts_below_official", s.counts_below_official},
                     {"counts_above_official", s.counts_above_official},
                     {"copies_disagreeing", s.copies_disagreeing}};
  nlohmann::ordered_json findings = nlohmann::ordered_json::array();
  for (const ObserverFinding& f : c.findings) {
    nlohmann::ordered_json item;
    item["kind"] = ObserverFindingName(f.kind);
    item["precinct"] = f.precinct;
    item["observer"] = f.observer;
    item["line"] = f.line;
    item["figure"] = f.figure;
    item["observed"] = f.observed ? nlohmann::ordered_json(*f.observed) : nullptr;
    item["official"] = f.official ? nlohmann::ordered_json(*f.official) : nullptr;
    item["difference"] = f.difference;
    item["message"] = f.message;
    findings.push_back(std::move(item));
  }
  json["findings"] = std::move(findings);
  json["not_observed"] = c.not_observed;
  return json;
}

}  // namespace esep::observers
