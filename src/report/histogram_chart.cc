#include "report/histogram_chart.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include <fmt/format.h>

#include "report/internal/svg_canvas.h"

namespace esep::report {
namespace {

using internal::Coordinate;

constexpr std::string_view kBarColor = "#8fa9c4";
constexpr std::string_view kHighlightColor = "#d55e00";
constexpr std::string_view kExpectedColor = "#000000";
constexpr std::string_view kBandColor = "#009e73";

bool Usable(const HistogramBin& bin) {
  return std::isfinite(bin.lower) && std::isfinite(bin.upper) && bin.upper > bin.lower &&
         std::isfinite(bin.observed);
}

// Runs of adjacent bins for which `has` is true, as [begin, end) index pairs into `bins`.
template <typename Has>
std::vector<std::pair<size_t, size_t>> Runs(const std::vector<HistogramBin>& bins, Has has) {
  std::vector<std::pair<size_t, size_t>> runs;
  for (size_t i = 0; i < bins.size(); ++i) {
    if (!has(bins[i])) {
      continue;
    }
    const bool continues = !runs.empty() && runs.back().second == i &&
                           std::abs(bins[i - 1].upper - bins[i].lower) <=
                               1e-9 * std::max(1.0, std::abs(bins[i].lower));
    if (continues) {
      runs.back().second = i + 1;
    } else {
      runs.emplace_back(i, i + 1);
    }
  }
  return runs;
}

// The bins that can be drawn, sorted by their lower edge; an expected count or band that is
// not finite is dropped from its bin rather than drawn off the chart.
std::vector<HistogramBin> UsableBins(std::span<const HistogramBin> input) {
  std::vector<HistogramBin> bins;
  for (const HistogramBin& bin : input) {
    if (Usable(bin)) {
      HistogramBin copy = bin;
      if (copy.expected.has_value() && !std::isfinite(*copy.expected)) {
        copy.expected.reset();
      }
      if (copy.band.has_value() &&
          (!std::isfinite(copy.band->low) || !std::isfinite(copy.band->high))) {
        copy.band.reset();
      }
      bins.push_back(copy);
    }
  }
  std::sort(bins.begin(), bins.end(),
            [](const HistogramBin& a, const HistogramBin& b) { return a.lower < b.lower; });
  return bins;
}

// What the bins hold as a whole: the height the y axis must reach and which layers appear.
struct HistogramContent {
  double top = 0;
  double observed_total = 0;
  bool any_expected = false;
  bool any_band = false;
  bool any_highlight = false;
};

HistogramContent MeasureContent(const std::vector<HistogramBin>& bins) {
  HistogramContent content;
  for (const HistogramBin& bin : bins) {
    content.top = std::max(content.top, bin.observed);
    content.observed_total += bin.observed;
    if (bin.expected.has_value()) {
      content.any_expected = true;
      content.top = std::max(content.top, *bin.expected);
    }
    if (bin.band.has_value()) {
      content.any_band = true;
      content.top = std::max(content.top, bin.band->high);
    }
    content.any_highlight = content.any_highlight || bin.highlighted;
  }
  return content;
}

// The chart's text summary, for readers who cannot see it.
std::string Summary(const std::vector<HistogramBin>& bins, const HistogramContent& content) {
  if (bins.empty()) {
    return "No data.";
  }
  return fmt::format("Histogram of {} bins from {} to {}; {} observations in all{}{}.", bins.size(),
                     internal::FormatNumber(bins.front().lower, 6),
                     internal::FormatNumber(bins.back().upper, 6),
                     internal::FormatNumber(content.observed_total, 6),
                     content.any_expected ? ", with the expected counts" : "",
                     content.any_band ? " and a band around them" : "");
}

// One legend entry per layer the chart shows.
std::vector<internal::LegendEntry> Legend(const HistogramOptions& options,
                                          const HistogramContent& content) {
  std::vector<internal::LegendEntry> legend;
  legend.push_back({internal::LegendMark::kBox, std::string(kBarColor), options.observed_label});
  if (content.any_highlight) {
    legend.push_back(
        {internal::LegendMark::kBox, std::string(kHighlightColor), options.highlight_label});
  }
  if (content.any_expected) {
    legend.push_back(
        {internal::LegendMark::kLine, std::string(kExpectedColor), options.expected_label});
  }
  if (content.any_band) {
    legend.push_back({internal::LegendMark::kBand, std::string(kBandColor), options.band_label});
  }
  return legend;
}

// The bins placed on the plot: pixel positions for the bars, bands and expected lines.
class BinLayout {
 public:
  BinLayout(const std::vector<HistogramBin>& bins, const internal::LinearScale& x,
            const internal::LinearScale& y, const internal::PlotArea& area, bool curve)
      : bins_(bins), x_(x), y_(y), area_(area), curve_(curve) {}

  double ClampX(double value) const { return std::clamp(x_(value), area_.left, area_.right()); }

  // The pixel edges of bin i within the run [begin, end): a run narrower than 7 px (e.g. one
  // 0.1 % bin) is widened about its centre so that its band and line stay visible.
  std::pair<double, double> RunEdges(size_t begin, size_t end, size_t i) const {
    const double run_left = ClampX(bins_[begin].lower);
    const double run_right = ClampX(bins_[end - 1].upper);
    const double widen = std::max(0.0, 7 - (run_right - run_left)) / 2;
    const double left = i == begin ? run_left - widen : ClampX(bins_[i].lower);
    const double right = i + 1 == end ? run_right + widen : ClampX(bins_[i].upper);
    return {left, right};
  }

  // The x positions at which bin i of the run [begin, end) sets the band and the expected line:
  // its centre on a curve, its two edges on steps (and for a run of one bin, which has no
  // curve to draw).
  std::vector<double> RunXs(size_t begin, size_t end, size_t i) const {
    const auto [left, right] = RunEdges(begin, end, i);
    if (curve_ && end - begin > 1) {
      return {ClampX((bins_[i].lower + bins_[i].upper) / 2)};
    }
    return {left, right};
  }

  void DrawBars(internal::SvgCanvas& canvas) const {
    canvas.Raw("<g shape-rendering=\"crispEdges\">\n");
    for (const HistogramBin& bin : bins_) {
      if (bin.observed <= 0) {
        continue;
      }
      const double left = ClampX(bin.lower);
      const double right = ClampX(bin.upper);
      // A hairline gap between wide bars; none between narrow ones, which would vanish. On a
      // curve the bars stand at points, narrowed to 3/5 of their bin.
      const double gap = curve_ ? (right - left) * 2 / 5 : (right - left > 4 ? 1 : 0);
      canvas.Rect(left + gap / 2, y_(bin.observed), right - left - gap,
                  area_.bottom() - y_(bin.observed), bin.highlighted ? kHighlightColor : kBarColor);
    }
    canvas.Raw("</g>\n");
  }

  // One polygon per run of bins with a band: along the highs, then back along the lows.
  void DrawBands(internal::SvgCanvas& canvas) const {
    for (const auto& [begin, end] :
         Runs(bins_, [](const HistogramBin& b) { return b.band.has_value(); })) {
      std::string upper_edge;
      std::string lower_edge;
      for (size_t i = begin; i < end; ++i) {
        for (const double x : RunXs(begin, end, i)) {
          fmt::format_to(std::back_inserter(upper_edge), "{},{} ", Coordinate(x),
                         Coordinate(y_(bins_[i].band->high)));
        }
      }
      for (size_t i = end; i-- > begin;) {
        const std::vector<double> xs = RunXs(begin, end, i);
        for (auto x = xs.rbegin(); x != xs.rend(); ++x) {
          fmt::format_to(std::back_inserter(lower_edge), " {},{}", Coordinate(*x),
                         Coordinate(y_(bins_[i].band->low)));
        }
      }
      upper_edge.pop_back();
      fmt::format_to(std::back_inserter(canvas.out()),
                     "<polygon class=\"band\" points=\"{}{}\" fill=\"{}\" "
                     "fill-opacity=\"0.35\"/>\n",
                     upper_edge, lower_edge, kBandColor);
    }
  }

  // One stepped polyline per run of bins with an expected count.
  void DrawExpectedLines(internal::SvgCanvas& canvas) const {
    for (const auto& [begin, end] :
         Runs(bins_, [](const HistogramBin& b) { return b.expected.has_value(); })) {
      std::string points;
      for (size_t i = begin; i < end; ++i) {
        for (const double x : RunXs(begin, end, i)) {
          fmt::format_to(std::back_inserter(points), "{}{},{}", points.empty() ? "" : " ",
                         Coordinate(x), Coordinate(y_(*bins_[i].expected)));
        }
      }
      fmt::format_to(std::back_inserter(canvas.out()),
                     "<polyline class=\"expected\" points=\"{}\" fill=\"none\" stroke=\"{}\" "
                     "stroke-width=\"1.5\"/>\n",
                     points, kExpectedColor);
    }
  }

 private:
  const std::vector<HistogramBin>& bins_;
  const internal::LinearScale& x_;
  const internal::LinearScale& y_;
  const internal::PlotArea& area_;
  bool curve_;
};

}  // namespace

Interval ExpectedBand(double expected, double sd, double k) {
  return {std::max(expected - k * sd, 0.0), expected + k * sd};
}

std::string HistogramSvg(std::span<const HistogramBin> input, const HistogramOptions& options) {
  const std::vector<HistogramBin> bins = UsableBins(input);
  const HistogramContent content = MeasureContent(bins);
  const ChartOptions& chart = options.chart;
  internal::SvgCanvas canvas(chart, chart.width, chart.height, Summary(bins, content));

  internal::PlotArea area = internal::DefaultPlotArea(canvas.width(), canvas.height(), 20);
  if (!bins.empty()) {
    const double legend_bottom =
        internal::DrawLegend(canvas, area.left, 42, area.right(), Legend(options, content));
    const double shift = std::max(0.0, legend_bottom + 14 - area.top);
    area.top += shift;
    area.height = std::max(area.height - shift, 40.0);
  }

  Interval x_range{0, 1};
  if (options.x_range.has_value()) {
    x_range = *options.x_range;
  } else if (!bins.empty()) {
    x_range = {bins.front().lower, bins.back().upper};
  }
  const internal::LinearScale x(x_range.low, x_range.high, area.left, area.right());
  const double y_top = internal::NiceCeiling(content.top, 6);
  const internal::LinearScale y(0, y_top, area.bottom(), area.top);
  const internal::Ticks y_ticks = internal::NiceTicks(0, y_top, 6);
  if (bins.empty()) {
    internal::DrawNoData(canvas, area);
    // No ticks: a made-up range would suggest a measurement.
    canvas.Text(area.left + area.width / 2, area.bottom() + 38, chart.x_label,
                internal::Anchor::kMiddle);
    return std::move(canvas).Finish();
  }
  internal::DrawYAxis(canvas, area, y, y_ticks, chart.y_label);
  const BinLayout layout(bins, x, y, area, options.expected_as_curve);
  // Steps: the band over the full-width bars, translucent, so a bar that rises above it shows
  // where. A curve: the band behind the narrow bars, so each bar reads against it. The expected
  // line on top either way.
  if (content.any_band && options.expected_as_curve) {
    layout.DrawBands(canvas);
  }
  layout.DrawBars(canvas);
  if (content.any_band && !options.expected_as_curve) {
    layout.DrawBands(canvas);
  }
  if (content.any_expected) {
    layout.DrawExpectedLines(canvas);
  }
  internal::DrawXAxis(canvas, area, x, internal::NiceTicks(x_range.low, x_range.high, 8),
                      chart.x_label);
  return std::move(canvas).Finish();
}

}  // namespace esep::report
