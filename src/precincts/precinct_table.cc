#include "precincts/precinct_table.h"

#include <algorithm>
#include <numeric>

#include <fmt/format.h>

namespace esep::precincts {

namespace {

// The index of `name` in `names`, appended when new. Rows come grouped by commission, so the
// last name used is tried first: a million rows cost a million string compares, not a search.
uint32_t NameIndex(std::vector<std::string>& names, const std::vector<uint32_t>& used,
                   std::string& name) {
  if (!used.empty() && names[used.back()] == name) {
    return used.back();
  }
  auto it = std::find(names.begin(), names.end(), name);
  if (it == names.end()) {
    names.push_back(std::move(name));
    return static_cast<uint32_t>(names.size() - 1);
  }
  return static_cast<uint32_t>(it - names.begin());
}

Status CheckCount(const PrecinctRow& row, std::string_view field, int64_t value) {
  if (value < 0) {
    return InvalidArgumentError(
        fmt::format("precinct {}: {} is {}: a count cannot be negative", row.id, field, value));
  }
  return OkStatus();
}

}  // namespace

Status PrecinctTable::Add(PrecinctRow row) {
  RETURN_IF_ERROR(CheckCount(row, "registered voters", row.registered));
  RETURN_IF_ERROR(CheckCount(row, "ballots", row.ballots));
  RETURN_IF_ERROR(CheckCount(row, "valid ballots", row.valid));
  if (row.added_on_day.has_value()) {
    RETURN_IF_ERROR(CheckCount(row, "voters added on the day", *row.added_on_day));
  }
  if (row.mobile_ballots.has_value()) {
    RETURN_IF_ERROR(CheckCount(row, "mobile-box ballots", *row.mobile_ballots));
  }
  if (row.issued.has_value()) {
    RETURN_IF_ERROR(CheckCount(row, "ballots issued", *row.issued));
  }
  if (row.invalid.has_value()) {
    RETURN_IF_ERROR(CheckCount(row, "invalid ballots", *row.invalid));
  }
  if (row.votes.size() != choices()) {
    return InvalidArgumentError(
        fmt::format("precinct {}: {} vote counts, expected {} (one per choice)", row.id,
                    row.votes.size(), choices()));
  }
  int64_t sum = 0;
  for (size_t c = 0; c < row.votes.size(); ++c) {
    RETURN_IF_ERROR(CheckCount(row, fmt::format("votes for {}", choice_names[c]), row.votes[c]));
    sum += row.votes[c];
  }
  if (row.ballots > row.registered) {
    return InvalidArgumentError(
        fmt::format("precinct {}: ballots {} exceed registered voters {}: turnout above 100%",
                    row.id, row.ballots, row.registered));
  }
  if (row.valid > row.ballots) {
    return InvalidArgumentError(fmt::format("precinct {}: valid ballots {} exceed ballots {}",
                                            row.id, row.valid, row.ballots));
  }
  if (sum > row.valid) {
    return InvalidArgumentError(fmt::format(
        "precinct {}: votes sum to {}, more than the {} valid ballots", row.id, sum, row.valid));
  }
  const uint32_t group_index = NameIndex(group_names, group, row.group);
  const uint32_t region_index = NameIndex(region_names, region, row.region);
  ids.push_back(std::move(row.id));
  group.push_back(group_index);
  region.push_back(region_index);
  registered.push_back(row.registered);
  ballots.push_back(row.ballots);
  valid.push_back(row.valid);
  has_added_on_day = has_added_on_day && row.added_on_day.has_value();
  has_mobile_ballots = has_mobile_ballots && row.mobile_ballots.has_value();
  added_on_day.push_back(row.added_on_day.value_or(0));
  mobile_ballots.push_back(row.mobile_ballots.value_or(0));
  has_issued = has_issued && row.issued.has_value();
  has_invalid = has_invalid && row.invalid.has_value();
  issued.push_back(row.issued.value_or(0));
  invalid.push_back(row.invalid.value_or(0));
  votes.insert(votes.end(), row.votes.begin(), row.votes.end());
  special.push_back(row.special ? 1 : 0);
  return OkStatus();
}

size_t PrecinctTable::Leader() const {
  size_t leader = 0;
  int64_t most = -1;
  for (size_t c = 0; c < choices(); ++c) {
    const int64_t total = TotalVotes(c);
    if (total > most) {
      most = total;
      leader = c;
    }
  }
  return leader;
}

int64_t PrecinctTable::TotalRegistered() const {
  return std::accumulate(registered.begin(), registered.end(), int64_t{0});
}

int64_t PrecinctTable::TotalBallots() const {
  return std::accumulate(ballots.begin(), ballots.end(), int64_t{0});
}

int64_t PrecinctTable::TotalVotes(size_t choice) const {
  int64_t total = 0;
  for (size_t p = 0; p < size(); ++p) {
    total += Votes(p, choice);
  }
  return total;
}

}  // namespace esep::precincts
