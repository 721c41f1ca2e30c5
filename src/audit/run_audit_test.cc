#include "audit/run_audit.h"

#include <atomic>
#include <string>
#include <variant>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "audit/audit_json.h"
#include "audit/audit_text.h"
#include "audit/test_elections.h"

namespace esep::audit {
namespace {

using testing::Audit;
using testing::GenerateElection;
using ::testing::HasSubstr;
using testing::Kz2023Directory;

TEST(RunAuditTest, PublishedTablesGiveThePublishedPartOnly) {
  const AuditDocument document = Audit({.directory = Kz2023Directory()});
  ASSERT_TRUE(document.published.has_value());
  EXPECT_FALSE(document.published->checks.empty());
  EXPECT_EQ(document.published->alpha, 0.01);
  EXPECT_FALSE(document.precinct_suite.has_value());
  EXPECT_FALSE(document.observers.has_value());
  ASSERT_TRUE(document.definition_synthetic.has_value());
  EXPECT_FALSE(document.synthetic());
  const nlohmann::json json = AuditJson(document);
  EXPECT_TRUE(json.contains("published_checks"));
  EXPECT_TRUE(json.contains("national_0_1_percent"));
  EXPECT_EQ(json["synthetic"], false);
  EXPECT_FALSE(json.contains("precinct_suite"));
  EXPECT_THAT(AuditText(document), HasSubstr("Smallest of the 4 p-values"));
}

TEST(RunAuditTest, GeneratedElectionGivesTheSuiteAndTheObservers) {
  const std::string directory =
      GenerateElection("run-audit-generated", 300, 3, "round=0.02,turnout=0.05");
  std::vector<std::string> stages;
  const Result<AuditDocument> result = RunAudit(
      {.directory = directory},
      WorkControl([&stages](const Progress& progress) { stages.emplace_back(progress.task); }));
  ASSERT_TRUE(result.has_value()) << result.error().message();
  const AuditDocument& document = *result;
  EXPECT_FALSE(document.published.has_value());  // a generated election has no published table
  ASSERT_TRUE(document.precinct_suite.has_value());
  EXPECT_EQ(document.precinct_suite->header.precincts, 300u);
  EXPECT_EQ(document.precinct_suite->sections.size(), 6u);
  ASSERT_TRUE(document.observers.has_value());  // the directory's observers.csv
  EXPECT_TRUE(document.synthetic());
  EXPECT_EQ(stages, (std::vector<std::string>{"published tables", "precinct table",
                                              "precinct suite", "observers"}));
  const nlohmann::json json = AuditJson(document);
  for (const char* key : {"synthetic", "precinct_suite", "observers", "pvt"}) {
    EXPECT_TRUE(json.contains(key)) << key;
  }
  EXPECT_TRUE(json["precinct_suite"].contains("total_seconds"));
  const std::string text = AuditText(document);
  EXPECT_THAT(text, HasSubstr("Precinct-level fingerprints of"));
  EXPECT_THAT(text, HasSubstr("s for the precinct-level suite)"));
}

TEST(RunAuditTest, RequestErrors) {
  struct Case {
    const char* name;
    AuditRequest request;
    const char* message;
  };
  const std::vector<Case> cases = {
      {"no source", {}, "takes one source"},
      {"two sources", {.directory = Kz2023Directory(), .csv = "x.csv"}, "takes one source"},
      {"csv without mapping", {.csv = "x.csv"}, "go together"},
      {"store without loader", {.db = "x.db"}, "store loader"},
      {"observers without precincts",
       {.directory = Kz2023Directory(), .observers = "observers.csv"},
       "has none"},
      {"unknown preset",
       {.directory = Kz2023Directory(), .method_preset = "kobak2015"},
       "no preset named 'kobak2015'"},
      {"window too wide",
       {.directory = Kz2023Directory(),
        .integer_percentages = {.window_numerator = 6, .window_denominator = 10}},
       "must be from 0 to 1/2"},
      {"closed window of half-width 1/2 after the preset",
       {.directory = Kz2023Directory(),
        .method_preset = "kobak2016",
        .integer_percentages = {.window_numerator = 1, .window_denominator = 2}},
       "share their edges"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const Result<AuditDocument> result = RunAudit(c.request);
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().code(), StatusCode::kInvalidArgument);
    EXPECT_THAT(result.error().message(), HasSubstr(c.message));
  }
}

// The integer-percentage section of a generated election's suite.
const fingerprints::IntegerPercentages& IntegerSection(const AuditDocument& document) {
  static const fingerprints::IntegerPercentages none;
  if (!document.precinct_suite.has_value()) {
    ADD_FAILURE() << "no precinct suite";
    return none;
  }
  for (const fingerprints::SuiteSection& section : document.precinct_suite->sections) {
    if (const auto* result = std::get_if<fingerprints::IntegerPercentages>(&section.result)) {
      return *result;
    }
  }
  ADD_FAILURE() << "no integer-percentage section";
  return none;
}

// The generator fabricates the leader's share the way the test measures it (of the ballots
// found in the boxes), so rounded shares at a modest rate are found: 5 % of 6,000 precincts get
// `round` (a third turnout, a third share, a third both; a share that cannot be made whole
// without un-rounding a whole turnout is left), some 110 whole shares against about 600 ± 23
// expected by chance. Before the two agreed, the share half of the injection was invisible.
TEST(RunAuditTest, RoundedSharesAtAModestRateAreDetected) {
  const std::string directory = GenerateElection("run-audit-round", 6000, 11, "round=0.05");
  const AuditDocument by_default = Audit({.directory = directory});
  const fingerprints::IntegerPercentages& result = IntegerSection(by_default);
  EXPECT_TRUE(result.leader_share.flagged);
  EXPECT_GT(result.leader_share.z, 3.0);
  EXPECT_TRUE(result.turnout.flagged);
  EXPECT_TRUE(result.flagged);

  // The published definitions see it too, in the share and in "either".
  const AuditDocument published = Audit({.directory = directory, .method_preset = "kobak2016"});
  EXPECT_EQ(published.precinct_suite->options.method_preset, "kobak2016");
  const fingerprints::IntegerPercentages& kobak = IntegerSection(published);
  EXPECT_EQ(kobak.options.preset, "kobak2016");
  ASSERT_TRUE(kobak.either.has_value());
  EXPECT_TRUE(kobak.leader_share.flagged);
  EXPECT_TRUE(kobak.either->flagged);

  // The same election without the injection is not flagged by either.
  const std::string clean_directory = GenerateElection("run-audit-clean", 6000, 11, "");
  EXPECT_FALSE(IntegerSection(Audit({.directory = clean_directory})).flagged);
  EXPECT_FALSE(
      IntegerSection(Audit({.directory = clean_directory, .method_preset = "kobak2016"})).flagged);
}

// Settings given one by one apply after the preset.
TEST(RunAuditTest, IntegerSettingsApplyAfterThePreset) {
  const std::string directory = GenerateElection("run-audit-settings", 200, 5, "");
  AuditRequest request{.directory = directory, .method_preset = "kobak2016"};
  request.integer_percentages.min_base = 150;
  request.integer_percentages.window_edges = fingerprints::WindowEdges::kHalfOpen;
  const AuditDocument document = Audit(request);  // IntegerSection returns a part of it
  const fingerprints::IntegerPercentages& result = IntegerSection(document);
  EXPECT_EQ(result.options.min_base, 150);
  EXPECT_EQ(result.options.window_edges, fingerprints::WindowEdges::kHalfOpen);
  EXPECT_EQ(result.options.turnout_numerator, fingerprints::TurnoutNumerator::kIssued);
  EXPECT_EQ(result.options.inclusion, fingerprints::Inclusion::kJoint);
}

TEST(RunAuditTest, TheStoreIsReadThroughTheCallersLoader) {
  std::string asked;
  const Result<AuditDocument> result =
      RunAudit({.db = "results.db", .load_store = [&asked](const std::string& path) {
                  asked = path;
                  return Result<precincts::PrecinctTable>(NotFoundError("no store " + path));
                }});
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(asked, "results.db");
  EXPECT_EQ(result.error().code(), StatusCode::kNotFound);
}

// A store's table of two precincts, and what it records as wrong.
precincts::PrecinctTable TwoPrecincts(const std::string& source) {
  precincts::PrecinctTable table;
  table.source = source;
  table.choice_names = {"A"};
  EXPECT_TRUE(table
                  .Add({.id = "P1",
                        .group = "T1",
                        .registered = 100,
                        .ballots = 60,
                        .valid = 60,
                        .votes = {40}})
                  .ok());
  EXPECT_TRUE(table
                  .Add({.id = "SHIP-1",
                        .group = "T1",
                        .registered = 50,
                        .ballots = 49,
                        .valid = 49,
                        .votes = {45}})
                  .ok());
  return table;
}

TEST(RunAuditTest, TheStoresOwnFindingsAreReportedInTextAndJson) {
  const Result<AuditDocument> result = RunAudit(
      {.db = "results.db",
       .load_store = [](const std::string& path) { return Result(TwoPrecincts(path)); },
       .load_store_findings =
           [](const std::string& path) {
             StoreFindings findings{.source = path, .accepted = 2, .rejected = 1};
             findings.rejected_submissions.push_back(
                 {"P3", "list", "protocols.csv:4", "the protocol fails control ratio KZ-01"});
             findings.open_corrections.push_back({"P1", "list", "fix.csv:2", "a correction"});
             return Result(std::move(findings));
           },
       .special_id_pattern = "^SHIP"});
  ASSERT_TRUE(result.has_value()) << result.error().message();
  ASSERT_TRUE(result->store.has_value());
  EXPECT_EQ(result->store->problems(), 2U);
  const std::string text = AuditText(*result);
  EXPECT_THAT(text, HasSubstr("What the store results.db records as wrong — submissions: 2 "
                              "accepted, 0 unchanged, 1 rejected"));
  EXPECT_THAT(text, HasSubstr("FOUND: rejected submissions (not counted in any result): 1\n"
                              "    P3 (list), protocols.csv:4: the protocol fails control ratio "
                              "KZ-01"));
  EXPECT_THAT(text, HasSubstr("FOUND: open corrections"));
  const nlohmann::json json = AuditJson(*result);
  EXPECT_EQ(json["store"]["problems"], 2);
  EXPECT_EQ(json["store"]["rejected"][0]["source"], "protocols.csv:4");
  EXPECT_EQ(json["store"]["open_corrections"][0]["commission"], "P1");
  // The request's pattern marks the store's special commission.
  const nlohmann::json shape = json["precinct_suite"]["sections"][2];
  EXPECT_EQ(shape["special"]["count"], 1);
  EXPECT_EQ(shape["special"]["precincts"][0]["precinct"], "SHIP-1");

  const Result<AuditDocument> bad =
      RunAudit({.db = "results.db",
                .load_store = [](const std::string& path) { return Result(TwoPrecincts(path)); },
                .special_group_pattern = "[unclosed"});
  ASSERT_FALSE(bad.has_value());
  EXPECT_THAT(bad.error().message(),
              HasSubstr("--special-group: \"[unclosed\" is not a valid regular expression"));
}

TEST(RunAuditTest, CancellingStopsBeforeTheNextStage) {
  std::atomic<bool> stop = true;
  int stages = 0;
  const Result<AuditDocument> result =
      RunAudit({.directory = Kz2023Directory()},
               WorkControl([&stages](const Progress&) { ++stages; }, &stop));
  ASSERT_FALSE(result.has_value());
  EXPECT_EQ(result.error().code(), StatusCode::kCancelled);
  EXPECT_THAT(result.error().message(), HasSubstr("the audit"));
  EXPECT_EQ(stages, 0);  // stopped before the first stage started
}

// --method-preset klimek2012: the published fit on a generated election's precincts, by region,
// in place of the audit; the suite's preset does not apply to it.
TEST(RunAuditTest, Klimek2012FitsEachRegion) {
  const std::string directory = GenerateElection("run-audit-klimek2012", 1500, 3, "");
  const Result<fingerprints::Klimek2012Table> fit =
      RunKlimek2012Audit({.directory = directory, .method_preset = "klimek2012"},
                         {.level = fingerprints::Klimek2012Level::kRegion, .iterations = 1});
  ASSERT_TRUE(fit.has_value()) << fit.error().message();
  EXPECT_TRUE(fit->synthetic);
  ASSERT_GT(fit->rows.size(), 1u);
  int64_t precincts = 0;
  for (size_t r = 0; r < fit->rows.size(); ++r) {
    if (r > 0) {
      EXPECT_LT(fit->rows[r - 1].unit, fit->rows[r].unit);  // byte order, as R's split
    }
    precincts += fit->rows[r].units + fit->rows[r].left_out;
  }
  EXPECT_EQ(precincts, 1500);
  // The whole audit refuses the preset: it is a table of its own.
  const Result<AuditDocument> whole =
      RunAudit({.directory = directory, .method_preset = "klimek2012"});
  ASSERT_FALSE(whole.has_value());
  EXPECT_EQ(whole.error().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace esep::audit
