// The report rendered from real producer output: RunAudit on the bundled 2023 published tables
// and on a small synthetic election generated with irregularities and observers.

#include "audit_report/audit_report.h"

#include <initializer_list>
#include <string>
#include <variant>
#include <vector>

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "audit/test_elections.h"

namespace esep::audit_report {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// The published part of 2023, audited once.
const audit::AuditDocument& Published2023() {
  static const audit::AuditDocument document =
      audit::testing::Audit({.directory = audit::testing::Kz2023Directory()});
  return document;
}

// A synthetic election of 600 precincts (enough for the Klimek fit) with injected round
// turnouts, turnout inflation and extreme fraud (5 %: 30 precincts pushed toward the top-right
// corner), and observers at 3 % of the precincts: the precinct suite, the observers and the
// quick count.
const audit::AuditDocument& Irregular() {
  static const audit::AuditDocument document = audit::testing::Audit(
      {.directory = audit::testing::GenerateElection("audit-report-irregular", 600, 3,
                                                     "round=0.02,turnout=0.05,extreme=0.05")});
  return document;
}

// Every part: the 2023 published tables beside the synthetic election's precincts.
audit::AuditDocument Everything() {
  audit::AuditDocument document = Irregular();
  document.published = Published2023().published;
  return document;
}

// Everything, with every flag of the report's findings raised (each statistic's flag is the
// producer's; here the renderer's handling of each is what is tested).
audit::AuditDocument EverythingFlagged() {
  audit::AuditDocument document = Everything();
  document.published->checks.front().consistent = false;
  document.published->round_numbers.flagged = true;
  for (fingerprints::SuiteSection& section : document.precinct_suite->sections) {
    section.flagged = section.id == "additions" || section.flagged;
    section.flagged = section.id != "mobile" && section.flagged;
  }
  document.observers->comparison.summary.copies_differing += 1;
  document.observers->pvt.figures.front().inside = false;
  return document;
}

// `text` as the page prints it: the apostrophes of the section titles escaped.
std::string Escaped(const std::string& text) {
  std::string out;
  for (const char c : text) {
    out += c == '\'' ? std::string("&#39;") : std::string(1, c);
  }
  return out;
}

int Count(const std::string& text, const std::string& needle) {
  int n = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) {
    ++n;
  }
  return n;
}

TEST(AuditReportHtmlTest, EverySectionKindRendersWithItsFigures) {
  const audit::AuditDocument document = Everything();
  const std::string html = AuditReportHtml(document, {.date = "2026-11-22"});
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
  EXPECT_THAT(html, HasSubstr("2026-11-22"));
  // Numbers of the document reach the page: the precinct count, the leader, a check's unit, a
  // territorial commission and the observers' file.
  const fingerprints::PrecinctSuiteHeader& suite = document.precinct_suite->header;
  EXPECT_THAT(html, HasSubstr(fmt::format("{} precincts of", suite.precincts)));
  ASSERT_TRUE(suite.leader.has_value());
  EXPECT_THAT(html, HasSubstr(*suite.leader));
  EXPECT_THAT(html, HasSubstr(document.observers->comparison.source));
  // 2023's three inconsistent published checks, each in the table.
  EXPECT_THAT(html, HasSubstr("The 3 inconsistent checks"));
}

TEST(AuditReportHtmlTest, EveryFigureHasTitleAxisLabelsAndReadingGuide) {
  const std::string html = AuditReportHtml(Everything(), {});
  // Each <figure ...>...</figure> block (found by hand: std::regex recurses per character and
  // overflows the stack on a real report's heatmaps).
  int figures = 0;
  for (size_t start = html.find("<figure"); start != std::string::npos;
       start = html.find("<figure", start + 1)) {
    const size_t end = html.find("</figure>", start);
    ASSERT_NE(end, std::string::npos);
    const std::string block = html.substr(start, end - start);
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
                         ">turnout<"}))  // the interval chart: its rows name the figures
        << block.substr(0, 400);
  }
  EXPECT_EQ(figures, 11);
}

TEST(AuditReportHtmlTest, FindingsComeFirstInPlainWords) {
  const std::string html = AuditReportHtml(EverythingFlagged(), {});
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

TEST(AuditReportHtmlTest, TheProducersOwnFlagsReachTheSummary) {
  // The injected irregularities: whichever sections the suite flagged are findings, and only
  // those.
  const audit::AuditDocument& document = Irregular();
  const std::string html = AuditReportHtml(document, {});
  const size_t summary = html.find("<main>");
  ASSERT_NE(summary, std::string::npos);
  const size_t next_section = html.find("<h2", html.find("<h2", summary) + 1);
  const std::string findings = html.substr(summary, next_section - summary);
  ASSERT_THAT(findings, HasSubstr("Summary of findings"));
  ASSERT_THAT(findings, Not(HasSubstr("Precinct-level fingerprints")));
  int flagged = 0;
  for (const fingerprints::SuiteSection& section : document.precinct_suite->sections) {
    SCOPED_TRACE(section.id);
    flagged += section.flagged ? 1 : 0;
    EXPECT_EQ(findings.find(Escaped(section.title)) != std::string::npos,
              section.available && section.flagged);
  }
  EXPECT_GT(flagged, 0);  // 5 % of the precincts in the top-right corner do not go unnoticed
}

TEST(AuditReportHtmlTest, NothingFlaggedSaysSo) {
  audit::AuditDocument document = Published2023();
  std::erase_if(document.published->checks,
                [](const published::PublishedCheck& check) { return !check.consistent; });
  document.published->round_numbers.flagged = false;
  const std::string html = AuditReportHtml(document, {});
  EXPECT_THAT(html, HasSubstr("Nothing flagged"));
  EXPECT_THAT(html, Not(HasSubstr("disagree with the others")));
  EXPECT_THAT(html, HasSubstr("All " + std::to_string(document.published->checks.size()) +
                              " checks agree."));
}

TEST(AuditReportHtmlTest, TheStoresOwnProblemsAreFindings) {
  audit::AuditDocument document = Irregular();
  document.store = audit::StoreFindings{.source = "results.db", .rejected = 1};
  document.store->rejected_submissions.push_back(
      {"PEC-7", "list", "protocols.csv:9", "the protocol fails control ratio KZ-01"});
  document.store->summary_differences.push_back(
      {"TEC-1", "list", "", "TEC-1's summary protocol (list) differs from the sum"});
  const std::string html = AuditReportHtml(document, {});
  EXPECT_THAT(html, HasSubstr("Rejected submissions in the store: 1"));
  EXPECT_THAT(html, HasSubstr("PEC-7 (list): the protocol fails control ratio KZ-01"));
  EXPECT_THAT(html, HasSubstr("Summary protocols that differ from their precincts: 1"));
  EXPECT_THAT(html, Not(HasSubstr("Open corrections in the store")));
  EXPECT_THAT(html, Not(HasSubstr("Nothing flagged")));
}

TEST(AuditReportHtmlTest, SpecialCommissionsSetApartAreSaid) {
  audit::AuditDocument document = Irregular();
  for (fingerprints::SuiteSection& section : document.precinct_suite->sections) {
    if (auto* shape = std::get_if<fingerprints::TurnoutShape>(&section.result)) {
      shape->special.push_back({"P-SHIP", "TEC-SHIPS", 100, 98});
      shape->special_rule = "commission name matches /SHIPS/";
    }
  }
  const std::string html = AuditReportHtml(document, {});
  EXPECT_THAT(html, HasSubstr("1 precincts of special commissions</strong> (commission name "
                              "matches /SHIPS/) were set apart"));
}

TEST(AuditReportHtmlTest, MissingPartsAreSkipped) {
  audit::AuditDocument suite_only;
  suite_only.precinct_suite = Irregular().precinct_suite;
  const std::string html = AuditReportHtml(suite_only, {});
  EXPECT_THAT(html, HasSubstr("Precinct-level fingerprints"));
  EXPECT_THAT(html, Not(HasSubstr("Round numbers in the published shares")));
  EXPECT_THAT(html, Not(HasSubstr("Published figures checked")));
  EXPECT_THAT(html, Not(HasSubstr("Quick count")));
  const std::string empty = AuditReportHtml(audit::AuditDocument{}, {});
  EXPECT_THAT(empty, HasSubstr("Nothing flagged"));
  EXPECT_EQ(Count(empty, "<svg"), 0);
}

TEST(AuditReportHtmlTest, UnavailableSectionsAndBadSectionNumbersDoNotCrash) {
  // A commission's CSV through its mapping: it has no election-day additions column.
  const audit::AuditDocument mapped = audit::testing::Audit(
      {.csv = std::string(ESEP_SOURCE_DIR) + "/src/precincts/testdata/ru-cik-synthetic.csv",
       .mapping = std::string(ESEP_SOURCE_DIR) + "/data/mappings/ru-cik-example.json"});
  ASSERT_TRUE(mapped.precinct_suite.has_value());
  const std::string html = AuditReportHtml(mapped, {});
  int unavailable = 0;
  for (const fingerprints::SuiteSection& section : mapped.precinct_suite->sections) {
    unavailable += section.available ? 0 : 1;
  }
  EXPECT_EQ(Count(html, "Not available: "), unavailable);
  EXPECT_GT(unavailable, 0);
  // Each says why, the risk indicators' and the turnout shape's too.
  EXPECT_THAT(html, HasSubstr("Not available: the data has no election-day additions column"));
  for (const fingerprints::SuiteSection& section : mapped.precinct_suite->sections) {
    if (!section.available) {
      SCOPED_TRACE(section.id);
      EXPECT_FALSE(section.reason.empty());
      EXPECT_THAT(html, HasSubstr(Escaped("Not available: " + section.reason)));
    }
  }
  // A section's numbers of the wrong shape, or missing, are drawn as missing.
  audit::AuditDocument document = Everything();
  int changed = 0;
  for (fingerprints::SuiteSection& section : document.precinct_suite->sections) {
    if (auto* klimek = std::get_if<fingerprints::KlimekFingerprint>(&section.result)) {
      klimek->counts = {1, 2};
      ++changed;
    }
    if (std::holds_alternative<fingerprints::DigitTests>(section.result)) {
      section.result = std::monostate{};  // available, but without its result
      ++changed;
    }
  }
  ASSERT_EQ(changed, 2);
  const std::string broken = AuditReportHtml(document, {});
  EXPECT_THAT(broken, HasSubstr("no data"));  // the heatmap whose grid has the wrong size
  EXPECT_THAT(broken, HasSubstr("Last-digit and second-digit (2BL)"));
  EXPECT_THAT(broken, Not(HasSubstr("The digit tests (each flags below")));
}

TEST(AuditReportHtmlTest, TheKlimekDecisionIsTheFingerprints) {
  // The fit's decision as the producer made it, both ways (the figures stay the same).
  for (const bool flagged : {true, false}) {
    SCOPED_TRACE(flagged);
    audit::AuditDocument document = Irregular();
    fingerprints::KlimekFingerprint* klimek = nullptr;
    for (fingerprints::SuiteSection& section : document.precinct_suite->sections) {
      if (auto* result = std::get_if<fingerprints::KlimekFingerprint>(&section.result)) {
        klimek = result;
      }
    }
    ASSERT_NE(klimek, nullptr);
    ASSERT_TRUE(klimek->fitted);
    // 5 % extreme fraud: the corner holds more than 10 precincts and f_e is above its threshold.
    ASSERT_GE(klimek->corner.precincts, fingerprints::kKlimekMinimumCornerPrecincts);
    klimek->flagged = flagged;
    klimek->flagged_extreme = flagged;
    klimek->flagged_incremental = false;
    const std::string html = AuditReportHtml(document, {});
    EXPECT_THAT(html,
                HasSubstr(flagged ? "Decision: FLAGGED — look closer. " +
                                        std::to_string(klimek->corner.precincts) + " precincts ("
                                  : std::string("Decision: Not flagged. Extreme: ")));
    // The flag is worded by its evidence, precincts in the corner, not as "ballot stuffing".
    EXPECT_EQ(html.find("puts them down to extreme fraud") != std::string::npos, flagged);
    EXPECT_THAT(html, Not(HasSubstr("fits a model with ballot stuffing")));
  }
}

TEST(AuditReportHtmlTest, TheKlimekCaptionsDescribeWhatIsDrawn) {
  const std::string html = AuditReportHtml(Irregular(), {});
  EXPECT_THAT(html, HasSubstr(Escaped(std::string(fingerprints::kKlimekReadingGuide))));
  EXPECT_THAT(html, HasSubstr("the number of precincts the fitted model expects there"));
  EXPECT_THAT(html, Not(HasSubstr("where the data show cells the model lacks")));
}

TEST(AuditReportHtmlTest, TextFromTheDocumentIsEscaped) {
  audit::AuditDocument document = EverythingFlagged();
  document.published->checks.front().unit = "Party <A&B>";
  std::vector<observers::ObserverFinding>& listed = document.observers->comparison.findings;
  listed.insert(listed.begin(), {.precinct = "P-<7>", .figure = "ballots"});
  const std::string html = AuditReportHtml(document, {});
  EXPECT_THAT(html, HasSubstr("Party &lt;A&amp;B&gt;"));
  EXPECT_THAT(html, HasSubstr("P-&lt;7&gt;"));
  EXPECT_THAT(html, Not(HasSubstr("<A&B>")));
  EXPECT_THAT(html, Not(HasSubstr("P-<7>")));
}

TEST(AuditReportHtmlTest, SyntheticDataCarryTheBanner) {
  EXPECT_THAT(AuditReportHtml(Published2023(), {}), Not(HasSubstr("SYNTHETIC")));
  EXPECT_THAT(AuditReportHtml(Irregular(), {}), HasSubstr("SYNTHETIC"));
  audit::AuditDocument definition_says;
  definition_says.definition_synthetic = true;
  EXPECT_THAT(AuditReportHtml(definition_says, {}), HasSubstr("SYNTHETIC"));
}

TEST(AuditReportHtmlTest, Deterministic) {
  EXPECT_EQ(AuditReportHtml(EverythingFlagged(), {.date = "d"}),
            AuditReportHtml(EverythingFlagged(), {.date = "d"}));
}

}  // namespace
}  // namespace esep::audit_report
