#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <unistd.h>

#include "report/heatmap_chart.h"
#include "report/histogram_chart.h"
#include "report/internal/markup.h"
#include "report/internal/svg_canvas.h"
#include "report/interval_chart.h"
#include "report/line_chart.h"
#include "report/paired_bar_chart.h"
#include "report/testing/xml_check.h"

namespace esep::report {
namespace {

size_t Count(const std::string& text, const std::string& needle) {
  size_t count = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) {
    ++count;
  }
  return count;
}

// The x coordinate of every <text> whose content is exactly `content`.
std::vector<double> TextXs(const std::string& svg, const std::string& content) {
  static const std::regex text_element(R"re(<text x="([-0-9.]+)"[^>]*>([^<]*)</text>)re");
  std::vector<double> xs;
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), text_element);
       it != std::sregex_iterator(); ++it) {
    if ((*it)[2] == content) {
      xs.push_back(std::stod((*it)[1]));
    }
  }
  return xs;
}

ChartOptions Options(std::string title) {
  ChartOptions options;
  options.title = std::move(title);
  options.x_label = "Turnout, %";
  options.y_label = "Precincts";
  options.reading_guide = "Spikes at whole percentages stand out against the band.";
  return options;
}

HeatmapData SmallHeatmap() {
  HeatmapData data;
  data.columns = 10;
  data.rows = 10;
  data.values.assign(100, 0);
  data.values[0] = 1;  // bottom-left
  data.values[5 * 10 + 5] = 40;
  data.values[99] = 1000;  // top-right
  return data;
}

std::vector<HistogramBin> SmallHistogram() {
  std::vector<HistogramBin> bins;
  for (int i = 0; i < 10; ++i) {
    HistogramBin bin{.lower = 60.0 + i, .upper = 61.0 + i, .observed = 10.0 + i};
    if (i < 3 || i >= 6) {  // two runs: bins 0-2 and 6-9
      bin.expected = 11.0 + i;
      bin.band = ExpectedBand(11.0 + i, 2, 2);
    }
    bin.highlighted = i == 5;
    bins.push_back(bin);
  }
  return bins;
}

std::vector<PairedBarGroup> Digits() {
  std::vector<PairedBarGroup> groups;
  for (int d = 0; d <= 9; ++d) {
    groups.push_back({.label = std::to_string(d),
                      .observed = 0.1 + 0.004 * (d - 4.5),
                      .expected = 0.1,
                      .expected_interval = Interval{0.09, 0.11}});
  }
  return groups;
}

std::vector<Series> TwoSeries() {
  Series observed{.name = "observed", .style = SeriesStyle::kPoints};
  Series fitted{.name = "fitted", .style = SeriesStyle::kLine};
  for (int i = 0; i <= 20; ++i) {
    const double x = 5.0 * i;
    observed.points.push_back({x, std::exp(-(x - 60) * (x - 60) / 200)});
    fitted.points.push_back({x, std::exp(-(x - 62) * (x - 62) / 220)});
  }
  return {observed, fitted};
}

std::vector<IntervalRow> PvtRows() {
  return {{.label = "Amanat", .estimate = 52.1, .interval = {50.9, 53.3}, .reference = 53.9},
          {.label = "Ақ жол", .estimate = 8.2, .interval = {7.5, 8.9}, .reference = 8.4},
          {.label = "Respublica", .estimate = 8.9, .interval = {8.1, 9.7}}};
}

TEST(MarkupTest, EscapesMarkupQuotesAndBadBytes) {
  EXPECT_EQ(internal::Escape("<a href=\"x\">&'"), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
  EXPECT_EQ(internal::Escape("Нұр Отан"), "Нұр Отан");
  EXPECT_EQ(internal::Escape("a\x01"
                             "b\tc"),
            "ab\tc");
  EXPECT_EQ(internal::Escape("x\xFFy"), "x\xEF\xBF\xBDy");
}

TEST(SvgCanvasTest, FormatsNumbersWithoutLocaleOrNegativeZero) {
  EXPECT_EQ(internal::FormatNumber(12.5, 2), "12.5");
  EXPECT_EQ(internal::FormatNumber(12.0, 2), "12");
  EXPECT_EQ(internal::FormatNumber(-0.001, 2), "0");
  EXPECT_EQ(internal::FormatNumber(1234567.891, 2), "1234567.89");
  EXPECT_EQ(internal::FormatNumber(0.30000000000000004, 6), "0.3");
  EXPECT_EQ(internal::FormatNumber(NAN, 2), "0");
}

TEST(SvgCanvasTest, NiceTicks) {
  struct Case {
    const char* name;
    double low;
    double high;
    int target;
    std::vector<double> want;
    int decimals;
  };
  const Case cases[] = {
      {"percent", 0, 100, 6, {0, 20, 40, 60, 80, 100}, 0},
      {"unit", 0, 1, 6, {0, 0.2, 0.4, 0.6, 0.8, 1}, 1},
      {"tenths", 0, 0.3, 4, {0, 0.1, 0.2, 0.3}, 1},
      {"offset", 57, 83, 6, {60, 65, 70, 75, 80}, 0},
      {"counts", 0, 1234, 6, {0, 200, 400, 600, 800, 1000, 1200}, 0},
      {"negative", -3, 3, 7, {-3, -2, -1, 0, 1, 2, 3}, 0},
      {"degenerate", 5, 5, 6, {5, 5.2, 5.4, 5.6, 5.8, 6}, 1},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    const internal::Ticks ticks = internal::NiceTicks(c.low, c.high, c.target);
    ASSERT_EQ(ticks.values.size(), c.want.size());
    for (size_t i = 0; i < c.want.size(); ++i) {
      EXPECT_NEAR(ticks.values[i], c.want[i], 1e-12);
    }
    EXPECT_EQ(ticks.decimals, c.decimals);
  }
  // Ranges no chart can show give one tick instead of a crash or a million ticks.
  EXPECT_EQ(internal::NiceTicks(-1e308, 1e308, 6).values.size(), 1U);
  EXPECT_EQ(internal::NiceTicks(1e308, 1e308, 6).values.size(), 1U);
  EXPECT_EQ(internal::NiceTicks(1e-260, 2e-260, 6).values.size(), 1U);
  EXPECT_EQ(internal::NiceTicks(1e10, 1e10 + 1e-3, 6).values.size(), 1U);
  EXPECT_EQ(internal::NiceTicks(-INFINITY, INFINITY, 6).values.size(), 6U);  // 0..1
  EXPECT_EQ(internal::NiceCeiling(1234, 6), 1400);
  EXPECT_EQ(internal::NiceCeiling(1000, 6), 1000);
  EXPECT_EQ(internal::NiceCeiling(0, 6), 1);
}

TEST(HeatmapTest, ZeroIsWhiteAndTheSmallestCountIsNot) {
  for (const ColorScale scale : {ColorScale::kLog, ColorScale::kLinear}) {
    EXPECT_EQ(HeatmapColor(0, 1, 1000, scale), "#ffffff");
    EXPECT_EQ(HeatmapColor(-5, 1, 1000, scale), "#ffffff");
    EXPECT_EQ(HeatmapColor(NAN, 1, 1000, scale), "#ffffff");
    EXPECT_NE(HeatmapColor(1, 1, 1000, scale), "#ffffff");
    EXPECT_EQ(HeatmapColor(1000, 1, 1000, scale), "#081d58");  // the darkest colour
  }
  EXPECT_EQ(HeatmapColor(1, 1, 1000, ColorScale::kLog), "#edf8b1");  // the lightest colour
}

// The largest difference between two "#rrggbb" colours in one channel.
int ChannelDistance(const std::string& a, const std::string& b) {
  int distance = 0;
  for (size_t i = 1; i < 7; i += 2) {
    distance = std::max(distance, std::abs(std::stoi(a.substr(i, 2), nullptr, 16) -
                                           std::stoi(b.substr(i, 2), nullptr, 16)));
  }
  return distance;
}

TEST(HeatmapTest, LogScaleSpreadsSmallCountsLinearDoesNot) {
  const std::string lightest = HeatmapColor(1, 1, 1000, ColorScale::kLinear);
  // On a linear scale 10 of 1..1000 is barely distinguishable from 1; on a log scale it sits a
  // third of the way up the ramp, where a linear scale puts 333.
  EXPECT_LE(ChannelDistance(HeatmapColor(10, 1, 1000, ColorScale::kLinear), lightest), 4);
  EXPECT_GE(ChannelDistance(HeatmapColor(10, 1, 1000, ColorScale::kLog), lightest), 40);
  EXPECT_EQ(HeatmapColor(10, 1, 1000, ColorScale::kLog),
            HeatmapColor(1000.0 / 3, 1, 1000, ColorScale::kLinear));
  // sqrt(1000) is the middle of the log ramp; 500 the middle of the linear one.
  EXPECT_EQ(HeatmapColor(std::sqrt(1000.0), 1, 1000, ColorScale::kLog),
            HeatmapColor(500, 1, 1000, ColorScale::kLinear));
}

TEST(HeatmapTest, DrawsOnlyNonZeroCellsInTheRightPlace) {
  const std::string svg = HeatmapSvg(SmallHeatmap(), {.chart = Options("Fingerprint")});
  EXPECT_EQ(testing::XmlProblem(svg), "");
  // Three cells in the cell group, nothing else.
  const size_t begin = svg.find("<g shape-rendering");
  const size_t end = svg.find("</g>", begin);
  EXPECT_EQ(Count(svg.substr(begin, end - begin), "<rect"), 3U);
  // Square plot 296 px from (72, 52): cell (0, 0) is the bottom-left one, cell (9, 9) top-right.
  EXPECT_NE(svg.find(R"(<rect x="72" y="318.4" width="29.6" height="29.6" fill="#edf8b1"/>)"),
            std::string::npos);
  EXPECT_NE(svg.find(R"(<rect x="338.4" y="52" width="29.6" height="29.6" fill="#081d58"/>)"),
            std::string::npos);
  // Ticks every 20 %: the 40 % tick sits 0.4 of the way along the x axis.
  EXPECT_EQ(TextXs(svg, "40"), std::vector<double>({72 + 0.4 * 296, 64}));  // x axis, y axis
  EXPECT_TRUE(TextXs(svg, "50").empty());
  EXPECT_NE(svg.find("<title>Fingerprint</title>"), std::string::npos);
  EXPECT_NE(svg.find("<desc>Spikes at whole percentages"), std::string::npos);
  EXPECT_NE(svg.find("3 of them non-zero; values from 1 to 1000"), std::string::npos);
}

TEST(HeatmapTest, AFullHundredByHundredGridStaysSmall) {
  HeatmapData data;
  data.columns = 100;
  data.rows = 100;
  for (int i = 0; i < 10000; ++i) {
    data.values.push_back(1 + i % 997);
  }
  const std::string svg = HeatmapSvg(data, {});
  EXPECT_EQ(testing::XmlProblem(svg), "");
  EXPECT_LT(svg.size(), 800U * 1000U);
}

TEST(HeatmapTest, MismatchedOrEmptyGridSaysNoData) {
  HeatmapData wrong_size = SmallHeatmap();
  wrong_size.values.pop_back();
  HeatmapData all_zero = SmallHeatmap();
  all_zero.values.assign(100, 0);
  for (const HeatmapData& data : {wrong_size, all_zero, HeatmapData{}}) {
    const std::string svg = HeatmapSvg(data, {.chart = Options("Empty")});
    EXPECT_EQ(testing::XmlProblem(svg), "");
    EXPECT_NE(svg.find(">no data</text>"), std::string::npos);
    EXPECT_EQ(svg.find("<g shape-rendering=\"crispEdges\">\n<rect x=\"72\""), std::string::npos);
  }
}

TEST(HistogramTest, BandAndExpectedLineOnlyWhereGiven) {
  const std::vector<HistogramBin> bins = SmallHistogram();
  const std::string svg = HistogramSvg(bins, {.chart = Options("Turnout")});
  EXPECT_EQ(testing::XmlProblem(svg), "");
  // Bins 3-5 have no expectation, so the band and the line each come in two pieces.
  EXPECT_EQ(Count(svg, "class=\"band\""), 2U);
  EXPECT_EQ(Count(svg, "class=\"expected\""), 2U);
  EXPECT_NE(svg.find(">expected \xC2\xB1 2 sd</text>"), std::string::npos);
  EXPECT_NE(svg.find(">highlighted bins</text>"), std::string::npos);
  EXPECT_EQ(Count(svg, "fill=\"#d55e00\""), 2U);  // the highlighted bar and its legend key

  std::vector<HistogramBin> plain = bins;
  for (HistogramBin& bin : plain) {
    bin.expected.reset();
    bin.band.reset();
    bin.highlighted = false;
  }
  const std::string bare = HistogramSvg(plain, {.chart = Options("Turnout")});
  EXPECT_EQ(testing::XmlProblem(bare), "");
  EXPECT_EQ(Count(bare, "class=\"band\""), 0U);
  EXPECT_EQ(Count(bare, "class=\"expected\""), 0U);
  EXPECT_EQ(bare.find("2 sd"), std::string::npos);
  EXPECT_EQ(bare.find("highlighted"), std::string::npos);
  EXPECT_EQ(Count(bare, "<rect"), 1U + 10U + 1U);  // background, bars, legend key
}

TEST(HistogramTest, ExpectedAsCurveDrawsABandAroundTheLineBehindNarrowBars) {
  const std::vector<HistogramBin> bins = SmallHistogram();
  const std::string steps = HistogramSvg(bins, {.chart = Options("Turnout")});
  const std::string curve =
      HistogramSvg(bins, {.chart = Options("Turnout"), .expected_as_curve = true});
  EXPECT_EQ(testing::XmlProblem(curve), "");
  EXPECT_EQ(Count(curve, "class=\"band\""), 2U);
  EXPECT_EQ(Count(curve, "class=\"expected\""), 2U);
  // Steps: the band over the bars. A curve: the band behind them.
  const size_t first_bar = curve.find("<g shape-rendering=\"crispEdges\">");
  ASSERT_NE(first_bar, std::string::npos);
  EXPECT_LT(curve.find("class=\"band\""), first_bar);
  EXPECT_GT(steps.find("class=\"band\""), steps.find("<g shape-rendering=\"crispEdges\">"));
  // A curve has one point per bin (bins 0-2: three), steps two (six).
  const auto first_line_points = [](const std::string& svg) {
    const size_t line = svg.find("class=\"expected\" points=\"");
    const size_t begin = svg.find('"', svg.find("points=", line)) + 1;
    const std::string points = svg.substr(begin, svg.find('"', begin) - begin);
    return Count(points, ",");
  };
  EXPECT_EQ(first_line_points(curve), 3U);
  EXPECT_EQ(first_line_points(steps), 6U);
  // The bars are narrower on a curve.
  const auto first_bar_width = [](const std::string& svg) {
    const size_t bars = svg.find("<g shape-rendering=\"crispEdges\">");
    const size_t width = svg.find("width=\"", bars) + 7;
    return std::stod(svg.substr(width, svg.find('"', width) - width));
  };
  EXPECT_LT(first_bar_width(curve), 0.7 * first_bar_width(steps));
}

TEST(HistogramTest, ExpectedBandIsClampedAtZero) {
  const Interval band = ExpectedBand(3, 2, 2);
  EXPECT_EQ(band.low, 0);
  EXPECT_EQ(band.high, 7);
}

TEST(HistogramTest, YAxisReachesPastTheBand) {
  std::vector<HistogramBin> bins = {
      {.lower = 0, .upper = 1, .observed = 10, .expected = 20, .band = Interval{15, 27}}};
  const std::string svg = HistogramSvg(bins, {.chart = Options("One bin")});
  EXPECT_FALSE(TextXs(svg, "30").empty());  // 27 rounds up to the next tick
  EXPECT_TRUE(TextXs(svg, "35").empty());
}

TEST(HistogramTest, NoUsableBinsSaysNoData) {
  const std::vector<HistogramBin> broken = {{.lower = 2, .upper = 1, .observed = 5},
                                            {.lower = 0, .upper = 1, .observed = NAN}};
  for (const auto& bins : {std::vector<HistogramBin>{}, broken}) {
    const std::string svg = HistogramSvg(bins, {.chart = Options("Nothing")});
    EXPECT_EQ(testing::XmlProblem(svg), "");
    EXPECT_NE(svg.find(">no data</text>"), std::string::npos);
    EXPECT_TRUE(TextXs(svg, "0").empty());  // no invented axis
    EXPECT_FALSE(TextXs(svg, "Turnout, %").empty());
  }
}

TEST(PairedBarTest, DrawsAPairPerDigitWithErrorBars) {
  const std::string svg =
      PairedBarSvg(Digits(), {.chart = Options("Last digits"), .from_zero = false});
  EXPECT_EQ(testing::XmlProblem(svg), "");
  for (int d = 0; d <= 9; ++d) {
    EXPECT_EQ(TextXs(svg, std::to_string(d)).size(), 1U) << d;
  }
  EXPECT_EQ(Count(svg, "stroke=\"#e69f00\" stroke-width=\"1.5\""), 11U);  // 10 bars + legend
  EXPECT_EQ(Count(svg, "stroke=\"#222222\""), 30U);  // 10 error bars of 3 lines
  // The digit labels are evenly spaced across the 548 px plot.
  EXPECT_EQ(TextXs(svg, "0").front(), 72 + 27.4);
  EXPECT_EQ(TextXs(svg, "9").front(), 72 + 27.4 + 9 * 54.8);
}

TEST(LineChartTest, SeriesAreDistinctAndBreakAtNonFinitePoints) {
  std::vector<Series> series = TwoSeries();
  series[1].points[10].y = NAN;
  const std::string svg = LineChartSvg(series, {.chart = Options("Marginal")});
  EXPECT_EQ(testing::XmlProblem(svg), "");
  EXPECT_EQ(Count(svg, "<polyline"), 2U);      // the fitted line, broken in two
  EXPECT_EQ(Count(svg, "<circle"), 21U + 1U);  // observed points + the legend's dot
  EXPECT_NE(svg.find("stroke-dasharray=\"6 3\""), std::string::npos);
  // The second series' points are squares, in the plot and in the legend.
  series[1].style = SeriesStyle::kLineAndPoints;
  const std::string with_points = LineChartSvg(series, {.chart = Options("Marginal")});
  EXPECT_EQ(Count(with_points, "width=\"7\" height=\"7\""), 20U + 1U);  // one point is NaN
  // Values from 0 to 1: the y axis starts at 0, not a step below it.
  EXPECT_FALSE(TextXs(svg, "0").empty());
  EXPECT_TRUE(TextXs(svg, "-0.2").empty());
  EXPECT_TRUE(TextXs(svg, "-0.1").empty());
}

TEST(IntervalChartTest, MarksAReferenceOutsideItsInterval) {
  const std::string svg = IntervalChartSvg(PvtRows(), {.chart = Options("PVT")});
  EXPECT_EQ(testing::XmlProblem(svg), "");
  EXPECT_EQ(Count(svg, ">outside</text>"), 1U);
  EXPECT_NE(svg.find(">Ақ жол</text>"), std::string::npos);
  EXPECT_NE(svg.find("Amanat: 52.1 (50.9 to 53.3), official 53.9 (outside)."), std::string::npos);
  EXPECT_NE(svg.find("height=\"212\""), std::string::npos);  // 3 rows of 28 px + margins
}

TEST(ChartsTest, EveryChartSaysNoDataWhenEmpty) {
  const std::vector<std::string> charts = {
      HeatmapSvg({}, {.chart = Options("a")}),
      HistogramSvg({}, {.chart = Options("b")}),
      PairedBarSvg({}, {.chart = Options("c")}),
      LineChartSvg({}, {.chart = Options("d")}),
      LineChartSvg(std::vector<Series>{{.name = "empty"}}, {.chart = Options("e")}),
      IntervalChartSvg({}, {.chart = Options("f")}),
  };
  for (const std::string& svg : charts) {
    EXPECT_EQ(testing::XmlProblem(svg), "") << svg;
    EXPECT_NE(svg.find(">no data</text>"), std::string::npos) << svg;
    EXPECT_NE(svg.find("<desc>Spikes at whole percentages stand out against the band. No data."),
              std::string::npos)
        << svg;
  }
}

TEST(ChartsTest, EscapeEveryTextInput) {
  ChartOptions hostile;
  hostile.title = "<script>alert(1)</script> & \"Нұр\"";
  hostile.x_label = "x < y";
  hostile.y_label = "'quoted'";
  hostile.reading_guide = "A & B > C";
  std::vector<Series> series = TwoSeries();
  series[0].name = "</svg>";
  std::vector<IntervalRow> rows = PvtRows();
  rows[0].label = "<b>Amanat</b>";
  std::vector<PairedBarGroup> digits = Digits();
  digits[0].label = "&";
  const std::vector<std::string> charts = {
      HeatmapSvg(SmallHeatmap(), {.chart = hostile, .value_label = "<count>"}),
      HistogramSvg(SmallHistogram(), {.chart = hostile, .band_label = "<band>"}),
      PairedBarSvg(digits, {.chart = hostile}),
      LineChartSvg(series, {.chart = hostile}),
      IntervalChartSvg(rows, {.chart = hostile}),
  };
  for (const std::string& svg : charts) {
    EXPECT_EQ(testing::XmlProblem(svg), "") << svg;
    EXPECT_EQ(svg.find("<script"), std::string::npos);
    EXPECT_EQ(svg.find("<b>"), std::string::npos);
    EXPECT_EQ(svg.find("<count>"), std::string::npos);
    EXPECT_NE(svg.find("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Нұр&quot;"),
              std::string::npos);
    EXPECT_EQ(Count(svg, "</svg>"), 1U);
  }
}

TEST(ChartsTest, OutputIsDeterministic) {
  EXPECT_EQ(HeatmapSvg(SmallHeatmap(), {}), HeatmapSvg(SmallHeatmap(), {}));
  EXPECT_EQ(HistogramSvg(SmallHistogram(), {}), HistogramSvg(SmallHistogram(), {}));
  EXPECT_EQ(PairedBarSvg(Digits(), {}), PairedBarSvg(Digits(), {}));
  EXPECT_EQ(LineChartSvg(TwoSeries(), {}), LineChartSvg(TwoSeries(), {}));
  EXPECT_EQ(IntervalChartSvg(PvtRows(), {}), IntervalChartSvg(PvtRows(), {}));
}

// The same charts through a real XML parser, when the machine has one.
TEST(ChartsTest, XmllintAcceptsEveryChart) {
  if (std::system("xmllint --version > /dev/null 2>&1") != 0) {
    GTEST_SKIP() << "xmllint is not installed";
  }
  const std::vector<std::string> charts = {
      HeatmapSvg(SmallHeatmap(), {.chart = Options("Ақ жол & <co>")}),
      HistogramSvg(SmallHistogram(), {}),
      PairedBarSvg(Digits(), {}),
      LineChartSvg(TwoSeries(), {}),
      IntervalChartSvg(PvtRows(), {}),
      HistogramSvg({}, {}),
  };
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("esep_svg_test_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  for (size_t i = 0; i < charts.size(); ++i) {
    const std::filesystem::path file = dir / ("chart" + std::to_string(i) + ".svg");
    std::ofstream(file) << charts[i];
    const std::string command = "xmllint --noout " + file.string();
    EXPECT_EQ(std::system(command.c_str()), 0) << charts[i];
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace esep::report
