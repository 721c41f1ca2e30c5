// Seat allocations as data: every tests/cases/seats/*.test file is one test. A block's first
// input line holds the flags of `esep seats` (--rules NAME and/or --seats N --threshold P
// --method M --threshold-base B --runner-up-min-seats N --tie-break T --surplus S --seed N),
// the other lines the votes CSV (docs/formats/list-votes-csv.md). The output is one line per
// list, "NAME: ADMISSION, N seats" (", V vacant" when some could not be filled), then
// "total: F filled, V vacant" (", decided by lot" when a drawing of lots decided a seat), or
// "error: CODE" when the law cannot be applied. The library is called directly, not the binary.

#include <filesystem>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "base/text.h"
#include "cases/case_runner.h"
#include "io/list_votes_csv.h"
#include "law/list_allocation.h"
#include "law/rule_changes.h"

namespace esep::testing {
namespace {

Result<int64_t> ParseWhole(const std::string& flag, const std::string& text) {
  Result<int64_t> value = ParseCount(text);
  if (!value.has_value()) {
    return value.error().WithContext(flag);
  }
  return value;
}

// The rules `esep seats` builds from the same flags: law::ApplyRuleChanges, the one function
// both call.
Result<law::ListRules> RulesFromFlags(const std::string& line) {
  std::istringstream words(line);
  std::map<std::string, std::string> flags;
  std::string flag;
  while (words >> flag) {
    std::string value;
    if (flag.rfind("--", 0) != 0 || !(words >> value)) {
      return InvalidArgumentError(fmt::format("'{}': flags come as --name value pairs", flag));
    }
    if (!flags.emplace(flag, value).second) {
      return InvalidArgumentError(fmt::format("{} is given twice", flag));
    }
  }
  std::optional<std::string> rule_set;
  law::ListRuleChanges changes;
  uint64_t seed = 0;
  for (const auto& [name, value] : flags) {
    if (name == "--rules") {
      rule_set = value;
    } else if (name == "--seats") {
      ASSIGN_OR_RETURN(changes.seats, ParseWhole(name, value));
    } else if (name == "--threshold") {
      changes.threshold = value;
    } else if (name == "--method") {
      changes.method = value;
    } else if (name == "--threshold-base") {
      changes.threshold_base = value;
    } else if (name == "--runner-up-min-seats") {
      ASSIGN_OR_RETURN(changes.runner_up_min_seats, ParseWhole(name, value));
    } else if (name == "--tie-break") {
      changes.tie_break = value;
    } else if (name == "--surplus") {
      changes.surplus = value;
    } else if (name == "--seed") {
      ASSIGN_OR_RETURN(const int64_t parsed, ParseWhole(name, value));
      seed = static_cast<uint64_t>(parsed);
    } else {
      return InvalidArgumentError(fmt::format("unknown flag {}", name));
    }
  }
  return law::ApplyRuleChanges(rule_set, changes, seed);
}

std::vector<std::string> Describe(const law::ListAllocation& allocation) {
  std::vector<std::string> lines;
  for (const law::ListAllocationRow& row : allocation.rows) {
    std::string line =
        fmt::format("{}: {}, {} seats", row.name, law::AdmissionName(row.admission), row.seats_won);
    if (row.vacant > 0) {
      line += fmt::format(", {} vacant", row.vacant);
    }
    lines.push_back(std::move(line));
  }
  lines.push_back(fmt::format("total: {} filled, {} vacant{}", allocation.seats_filled,
                              allocation.seats_vacant,
                              allocation.lot_decided ? ", decided by lot" : ""));
  return lines;
}

Result<std::vector<std::string>> RunSeatsBlock(const CaseFile& file, const CaseBlock& block) {
  Result<law::ListRules> rules = RulesFromFlags(block.input.front());
  if (!rules.has_value()) {
    return rules.error().WithContext(file.Where(block.line));
  }
  std::string csv;
  for (size_t line = 1; line < block.input.size(); ++line) {
    csv += block.input[line] + "\n";
  }
  // The CSV starts on the block's second line; its messages count from there.
  ASSIGN_OR_RETURN(law::ListContestVotes votes,
                   io::ParseListVotesCsv(csv, file.Where(block.line + 1)));
  Result<law::ListAllocation> allocation = law::AllocateListSeats(votes, *rules);
  if (!allocation.has_value()) {
    return std::vector<std::string>{
        fmt::format("error: {}", StatusCodeName(allocation.error().code()))};
  }
  return Describe(*allocation);
}

class SeatCasesTest : public ::testing::TestWithParam<std::string> {};

TEST_P(SeatCasesTest, AllocationMatches) {
  const std::string& path = GetParam();
  RunCaseFile(path, "tests/cases/seats/" + std::filesystem::path(path).filename().string(),
              RunSeatsBlock);
}

INSTANTIATE_TEST_SUITE_P(Files, SeatCasesTest, ::testing::ValuesIn(CaseFilesOf("seats")),
                         CaseTestName);

TEST(SeatCasesSuiteTest, FindsTheCheckedInFiles) { EXPECT_GE(CaseFilesOf("seats").size(), 10u); }

}  // namespace
}  // namespace esep::testing
