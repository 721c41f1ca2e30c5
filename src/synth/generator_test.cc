#include "synth/generator.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "base/sha256.h"
#include "io/protocol_csv.h"
#include "protocol/control_ratio.h"
#include "protocol/validation.h"

namespace esep::synth {
namespace {

std::string Read(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

model::ElectionData Like() {
  Result<model::ElectionData> data =
      io::LoadElectionDirectory(std::string(ESEP_SOURCE_DIR) + "/data/elections/kz-majilis-2023");
  EXPECT_TRUE(data.has_value()) << data.error().message();
  return *data;
}

std::filesystem::path Generate(int64_t precincts, uint64_t seed, const std::string& name) {
  std::filesystem::path dir = std::filesystem::path(::testing::TempDir()) / name;
  std::filesystem::remove_all(dir);
  Result<GeneratorSummary> summary =
      GenerateElection(Like(), {.precincts = precincts, .seed = seed}, dir.string());
  EXPECT_TRUE(summary.has_value()) << summary.error().message();
  EXPECT_EQ(summary->precincts, precincts);
  return dir;
}

TEST(GeneratorTest, WritesAnElectionEsepCanReadBack) {
  const std::filesystem::path dir = Generate(500, 7, "synth-500");
  Result<model::ElectionData> data = io::LoadElectionDirectory(dir.string());
  ASSERT_TRUE(data.has_value()) << data.error().message();
  EXPECT_NE(data->definition.title().find("SYNTHETIC"), std::string::npos);
  EXPECT_EQ(data->definition.districts()[0].candidates.size(), 3u);
  int64_t precincts = 0;
  for (const model::Commission& commission : data->definition.commissions()) {
    precincts += commission.level == model::CommissionLevel::kPrecinct ? 1 : 0;
  }
  EXPECT_EQ(precincts, 500);
  EXPECT_NE(Read(dir / "README.md").find("SYNTHETIC"), std::string::npos);
}

TEST(GeneratorTest, EveryProtocolIsWellFormedAndPassesTheControlRatios) {
  const std::filesystem::path dir = Generate(400, 11, "synth-400");
  const std::string text = Read(dir / "protocols.csv");
  const auto ratios = *protocol::ControlRatios("kz-majilis-2023");
  int64_t rows = 0;
  std::map<std::string, protocol::Protocol> list_of;
  const Status status = io::ReadProtocolCsv(text, "protocols.csv", [&](io::ProtocolRow&& row) {
    ++rows;
    ASSERT_TRUE(row.protocol.has_value()) << row.error;
    const protocol::ValidationReport report = protocol::Validate(*row.protocol, ratios);
    EXPECT_TRUE(report.findings.empty()) << report.findings.front().message;
    if (row.protocol->contest.kind == protocol::ContestRef::Kind::kPartyList) {
      EXPECT_EQ(row.protocol->choice_votes.size(), 7u);
      list_of[row.protocol->commission_id] = *row.protocol;
    } else {
      const protocol::Protocol& list = list_of.at(row.protocol->commission_id);
      EXPECT_TRUE(protocol::ValidatePrecinct(list, *row.protocol, ratios).findings.empty());
    }
  });
  ASSERT_TRUE(status.ok()) << status.ToString();
  EXPECT_EQ(rows, 800);  // one list and one district protocol per precinct
}

TEST(GeneratorTest, RegionalTotalsStayCloseToTheRealOnes) {
  const model::ElectionData like = Like();
  const std::filesystem::path dir = Generate(2000, 3, "synth-2000");
  std::map<std::string, int64_t> registered;
  std::map<std::string, int64_t> amanat;
  std::map<std::string, int64_t> valid;
  const Status status =
      io::ReadProtocolCsv(Read(dir / "protocols.csv"), "protocols.csv", [&](io::ProtocolRow&& row) {
        const protocol::Protocol& p = *row.protocol;
        if (p.contest.kind != protocol::ContestRef::Kind::kPartyList) {
          return;
        }
        // "PEC-<region>-00001"
        const std::string region = p.commission_id.substr(4, p.commission_id.rfind('-') - 4);
        registered[region] += p.voters_on_list;
        amanat[region] += p.choice_votes[0];
        valid[region] += p.valid_ballots;
      });
  ASSERT_TRUE(status.ok()) << status.ToString();
  for (const model::ListResultRow& row : like.party_list->regions) {
    SCOPED_TRACE(row.region_id);
    EXPECT_EQ(registered[row.region_id], row.registered_voters);  // exactly
    const double real = static_cast<double>(row.party_votes[0]) /
                        static_cast<double>(row.list_votes() + row.against_all);
    const double synthetic =
        static_cast<double>(amanat[row.region_id]) / static_cast<double>(valid[row.region_id]);
    EXPECT_NEAR(synthetic, real, 0.04);  // Amanat's regional share within 4 points
  }
}

TEST(GeneratorTest, TheSameSeedGivesTheSameFiles) {
  const std::filesystem::path a = Generate(300, 42, "synth-a");
  const std::filesystem::path b = Generate(300, 42, "synth-b");
  const std::filesystem::path c = Generate(300, 43, "synth-c");
  EXPECT_EQ(Read(a / "protocols.csv"), Read(b / "protocols.csv"));
  EXPECT_EQ(Read(a / "commissions.csv"), Read(b / "commissions.csv"));
  EXPECT_NE(Read(a / "protocols.csv"), Read(c / "protocols.csv"));
}

// Clean generation must not change by accident: these are the digests of the files written
// before irregularities and summary protocols were added (commit bce03e6). If a deliberate
// change to the generator alters them, update them and say why in the commit. README.md changed
// when turnout.csv was added (it lists the file); the protocols did not.
TEST(GeneratorTest, CleanGenerationIsUnchanged) {
  const std::filesystem::path dir = Generate(300, 42, "synth-golden");
  EXPECT_EQ(Sha256Hex(Read(dir / "protocols.csv")),
            "c41a80d6ed9f7488bea71f5c920ade3c63747e67791e2e442974691f4a335987");
  EXPECT_EQ(Sha256Hex(Read(dir / "commissions.csv")),
            "e86dc5aeff398972bdc09281fc7771856a7cf34f93d30f444bf1aa630030942e");
  EXPECT_EQ(Sha256Hex(Read(dir / "election.json")),
            "5060f4a7359860be128fb9d45a2ef492455cd25ec682a47807fb25dc8b02b3e0");
  EXPECT_EQ(Sha256Hex(Read(dir / "README.md")),
            "989fb7d1097ccd0a5f48e9abfe64d2adb03e838eae97a1774730021fb486f01b");
  EXPECT_FALSE(std::filesystem::exists(dir / "ground_truth.csv"));
}

TEST(GeneratorTest, TooFewPrecinctsIsAnError) {
  Result<GeneratorSummary> summary = GenerateElection(Like(), {.precincts = 5}, "/tmp/unused");
  ASSERT_FALSE(summary.has_value());
  EXPECT_EQ(summary.error().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace esep::synth
