// Helpers for tests of list allocations: lists to allocate, seats by name or in order, a row
// by name, and the worked steps as text or searched by kind. Test-only (it reports through
// GoogleTest).

#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "law/list_allocation.h"

namespace esep::law::internal {

// Lists for tests: a name and votes, plus a registration date or a list length.
inline ListVotes List(std::string name, int64_t votes) {
  return {.name = std::move(name), .votes = votes, .registered_on = {}, .candidates = {}};
}

inline ListVotes Registered(std::string name, int64_t votes, std::string date) {
  return {
      .name = std::move(name), .votes = votes, .registered_on = std::move(date), .candidates = {}};
}

inline ListVotes WithCandidates(std::string name, int64_t votes, int64_t candidates) {
  return {.name = std::move(name), .votes = votes, .registered_on = {}, .candidates = candidates};
}

inline std::map<std::string, int64_t> SeatsByName(const ListAllocation& allocation) {
  std::map<std::string, int64_t> seats;
  for (const ListAllocationRow& row : allocation.rows) {
    seats[row.name] = row.seats;
  }
  return seats;
}

inline std::vector<int64_t> SeatsInOrder(const ListAllocation& allocation) {
  std::vector<int64_t> seats;
  seats.reserve(allocation.rows.size());
  for (const ListAllocationRow& row : allocation.rows) {
    seats.push_back(row.seats);
  }
  return seats;
}

// The row named `name`; a test failure (and an empty row) when there is none.
inline const ListAllocationRow& RowNamed(const ListAllocation& allocation, std::string_view name) {
  for (const ListAllocationRow& row : allocation.rows) {
    if (row.name == name) {
      return row;
    }
  }
  ADD_FAILURE() << "no row named " << name;
  static const ListAllocationRow missing;
  return missing;
}

// True when some step of `kind` contains `part`.
inline bool HasStep(const ListAllocation& allocation, std::string_view kind,
                    std::string_view part) {
  for (const AllocationStep& step : allocation.steps) {
    if (step.kind == kind && step.text.find(part) != std::string::npos) {
      return true;
    }
  }
  return false;
}

// Every step, one per line, for failure messages.
inline std::string Steps(const ListAllocation& allocation) {
  std::string text;
  for (const AllocationStep& step : allocation.steps) {
    text += fmt::format("  [{}] {}\n", step.kind, step.text);
  }
  return text;
}

}  // namespace esep::law::internal
