// The generator's turnout reports (synth/turnout_reports.h): six per precinct, cumulative, the
// last one the protocol's own "turnout reported during the day" and never above the ballots
// issued, every row labelled synthetic, the same for the same seed.

#include "synth/turnout_reports.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "io/election_data.h"
#include "io/protocol_csv.h"
#include "io/turnout_csv.h"
#include "synth/generator.h"

namespace esep::synth {
namespace {

std::string Read(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::filesystem::path Generate(uint64_t seed, const std::string& name) {
  Result<model::ElectionData> like =
      io::LoadElectionDirectory(std::string(ESEP_SOURCE_DIR) + "/data/elections/kz-majilis-2023");
  EXPECT_TRUE(like.has_value());
  std::filesystem::path dir = std::filesystem::path(::testing::TempDir()) / name;
  std::filesystem::remove_all(dir);
  GeneratorOptions options{.precincts = 300, .seed = seed};
  // Stuffing raises a protocol's figures: the reports must still stay within them.
  options.inject.parts_per_billion[static_cast<size_t>(IrregularityKind::kStuffing)] = 50'000'000;
  Result<GeneratorSummary> summary = GenerateElection(*like, options, dir.string());
  EXPECT_TRUE(summary.has_value()) << summary.error().message();
  EXPECT_EQ(summary->turnout_reports, 300 * 6);
  return dir;
}

TEST(SyntheticTurnoutTest, EveryPrecinctReportsCumulativelyUpToItsProtocol) {
  const std::filesystem::path dir = Generate(5, "synth-turnout-5");
  std::map<std::string, protocol::Protocol> lists;
  ASSERT_TRUE(
      io::ReadProtocolCsv(Read(dir / "protocols.csv"), "protocols.csv", [&](io::ProtocolRow&& row) {
        ASSERT_TRUE(row.protocol.has_value()) << row.error;
        if (row.protocol->contest.kind == protocol::ContestRef::Kind::kPartyList) {
          lists[row.protocol->commission_id] = *row.protocol;
        }
      }).ok());
  std::map<std::string, std::vector<protocol::TurnoutReport>> reports;
  ASSERT_TRUE(
      io::ReadTurnoutCsv(Read(dir / "turnout.csv"), "turnout.csv", [&](io::TurnoutRow&& row) {
        ASSERT_TRUE(row.report.has_value()) << row.error;
        EXPECT_TRUE(row.synthetic);
        reports[row.report->commission_id].push_back(*row.report);
      }).ok());
  ASSERT_EQ(reports.size(), 300u);
  int64_t rising = 0;
  for (const auto& [precinct, day] : reports) {
    SCOPED_TRACE(precinct);
    ASSERT_EQ(day.size(), 6u);
    const protocol::Protocol& list = lists.at(precinct);
    EXPECT_EQ(day.front().time, "10:00");
    EXPECT_EQ(day.back().time, "20:00");
    for (size_t k = 1; k < day.size(); ++k) {
      EXPECT_LT(day[k - 1].time, day[k].time);
      EXPECT_LE(day[k - 1].voters, day[k].voters);
      rising += day[k - 1].voters < day[k].voters ? 1 : 0;
    }
    EXPECT_LE(day.back().voters, list.ballots_issued());
    EXPECT_EQ(day.back().voters,
              std::min(*list.turnout_reported_during_day, list.ballots_issued()));
    // A plausible day: the morning report is a fraction of the evening's.
    EXPECT_LT(day.front().voters, day.back().voters / 2 + 1);
  }
  EXPECT_GT(rising, 300 * 4);  // counts rise through the day, not stand still
  EXPECT_EQ(Read(Generate(5, "synth-turnout-5-again") / "turnout.csv"), Read(dir / "turnout.csv"));
}

}  // namespace
}  // namespace esep::synth
