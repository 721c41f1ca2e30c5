#include "io/list_votes_csv.h"

#include <iostream>
#include <iterator>
#include <map>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "base/text.h"
#include "io/csv.h"

namespace esep::io {

bool IsIsoDate(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
    return false;
  }
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (text[i] < '0' || text[i] > '9') {
      return false;
    }
  }
  const int year =
      (text[0] - '0') * 1000 + (text[1] - '0') * 100 + (text[2] - '0') * 10 + (text[3] - '0');
  const int month = (text[5] - '0') * 10 + (text[6] - '0');
  const int day = (text[8] - '0') * 10 + (text[9] - '0');
  if (month < 1 || month > 12 || day < 1) {
    return false;
  }
  constexpr int kDaysInMonth[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return day <= kDaysInMonth[month - 1] + (month == 2 && leap ? 1 : 0);
}

Result<law::ListContestVotes> ParseListVotesCsv(std::string_view text, std::string_view source) {
  ASSIGN_OR_RETURN(CsvTable table, ParseCsv(text, source));
  const std::optional<size_t> party_column = table.FindColumn("party");
  const std::optional<size_t> votes_column = table.FindColumn("votes");
  if (!party_column.has_value() || !votes_column.has_value()) {
    return InvalidArgumentError(
        fmt::format("{}:1: the header must have the columns 'party' and 'votes' (it has: {})",
                    source, table.HeaderForMessage()));
  }
  const std::optional<size_t> registered_column = table.FindColumn("registered");
  const std::optional<size_t> candidates_column = table.FindColumn("candidates");

  law::ListContestVotes votes;
  std::map<std::string, int64_t> first_line;  // normalized name -> line, for duplicates
  bool seen_against_all = false;
  bool seen_invalid = false;
  for (const CsvRecord& record : table.rows) {
    const std::string where = table.Where(record);
    const std::string name(Trim(record.fields[*party_column]));
    if (name.empty()) {
      return InvalidArgumentError(
          fmt::format("{}: field 'party' is empty; every row needs a party name", where));
    }
    Result<int64_t> count = ParseCount(record.fields[*votes_column]);
    if (!count.has_value()) {
      return InvalidArgumentError(
          fmt::format("{}: field 'votes' of '{}': {} (votes are whole numbers, 0 or more)", where,
                      name, count.error().message()));
    }
    const std::string key = NormalizeName(name);
    if (key == "against all" || key == "invalid") {
      bool& seen = key == "invalid" ? seen_invalid : seen_against_all;
      if (seen) {
        return InvalidArgumentError(
            fmt::format("{}: a second '{}' row; give each ballot line once", where, name));
      }
      seen = true;
      (key == "invalid" ? votes.invalid : votes.against_all) = *count;
      continue;
    }
    if (auto [it, inserted] = first_line.emplace(key, record.line); !inserted) {
      return InvalidArgumentError(
          fmt::format("{}: party '{}' is already given on line {}; each "
                      "party must appear once",
                      where, name, it->second));
    }
    law::ListVotes list{.name = name, .votes = *count};
    if (registered_column.has_value()) {
      const std::string_view date = Trim(record.fields[*registered_column]);
      if (!date.empty()) {
        if (!IsIsoDate(date)) {
          return InvalidArgumentError(
              fmt::format("{}: field 'registered' of '{}': '{}' is not a date written YYYY-MM-DD",
                          where, name, date));
        }
        list.registered_on = std::string(date);
      }
    }
    if (candidates_column.has_value() && !Trim(record.fields[*candidates_column]).empty()) {
      Result<int64_t> candidates = ParseCount(record.fields[*candidates_column]);
      if (!candidates.has_value()) {
        return InvalidArgumentError(fmt::format("{}: field 'candidates' of '{}': {}", where, name,
                                                candidates.error().message()));
      }
      list.candidates = *candidates;
    }
    votes.lists.push_back(std::move(list));
  }
  if (votes.lists.empty()) {
    return InvalidArgumentError(
        fmt::format("{}: no party rows; the file needs at least one party with its votes", source));
  }
  return votes;
}

Result<law::ListContestVotes> ReadListVotesCsv(const std::string& path) {
  if (path == "-") {
    const std::string text{std::istreambuf_iterator<char>(std::cin),
                           std::istreambuf_iterator<char>()};
    return ParseListVotesCsv(text, "<stdin>");
  }
  ASSIGN_OR_RETURN(std::string text, ReadTextFile(path));
  return ParseListVotesCsv(text, path);
}

}  // namespace esep::io
