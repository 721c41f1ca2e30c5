#include "fingerprints/precinct_suite.h"

#include <string>

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "fingerprints/fingerprint_sections.h"

namespace esep::fingerprints {
namespace {

using ::testing::HasSubstr;

precincts::PrecinctTable Table() {
  precincts::PrecinctTable table;
  table.source = "test.csv";
  table.synthetic = true;
  table.choice_names = {"Leader", "Other"};
  for (int64_t p = 0; p < 400; ++p) {
    const int64_t ballots = 500 + (p % 13) * 10;
    const bool odd = p >= 380;  // the last 20 precincts: 20 %–39 % added, 95 % turnout
    const int64_t cast = odd ? 950 : ballots;
    const Status added = table.Add({.id = fmt::format("P{:03}", p),
                                    .group = fmt::format("T{}", p / 20),
                                    .region = "R",
                                    .registered = 1000,
                                    .ballots = cast,
                                    .valid = cast,
                                    .added_on_day = odd ? 200 + (p - 380) * 10 : p % 20,
                                    .mobile_ballots = p % 30,
                                    .votes = {cast * 6 / 10, cast - cast * 6 / 10}});
    EXPECT_TRUE(added.ok()) << added.message();
  }
  table.skipped = {"test.csv:9: column \"x\" (registered): 'a' is not a whole number"};
  return table;
}

TEST(PrecinctSuiteTest, TextStartsWithTheSourceCountsAndSyntheticLabel) {
  const precincts::PrecinctTable table = Table();
  PrecinctSuiteOptions options;
  options.max_listed = 3;
  const PrecinctSuite suite = RunPrecinctSuite(table, options, DefaultPrecinctTests());
  ASSERT_EQ(suite.sections.size(), 6U);
  const std::string text = PrecinctSuiteText(suite);
  EXPECT_EQ(text.rfind("Precinct-level fingerprints of test.csv — SYNTHETIC data", 0), 0U)
      << text.substr(0, 200);
  EXPECT_THAT(text, HasSubstr("Precincts: 400 used, 1 skipped:"));
  EXPECT_THAT(text, HasSubstr("skipped: test.csv:9: column \"x\""));
  EXPECT_THAT(text, HasSubstr("Election-day additions to the voter list"));
  EXPECT_THAT(text, HasSubstr("Mobile-box voting"));
  EXPECT_THAT(text, HasSubstr("Turnout distribution by territorial commission"));
  EXPECT_THAT(text, HasSubstr("Integer percentages in turnout and the leader's share"));
  EXPECT_THAT(text, HasSubstr("Last-digit and second-digit (2BL) tests"));
  EXPECT_THAT(text, HasSubstr("Turnout × leader's share fingerprint (Klimek et al.)"));
  // The 20 odd precincts are 5 % of the table: only the 4 above the 99th percentile (the 396th
  // share, 350 of 1000) are high; the text lists 3 and says how many more.
  const SuiteSection& additions = suite.sections[0];
  EXPECT_EQ(additions.id, "additions");
  const std::string additions_text = SectionText(additions, options.max_listed);
  EXPECT_TRUE(additions.flagged) << additions_text;
  EXPECT_THAT(additions_text, HasSubstr("P399"));
  EXPECT_THAT(additions_text, HasSubstr("... and 1 more (--format json lists them all)"));
  EXPECT_THAT(text, HasSubstr(additions_text));
  // T19 holds the 20 odd precincts: its turnout shape is unlike its region's.
  const SuiteSection& shape = suite.sections[2];
  const std::string shape_text = SectionText(shape, options.max_listed);
  EXPECT_TRUE(shape.flagged) << shape_text;
  EXPECT_THAT(shape_text, HasSubstr("T19"));
  EXPECT_THAT(text, HasSubstr(shape_text));
  EXPECT_THAT(text, HasSubstr("Summary (each section at alpha 0.01)"));
}

TEST(PrecinctSuiteTest, JsonHoldsEverySectionAndEverySkippedRow) {
  const precincts::PrecinctTable table = Table();
  PrecinctSuiteOptions options;
  options.klimek.fit = KlimekModelFit::kNo;  // the histogram is enough here, and fast
  const PrecinctSuite suite = RunPrecinctSuite(table, options, DefaultPrecinctTests());
  const nlohmann::json json = PrecinctSuiteJson(suite);
  EXPECT_EQ(json["source"], "test.csv");
  EXPECT_TRUE(json["synthetic"].get<bool>());
  EXPECT_EQ(json["precincts"], 400);
  EXPECT_EQ(json["skipped_count"], 1);
  EXPECT_EQ(json["leader"], "Leader");
  ASSERT_EQ(json["sections"].size(), 6U);
  EXPECT_EQ(json["sections"][0]["id"], "additions");
  EXPECT_EQ(json["sections"][0]["high_count"], json["sections"][0]["high"].size());
  EXPECT_EQ(json["sections"][1]["id"], "mobile");
  EXPECT_EQ(json["sections"][2]["id"], "turnout_by_commission");
  EXPECT_EQ(json["sections"][2]["commissions"][0]["commission"], "T19");
  EXPECT_EQ(json["sections"][2]["correction"], "Holm");
  // The fingerprints of their own files: the statistic's JSON under "result", with the
  // section's p-value and flag beside it.
  EXPECT_EQ(json["sections"][3]["id"], "integer_percentages");
  EXPECT_TRUE(json["sections"][3]["result"].contains("turnout"));
  EXPECT_EQ(json["sections"][4]["id"], "digits");
  EXPECT_EQ(json["sections"][5]["id"], "klimek");
  EXPECT_TRUE(json["sections"][5]["p_value"].is_null());  // estimates, not a test
  EXPECT_TRUE(json["seconds"].contains("klimek"));
  // Every precinct here has integer turnout (cast of 1000 registered): the fingerprint fires.
  EXPECT_TRUE(json["sections"][3]["flagged"].get<bool>()) << json["sections"][3].dump();
}

TEST(PrecinctSuiteTest, MoreTestsJoinByAddingAnEntry) {
  // A seventh entry: the turnout shape with commissions of 20 precincts tested, under its own id
  // and title.
  const precincts::PrecinctTable table = Table();
  std::vector<PrecinctTest> tests = DefaultPrecinctTests();
  tests.push_back({"turnout_minimum_20",
                   [](const precincts::PrecinctTable& t, const PrecinctSuiteOptions& /*options*/) {
                     SuiteSection section =
                         TurnoutShapeSection(ComputeTurnoutShape(t, {.min_precincts = 20}));
                     section.id = "turnout_minimum_20";
                     section.title = "Turnout by commission of at least 20 precincts";
                     return section;
                   }});
  PrecinctSuiteOptions options;
  options.klimek.fit = KlimekModelFit::kNo;
  const PrecinctSuite suite = RunPrecinctSuite(table, options, tests);
  ASSERT_EQ(suite.sections.size(), 7U);
  const std::string text = PrecinctSuiteText(suite);
  EXPECT_THAT(text, HasSubstr("20 commissions: 20 tested, 0 too small (under 20 precincts"));
  EXPECT_THAT(text, HasSubstr("Turnout by commission of at least 20 precincts"));
  const nlohmann::json json = PrecinctSuiteJson(suite);
  ASSERT_EQ(json["sections"].size(), 7U);
  EXPECT_EQ(json["sections"][6]["id"], "turnout_minimum_20");
  EXPECT_EQ(json["sections"][6]["min_precincts"], 20);
  EXPECT_EQ(json["sections"][6]["title"], "Turnout by commission of at least 20 precincts");
  EXPECT_TRUE(json["seconds"].contains("turnout_minimum_20"));
}

}  // namespace
}  // namespace esep::fingerprints
