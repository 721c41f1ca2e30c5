// End-to-end tests of `esep audit`'s precinct-level suite from each source: a generated
// election directory, the store it is imported into, and a commission's CSV read through a
// column mapping; and the errors of bad sources, mappings and CSVs (exit code 2, with the
// file, line and column).

#include <filesystem>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include "integration/command_runner.h"

namespace esep {
namespace {

using ::esep::testing::CommandOutput;
using ::esep::testing::RunEsep;
using ::esep::testing::WriteTempFile;
using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr char kRuCsv[] = "src/precincts/testdata/ru-cik-synthetic.csv";
constexpr char kRuMapping[] = "data/mappings/ru-cik-example.json";

nlohmann::json ParseJson(const CommandOutput& output) {
  nlohmann::json json = nlohmann::json::parse(output.out, nullptr, false);
  EXPECT_FALSE(json.is_discarded()) << output.out.substr(0, 500);
  return json;
}

// A generated election with injected irregularities, shared by the tests.
class AuditPrecinctsCliTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::filesystem::remove_all(directory());  // generate writes only into a new directory
    const CommandOutput generated =
        RunEsep("generate --precincts 2000 --seed 5 --inject stuffing=0.03,turnout=0.03 --out '" +
                directory() + "'");
    ASSERT_EQ(generated.exit_code, 0) << generated.err;
  }
  static const std::string& directory() {
    static const std::string path =
        ::testing::TempDir() + "esep-audit-precincts-" + std::to_string(::getpid());
    return path;
  }
};

TEST_F(AuditPrecinctsCliTest, AGeneratedDirectoryGetsTheSuiteLabelledSynthetic) {
  const CommandOutput text = RunEsep("audit '" + directory() + "'");
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_THAT(text.out, StartsWith("Precinct-level fingerprints of " + directory() +
                                   "/protocols.csv — SYNTHETIC data"));
  EXPECT_THAT(text.out, HasSubstr("Precincts: 2,000 used, 0 skipped."));
  EXPECT_THAT(text.out, HasSubstr("Election-day additions to the voter list"));
  EXPECT_THAT(text.out, HasSubstr("Mobile-box voting"));
  EXPECT_THAT(text.out, HasSubstr("Turnout distribution by territorial commission — "
                                  "two-sample Kolmogorov–Smirnov against the other precincts "
                                  "of its region"));

  const CommandOutput json_output = RunEsep("audit '" + directory() + "' --format json");
  ASSERT_EQ(json_output.exit_code, 0) << json_output.err;
  const nlohmann::json suite = ParseJson(json_output)["precinct_suite"];
  EXPECT_TRUE(suite["synthetic"].get<bool>());
  EXPECT_EQ(suite["precincts"], 2000);
  EXPECT_EQ(suite["skipped_count"], 0);
  ASSERT_EQ(suite["sections"].size(), 6U);
  EXPECT_EQ(suite["sections"][0]["id"], "additions");
  EXPECT_EQ(suite["sections"][0]["precincts"], 2000);
  EXPECT_EQ(suite["sections"][3]["id"], "integer_percentages");
  EXPECT_EQ(suite["sections"][4]["id"], "digits");
  EXPECT_EQ(suite["sections"][5]["id"], "klimek");
  EXPECT_EQ(suite["sections"][5]["result"]["precincts"], 2000);
  EXPECT_EQ(suite["sections"][2]["reference"], "region");
  EXPECT_GT(suite["sections"][2]["tested_count"].get<int>(), 20);
}

TEST_F(AuditPrecinctsCliTest, TheStoreGivesTheSameTableAsTheDirectory) {
  const std::string db =
      ::testing::TempDir() + "esep-audit-precincts-" + std::to_string(::getpid()) + ".db";
  const CommandOutput imported = RunEsep("import --db '" + db + "' '" + directory() + "'");
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  const CommandOutput from_store = RunEsep("audit --db '" + db + "' --format json");
  ASSERT_EQ(from_store.exit_code, 0) << from_store.err;
  const CommandOutput from_directory = RunEsep("audit '" + directory() + "' --format json");
  nlohmann::json store_suite = ParseJson(from_store)["precinct_suite"];
  nlohmann::json directory_suite = ParseJson(from_directory)["precinct_suite"];
  EXPECT_EQ(store_suite["source"], db);
  EXPECT_TRUE(store_suite["synthetic"].get<bool>());
  EXPECT_EQ(store_suite["precincts"], 2000);
  // Same protocols, same numbers (the order of the rows may differ; the statistics do not
  // depend on it).
  for (const char* id : {"additions", "mobile", "turnout_by_commission"}) {
    SCOPED_TRACE(id);
    nlohmann::json a;
    nlohmann::json b;
    for (const nlohmann::json& section : store_suite["sections"]) {
      if (section["id"] == id) {
        a = section;
      }
    }
    for (const nlohmann::json& section : directory_suite["sections"]) {
      if (section["id"] == id) {
        b = section;
      }
    }
    EXPECT_EQ(a["p_value"], b["p_value"]);
    EXPECT_EQ(a["flagged"], b["flagged"]);
  }
  const CommandOutput text = RunEsep("audit --db '" + db + "'");
  EXPECT_THAT(text.out, StartsWith("Precinct-level fingerprints of " + db + " — SYNTHETIC"));
}

TEST(AuditPrecinctsCsvTest, TheRussianStyleCsvIsReadThroughTheExampleMapping) {
  const CommandOutput text = RunEsep(std::string("audit --precincts ") + kRuCsv + " --mapping " +
                                     kRuMapping + " --synthetic");
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_THAT(text.out, StartsWith(std::string("Precinct-level fingerprints of ") + kRuCsv +
                                   " (mapping " + kRuMapping + ") — SYNTHETIC data"));
  EXPECT_THAT(text.out, HasSubstr("Precincts: 12 used, 0 skipped."));
  EXPECT_THAT(text.out, HasSubstr("Not available: the data has no election-day additions"));
  const CommandOutput json_output =
      RunEsep(std::string("audit --precincts ") + kRuCsv + " --mapping " + kRuMapping +
              " --synthetic "
              "--format json");
  ASSERT_EQ(json_output.exit_code, 0) << json_output.err;
  const nlohmann::json suite = ParseJson(json_output)["precinct_suite"];
  EXPECT_EQ(suite["choices"][0], "Партия А");
  EXPECT_EQ(suite["sections"][1]["id"], "mobile");
  EXPECT_EQ(suite["sections"][1]["precincts"], 12);
  // Without --synthetic the example mapping (meant for real data) does not say SYNTHETIC.
  const CommandOutput real =
      RunEsep(std::string("audit --precincts ") + kRuCsv + " --mapping " + kRuMapping);
  EXPECT_THAT(real.out, ::testing::Not(HasSubstr("SYNTHETIC")));
}

TEST(AuditPrecinctsCsvTest, BadRowsAreListedOrStopTheAuditWithStrict) {
  const std::string mapping = WriteTempFile("m-good.json", R"json({
    "precinct": "uik", "group": "tik", "registered": "voters", "ballots": "ballots",
    "valid": "valid", "choices": [{"name": "A", "column": "a"}, {"name": "B", "column": "b"}]
  })json");
  const std::string csv = WriteTempFile("rows.csv",
                                        "uik,tik,voters,ballots,valid,a,b\n"
                                        "1,T,1000,500,500,300,200\n"
                                        "2,T,1000,5OO,500,300,200\n"
                                        "3,T,100,500,500,300,200\n"
                                        "4,T,900,400,400,300,100\n");
  const CommandOutput listed =
      RunEsep("audit --precincts '" + csv + "' --mapping '" + mapping + "'");
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_THAT(listed.out, HasSubstr("Precincts: 2 used, 2 skipped:"));
  EXPECT_THAT(listed.out, HasSubstr("skipped: " + csv +
                                    ":3: column \"ballots\" (ballots): '5OO' is not a whole "
                                    "number"));
  EXPECT_THAT(listed.out, HasSubstr("skipped: " + csv +
                                    ":4: precinct 3: ballots 500 exceed registered voters 100"));
  const CommandOutput strict =
      RunEsep("audit --precincts '" + csv + "' --mapping '" + mapping + "' --strict");
  EXPECT_EQ(strict.exit_code, 2);
  EXPECT_THAT(strict.err, HasSubstr(csv + ":3: column \"ballots\" (ballots)"));
}

TEST(AuditPrecinctsCsvTest, BadMappingsAndHeadersExitTwoNamingFileLineAndColumn) {
  const std::string typo = WriteTempFile("m-typo.json", R"json({"precint": "uik"})json");
  const CommandOutput bad_mapping =
      RunEsep(std::string("audit --precincts ") + kRuCsv + " --mapping '" + typo + "'");
  EXPECT_EQ(bad_mapping.exit_code, 2);
  EXPECT_THAT(bad_mapping.err, HasSubstr(typo + ": unknown key \"precint\""));

  // A mapping that says ',' for a ';' file (without the key, the delimiter is detected): the
  // error says which delimiter fits.
  const std::string comma = WriteTempFile("m-comma.json", R"json({"delimiter": ",",
    "precinct": "УИК", "registered": "voters", "ballots": "ballots", "valid": "valid",
    "choices": [{"name": "A", "column": "a"}]})json");
  const CommandOutput wrong_delimiter =
      RunEsep(std::string("audit --precincts ") + kRuCsv + " --mapping '" + comma + "'");
  EXPECT_EQ(wrong_delimiter.exit_code, 2);
  EXPECT_THAT(wrong_delimiter.err, HasSubstr(std::string(kRuCsv) + ":1: no column \"УИК\""));
  EXPECT_THAT(wrong_delimiter.err, HasSubstr("the file seems to be separated by ';', not ','"));
  EXPECT_THAT(wrong_delimiter.err, HasSubstr("set \"delimiter\": \";\" in " + comma));

  const std::string missing = WriteTempFile("m-missing.json", R"json({
    "delimiter": ";", "precinct": "УИК", "registered": "Число избирателей",
    "ballots": "ballots", "valid": "valid", "choices": [{"name": "A", "column": "a"}]})json");
  const CommandOutput no_column =
      RunEsep(std::string("audit --precincts ") + kRuCsv + " --mapping '" + missing + "'");
  EXPECT_EQ(no_column.exit_code, 2);
  EXPECT_THAT(no_column.err, HasSubstr(std::string(kRuCsv) +
                                       ":1: no column \"Число избирателей\" (mapped to "
                                       "\"registered\" by " +
                                       missing + ")"));
}

TEST(AuditPrecinctsCsvTest, OneSourceAtATime) {
  const CommandOutput none = RunEsep("audit");
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_THAT(none.err, HasSubstr("esep audit takes one source"));
  const CommandOutput two = RunEsep("audit kz-majilis-2023 --db x.db");
  EXPECT_EQ(two.exit_code, 2);
  EXPECT_THAT(two.err, HasSubstr("esep audit takes one source"));
  const CommandOutput no_mapping = RunEsep(std::string("audit --precincts ") + kRuCsv);
  EXPECT_EQ(no_mapping.exit_code, 2);
  EXPECT_THAT(no_mapping.err, HasSubstr("--precincts and --mapping go together"));
  const CommandOutput no_store = RunEsep("audit --db /nonexistent/results.db");
  EXPECT_EQ(no_store.exit_code, 2);
  EXPECT_THAT(no_store.err, HasSubstr("no such store"));
  const CommandOutput help = RunEsep("audit --help");
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_THAT(help.out, HasSubstr("esep audit --db /tmp/results.db"));
  EXPECT_THAT(help.out, HasSubstr("--mapping data/mappings/ru-cik-example.json"));
}

}  // namespace
}  // namespace esep
