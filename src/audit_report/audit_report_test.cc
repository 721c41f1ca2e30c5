#include "audit_report/audit_report.h"

#include <initializer_list>
#include <regex>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace esep::audit_report {
namespace {

using Json = nlohmann::json;
using ::testing::HasSubstr;
using ::testing::Not;

Json RoundTest(int close, double p) {
  return {{"close_count", close},
          {"share_count", 8},
          {"expected_close", 0.8},
          {"p_value", p},
          {"shares",
           {{{"label", "national | Amanat"},
             {"votes", 3431510},
             {"base", 6366441},
             {"share_percent", "53.899973"},
             {"nearest_grid_point_percent", "53.9"},
             {"distance_votes_decimal", "1.699"},
             {"close", true},
             {"p_at_least_as_close_decimal", 0.034}}}}};
}

// A small document with every part and every section kind; `flag` sets every flag.
Json Document(bool flag) {
  std::vector<double> counts(16, 0);
  counts[(1 * 4) + 2] = 5;  // turnout bin 1, share bin 2
  std::vector<int> observed_at(101, 0);
  std::vector<double> expected_at(101, 0);
  std::vector<double> variance_at(101, 0);
  for (int m = 40; m <= 80; ++m) {
    observed_at[m] = m == 70 ? 30 : 3;
    expected_at[m] = 3;
    variance_at[m] = 2.5;
  }
  std::vector<int> per_mille(1001, 0);
  per_mille[700] = 30;
  per_mille[655] = 4;
  const Json measure = {{"name", "turnout"},
                        {"included", 900},
                        {"observed", 150},
                        {"expected", 120.5},
                        {"standard_deviation", 10},
                        {"excess", 29.5},
                        {"z", 2.95},
                        {"p_value", 0.0016},
                        {"flagged", flag},
                        {"observed_at_integer", observed_at},
                        {"expected_at_integer", expected_at},
                        {"variance_at_integer", variance_at},
                        {"observed_per_mille_bins", per_mille}};
  Json leader_measure = measure;
  leader_measure["name"] = "leader share";
  const Json digit = {{"subject", "all choices (pooled)"},
                      {"counts", 1000},
                      {"observed", {100, 90, 110, 100, 100, 100, 100, 100, 100, 100}},
                      {"expected", {100, 100, 100, 100, 100, 100, 100, 100, 100, 100}},
                      {"probability", {.1, .1, .1, .1, .1, .1, .1, .1, .1, .1}},
                      {"tested", true},
                      {"chi_square", 2.0},
                      {"p_value", 0.99},
                      {"flagged", false}};
  const Json risk = {
      {"id", "additions"},
      {"title", "Election-day additions to the voter list"},
      {"available", true},
      {"share", "voters added on the day / registered voters"},
      {"precincts", 900},
      {"median", {{"share", 0.01}}},
      {"p99", {{"share", 0.02}}},
      {"max", {{"share", 0.3}}},
      {"rule", {{"percentile", 99}, {"mad_multiple", 5}, {"median_plus_mad_multiple", 0.034}}},
      {"histogram_percent_bins", std::vector<int>{800, 90, 5, 3, 2}},
      {"high_count", 1},
      {"high",
       {{{"precinct", "P-<7>"},
         {"group", "TEC 1"},
         {"part", 300},
         {"whole", 1000},
         {"share", 0.3},
         {"registered", 1000},
         {"ballots", 990}}}},
      {"comparisons",
       {{{"measure", "turnout"},
         {"high_precincts", 1},
         {"high_mean", 0.99},
         {"rest_precincts", 899},
         {"rest_mean", 0.6},
         {"difference", 0.39},
         {"p_value", 0.001}}}},
      {"p_value", 0.001},
      {"flagged", flag}};
  Json mobile = risk;
  mobile["id"] = "mobile";
  mobile["title"] = "Mobile-box voting";
  mobile["flagged"] = false;
  return {
      {"source", "tables/party_list.csv"},
      {"alpha", 0.01},
      {"tests", 4},
      {"flag_threshold", 0.0025},
      {"share_base", "votes for party lists + against all"},
      {"flagged", flag},
      {"smallest_p", flag ? 1e-9 : 0.5},
      {"national_0_1_percent", RoundTest(6, flag ? 1e-9 : 0.5)},
      {"national_0_01_percent", RoundTest(1, 0.5)},
      {"regions_0_1_percent", RoundTest(2, 0.5)},
      {"regions_0_01_percent", RoundTest(1, 0.5)},
      {"by_region",
       {{{"region", "Abai Region"},
         {"grid_0_1_percent", RoundTest(1, 0.5)},
         {"grid_0_01_percent", RoundTest(8, 1e-8)}}}},
      {"published_checks",
       {{{"kind", "sum"},
         {"source", "party_list_by_region.csv"},
         {"line", 2},
         {"unit", "Abai Region"},
         {"rule", "ballots_total = lists + against_all + invalid"},
         {"published", "237298"},
         {"recomputed", "237298"},
         {"tolerance", "exact"},
         {"consistent", true}},
        {{"kind", "percentage"},
         {"source", "party_list.csv"},
         {"line", 5},
         {"unit", "Party <A&B>"},
         {"rule", "percent = votes / base"},
         {"published", "12.50"},
         {"recomputed", flag ? "12.61" : "12.50"},
         {"difference_points", "0.11"},
         {"tolerance", "0.005"},
         {"consistent", !flag}}}},
      {"precinct_suite",
       {{"source", "protocols.csv"},
        {"synthetic", false},
        {"precincts", 900},
        {"skipped_count", 0},
        {"skipped", Json::array()},
        {"leader", "Amanat"},
        {"alpha", 0.01},
        {"seconds", 1.5},
        {"sections",
         {risk,
          mobile,
          {{"id", "turnout_by_commission"},
           {"title", "Turnout distribution by territorial commission"},
           {"available", true},
           {"reference", "region"},
           {"tested_count", 2},
           {"too_small", 0},
           {"flagged_count", flag ? 1 : 0},
           {"commissions",
            {{{"commission", "TEC-9"},
              {"region", "north"},
              {"precincts", 40},
              {"mean_turnout", 0.8},
              {"reference_mean_turnout", 0.6},
              {"ks_statistic", 0.5},
              {"p_value", 1e-6},
              {"holm_adjusted_p_value", 2e-6},
              {"flagged", flag}}}},
           {"p_value", 2e-6},
           {"flagged", flag}},
          {{"id", "integer_percentages"},
           {"title", "Integer percentages in turnout and the leader's share"},
           {"available", true},
           {"p_value", 0.0032},
           {"flagged", flag},
           {"result", {{"turnout", measure}, {"leader_share", leader_measure}}}},
          {{"id", "digits"},
           {"title", "Last-digit and second-digit (2BL) tests of the counts"},
           {"available", true},
           {"p_value", 1.0},
           {"flagged", false},
           {"result",
            {{"per_test_threshold", 0.0005}, {"last_digit", {digit}}, {"second_digit", {digit}}}}},
          {{"id", "klimek"},
           {"title", "Turnout x leader's share fingerprint (Klimek et al.)"},
           {"available", true},
           {"p_value", nullptr},
           {"flagged", flag},
           {"result",
            {{"leader", "Amanat"},
             {"bins", 4},
             {"counts", counts},
             {"fitted", true},
             {"model_counts", counts},
             {"fit", {{"incremental", 0.6}, {"extreme", 0.01}}},
             {"decision", {{"incremental_threshold", 0.45}, {"extreme_threshold", 0.005}}},
             {"corner", {{"percent", 95}, {"precincts", 0}}},
             {"reading_guide", "Look for a smear towards the top-right corner."}}}}}}}},
      {"observers",
       {{"source", "observers.csv"},
        {"official", "protocols.csv"},
        {"synthetic", false},
        {"summary", {{"records", 10}, {"copies_differing", flag ? 2 : 0}}},
        {"findings",
         {{{"kind", "copy differs"},
           {"precinct", "P-3"},
           {"observer", "obs-1"},
           {"line", 4},
           {"figure", "Amanat"},
           {"observed", 100},
           {"official", 150},
           {"difference", 50}}}}}},
      {"pvt",
       {{"source", "observers.csv"},
        {"synthetic", false},
        {"confidence", 0.95},
        {"sampled", 300},
        {"population", 900},
        {"figures",
         {{{"name", "Amanat"},
           {"estimate", 0.5},
           {"low", 0.48},
           {"high", 0.52},
           {"official", flag ? 0.6 : 0.51},
           {"inside", !flag}}}}}},
  };
}

int Count(const std::string& text, const std::string& needle) {
  int n = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) {
    ++n;
  }
  return n;
}

TEST(AuditReportHtmlTest, EverySectionKindRendersWithItsFigures) {
  const std::string html = AuditReportHtml(Document(true), {.date = "2026-11-22"});
  for (const char* heading :
       {"Summary of findings", "Published figures checked against each other",
        "Round numbers in the published shares", "Precinct-level fingerprints",
        "Election-day additions to the voter list", "Mobile-box voting",
        "Turnout distribution by territorial commission", "Integer percentages in turnout",
        "Last-digit and second-digit (2BL)", "fingerprint (Klimek et al.)",
        "Observers&#39; copies against the official protocols",
        "Quick count (parallel vote tabulation)"}) {
    EXPECT_THAT(html, HasSubstr(heading));
  }
  // Figures: 2 risk histograms, 4 integer-percentage histograms, 2 digit charts, 2 heatmaps,
  // 1 interval chart.
  EXPECT_EQ(Count(html, "<svg"), 11);
  EXPECT_EQ(Count(html, "<figure"), 11);
  EXPECT_THAT(html, HasSubstr("Turnout: precincts at each whole percentage"));
  EXPECT_THAT(html, HasSubstr("the fitted model"));
  EXPECT_THAT(html, HasSubstr("Last digit of the counts: all choices (pooled)"));
  EXPECT_THAT(html, HasSubstr("Quick-count estimates against the official figures"));
  EXPECT_THAT(html, HasSubstr("TEC-9"));
  EXPECT_THAT(html, HasSubstr("2026-11-22"));
}

TEST(AuditReportHtmlTest, EveryFigureHasTitleAxisLabelsAndReadingGuide) {
  const std::string html = AuditReportHtml(Document(true), {});
  const std::regex figure("<figure[\\s\\S]*?</figure>");
  int figures = 0;
  for (auto it = std::sregex_iterator(html.begin(), html.end(), figure);
       it != std::sregex_iterator(); ++it) {
    const std::string block = it->str();
    ++figures;
    EXPECT_THAT(block, HasSubstr("<title>")) << block.substr(0, 300);
    EXPECT_THAT(block, HasSubstr("<desc>")) << block.substr(0, 300);
    EXPECT_THAT(block, HasSubstr("class=\"figure-title\">Figure "));
    // The caption: title, then the reading guide after it.
    const std::string caption = block.substr(block.find("<figcaption>"));
    EXPECT_GT(caption.size(), 80U) << caption;
    // Axis labels: every chart of the report uses one of these.
    const auto has_any = [&block](std::initializer_list<const char*> labels) {
      for (const char* label : labels) {
        if (block.find(label) != std::string::npos) {
          return true;
        }
      }
      return false;
    };
    EXPECT_TRUE(has_any({"Turnout, %", "Leader&#39;s share, %", "Share, % (1 % bins)",
                         "Last digit<", "Second digit<", ">Share, %<"}))
        << block.substr(0, 400);
    EXPECT_TRUE(has_any({"Number of precincts", "Share of the counts",
                         "Leader&#39;s share of the valid votes, %",
                         ">Amanat<"}))  // the interval chart: its rows name the figures
        << block.substr(0, 400);
  }
  EXPECT_EQ(figures, 11);
}

TEST(AuditReportHtmlTest, FindingsComeFirstInPlainWords) {
  const std::string html = AuditReportHtml(Document(true), {});
  const size_t summary = html.find("<main>");
  const size_t published = html.find("<h2", html.find("<h2", summary) + 1);
  ASSERT_NE(summary, std::string::npos);
  const std::string findings = html.substr(summary, published - summary);
  EXPECT_THAT(findings, HasSubstr("published figure(s) disagree"));
  EXPECT_THAT(findings, HasSubstr("More round published shares than chance explains"));
  EXPECT_THAT(findings, HasSubstr("Election-day additions to the voter list"));
  EXPECT_THAT(findings, HasSubstr("Observers&#39; copies differ"));
  EXPECT_THAT(findings, HasSubstr("outside the quick count"));
  EXPECT_THAT(findings, HasSubstr("look closer"));
  EXPECT_THAT(findings, Not(HasSubstr("Mobile-box voting")));  // not flagged
  EXPECT_THAT(html, Not(HasSubstr("fraud was")));
}

TEST(AuditReportHtmlTest, NothingFlaggedSaysSo) {
  const std::string html = AuditReportHtml(Document(false), {});
  EXPECT_THAT(html, HasSubstr("Nothing flagged"));
  EXPECT_THAT(html, Not(HasSubstr("disagree with the others")));
  EXPECT_THAT(html, HasSubstr("All 2 checks agree."));
}

TEST(AuditReportHtmlTest, MissingPartsAreSkipped) {
  const Json suite_only = {{"precinct_suite", Document(false)["precinct_suite"]}};
  const std::string html = AuditReportHtml(suite_only, {});
  EXPECT_THAT(html, HasSubstr("Precinct-level fingerprints"));
  EXPECT_THAT(html, Not(HasSubstr("Round numbers in the published shares")));
  EXPECT_THAT(html, Not(HasSubstr("Published figures checked")));
  EXPECT_THAT(html, Not(HasSubstr("Quick count")));
  const std::string empty = AuditReportHtml(Json::object(), {});
  EXPECT_THAT(empty, HasSubstr("Nothing flagged"));
  EXPECT_EQ(Count(empty, "<svg"), 0);
}

TEST(AuditReportHtmlTest, WrongTypesAndUnavailableSectionsDoNotCrash) {
  Json document = Document(true);
  document["published_checks"] = "not an array";
  document["precinct_suite"]["sections"][5]["result"]["counts"] = Json::array({1, 2});
  document["precinct_suite"]["sections"][3] = {{"id", "integer_percentages"},
                                               {"title", "Integer percentages"},
                                               {"available", false},
                                               {"reason", "no registered voters column"}};
  document["pvt"]["figures"][0]["estimate"] = "x";
  const std::string html = AuditReportHtml(document, {});
  EXPECT_THAT(html, HasSubstr("Not available: no registered voters column"));
  EXPECT_THAT(html, HasSubstr("no data"));  // the heatmap whose grid has the wrong size
  EXPECT_NO_THROW(AuditReportHtml(Json(42), {}));
  EXPECT_NO_THROW(AuditReportHtml(Json::array({1, 2}), {}));
}

TEST(AuditReportHtmlTest, TextFromTheDocumentIsEscaped) {
  const std::string html = AuditReportHtml(Document(true), {});
  EXPECT_THAT(html, HasSubstr("Party &lt;A&amp;B&gt;"));
  EXPECT_THAT(html, HasSubstr("P-&lt;7&gt;"));
  EXPECT_THAT(html, Not(HasSubstr("<A&B>")));
  EXPECT_THAT(html, Not(HasSubstr("P-<7>")));
}

TEST(AuditReportHtmlTest, SyntheticDataCarryTheBanner) {
  EXPECT_THAT(AuditReportHtml(Document(false), {}), Not(HasSubstr("SYNTHETIC")));
  Json document = Document(false);
  document["precinct_suite"]["synthetic"] = true;
  EXPECT_THAT(AuditReportHtml(document, {}), HasSubstr("SYNTHETIC"));
  const Json definition_says = {{"synthetic", true}};
  EXPECT_THAT(AuditReportHtml(definition_says, {}), HasSubstr("SYNTHETIC"));
}

TEST(AuditReportHtmlTest, Deterministic) {
  EXPECT_EQ(AuditReportHtml(Document(true), {.date = "d"}),
            AuditReportHtml(Document(true), {.date = "d"}));
}

}  // namespace
}  // namespace esep::audit_report
