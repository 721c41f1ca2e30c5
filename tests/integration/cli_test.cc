// End-to-end tests of the `esep` command: the 2023 statement of results, `esep seats` in
// every format, --help on every command, and the promise that bad input exits with code 2
// and a message naming the file, the line, the field and the rule broken.

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "integration/command_runner.h"

namespace esep {
namespace {

using ::esep::testing::CommandOutput;
using ::esep::testing::RunEsep;
using ::esep::testing::WriteTempFile;
using ::testing::HasSubstr;

// The official 2023 national party-list totals (data/elections/kz-majilis-2023).
constexpr char kVotes2023[] =
    "party,votes,registered,candidates\n"
    "Amanat,3431510,2023-02-15,90\n"
    "Auyl,693938,2023-02-14,25\n"
    "Respublica,547154,2023-02-15,23\n"
    "QHP,432920,2023-02-11,52\n"
    "Baytaq,146431,2023-02-14,18\n"
    "Aq Jol,535139,2023-02-13,54\n"
    "JSDP,331058,2023-02-13,19\n"
    "Against all,248291,,\n"
    "Invalid,158046,,\n";

nlohmann::json ParseJson(const CommandOutput& output) {
  nlohmann::json json = nlohmann::json::parse(output.out, nullptr, /*allow_exceptions=*/false);
  EXPECT_FALSE(json.is_discarded()) << output.out.substr(0, 500);
  return json;
}

TEST(CliTest, Results2023ReproducesTheOfficialListSeats) {
  const CommandOutput output = RunEsep("results data/elections/kz-majilis-2023 --format json");
  ASSERT_EQ(output.exit_code, 0) << output.err;
  const nlohmann::json json = ParseJson(output);
  std::map<std::string, int> seats;
  for (const auto& row : json["list_allocation"]["allocation"]) {
    seats[row["party"].get<std::string>()] = row["seats"].get<int>();
  }
  EXPECT_EQ(seats["Amanat"], 40);
  EXPECT_EQ(seats["\"Auyl\" People's Democratic Patriotic Party"], 8);
  EXPECT_EQ(seats["Respublica"], 6);
  EXPECT_EQ(seats["Aq Jol Democratic Party"], 6);
  EXPECT_EQ(seats["People's Party of Kazakhstan"], 5);
  EXPECT_EQ(seats["Nationwide Social Democratic Party"], 4);
  EXPECT_EQ(seats["\"Baytaq\" Green Party of Kazakhstan"], 0);
  EXPECT_EQ(json["national"]["ballots_total"], 6524487);
  EXPECT_EQ(json["regions"].size(), 20u);
}

TEST(CliTest, Results2023ElectsTwentyNineDistrictsAndComposesTheHouse) {
  const CommandOutput output = RunEsep("results kz-majilis-2023 --format json");
  ASSERT_EQ(output.exit_code, 0) << output.err;
  const nlohmann::json json = ParseJson(output);
  ASSERT_EQ(json["districts"].size(), 29u);
  EXPECT_EQ(json["districts"][0]["winner"], "Däulet Turlyhanov");
  EXPECT_EQ(json["districts"][0]["margin"], 71698 - 17079);
  int total = 0;
  std::map<std::string, int> by_affiliation;
  for (const auto& line : json["composition"]) {
    by_affiliation[line["affiliation"].get<std::string>()] = line["total"].get<int>();
    total += line["total"].get<int>();
  }
  EXPECT_EQ(total, 98);
  EXPECT_EQ(by_affiliation["Amanat"], 62);  // 40 list seats + 22 districts
  EXPECT_EQ(by_affiliation["Independent"], 7);
}

TEST(CliTest, ResultsFlagsThePublishedTurnoutThatDoesNotFollowFromTheCounts) {
  const CommandOutput output = RunEsep("results kz-majilis-2023 --format json");
  ASSERT_EQ(output.exit_code, 0) << output.err;
  const nlohmann::json json = ParseJson(output);
  std::vector<std::string> differing;
  for (const auto& check : json["checks"]) {
    if (!check["agrees"].get<bool>()) {
      differing.push_back(check["where"].get<std::string>() + " " +
                          check["published"].get<std::string>() + " " +
                          check["computed"].get<std::string>());
    }
  }
  ASSERT_EQ(differing.size(), 1u);
  EXPECT_THAT(differing[0], HasSubstr("Astana"));
  EXPECT_THAT(differing[0], HasSubstr("42.91% 43.24%"));
}

TEST(CliTest, ResultsTextShowsEverySection) {
  const CommandOutput output = RunEsep("results data/elections/kz-majilis-2023");
  ASSERT_EQ(output.exit_code, 0) << output.err;
  for (const char* section :
       {"national result", "Threshold test and seat allocation", "Worked steps",
        "Hare quota = 5,971,719 votes of the admitted lists / 69 seats", "by region",
        "Single-member districts", "Turnout reported during election day",
        "Composition of the house (98 seats)", "Published figures recomputed"}) {
    EXPECT_THAT(output.out, HasSubstr(section));
  }
}

TEST(CliTest, ResultsUnderAnotherRuleSetIsAWhatIf) {
  const CommandOutput output =
      RunEsep("results kz-majilis-2023 --rules kz-majilis-2012 --format json");
  ASSERT_EQ(output.exit_code, 0) << output.err;
  const nlohmann::json json = ParseJson(output);
  EXPECT_EQ(json["rule_set"]["list_seats"], 98);
  EXPECT_TRUE(json["districts"].empty());
  int seats = 0;
  for (const auto& row : json["list_allocation"]["allocation"]) {
    seats += row["seats"].get<int>();
  }
  EXPECT_EQ(seats, 98);
}

TEST(CliTest, SeatsWithNamedRulesGivesJsonWithAllocationAndSteps) {
  const std::string votes = WriteTempFile("votes2023.csv", kVotes2023);
  const CommandOutput output =
      RunEsep("seats --rules kz-majilis-2023 --votes '" + votes + "' --format json");
  ASSERT_EQ(output.exit_code, 0) << output.err;
  const nlohmann::json json = ParseJson(output);
  ASSERT_TRUE(json["allocation"].is_array());
  std::map<std::string, int> seats;
  for (const auto& row : json["allocation"]) {
    ASSERT_TRUE(row.contains("party") && row.contains("votes") && row.contains("admitted") &&
                row.contains("seats"));
    seats[row["party"].get<std::string>()] = row["seats"].get<int>();
  }
  EXPECT_EQ(seats, (std::map<std::string, int>{{"Amanat", 40},
                                               {"Auyl", 8},
                                               {"Respublica", 6},
                                               {"QHP", 5},
                                               {"Baytaq", 0},
                                               {"Aq Jol", 6},
                                               {"JSDP", 4}}));
  EXPECT_FALSE(json["steps"].empty());
  EXPECT_EQ(json["quota"]["numerator"], 1990573);
  EXPECT_EQ(json["quota"]["denominator"], 23);
}

TEST(CliTest, SeatsFreeFormFlagsOverrideTheMethod) {
  const std::string votes =
      WriteTempFile("textbook.csv", "party,votes\nA,100000\nB,80000\nC,30000\nD,20000\n");
  const CommandOutput output =
      RunEsep("seats --seats 8 --threshold 0 --method dhondt --votes '" + votes + "' --format csv");
  ASSERT_EQ(output.exit_code, 0) << output.err;
  EXPECT_THAT(output.out, HasSubstr("party,votes,percent,admission"));
  EXPECT_THAT(output.out, HasSubstr("\nA,100000,43.48,passed,,0,,0,4,4,0\n"));
  EXPECT_THAT(output.out, HasSubstr("\nD,20000,8.70,passed,,0,,0,0,0,0\n"));
}

TEST(CliTest, SeatsTableShowsRulesAndWorkedSteps) {
  const std::string votes = WriteTempFile("votes2023.csv", kVotes2023);
  const CommandOutput output = RunEsep("seats --rules kz-majilis-2023 --votes '" + votes + "'");
  ASSERT_EQ(output.exit_code, 0) << output.err;
  EXPECT_THAT(output.out, HasSubstr("Rule set kz-majilis-2023"));
  EXPECT_THAT(output.out, HasSubstr("Remainder seat 1 of 2: JSDP"));
  EXPECT_THAT(output.out, HasSubstr("Remainder seat 2 of 2: Amanat"));
}

TEST(CliTest, SeatsReadsStandardInput) {
  const std::string votes = WriteTempFile("stdin.csv", "party,votes\nA,60\nB,40\n");
  const CommandOutput output =
      RunEsep("seats --seats 5 --threshold 5 --votes - --format csv < '" + votes + "'");
  ASSERT_EQ(output.exit_code, 0) << output.err;
  EXPECT_THAT(output.out, HasSubstr("\nA,60,60.00,passed,3.000000,3,0.000000,0,3,3,0\n"));
}

TEST(CliTest, EveryCommandHasHelpWithAnExample) {
  for (const char* command : {"seats", "results", "rules", "ratios", "generate", "tally", "import",
                              "audit", "report", "export", "verify", "serve"}) {
    SCOPED_TRACE(command);
    const CommandOutput output = RunEsep(std::string(command) + " --help");
    EXPECT_EQ(output.exit_code, 0);
    EXPECT_THAT(output.out, HasSubstr("Example"));
  }
  const CommandOutput top = RunEsep("--help");
  EXPECT_EQ(top.exit_code, 0);
  EXPECT_THAT(top.out, HasSubstr("esep results data/elections/kz-majilis-2023"));
}

TEST(CliTest, ControlRatioDocsAreTheCatalogue) {
  // docs/control-ratios.md is generated; if the catalogue changes, regenerate it with
  //   build/esep ratios --format markdown > docs/control-ratios.md
  const CommandOutput output = RunEsep("ratios --format markdown");
  ASSERT_EQ(output.exit_code, 0) << output.err;
  std::ifstream file(std::string(ESEP_SOURCE_DIR) + "/docs/control-ratios.md");
  const std::string docs{std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
  EXPECT_EQ(docs, output.out);
  EXPECT_THAT(output.out, HasSubstr("| KZ-01 | each protocol | ballots received = "));
}

TEST(CliTest, GenerateWritesALabelledSyntheticElection) {
  const std::string out = ::testing::TempDir() + "esep-generate-cli";
  std::filesystem::remove_all(out);  // generate writes only into a new or empty directory
  const CommandOutput output = RunEsep("generate --precincts 60 --seed 5 --out '" + out + "'");
  ASSERT_EQ(output.exit_code, 0) << output.err;
  EXPECT_THAT(output.out, HasSubstr("Wrote a SYNTHETIC election shaped like kz-majilis-2023"));
  EXPECT_THAT(output.out, HasSubstr("60 precincts"));
  std::ifstream readme(out + "/README.md");
  const std::string text{std::istreambuf_iterator<char>(readme), std::istreambuf_iterator<char>()};
  EXPECT_THAT(text, HasSubstr("SYNTHETIC election — not real results"));

  const CommandOutput too_few = RunEsep("generate --precincts 3 --out '" + out + "'");
  EXPECT_EQ(too_few.exit_code, 2);
  EXPECT_THAT(too_few.err, HasSubstr("--precincts 3"));
}

TEST(CliTest, GenerateInjectsIrregularitiesAndNamesABadSpec) {
  const std::string out = ::testing::TempDir() + "esep-generate-inject-cli";
  std::filesystem::remove_all(out);
  const CommandOutput output = RunEsep(
      "generate --precincts 200 --seed 5 --summaries --inject "
      "stuffing=0.05,ratios=0.02,summary=0.1 --out '" +
      out + "'");
  ASSERT_EQ(output.exit_code, 0) << output.err;
  EXPECT_THAT(output.out, HasSubstr("protocols altered on purpose"));
  EXPECT_THAT(output.out, HasSubstr("of the protocols are summary protocols"));
  std::ifstream truth(out + "/ground_truth.csv");
  std::string header;
  std::getline(truth, header);
  EXPECT_EQ(header,
            "synthetic,commission,contest,kind,size,ratio,turnout_percent,leader_percent,"
            "changes");

  const CommandOutput help = RunEsep("generate --help");
  EXPECT_THAT(help.out, HasSubstr("--inject stuffing=0.02,transfer=0.01,turnout=0.01"));

  const CommandOutput bad = RunEsep("generate --inject stuffing=2 --out '" + out + "'");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_THAT(bad.err, HasSubstr("--inject 'stuffing=2': '2' is more than 1"));
  const CommandOutput no_summaries = RunEsep("generate --inject summary=0.1 --out '" + out + "'");
  EXPECT_EQ(no_summaries.exit_code, 2);
  EXPECT_THAT(no_summaries.err, HasSubstr("add --summaries"));
}

TEST(CliTest, TallySumsAGeneratedElectionAndRejectsBadProtocols) {
  const std::string out = ::testing::TempDir() + "esep-tally-cli";
  std::filesystem::remove_all(out);
  ASSERT_EQ(RunEsep("generate --precincts 80 --seed 9 --out '" + out + "'").exit_code, 0);
  const CommandOutput tally = RunEsep("tally '" + out + "'");
  ASSERT_EQ(tally.exit_code, 0) << tally.err;
  EXPECT_THAT(tally.out, HasSubstr("160 protocols accepted, 0 rejected"));
  EXPECT_THAT(tally.out, HasSubstr("Party-list protocols: 80 of 80 (complete)"));
  EXPECT_THAT(tally.out, HasSubstr("Worked steps:"));
  EXPECT_THAT(tally.out, HasSubstr("Single-member districts:"));
  const CommandOutput json = RunEsep("tally '" + out + "' --format json");
  ASSERT_EQ(json.exit_code, 0) << json.err;
  const nlohmann::json sums = nlohmann::json::parse(json.out);
  EXPECT_EQ(sums["national"]["protocols"], 80);
  EXPECT_EQ(sums["national"]["contest"], "list");
  EXPECT_EQ(sums["districts"].size(), 29u);

  // The same file with one protocol whose ballots do not reconcile, and one from nowhere.
  std::ifstream in(out + "/protocols.csv");
  std::string header;
  std::string first;
  std::getline(in, header);
  std::getline(in, first);
  const std::string bad_count =
      first.substr(0, first.find(",list,")) + ",list,1,0,5,1,0,0,0,0,1,0,0,1,0,,1,0,0,0,0,0,0";
  const std::string path = WriteTempFile(
      "bad-protocols.csv",
      header + "\n" + bad_count + "\nPEC-nowhere,list,1,0,1,1,0,0,0,0,1,0,0,1,0,,1,0,0,0,0,0,0\n");
  const CommandOutput bad = RunEsep("tally '" + out + "' --protocols '" + path + "'");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_THAT(bad.out, HasSubstr("0 protocols accepted, 2 rejected"));
  EXPECT_THAT(bad.err, HasSubstr("bad-protocols.csv:2: "));
  EXPECT_THAT(bad.err, HasSubstr("KZ-01 error"));
  EXPECT_THAT(bad.err,
              HasSubstr("bad-protocols.csv:3: 'PEC-nowhere' is not a precinct commission"));
  EXPECT_THAT(bad.err, HasSubstr("2 of 2 protocols were rejected"));
}

TEST(CliTest, RulesListsEveryNamedRuleSet) {
  const CommandOutput output = RunEsep("rules");
  ASSERT_EQ(output.exit_code, 0);
  for (const char* name :
       {"kz-majilis-2023", "kz-majilis-2012", "kz-majilis-2007", "kz-majilis-2004"}) {
    EXPECT_THAT(output.out, HasSubstr(name));
  }
}

struct BadInput {
  const char* name;
  const char* csv;        // the votes file, or nullptr to use `arguments` as they are
  const char* arguments;  // appended after --votes FILE
  std::vector<const char*> message_parts;  // each must appear in stderr
  bool names_file = true;                  // the message names the votes file
};

TEST(CliTest, BadInputExitsWithCodeTwoAndSaysWhy) {
  const BadInput cases[] = {
      {"negative_votes",
       "party,votes\nA,100\nB,-5\n",
       "--seats 10 --threshold 5",
       {":3:", "votes", "'-5' is negative"}},
      {"non_numeric_votes",
       "party,votes\nA,100\nB,lots\n",
       "--seats 10 --threshold 5",
       {":3:", "field 'votes'", "'lots' is not a whole number"}},
      {"decimal_votes",
       "party,votes\nA,100.5\n",
       "--seats 10 --threshold 5",
       {":2:", "field 'votes'", "not a whole number"}},
      {"duplicate_names",
       "party,votes\nAmanat,100\nAMANAT,5\n",
       "--seats 10 --threshold 5",
       {":3:", "already given on line 2"}},
      {"unknown_rule_set",
       "party,votes\nA,100\n",
       "--rules kz-majilis-1066",
       {"unknown rule set 'kz-majilis-1066'", "kz-majilis-2023"},
       false},
      {"no_list_over_threshold",
       "party,votes\nA,4\nB,4\nC,4\nD,4\nE,4\nF,4\nG,4\nH,4\nI,4\n"
       "J,4\nK,4\nL,4\nM,4\nN,4\nO,4\nP,4\nQ,4\nR,4\nS,4\nT,4\nU,4\n",
       "--seats 10 --threshold 5",
       {"no list reached the 5.00% threshold"}},
      {"malformed_csv",
       "party,votes\n\"A,100\n",
       "--seats 10 --threshold 5",
       {":2:", "never closed"}},
      {"wrong_field_count",
       "party,votes\nA,100,7\n",
       "--seats 10 --threshold 5",
       {":2:", "3 fields, but the header has 2 columns"}},
      {"empty_csv", "", "--seats 10 --threshold 5", {"empty"}},
      {"header_only", "party,votes\n", "--seats 10 --threshold 5", {"no party rows"}},
      {"missing_column",
       "name,count\nA,1\n",
       "--seats 10 --threshold 5",
       {":1:", "'party' and 'votes'"}},
      {"zero_seats", "party,votes\nA,1\n", "--seats 0 --threshold 5", {"--seats 0"}, false},
      {"threshold_over_100",
       "party,votes\nA,1\n",
       "--seats 3 --threshold 150",
       {"--threshold"},
       false},
      {"unknown_method",
       "party,votes\nA,1\n",
       "--seats 3 --threshold 5 --method borda",
       {"unknown apportionment method 'borda'"},
       false},
      {"neither_rules_nor_seats", "party,votes\nA,1\n", "", {"--rules NAME"}, false},
  };
  for (const BadInput& c : cases) {
    SCOPED_TRACE(c.name);
    const std::string path = WriteTempFile(std::string(c.name) + ".csv", c.csv);
    const CommandOutput output =
        RunEsep(std::string("seats --votes '") + path + "' " + c.arguments);
    EXPECT_EQ(output.exit_code, 2) << output.err;
    EXPECT_TRUE(output.out.empty()) << output.out;
    for (const char* part : c.message_parts) {
      EXPECT_THAT(output.err, HasSubstr(part));
    }
    if (c.names_file) {
      EXPECT_THAT(output.err, HasSubstr(path));
    }
  }
}

TEST(CliTest, MissingFilesAndDirectoriesAreBadInput) {
  const CommandOutput seats = RunEsep("seats --seats 3 --threshold 5 --votes /nonexistent.csv");
  EXPECT_EQ(seats.exit_code, 2);
  EXPECT_THAT(seats.err, HasSubstr("/nonexistent.csv: cannot open the file"));
  const CommandOutput results = RunEsep("results /nonexistent-election");
  EXPECT_EQ(results.exit_code, 2);
  EXPECT_THAT(results.err, HasSubstr("/nonexistent-election/election.json"));
}

TEST(CliTest, UsageErrorsExitWithCodeTwo) {
  EXPECT_EQ(RunEsep("").exit_code, 2);
  EXPECT_EQ(RunEsep("tabulate").exit_code, 2);
  EXPECT_EQ(RunEsep("seats --seats x --threshold 5 --votes a.csv").exit_code, 2);
  EXPECT_EQ(RunEsep("results kz-majilis-2023 --format yaml").exit_code, 2);
}

}  // namespace
}  // namespace esep
