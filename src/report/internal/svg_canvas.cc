#include "report/internal/svg_canvas.h"

#include <algorithm>
#include <array>
#include <cmath>

#include <fmt/format.h>

#include "report/internal/markup.h"
#include "report/text_table.h"

namespace esep::report::internal {
namespace {

constexpr double kFontSize = 12;
// An estimate of the advance of one character at kFontSize in a sans-serif face; used only to
// lay out legends and margins, so a generous value is safe.
constexpr double kCharWidth = 6.8;
constexpr std::string_view kAxisColor = "#444444";
constexpr std::string_view kGridColor = "#e6e6e6";
constexpr std::string_view kTextColor = "#222222";

double TextWidth(std::string_view text) {
  return static_cast<double>(DisplayWidth(text)) * kCharWidth;
}

}  // namespace

std::string FormatNumber(double value, int decimals) {
  if (!std::isfinite(value)) {
    return "0";
  }
  decimals = std::clamp(decimals, 0, 12);
  std::string text = fmt::format("{:.{}f}", value, decimals);
  if (text.find('.') != std::string::npos) {
    while (text.back() == '0') {
      text.pop_back();
    }
    if (text.back() == '.') {
      text.pop_back();
    }
  }
  if (text == "-0") {
    text = "0";
  }
  return text;
}

std::string Coordinate(double value) { return FormatNumber(value, 2); }

Ticks NiceTicks(double low, double high, int target) {
  if (!std::isfinite(low)) {
    low = 0;
  }
  if (!std::isfinite(high) || high <= low) {
    high = low + 1;
  }
  target = std::max(target, 2);
  // Tick indices (value / step) must fit in an int64_t and the step in a double.
  if (!std::isfinite(high - low) || (high - low) / target < 1e-200 ||
      high - low < 1e-12 * std::max(std::abs(low), std::abs(high))) {
    // A range no chart can show (overflowing, or below double precision): one tick at low.
    Ticks single;
    single.values.push_back(std::isfinite(low) ? low : 0.0);
    return single;
  }
  // As d3's tickIncrement: a power of ten, times 2, 5 or 10 when the error is large.
  const double raw_step = (high - low) / target;
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw_step)));
  const double error = raw_step / magnitude;
  double nice = 1;
  if (error >= std::sqrt(50.0)) {
    nice = 10;
  } else if (error >= std::sqrt(10.0)) {
    nice = 5;
  } else if (error >= std::sqrt(2.0)) {
    nice = 2;
  }
  Ticks ticks;
  ticks.step = nice * magnitude;
  ticks.decimals = std::max(0, -static_cast<int>(std::floor(std::log10(ticks.step) + 1e-9)));
  // Count ticks from an integer index so that 0.1 + 0.2 never prints as 0.30000000000000004 and
  // the same inputs give the same ticks on every platform.
  const double tolerance = ticks.step * 1e-9;
  const auto first = static_cast<int64_t>(std::ceil((low - tolerance) / ticks.step));
  const auto last = static_cast<int64_t>(std::floor((high + tolerance) / ticks.step));
  for (int64_t i = first; i <= last; ++i) {
    const double value = static_cast<double>(i) * ticks.step;
    ticks.values.push_back(std::abs(value) < tolerance ? 0.0 : value);
  }
  return ticks;
}

double NiceCeiling(double high, int target) {
  if (!std::isfinite(high) || high <= 0) {
    return 1;
  }
  const Ticks ticks = NiceTicks(0, high, target);
  const double top = ticks.values.back();
  return top + ticks.step * 1e-9 >= high ? top : top + ticks.step;
}

double LinearScale::operator()(double value) const {
  if (domain_high_ == domain_low_) {
    return (range_low_ + range_high_) / 2;
  }
  return range_low_ +
         (value - domain_low_) / (domain_high_ - domain_low_) * (range_high_ - range_low_);
}

std::string_view SeriesColor(size_t index) {
  static constexpr std::array<std::string_view, 8> kPalette = {
      "#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#000000", "#f0e442"};
  return kPalette[index % kPalette.size()];
}

std::string PointMarker(size_t shape, double x, double y, std::string_view color) {
  switch (shape % 4) {
    case 0:
      return fmt::format("<circle cx=\"{}\" cy=\"{}\" r=\"3.5\" fill=\"{}\"/>\n", Coordinate(x),
                         Coordinate(y), color);
    case 1:
      return fmt::format("<rect x=\"{}\" y=\"{}\" width=\"7\" height=\"7\" fill=\"{}\"/>\n",
                         Coordinate(x - 3.5), Coordinate(y - 3.5), color);
    case 2:
      return fmt::format("<polygon points=\"{},{} {},{} {},{}\" fill=\"{}\"/>\n", Coordinate(x),
                         Coordinate(y - 4.5), Coordinate(x + 4), Coordinate(y + 3),
                         Coordinate(x - 4), Coordinate(y + 3), color);
    default:
      return fmt::format("<polygon points=\"{},{} {},{} {},{} {},{}\" fill=\"{}\"/>\n",
                         Coordinate(x), Coordinate(y - 4.5), Coordinate(x + 4.5), Coordinate(y),
                         Coordinate(x), Coordinate(y + 4.5), Coordinate(x - 4.5), Coordinate(y),
                         color);
  }
}

SvgCanvas::SvgCanvas(const ChartOptions& options, int width, int height, std::string_view summary)
    : width_(std::max(width, 120)), height_(std::max(height, 120)) {
  out_ = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {0} {1}\" width=\"{0}\" "
      "height=\"{1}\" role=\"img\" font-family=\"sans-serif\" font-size=\"{2}\">\n",
      width_, height_, kFontSize);
  out_ += "<title>";
  AppendEscaped(out_, options.title);
  out_ += "</title>\n<desc>";
  AppendEscaped(out_, options.reading_guide);
  if (!options.reading_guide.empty() && !summary.empty()) {
    out_ += ' ';
  }
  AppendEscaped(out_, summary);
  out_ += "</desc>\n";
  Rect(0, 0, width_, height_, "#ffffff");
  Text(width_ / 2.0, 22, options.title, Anchor::kMiddle, "font-size=\"15\" font-weight=\"bold\"");
}

void SvgCanvas::Rect(double x, double y, double width, double height, std::string_view fill,
                     std::string_view extra) {
  fmt::format_to(std::back_inserter(out_),
                 "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"", Coordinate(x),
                 Coordinate(y), Coordinate(std::max(width, 0.0)), Coordinate(std::max(height, 0.0)),
                 fill);
  if (!extra.empty()) {
    out_ += ' ';
    out_ += extra;
  }
  out_ += "/>\n";
}

void SvgCanvas::Line(double x1, double y1, double x2, double y2, std::string_view stroke,
                     std::string_view extra) {
  fmt::format_to(std::back_inserter(out_),
                 "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{}\"", Coordinate(x1),
                 Coordinate(y1), Coordinate(x2), Coordinate(y2), stroke);
  if (!extra.empty()) {
    out_ += ' ';
    out_ += extra;
  }
  out_ += "/>\n";
}

void SvgCanvas::Text(double x, double y, std::string_view text, Anchor anchor,
                     std::string_view extra) {
  static constexpr std::array<std::string_view, 3> kAnchors = {"start", "middle", "end"};
  fmt::format_to(std::back_inserter(out_), "<text x=\"{}\" y=\"{}\" text-anchor=\"{}\" fill=\"{}\"",
                 Coordinate(x), Coordinate(y), kAnchors[static_cast<size_t>(anchor)], kTextColor);
  if (!extra.empty()) {
    out_ += ' ';
    out_ += extra;
  }
  out_ += '>';
  AppendEscaped(out_, text);
  out_ += "</text>\n";
}

std::string SvgCanvas::Finish() && {
  out_ += "</svg>\n";
  return std::move(out_);
}

void DrawXAxis(SvgCanvas& canvas, const PlotArea& area, const LinearScale& x, const Ticks& ticks,
               std::string_view label) {
  canvas.Line(area.left, area.bottom(), area.right(), area.bottom(), kAxisColor);
  for (const double value : ticks.values) {
    const double position = x(value);
    canvas.Line(position, area.bottom(), position, area.bottom() + 5, kAxisColor);
    canvas.Text(position, area.bottom() + 18, FormatNumber(value, ticks.decimals), Anchor::kMiddle);
  }
  canvas.Text(area.left + area.width / 2, area.bottom() + 38, label, Anchor::kMiddle);
}

void DrawYAxis(SvgCanvas& canvas, const PlotArea& area, const LinearScale& y, const Ticks& ticks,
               std::string_view label) {
  for (const double value : ticks.values) {
    const double position = y(value);
    canvas.Line(area.left, position, area.right(), position, kGridColor);
    canvas.Line(area.left - 5, position, area.left, position, kAxisColor);
    canvas.Text(area.left - 8, position + 4, FormatNumber(value, ticks.decimals), Anchor::kEnd);
  }
  canvas.Line(area.left, area.top, area.left, area.bottom(), kAxisColor);
  const double label_x = 16;
  const double label_y = area.top + area.height / 2;
  canvas.Text(
      label_x, label_y, label, Anchor::kMiddle,
      fmt::format("transform=\"rotate(-90 {} {})\"", Coordinate(label_x), Coordinate(label_y)));
}

double DrawLegend(SvgCanvas& canvas, double x, double y, double max_x,
                  std::span<const LegendEntry> entries) {
  constexpr double kMarkWidth = 18;
  double cursor = x;
  for (const LegendEntry& entry : entries) {
    const double entry_width = kMarkWidth + 6 + TextWidth(entry.label) + 16;
    if (cursor > x && cursor + entry_width > max_x) {
      cursor = x;
      y += 16;
    }
    const double middle = y - 4;
    switch (entry.mark) {
      case LegendMark::kBox:
        canvas.Rect(cursor, middle - 5, kMarkWidth, 10, entry.color);
        break;
      case LegendMark::kOutlinedBox:
        canvas.Rect(cursor, middle - 5, kMarkWidth, 10, "#ffffff",
                    fmt::format("stroke=\"{}\" stroke-width=\"1.5\"", entry.color));
        break;
      case LegendMark::kLine:
        canvas.Line(cursor, middle, cursor + kMarkWidth, middle, entry.color, "stroke-width=\"2\"");
        break;
      case LegendMark::kDashedLine:
        canvas.Line(cursor, middle, cursor + kMarkWidth, middle, entry.color,
                    "stroke-width=\"2\" stroke-dasharray=\"5 3\"");
        break;
      case LegendMark::kBand:
        canvas.Rect(cursor, middle - 5, kMarkWidth, 10, entry.color, "fill-opacity=\"0.35\"");
        break;
      case LegendMark::kDot:
        canvas.Raw(fmt::format("<circle cx=\"{}\" cy=\"{}\" r=\"4\" fill=\"{}\"/>\n",
                               Coordinate(cursor + kMarkWidth / 2), Coordinate(middle),
                               entry.color));
        break;
      case LegendMark::kDiamond: {
        const double cx = cursor + kMarkWidth / 2;
        canvas.Raw(fmt::format(
            "<polygon points=\"{},{} {},{} {},{} {},{}\" fill=\"#ffffff\" stroke=\"{}\" "
            "stroke-width=\"2\"/>\n",
            Coordinate(cx), Coordinate(middle - 5), Coordinate(cx + 5), Coordinate(middle),
            Coordinate(cx), Coordinate(middle + 5), Coordinate(cx - 5), Coordinate(middle),
            entry.color));
        break;
      }
      case LegendMark::kPoint:
        canvas.Raw(PointMarker(entry.shape, cursor + kMarkWidth / 2, middle, entry.color));
        break;
      case LegendMark::kWhisker:
        canvas.Line(cursor, middle, cursor + kMarkWidth, middle, entry.color, "stroke-width=\"2\"");
        canvas.Line(cursor, middle - 4, cursor, middle + 4, entry.color, "stroke-width=\"2\"");
        canvas.Line(cursor + kMarkWidth, middle - 4, cursor + kMarkWidth, middle + 4, entry.color,
                    "stroke-width=\"2\"");
        break;
    }
    if (entry.with_point && entry.mark != LegendMark::kPoint) {
      canvas.Raw(PointMarker(entry.shape, cursor + kMarkWidth / 2, middle, entry.color));
    }
    canvas.Text(cursor + kMarkWidth + 6, y, entry.label, Anchor::kStart);
    cursor += entry_width;
  }
  return y;
}

void DrawNoData(SvgCanvas& canvas, const PlotArea& area) {
  canvas.Rect(area.left, area.top, area.width, area.height, "#fafafa",
              "stroke=\"#cccccc\" stroke-dasharray=\"4 3\"");
  canvas.Text(area.left + area.width / 2, area.top + area.height / 2 + 5, "no data",
              Anchor::kMiddle, "font-size=\"16\" fill-opacity=\"0.8\"");
}

PlotArea DefaultPlotArea(int width, int height, double right_margin) {
  PlotArea area;
  area.left = 72;
  area.top = 52;
  area.width = std::max(static_cast<double>(width) - area.left - right_margin, 40.0);
  area.height = std::max(static_cast<double>(height) - area.top - 52, 40.0);
  return area;
}

}  // namespace esep::report::internal
