#include "published/published_checks.h"

#include <algorithm>
#include <optional>
#include <utility>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "base/fraction.h"
#include "base/int128.h"
#include "base/text.h"

namespace esep::published {

namespace {

Int128 Pow10(int digits) {
  Int128 value = 1;
  for (int i = 0; i < digits; ++i) {
    value *= 10;
  }
  return value;
}

Int128 Abs(Int128 value) { return value < 0 ? -value : value; }

// Rounded towards minus and plus infinity. REQUIRES: b > 0.
Int128 FloorDiv(Int128 a, Int128 b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }
Int128 CeilDiv(Int128 a, Int128 b) { return a >= 0 ? (a + b - 1) / b : -((-a) / b); }

std::string IntString(Int128 value) {
  if (value == 0) {
    return "0";
  }
  std::string digits;
  Int128 rest = Abs(value);
  while (rest > 0) {
    digits.push_back(static_cast<char>('0' + static_cast<int>(rest % 10)));
    rest /= 10;
  }
  if (value < 0) {
    digits.push_back('-');
  }
  std::reverse(digits.begin(), digits.end());
  return digits;
}

// num / den to `digits` decimals, the magnitude rounded half up; "+" before a positive value
// when `plus`. REQUIRES: den > 0.
std::string Decimal(Int128 num, Int128 den, int digits, bool plus = false) {
  const Int128 scale = Pow10(digits);
  const Int128 rounded = (2 * Abs(num) * scale + den) / (2 * den);
  std::string text = IntString(rounded / scale);
  if (digits > 0) {
    std::string fraction = IntString(rounded % scale);
    text += "." + std::string(static_cast<size_t>(digits) - fraction.size(), '0') + fraction;
  }
  if (rounded == 0) {
    return text;
  }
  if (num < 0) {
    return "-" + text;
  }
  return plus ? "+" + text : text;
}

std::string FileName(std::string_view path) {
  const size_t slash = path.find_last_of('/');
  return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

std::string Count(int64_t value) { return std::to_string(value); }

// A closed interval of integers; no upper end when `hi` is empty. Empty when lo > *hi.
struct Interval {
  Int128 lo = 0;
  std::optional<Int128> hi;
  bool empty() const { return hi.has_value() && lo > *hi; }
};

std::string IntervalString(const Interval& interval) {
  return fmt::format("[{}, {}]", IntString(interval.lo),
                     interval.hi.has_value() ? IntString(*interval.hi) : "no upper bound");
}

// "±0.005 points (2 decimals printed)".
std::string Tolerance(int decimals) {
  return fmt::format("±{} points ({} decimal{} printed)",
                     Decimal(1, 2 * Pow10(decimals), decimals + 1), decimals,
                     decimals == 1 ? "" : "s");
}

// The counts c with c / whole consistent with the printed percentage:
// (2s - 1) * whole <= 2 * K * c <= (2s + 1) * whole, K = 100 * 10^d.
Interval PartsConsistent(int64_t whole, const PrintedPercent& printed) {
  const Int128 k = 100 * Pow10(printed.decimals);
  const Int128 s = printed.scaled;
  Interval interval;
  interval.lo = std::max<Int128>(0, CeilDiv((2 * s - 1) * whole, 2 * k));
  interval.hi = FloorDiv((2 * s + 1) * whole, 2 * k);
  return interval;
}

// The bases b >= 1 with part / b consistent with the printed percentage:
// (2s - 1) * b <= 2 * K * part <= (2s + 1) * b.
Interval BasesConsistent(int64_t part, const PrintedPercent& printed) {
  const Int128 k = 100 * Pow10(printed.decimals);
  const Int128 s = printed.scaled;
  Interval interval;
  interval.lo = std::max<Int128>(1, CeilDiv(2 * k * part, 2 * s + 1));
  if (2 * s - 1 > 0) {
    interval.hi = FloorDiv(2 * k * part, 2 * s - 1);
  } else if (part > 0) {
    interval.hi = std::nullopt;  // printed 0: any base large enough
  }
  return interval;
}

Interval Intersect(const Interval& a, const Interval& b) {
  Interval out;
  out.lo = std::max(a.lo, b.lo);
  if (a.hi.has_value() && b.hi.has_value()) {
    out.hi = std::min(*a.hi, *b.hi);
  } else {
    out.hi = a.hi.has_value() ? a.hi : b.hi;
  }
  return out;
}

struct Location {
  std::string source;
  int64_t line = 0;
  std::string unit;
};

PublishedCheck Start(CheckKind kind, const Location& where, std::string rule) {
  PublishedCheck check;
  check.kind = kind;
  check.source = where.source;
  check.line = where.line;
  check.unit = where.unit;
  check.rule = std::move(rule);
  return check;
}

// A printed percentage against part / whole.
PublishedCheck PercentCheck(CheckKind kind, const Location& where, std::string rule,
                            std::vector<PublishedFigure> figures, const std::string& text,
                            const PrintedPercent& printed, int64_t part, int64_t whole,
                            std::string count_unit) {
  PublishedCheck check = Start(kind, where, std::move(rule));
  check.figures = std::move(figures);
  check.published = text;
  check.count_unit = std::move(count_unit);
  check.tolerance = Tolerance(printed.decimals);
  if (whole <= 0) {
    check.recomputed = "undefined (the base is 0)";
    check.consistent = false;
    return check;
  }
  const int d = printed.decimals;
  const Int128 k = 100 * Pow10(d);
  check.recomputed = Decimal(Int128{100} * part, whole, d + 2) + "%";
  check.exact = fmt::format("{}%", Fraction(100 * part, whole).ToString());
  check.difference_points =
      Decimal(k * part - Int128{printed.scaled} * whole, Int128{whole} * Pow10(d), d + 2, true);
  check.difference_count = Decimal(k * part - Int128{printed.scaled} * whole, k, 1, true);
  const Interval allowed = PartsConsistent(whole, printed);
  if (part < allowed.lo) {
    check.beyond_tolerance = static_cast<int64_t>(allowed.lo - part);
  } else if (part > *allowed.hi) {
    check.beyond_tolerance = static_cast<int64_t>(part - *allowed.hi);
  }
  check.consistent = WithinRounding(part, whole, printed);
  if (!check.consistent) {
    check.note = fmt::format("{} {} printed as {} would need {} {} of {}", part, check.count_unit,
                             text, allowed.empty() ? "no whole number of" : IntervalString(allowed),
                             check.count_unit, whole);
  }
  return check;
}

PublishedCheck EqualCheck(const Location& where, std::string rule,
                          std::vector<PublishedFigure> figures, int64_t published, int64_t computed,
                          std::string count_unit) {
  PublishedCheck check = Start(CheckKind::kSum, where, std::move(rule));
  check.figures = std::move(figures);
  check.published = Count(published);
  check.recomputed = Count(computed);
  check.exact = check.recomputed;
  check.difference_count = Decimal(Int128{published} - computed, 1, 0, true);
  check.beyond_tolerance = published > computed ? published - computed : computed - published;
  check.count_unit = std::move(count_unit);
  check.tolerance = "exact";
  check.consistent = published == computed;
  return check;
}

PublishedCheck AtMostCheck(CheckKind kind, const Location& where, std::string rule,
                           std::vector<PublishedFigure> figures, std::string published,
                           const Interval& value, int64_t limit, std::string count_unit) {
  PublishedCheck check = Start(kind, where, std::move(rule));
  check.figures = std::move(figures);
  check.published = std::move(published);
  // A single published count prints as itself; a range of totals as an interval.
  check.recomputed = kind == CheckKind::kSum ? IntString(value.lo) : IntervalString(value);
  check.exact = check.recomputed;
  check.difference_count = Decimal(value.lo - limit, 1, 0, true);
  check.beyond_tolerance = value.lo > limit ? static_cast<int64_t>(value.lo - limit) : 0;
  check.count_unit = std::move(count_unit);
  check.tolerance = "exact";
  check.consistent = value.lo <= limit;
  return check;
}

Result<PrintedPercent> ReadPercent(const std::string& text, const Location& where,
                                   std::string_view field) {
  Result<PrintedPercent> printed = ParsePrintedPercent(text);
  if (!printed.has_value()) {
    return InvalidArgumentError(fmt::format("{}:{}: field '{}': {}", where.source, where.line,
                                            field, printed.error().message()));
  }
  return printed;
}

std::vector<std::string> ColumnNames(const model::ElectionDefinition& definition) {
  std::vector<std::string> names;
  for (const model::Party& party : definition.parties()) {
    names.push_back(party.short_name);
  }
  return names;
}

// Sum, ballots <= registered, turnout, and the printed shares of one row.
Status CheckListRow(const model::ElectionDefinition& definition,
                    const model::PublishedListResults& table, const model::ListResultRow& row,
                    const model::ListPercentRow* percents, const std::string& percent_source,
                    std::vector<PublishedCheck>& out) {
  const std::vector<std::string> parties = ColumnNames(definition);
  if (row.party_votes.size() != parties.size() ||
      (percents != nullptr && percents->party_percent.size() != parties.size())) {
    return InvalidArgumentError(fmt::format("{}:{}: the row has {} party columns, {} expected",
                                            table.source, row.line, row.party_votes.size(),
                                            parties.size()));
  }
  const Location where{FileName(table.source), row.line,
                       definition.UnitName(row.region_id, row.published_name)};
  const int64_t lists = row.list_votes();
  std::vector<PublishedFigure> parts;
  for (size_t i = 0; i < parties.size(); ++i) {
    parts.push_back({parties[i], Count(row.party_votes[i])});
  }
  parts.push_back({"against_all", Count(row.against_all)});
  parts.push_back({"invalid", Count(row.invalid)});
  parts.push_back({"ballots_total", Count(row.ballots_total)});
  out.push_back(EqualCheck(where, "ballots_total = lists + against_all + invalid", parts,
                           row.ballots_total, lists + row.against_all + row.invalid, "ballots"));
  const Interval ballots{row.ballots_total, row.ballots_total};
  out.push_back(AtMostCheck(
      CheckKind::kSum, where, "ballots_total <= registered",
      {{"ballots_total", Count(row.ballots_total)}, {"registered", Count(row.registered_voters)}},
      Count(row.ballots_total), ballots, row.registered_voters, "ballots"));
  ASSIGN_OR_RETURN(PrintedPercent turnout,
                   ReadPercent(row.published_turnout, where, "turnout_pct"));
  out.push_back(PercentCheck(CheckKind::kTurnout, where, "turnout_pct = ballots_total / registered",
                             {{"ballots_total", Count(row.ballots_total)},
                              {"registered", Count(row.registered_voters)},
                              {"turnout_pct", row.published_turnout}},
                             row.published_turnout, turnout, row.ballots_total,
                             row.registered_voters, "ballots"));
  if (percents == nullptr) {
    return OkStatus();
  }
  const Location at{FileName(percent_source), percents->line,
                    definition.UnitName(percents->region_id, percents->published_name)};
  const int64_t base = lists + row.against_all;
  auto share = [&](const std::string& name, int64_t votes, const std::string& text) -> Status {
    ASSIGN_OR_RETURN(PrintedPercent printed, ReadPercent(text, at, name));
    out.push_back(PercentCheck(
        CheckKind::kPercent, at, fmt::format("{} % = {} / (lists + against_all)", name, name),
        {{name, Count(votes)}, {"lists + against_all", Count(base)}, {name + " %", text}}, text,
        printed, votes, base, "votes"));
    return OkStatus();
  };
  for (size_t i = 0; i < parties.size(); ++i) {
    RETURN_IF_ERROR(share(parties[i], row.party_votes[i], percents->party_percent[i]));
  }
  return share("against_all", row.against_all, percents->against_all_percent);
}

// The national row against the sum of the regions, column by column.
void CheckNationalSums(const model::ElectionDefinition& definition,
                       const model::PublishedListResults& table, std::vector<PublishedCheck>& out) {
  const model::ListResultRow& national = *table.national;
  const Location where{FileName(table.source), national.line,
                       definition.UnitName(national.region_id, national.published_name)};
  auto column = [&](const std::string& name, auto get) {
    int64_t sum = 0;
    for (const model::ListResultRow& row : table.regions) {
      sum += get(row);
    }
    out.push_back(EqualCheck(where, fmt::format("national {} = sum over the regions", name),
                             {{name, Count(get(national))}}, get(national), sum,
                             name == "registered"      ? "registered voters"
                             : name == "ballots_total" ? "ballots"
                                                       : "votes"));
  };
  column("registered", [](const model::ListResultRow& row) { return row.registered_voters; });
  const std::vector<std::string> parties = ColumnNames(definition);
  for (size_t i = 0; i < parties.size(); ++i) {
    column(parties[i], [i](const model::ListResultRow& row) { return row.party_votes[i]; });
  }
  column("against_all", [](const model::ListResultRow& row) { return row.against_all; });
  column("invalid", [](const model::ListResultRow& row) { return row.invalid; });
  column("ballots_total", [](const model::ListResultRow& row) { return row.ballots_total; });
}

std::string CandidateField(size_t index) {
  if (index == 0) {
    return "winner";
  }
  if (index == 1) {
    return "runner_up";
  }
  return fmt::format("candidate{}", index + 1);
}

struct DistrictBase {
  Interval common;  // the bases every candidate's percentage allows (may be empty)
  Interval hull;    // the bases some candidate's percentage allows
};

// One district: the bases each candidate's votes and printed percentage allow, intersected.
Result<DistrictBase> CheckDistrict(const std::string& source,
                                   const model::PublishedDistrictResult& district,
                                   std::vector<PublishedCheck>& out) {
  const Location where{source, district.line,
                       fmt::format("district {} ({})", district.number, district.published_region)};
  int64_t votes_sum = 0;
  for (const model::DistrictCandidate& candidate : district.candidates) {
    votes_sum += candidate.votes;
  }
  DistrictBase base;
  base.common.lo = std::max<int64_t>(votes_sum, 1);
  base.hull.lo = -1;
  PublishedCheck check =
      Start(CheckKind::kDistrictTotal, where,
            "one district total (the base of the percentages) consistent with every candidate's "
            "votes and printed %");
  std::vector<std::string> printed_list;
  std::vector<std::string> intervals;
  for (size_t i = 0; i < district.candidates.size(); ++i) {
    const model::DistrictCandidate& candidate = district.candidates[i];
    const std::string field = CandidateField(i);
    ASSIGN_OR_RETURN(PrintedPercent printed,
                     ReadPercent(candidate.published_percent, where, field + "_pct"));
    check.figures.push_back({field + "_votes", Count(candidate.votes)});
    check.figures.push_back({field + "_pct", candidate.published_percent});
    printed_list.push_back(fmt::format("{} {}%", field, candidate.published_percent));
    const Interval allowed = Intersect(BasesConsistent(candidate.votes, printed),
                                       Interval{std::max<int64_t>(votes_sum, 1), std::nullopt});
    intervals.push_back(fmt::format("{} {}", field, IntervalString(allowed)));
    base.common = Intersect(base.common, allowed);
    if (base.hull.lo < 0) {
      base.hull = allowed;
    } else {
      base.hull.lo = std::min(base.hull.lo, allowed.lo);
      base.hull.hi = base.hull.hi.has_value() && allowed.hi.has_value()
                         ? std::optional<Int128>(std::max(*base.hull.hi, *allowed.hi))
                         : std::nullopt;
    }
  }
  if (base.hull.lo < 0) {
    base.hull = base.common;
  }
  check.published = fmt::format("{}", fmt::join(printed_list, ", "));
  check.count_unit = "ballots";
  check.tolerance = "each percentage within its printed rounding";
  check.exact = IntervalString(base.common);
  check.consistent = !base.common.empty();
  if (check.consistent) {
    check.recomputed = IntervalString(base.common);
  } else {
    // The gap between the intervals that do not meet: the smallest lower end above the
    // largest upper end below.
    const Int128 gap = base.common.lo - *base.common.hi;
    check.recomputed = "no total: " + fmt::format("{}", fmt::join(intervals, ", "));
    check.difference_count = Decimal(gap, 1, 0, true);
    check.beyond_tolerance = static_cast<int64_t>(gap);
    check.note = fmt::format("the candidates' percentages imply district totals {} ballots apart",
                             IntString(gap));
  }
  out.push_back(std::move(check));
  return base;
}

// Turnout by hour is cumulative: it cannot fall from one report to the next.
void CheckTurnoutByHour(const model::ElectionDefinition& definition,
                        const model::TurnoutByHour& turnout, std::vector<PublishedCheck>& out) {
  for (const model::TurnoutByHourRow& row : turnout.rows) {
    PublishedCheck check =
        Start(CheckKind::kTurnoutByHour,
              {FileName(turnout.source), 0, definition.UnitName(row.region_id, row.published_name)},
              "cumulative turnout does not decrease from one time to the next");
    std::optional<Fraction> previous;
    Fraction largest_drop;
    std::string where_drop;
    for (size_t i = 0; i < row.percent.size(); ++i) {
      check.figures.push_back({turnout.times[i], row.percent[i]});
      const Result<Fraction> value = Fraction::ParseDecimal(row.percent[i]);
      if (!value.has_value()) {
        continue;  // ParseTurnoutTable accepts only numbers; nothing to compare
      }
      if (previous.has_value() && *value < *previous) {
        const Int128 num = Int128{previous->numerator()} * value->denominator() -
                           Int128{value->numerator()} * previous->denominator();
        const Int128 den = Int128{previous->denominator()} * value->denominator();
        const Fraction drop(static_cast<int64_t>(num), static_cast<int64_t>(den));
        if (drop > largest_drop) {
          largest_drop = drop;
          where_drop = fmt::format("{} → {}", turnout.times[i - 1], turnout.times[i]);
        }
      }
      previous = *value;
    }
    check.published = fmt::format("{}", fmt::join(row.percent, ", "));
    check.tolerance = "exact (a cumulative figure that has not changed prints the same)";
    check.consistent = largest_drop == Fraction();
    check.recomputed = check.consistent ? "non-decreasing" : "falls";
    if (!check.consistent) {
      check.difference_points = "-" + largest_drop.ToDecimal(2);
      check.note =
          fmt::format("turnout falls by {} points at {}", largest_drop.ToDecimal(2), where_drop);
    }
    out.push_back(std::move(check));
  }
}

}  // namespace

std::string_view CheckKindName(CheckKind kind) {
  switch (kind) {
    case CheckKind::kPercent:
      return "percent";
    case CheckKind::kTurnout:
      return "turnout";
    case CheckKind::kSum:
      return "sum";
    case CheckKind::kDistrictTotal:
      return "district_total";
    case CheckKind::kCrossContest:
      return "cross_contest";
    case CheckKind::kTurnoutByHour:
      return "turnout_by_hour";
  }
  return "unknown";
}

Result<std::vector<PublishedCheck>> CheckPublishedFigures(const model::ElectionData& data) {
  std::vector<PublishedCheck> out;
  const model::ElectionDefinition& definition = data.definition;
  const std::optional<model::PublishedListPercentages>& percents = data.party_list_percent;
  if (data.party_list.has_value()) {
    const model::PublishedListResults& table = *data.party_list;
    for (size_t i = 0; i < table.regions.size(); ++i) {
      const model::ListPercentRow* row_percents =
          percents.has_value() && i < percents->regions.size() &&
                  percents->regions[i].region_id == table.regions[i].region_id
              ? &percents->regions[i]
              : nullptr;
      RETURN_IF_ERROR(CheckListRow(definition, table, table.regions[i], row_percents,
                                   percents.has_value() ? percents->source : "", out));
    }
    if (table.national.has_value()) {
      const model::ListPercentRow* national_percents =
          percents.has_value() && percents->national.has_value() ? &*percents->national : nullptr;
      RETURN_IF_ERROR(CheckListRow(definition, table, *table.national, national_percents,
                                   percents.has_value() ? percents->source : "", out));
      CheckNationalSums(definition, table, out);
    }
  }

  // The districts, then each region's two contests.
  const std::string district_source = FileName(data.districts_source);
  std::vector<DistrictBase> bases;
  for (const model::PublishedDistrictResult& district : data.districts) {
    ASSIGN_OR_RETURN(DistrictBase base, CheckDistrict(district_source, district, out));
    bases.push_back(base);
  }
  if (data.party_list.has_value() && !data.districts.empty()) {
    const model::PublishedListResults& table = *data.party_list;
    for (const model::ListResultRow& row : table.regions) {
      Interval total{0, Int128{0}};
      std::vector<std::string> numbers;
      for (size_t i = 0; i < data.districts.size(); ++i) {
        if (data.districts[i].region_id != row.region_id) {
          continue;
        }
        // A district whose candidates disagree counts with every total either allows.
        const Interval& base = bases[i].common.empty() ? bases[i].hull : bases[i].common;
        numbers.push_back(std::to_string(data.districts[i].number));
        total.lo += base.lo;
        total.hi = total.hi.has_value() && base.hi.has_value()
                       ? std::optional<Int128>(*total.hi + *base.hi)
                       : std::nullopt;
      }
      if (numbers.empty()) {
        continue;
      }
      const Location where{FileName(table.source), row.line,
                           definition.UnitName(row.region_id, row.published_name)};
      const std::vector<PublishedFigure> figures = {
          {"ballots_total", Count(row.ballots_total)},
          {"registered", Count(row.registered_voters)},
          {"districts", fmt::format("{} (in {})", fmt::join(numbers, ", "), district_source)}};
      // Tolerance: 1 % of the party-list ballots, for voters who took only one of the two
      // ballots (docs/forensics-published.md).
      PublishedCheck check = AtMostCheck(
          CheckKind::kCrossContest, where,
          "ballots counted in the region's district contests <= party-list ballots_total + 1 %",
          figures, Count(row.ballots_total), total, row.ballots_total, "ballots");
      check.tolerance = "1 % of the party-list ballots_total";
      check.consistent = 100 * (total.lo - row.ballots_total) <= row.ballots_total;
      check.beyond_tolerance = check.consistent
                                   ? 0
                                   : static_cast<int64_t>(total.lo - row.ballots_total -
                                                          FloorDiv(row.ballots_total, 100));
      if (total.lo > row.ballots_total) {
        check.note = fmt::format(
            "the district contests counted at least {} ballots more than the party-list contest "
            "({}% of its ballots)",
            IntString(total.lo - row.ballots_total),
            Decimal(100 * (total.lo - row.ballots_total), row.ballots_total, 2));
      }
      out.push_back(std::move(check));
      out.push_back(AtMostCheck(CheckKind::kCrossContest, where,
                                "ballots counted in the region's district contests <= registered",
                                figures, Count(row.registered_voters), total, row.registered_voters,
                                "ballots"));
    }
  }
  if (data.turnout_by_hour.has_value()) {
    CheckTurnoutByHour(definition, *data.turnout_by_hour, out);
  }
  return out;
}

}  // namespace esep::published
