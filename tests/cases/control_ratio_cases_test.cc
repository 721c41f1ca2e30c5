// Control ratios as data: every tests/cases/control_ratios/*.test file is one test. A block's
// first input line is "rules NAME" (the rule set whose catalogue applies), the other lines are
// protocols in JSON Lines (docs/formats/protocols-jsonl.md). Each protocol is checked with
// protocol::Validate; when the block gives exactly two, a party-list and a district protocol,
// the pair is also checked with protocol::ValidatePrecinct. The output is one line per
// finding, "ID SEVERITY: left L, right R" (the two sides as computed), then "accepted" when no
// finding is an error and "rejected" otherwise.

#include <filesystem>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "cases/case_runner.h"
#include "io/protocol_jsonl.h"
#include "protocol/control_ratio.h"
#include "protocol/validation.h"

namespace esep::testing {
namespace {

Result<std::vector<protocol::Protocol>> ReadProtocols(const CaseFile& file,
                                                      const CaseBlock& block) {
  std::string text;
  for (size_t line = 1; line < block.input.size(); ++line) {
    text += block.input[line] + "\n";
  }
  std::vector<protocol::Protocol> protocols;
  std::string errors;
  // The reader counts lines from the block's second line, so "where:N" is that block's N-th
  // protocol; the block's own line is in the source name.
  Status status = io::ReadProtocolJsonl(text, file.Where(block.line) + ", protocol",
                                        [&](io::ProtocolRow&& row) {
                                          if (row.protocol.has_value()) {
                                            protocols.push_back(std::move(*row.protocol));
                                          } else {
                                            errors += row.error + "\n";
                                          }
                                        });
  if (!status.ok()) {
    return status;
  }
  if (!errors.empty()) {
    return InvalidArgumentError(errors);
  }
  if (protocols.empty()) {
    return InvalidArgumentError(fmt::format("{}: no protocol", file.Where(block.line)));
  }
  return protocols;
}

void AppendFindings(const protocol::ValidationReport& report, std::vector<std::string>& lines,
                    bool& accepted) {
  for (const protocol::Finding& finding : report.findings) {
    lines.push_back(fmt::format("{} {}: left {}, right {}", finding.rule_id,
                                protocol::SeverityName(finding.severity), finding.left,
                                finding.right));
  }
  accepted = accepted && report.accepted();
}

Result<std::vector<std::string>> RunRatiosBlock(const CaseFile& file, const CaseBlock& block) {
  const std::string& first = block.input.front();
  if (first.rfind("rules ", 0) != 0) {
    return InvalidArgumentError(
        fmt::format("{}: the first line must be 'rules NAME'", file.Where(block.line)));
  }
  ASSIGN_OR_RETURN(std::span<const protocol::ControlRatio> ratios,
                   protocol::ControlRatios(first.substr(6)));
  ASSIGN_OR_RETURN(std::vector<protocol::Protocol> protocols, ReadProtocols(file, block));
  std::vector<std::string> lines;
  bool accepted = true;
  for (const protocol::Protocol& protocol : protocols) {
    AppendFindings(protocol::Validate(protocol, ratios), lines, accepted);
  }
  if (protocols.size() == 2) {
    const protocol::Protocol* list = &protocols[0];
    const protocol::Protocol* district = &protocols[1];
    if (list->contest.kind != protocol::ContestRef::Kind::kPartyList) {
      std::swap(list, district);
    }
    if (list->contest.kind != protocol::ContestRef::Kind::kPartyList ||
        district->contest.kind != protocol::ContestRef::Kind::kDistrict ||
        list->commission_id != district->commission_id) {
      return InvalidArgumentError(fmt::format(
          "{}: two protocols must be the list and the district protocol of one commission",
          file.Where(block.line)));
    }
    AppendFindings(protocol::ValidatePrecinct(*list, *district, ratios), lines, accepted);
  }
  lines.push_back(accepted ? "accepted" : "rejected");
  return lines;
}

class ControlRatioCasesTest : public ::testing::TestWithParam<std::string> {};

TEST_P(ControlRatioCasesTest, FindingsMatch) {
  const std::string& path = GetParam();
  RunCaseFile(path, "tests/cases/control_ratios/" + std::filesystem::path(path).filename().string(),
              RunRatiosBlock);
}

INSTANTIATE_TEST_SUITE_P(Files, ControlRatioCasesTest,
                         ::testing::ValuesIn(CaseFilesOf("control_ratios")), CaseTestName);

TEST(ControlRatioCasesSuiteTest, FindsTheCheckedInFiles) {
  EXPECT_GE(CaseFilesOf("control_ratios").size(), 1u);
}

}  // namespace
}  // namespace esep::testing
