#include "audit/run_audit.h"

#include <atomic>
#include <string>
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
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const Result<AuditDocument> result = RunAudit(c.request);
    ASSERT_FALSE(result.has_value());
    EXPECT_EQ(result.error().code(), StatusCode::kInvalidArgument);
    EXPECT_THAT(result.error().message(), HasSubstr(c.message));
  }
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

}  // namespace
}  // namespace esep::audit
