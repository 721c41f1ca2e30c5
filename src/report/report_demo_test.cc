// Writes an example report with every chart kind and every page block, so that a person can
// open it in a browser: to $ESEP_REPORT_DEMO_DIR when set (e.g. build/report_demo), otherwise to
// a temporary directory that is removed afterwards. The data are made up by formulas here: they
// show what the charts look like, not what any election looked like, and the page says so.

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <unistd.h>

#include "report/heatmap_chart.h"
#include "report/histogram_chart.h"
#include "report/html_page.h"
#include "report/interval_chart.h"
#include "report/line_chart.h"
#include "report/paired_bar_chart.h"
#include "report/testing/xml_check.h"

namespace esep::report {
namespace {

double Gauss(double x, double mean, double sd) {
  return std::exp(-(x - mean) * (x - mean) / (2 * sd * sd));
}

// A blob around 60 % turnout and 55 % leader's share, with a smear towards (100, 100): the shape
// Klimek et al. describe for ballot stuffing.
HeatmapData DemoFingerprint() {
  HeatmapData data{.columns = 100, .rows = 100};
  for (int share = 0; share < 100; ++share) {
    for (int turnout = 0; turnout < 100; ++turnout) {
      double density = 900 * Gauss(turnout, 60, 7) * Gauss(share, 55, 6);
      const double along = (turnout - 60) / 40.0;  // 0 at the blob, 1 at 100 %
      if (along > 0) {
        density += 25 * Gauss(share, 55 + 45 * along, 4) * (0.3 + along);
      }
      data.values.push_back(std::floor(density));
    }
  }
  return data;
}

// Turnout in 0.1 % bins from 50 to 90 %, with excess counts at whole percentages; the expected
// count and its band are given only for the whole-percentage bins, as the test computes them.
std::vector<HistogramBin> DemoIntegerHistogram() {
  std::vector<HistogramBin> bins;
  for (int tenth = 500; tenth < 900; ++tenth) {
    const double lower = tenth / 10.0;
    const double smooth = 40 * Gauss(lower + 0.05, 68, 8);
    HistogramBin bin{.lower = lower, .upper = lower + 0.1, .observed = std::round(smooth)};
    if (tenth % 10 == 0) {
      bin.highlighted = true;
      bin.expected = smooth;
      bin.band = ExpectedBand(smooth, std::sqrt(smooth), 2);
      bin.observed = std::round(smooth * (tenth % 50 == 0 ? 1.9 : 1.25));
    }
    bins.push_back(bin);
  }
  return bins;
}

std::vector<PairedBarGroup> DemoDigits() {
  std::vector<PairedBarGroup> digits;
  const double observed[] = {0.131, 0.094, 0.097, 0.101, 0.092, 0.118, 0.096, 0.090, 0.089, 0.092};
  for (int d = 0; d <= 9; ++d) {
    digits.push_back({.label = std::to_string(d),
                      .observed = observed[d],
                      .expected = 0.1,
                      .expected_interval = Interval{0.1 - 2 * 0.0047, 0.1 + 2 * 0.0047}});
  }
  return digits;
}

std::vector<Series> DemoMarginal() {
  Series observed{.name = "observed precincts", .style = SeriesStyle::kPoints};
  Series fitted{.name = "fitted model (fraud parameters 0.04, 0.002)"};
  for (int turnout = 0; turnout <= 100; turnout += 2) {
    observed.points.push_back({static_cast<double>(turnout),
                               0.05 * Gauss(turnout, 61, 8) + (turnout == 100 ? 0.006 : 0)});
    fitted.points.push_back({static_cast<double>(turnout), 0.049 * Gauss(turnout, 60.5, 8.3)});
  }
  return {observed, fitted};
}

std::vector<IntervalRow> DemoPvt() {
  return {{.label = "Amanat", .estimate = 51.2, .interval = {49.8, 52.6}, .reference = 53.9},
          {.label = "Auyl", .estimate = 10.8, .interval = {10.1, 11.5}, .reference = 10.9},
          {.label = "Respublica", .estimate = 9.1, .interval = {8.4, 9.8}, .reference = 8.6},
          {.label = "Ақ жол", .estimate = 8.3, .interval = {7.7, 8.9}, .reference = 8.4},
          {.label = "Turnout", .estimate = 50.4, .interval = {48.9, 51.9}, .reference = 54.2}};
}

std::string DemoPage() {
  HtmlPage page({.title = "esep audit: demonstration of the report's building blocks",
                 .source = "formulas in src/report/report_demo_test.cc (no election)",
                 .date = "2026-11-22",
                 .data = DataKind::kSynthetic,
                 .facts = {{"Precincts", "10,000 (made up)"}}});
  page.AddSection("Findings");
  page.AddParagraph(
      "Each finding says how sure it is. **Look closer** means a pattern chance rarely makes; "
      "it is not proof of fraud. Names such as `<script>` & \"quotes\" are printed, not run.");
  page.AddFinding({.severity = FindingSeverity::kInconsistent,
                   .title = "Turnout does not follow from the published ballots",
                   .text = "Published turnout **54.2 %**; ballots / registered = 52.9 %.",
                   .details = {"ballots issued 3,431,510", "registered voters 6,486,425"}});
  page.AddFinding({.severity = FindingSeverity::kLookCloser,
                   .title = "Excess of whole-percentage turnouts",
                   .text = "412 precincts at whole percentages; 340 \xC2\xB1 17 expected."});
  page.AddFinding({.severity = FindingSeverity::kInfo,
                   .title = "Last digits are uniform",
                   .text = "\xCF\x87\xC2\xB2 = 8.1 with 9 degrees of freedom, p = 0.52."});
  page.AddSection("Precinct-level fingerprints");
  page.AddSection("Turnout vs the leader's share", SectionLevel::kSubsection);
  const HeatmapOptions heatmap{
      .chart = {.title = "Turnout vs the leader's share, by precinct",
                .x_label = "Turnout, %",
                .y_label = "Leader's share, %",
                .reading_guide = "A clean election makes one round blob; a tail running towards "
                                 "100 % turnout and 100 % for the leader is what ballot stuffing "
                                 "leaves.",
                .height = 460},
      .value_label = "precincts"};
  page.AddFigure({.svg = HeatmapSvg(DemoFingerprint(), heatmap),
                  .title = heatmap.chart.title,
                  .reading_guide = heatmap.chart.reading_guide});
  page.AddSection("Integer percentages", SectionLevel::kSubsection);
  const HistogramOptions histogram{
      .chart = {.title = "Turnout in 0.1 % bins",
                .x_label = "Turnout, %",
                .y_label = "Precincts",
                .reading_guide = "Orange bars are whole percentages; bars far above their green "
                                 "band are more precincts at round numbers than chance gives.",
                .width = 760},
      .highlight_label = "whole percentages",
      .expected_label = "expected (binomial)"};
  page.AddFigure({.svg = HistogramSvg(DemoIntegerHistogram(), histogram),
                  .title = histogram.chart.title,
                  .reading_guide = histogram.chart.reading_guide});
  page.AddSection("Digits", SectionLevel::kSubsection);
  const PairedBarOptions digits{
      .chart = {.title = "Last digit of the leader's votes",
                .x_label = "Last digit",
                .y_label = "Share of precincts",
                .reading_guide = "Blue bars should stay within the whiskers of the orange ones; "
                                 "a tall 0 or 5 suggests invented numbers."},
      .from_zero = false};
  page.AddFigure({.svg = PairedBarSvg(DemoDigits(), digits),
                  .title = digits.chart.title,
                  .reading_guide = digits.chart.reading_guide});
  page.AddSection("Model fit", SectionLevel::kSubsection);
  const LineChartOptions marginal{
      .chart = {.title = "Turnout distribution: observed and fitted",
                .x_label = "Turnout, %",
                .y_label = "Share of precincts",
                .reading_guide = "Where the points leave the line, the model without fraud does "
                                 "not explain the data."}};
  page.AddFigure({.svg = LineChartSvg(DemoMarginal(), marginal),
                  .title = marginal.chart.title,
                  .reading_guide = marginal.chart.reading_guide});
  page.AddSection("Observers and the parallel vote tabulation");
  page.AddTable({.caption = "Official vs observed, sampled precincts",
                 .columns = {{"Precinct"},
                             {"Official turnout", Align::kRight},
                             {"Observed turnout", Align::kRight},
                             {"Difference", Align::kRight}},
                 .rows = {{"Алматы 0412", "1,204", "987", "+217"},
                          {"Astana 0033", "845", "851",
                           "\xE2\x88\x92"
                           "6"}}});
  const IntervalChartOptions pvt{
      .chart = {.title = "Parallel vote tabulation vs the official result",
                .x_label = "Share, %",
                .reading_guide = "Each whisker is a 95 % interval from the sample; an official "
                                 "value (diamond) outside it is marked.",
                .width = 700}};
  page.AddFigure({.svg = IntervalChartSvg(DemoPvt(), pvt),
                  .title = pvt.chart.title,
                  .reading_guide = pvt.chart.reading_guide});
  page.AddSection("Empty data");
  page.AddFigure({.svg = HistogramSvg({}, {.chart = {.title = "A chart without data",
                                                     .x_label = "x",
                                                     .y_label = "y",
                                                     .reading_guide = "Says so."}}),
                  .title = "A chart without data",
                  .reading_guide = "Says so."});
  page.set_footer({.esep_version = "demo", .commit = "", .json_file = "report.json"});
  return page.Render();
}

TEST(ReportDemoTest, WritesAWellFormedExampleReport) {
  const char* requested = std::getenv("ESEP_REPORT_DEMO_DIR");
  const bool keep = requested != nullptr && *requested != '\0';
  const std::filesystem::path dir = keep ? std::filesystem::path(requested)
                                         : std::filesystem::temp_directory_path() /
                                               ("esep_report_demo_" + std::to_string(::getpid()));
  const std::string html = DemoPage();
  EXPECT_EQ(testing::XmlProblem(html), "");
  const Result<ReportFiles> files =
      WriteReportFiles(dir, html, "{\"demonstration\": true, \"synthetic\": true}\n");
  ASSERT_TRUE(files.has_value()) << files.error().ToString();
  EXPECT_EQ(std::filesystem::file_size(files->html), html.size());
  if (std::system("xmllint --version > /dev/null 2>&1") == 0) {
    // The page is also well-formed XML (XHTML-style void elements), so the same parser that
    // checks the SVGs checks the whole page.
    const std::string command = "xmllint --noout " + files->html.string();
    EXPECT_EQ(std::system(command.c_str()), 0);
  }
  if (!keep) {
    std::filesystem::remove_all(dir);
  }
}

}  // namespace
}  // namespace esep::report
