// End-to-end tests of what `esep audit --db` reports beside the statistics: the store's own
// records of what is wrong (rejected submissions, open corrections, summary protocols that
// differ from their precincts), on a store made from a generated election with bad protocols;
// special commissions set apart by --special-id / --special-group; and a commission's CSV read
// through a mapping that relies on the reader's newer rules (docs/formats/column-mapping.md).

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include "integration/command_runner.h"

namespace esep {
namespace {

using ::esep::testing::CommandOutput;
using ::esep::testing::ReadFile;
using ::esep::testing::RunEsep;
using ::testing::HasSubstr;

nlohmann::json ParseJson(const CommandOutput& output) {
  nlohmann::json json = nlohmann::json::parse(output.out, nullptr, false);
  EXPECT_FALSE(json.is_discarded()) << output.out.substr(0, 500);
  return json;
}

// The scratch directory of this test process.
std::string Scratch(const std::string& name) {
  return ::testing::TempDir() + "esep-audit-store-" + std::to_string(::getpid()) + "-" + name;
}

// A store of a generated election with protocols that break control ratios (rejected on
// import), summary protocols altered against their precincts, and one correction submitted
// without a commission decision (an open correction).
class AuditStoreCliTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::filesystem::remove_all(Directory());
    std::filesystem::remove(Store());
    const CommandOutput generated = RunEsep(
        "generate --precincts 200 --seed 3 --summaries --inject ratios=0.05,summary=0.3 "
        "--out '" +
        Directory() + "'");
    ASSERT_EQ(generated.exit_code, 0) << generated.err;
    const CommandOutput imported = RunEsep("import --db '" + Store() + "' '" + Directory() + "'");
    ASSERT_EQ(imported.exit_code, 2) << imported.err;  // rows rejected, the rest stored
    std::smatch match;
    ASSERT_TRUE(std::regex_search(imported.err, match,
                                  std::regex("([0-9]+) of [0-9]+ rows were "
                                             "rejected")))
        << imported.err;
    RejectedOnImport() = std::stoi(match[1]);

    // The first precinct's list protocol again with two lists' votes swapped: every control
    // ratio still holds, but it changes an accepted protocol without a decision.
    std::istringstream protocols(ReadFile(Directory() + "/protocols.csv"));
    std::string header;
    std::string row;
    std::getline(protocols, header);
    std::getline(protocols, row);
    std::vector<std::string> fields;
    for (std::stringstream cells(row); std::getline(cells, fields.emplace_back(), ',');) {
    }
    fields.pop_back();
    Corrected() = fields[0];
    const size_t first_choice = fields.size() - 7;  // seven lists
    std::swap(fields[first_choice], fields[first_choice + 1]);
    std::string changed;
    for (const std::string& field : fields) {
      changed += (changed.empty() ? "" : ",") + field;
    }
    const std::string corrections = Scratch("corrections.csv");
    std::ofstream(corrections) << header << "\n" << changed << "\n";
    const CommandOutput correction = RunEsep("import --db '" + Store() + "' '" + corrections + "'");
    ASSERT_EQ(correction.exit_code, 2) << correction.err;
  }
  static const std::string& Directory() {
    static const std::string path = Scratch("election");
    return path;
  }
  static const std::string& Store() {
    static const std::string path = Scratch("results.db");
    return path;
  }
  static int& RejectedOnImport() {
    static int count = 0;
    return count;
  }
  static std::string& Corrected() {
    static std::string commission;
    return commission;
  }
};

TEST_F(AuditStoreCliTest, TheAuditOfAStoreReportsWhatTheStoreKnowsIsWrong) {
  ASSERT_GT(RejectedOnImport(), 0);
  const CommandOutput json_output = RunEsep("audit --db '" + Store() + "' --format json");
  ASSERT_EQ(json_output.exit_code, 0) << json_output.err;
  const nlohmann::json store = ParseJson(json_output)["store"];
  ASSERT_TRUE(store.is_object()) << json_output.out.substr(0, 300);
  EXPECT_EQ(store["source"], Store());
  // Every rejected row of the import, and the rejected correction.
  EXPECT_EQ(store["submissions"]["rejected"], RejectedOnImport() + 1);
  ASSERT_EQ(store["rejected"].size(), static_cast<size_t>(RejectedOnImport() + 1));
  for (const nlohmann::json& rejected : store["rejected"]) {
    EXPECT_FALSE(rejected["commission"].get<std::string>().empty());
    EXPECT_FALSE(rejected["text"].get<std::string>().empty());
  }
  ASSERT_EQ(store["open_corrections"].size(), 1U);
  EXPECT_EQ(store["open_corrections"][0]["commission"], Corrected());
  EXPECT_THAT(store["open_corrections"][0]["text"].get<std::string>(),
              HasSubstr("must cite a commission decision"));

  // Every summary protocol the generator altered is among the differences, or among the
  // rejected submissions when the alteration broke one of its own control ratios.
  std::set<std::string> differing;
  for (const nlohmann::json& difference : store["summary_differences"]) {
    differing.insert(difference["commission"].get<std::string>());
  }
  std::set<std::string> rejected;
  for (const nlohmann::json& submission : store["rejected"]) {
    rejected.insert(submission["commission"].get<std::string>());
  }
  std::istringstream truth(ReadFile(Directory() + "/ground_truth.csv"));
  int altered_summaries = 0;
  for (std::string line; std::getline(truth, line);) {
    if (line.find(",summary,") != std::string::npos) {
      const std::string commission = line.substr(4, line.find(',', 4) - 4);  // after "yes,"
      EXPECT_EQ(differing.count(commission) + rejected.count(commission), 1U) << commission;
      ++altered_summaries;
    }
  }
  EXPECT_GT(altered_summaries, 0);
  EXPECT_EQ(store["problems"].get<size_t>(), store["rejected"].size() + 1 + differing.size());

  const CommandOutput text = RunEsep("audit --db '" + Store() + "' --max-listed 3");
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_THAT(text.out, HasSubstr("What the store " + Store() + " records as wrong"));
  EXPECT_THAT(text.out, HasSubstr("FOUND: rejected submissions (not counted in any result): " +
                                  std::to_string(RejectedOnImport() + 1)));
  EXPECT_THAT(text.out, HasSubstr("FOUND: open corrections"));
  EXPECT_THAT(text.out, HasSubstr("    " + Corrected() + " (list)"));
  EXPECT_THAT(text.out, HasSubstr("FOUND: summary protocols that differ from the sum of their "
                                  "precincts: " +
                                  std::to_string(differing.size())));

  // The HTML report puts them among its findings.
  const std::string report = Scratch("report");
  std::filesystem::remove_all(report);
  const CommandOutput html = RunEsep("audit --db '" + Store() + "' --report '" + report + "'");
  ASSERT_EQ(html.exit_code, 0) << html.err;
  const std::string page = ReadFile(report + "/report.html");
  EXPECT_THAT(page, HasSubstr("Rejected submissions in the store: " +
                              std::to_string(RejectedOnImport() + 1)));
  EXPECT_THAT(page, HasSubstr("Open corrections in the store: 1"));
}

TEST(AuditStoreCleanCliTest, ACleanStoreSaysItRecordsNothingWrong) {
  const std::string directory = Scratch("clean");
  const std::string store = Scratch("clean.db");
  std::filesystem::remove_all(directory);
  std::filesystem::remove(store);
  ASSERT_EQ(
      RunEsep("generate --precincts 60 --seed 2 --summaries --out '" + directory + "'").exit_code,
      0);
  ASSERT_EQ(RunEsep("import --db '" + store + "' '" + directory + "'").exit_code, 0);
  const CommandOutput json_output = RunEsep("audit --db '" + store + "' --format json");
  ASSERT_EQ(json_output.exit_code, 0) << json_output.err;
  const nlohmann::json json = ParseJson(json_output)["store"];
  EXPECT_EQ(json["problems"], 0);
  EXPECT_EQ(json["submissions"]["rejected"], 0);
  EXPECT_GT(json["summary_protocols"].get<int>(), 0);
  const CommandOutput text = RunEsep("audit --db '" + store + "'");
  EXPECT_THAT(text.out, HasSubstr("None: no submission was rejected, no correction is open, "
                                  "every summary protocol equals the sum of its precincts."));
}

TEST(AuditSpecialCliTest, SpecialCommissionsAreSetApartByPattern) {
  const std::string directory = Scratch("special");
  std::filesystem::remove_all(directory);
  ASSERT_EQ(RunEsep("generate --precincts 400 --seed 4 --out '" + directory + "'").exit_code, 0);
  const CommandOutput output =
      RunEsep("audit '" + directory + "' --special-group '^TTEC-abai' --format json");
  ASSERT_EQ(output.exit_code, 0) << output.err;
  const nlohmann::json shape = ParseJson(output)["precinct_suite"]["sections"][2];
  ASSERT_EQ(shape["id"], "turnout_by_commission");
  EXPECT_EQ(shape["special"]["rule"], "commission name matches /^TTEC-abai/");
  const size_t special = shape["special"]["count"].get<size_t>();
  EXPECT_GT(special, 0U);
  EXPECT_EQ(shape["precincts"].get<size_t>() + special, 400U);
  for (const nlohmann::json& commission : shape["commissions"]) {
    EXPECT_THAT(commission["commission"].get<std::string>(),
                ::testing::Not(::testing::StartsWith("TTEC-abai")));
  }
  const CommandOutput text = RunEsep("audit '" + directory + "' --special-group '^TTEC-abai'");
  EXPECT_THAT(text.out, HasSubstr("Special commissions set apart, neither tested nor compared "
                                  "with (commission name matches /^TTEC-abai/): " +
                                  std::to_string(special) + " precincts"));
  const CommandOutput bad = RunEsep("audit '" + directory + "' --special-id '(unclosed'");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_THAT(bad.err, HasSubstr("--special-id: \"(unclosed\" is not a valid regular expression"));
}

TEST(AuditMappedCsvCliTest, DetectedDelimiterMissingValuesEmptyIdsAndSpecialRows) {
  // Comma-separated with quoted names, a mapping without a delimiter; one e-voting row without
  // an id, one NA, and two ship-borne stations in a column "type".
  std::string csv = "\"region\",\"uik\",\"voters\",\"ballots\",\"valid\",\"a\",\"b\",\"type\"\n";
  for (int i = 0; i < 30; ++i) {
    csv += "R1," + std::to_string(i + 1) + ",1000," + std::to_string(500 + i) + "," +
           std::to_string(490 + i) + ",300," + std::to_string(190 + i) + ",ordinary\n";
  }
  csv += "R1,901,100,98,98,90,8,ship\nR1,902,100,99,99,90,9,ship\n";
  csv += "R1,,5000,3000,3000,2000,1000,e-voting\nR1,77,1000,NA,400,300,100,ordinary\n";
  const std::string csv_path = ::esep::testing::WriteTempFile("mapped.csv", csv);
  const std::string mapping = ::esep::testing::WriteTempFile("mapped.json", R"json({
    "synthetic": true, "precinct": ["region", "uik"], "region": "region", "group": "#1",
    "registered": "voters", "ballots": "ballots", "valid": "valid", "missing": ["NA"],
    "special": {"column": "type", "values": ["ship"]},
    "choices": [{"name": "A", "column": "a"}, {"name": "B", "column": "b"}]})json");
  const CommandOutput output =
      RunEsep("audit --precincts '" + csv_path + "' --mapping '" + mapping + "' --format json");
  ASSERT_EQ(output.exit_code, 0) << output.err;
  const nlohmann::json suite = ParseJson(output)["precinct_suite"];
  EXPECT_EQ(suite["precincts"], 32);
  ASSERT_EQ(suite["skipped_count"], 2);
  EXPECT_THAT(suite["skipped"][0].get<std::string>(),
              HasSubstr(csv_path + ":34: column \"uik\" (precinct): the precinct id is empty"));
  EXPECT_THAT(suite["skipped"][1].get<std::string>(),
              HasSubstr(csv_path + ":35: column \"ballots\" (ballots): a missing value"));
  ASSERT_EQ(suite["notes"].size(), 1U);
  EXPECT_THAT(suite["notes"][0].get<std::string>(), HasSubstr("1 rows with an empty precinct id"));
  EXPECT_EQ(suite["descriptive"]["with_both"], 32);
  EXPECT_EQ(suite["descriptive"]["corner"]["turnout_at_least_percent"], 95);
  EXPECT_EQ(suite["descriptive"]["corner"]["precincts"], 0);  // the ships: share 90 / 98 < 95 %
  EXPECT_EQ(suite["sections"][2]["special"]["count"], 2);
  EXPECT_EQ(suite["sections"][2]["special"]["precincts"][0]["precinct"], "R1 / 901");

  const CommandOutput text =
      RunEsep("audit --precincts '" + csv_path + "' --mapping '" + mapping + "'");
  EXPECT_THAT(text.out, HasSubstr("  note: 1 rows with an empty precinct id"));
  EXPECT_THAT(text.out, HasSubstr("Descriptive statistics (no test, no flag)"));
  EXPECT_THAT(text.out, HasSubstr("Special commissions set apart, neither tested nor compared "
                                  "with (column \"type\" is one of \"ship\"): 2 precincts"));
}

}  // namespace
}  // namespace esep
