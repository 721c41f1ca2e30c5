// Drawing helpers shared by the SVG charts: number formatting, "nice" axis ticks, linear
// scales, the <svg> frame with its title and description, axes, legends and the "no data"
// notice. Not API; the public entry points are the *_chart.h functions. Not thread-safe per
// SvgCanvas object; everything else is pure.

#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "report/svg_chart.h"

namespace esep::report::internal {

// `value` with at most `decimals` decimals, trailing zeros and a trailing point removed, no
// locale, "-0" printed as "0": FormatNumber(12.50, 2) == "12.5". Not finite -> "0".
std::string FormatNumber(double value, int decimals);

// A coordinate in the SVG: FormatNumber(value, 2).
std::string Coordinate(double value);

// Axis ticks: multiples of a step of 1, 2 or 5 times a power of ten.
struct Ticks {
  std::vector<double> values;  // ascending, all within [low, high] (up to rounding)
  double step = 1;
  int decimals = 0;  // how many decimals the labels need to tell the ticks apart
};

// About `target` (at least 2; between target/2 and 1.5 * target + 1) nice ticks within
// [low, high]. When high <= low (or either is not
// finite) the range is widened to one unit above low, so there is always at least one tick; a
// range that overflows or is too narrow for a double gets the single tick `low`.
Ticks NiceTicks(double low, double high, int target);

// The smallest multiple of the nice step for [0, high] that is >= high: the top of a count axis,
// so that bars never touch the frame. Returns 1 when high <= 0.
double NiceCeiling(double high, int target);

// Maps [domain_low, domain_high] linearly onto [range_low, range_high]; a point domain maps to
// the middle of the range.
class LinearScale {
 public:
  LinearScale(double domain_low, double domain_high, double range_low, double range_high)
      : domain_low_(domain_low),
        domain_high_(domain_high),
        range_low_(range_low),
        range_high_(range_high) {}

  double operator()(double value) const;
  double domain_low() const { return domain_low_; }
  double domain_high() const { return domain_high_; }

 private:
  double domain_low_;
  double domain_high_;
  double range_low_;
  double range_high_;
};

// The rectangle of the plot inside the SVG, in pixels.
struct PlotArea {
  double left = 0;
  double top = 0;
  double width = 0;
  double height = 0;
  double right() const { return left + width; }
  double bottom() const { return top + height; }
};

enum class Anchor { kStart, kMiddle, kEnd };

enum class LegendMark {
  kBox,
  kOutlinedBox,
  kLine,
  kDashedLine,
  kBand,
  kDot,
  kDiamond,
  kWhisker,
  kPoint,  // PointMarker(shape)
};

struct LegendEntry {
  LegendMark mark = LegendMark::kBox;
  std::string color;  // "#0072b2"
  std::string label;
  size_t shape = 0;         // for kPoint, and kLine/kDashedLine with_point: the PointMarker shape
  bool with_point = false;  // a line with a point marker on it (a line-and-points series)
};

// A point marker of shape `shape % 4` (circle, square, triangle, diamond) centred on (x, y).
std::string PointMarker(size_t shape, double x, double y, std::string_view color);

// Okabe & Ito's eight colours, distinguishable with the common colour-vision deficiencies.
std::string_view SeriesColor(size_t index);

// An <svg> element being written. The constructor writes the opening tag, <title>, <desc>
// (reading guide + `summary`), a white background and the chart title.
class SvgCanvas {
 public:
  SvgCanvas(const ChartOptions& options, int width, int height, std::string_view summary);

  // Raw markup; the caller escapes.
  void Raw(std::string_view markup) { out_ += markup; }
  // The markup written so far, to append to directly (e.g. with fmt::format_to).
  std::string& out() { return out_; }
  // <rect>; `extra` is appended inside the tag verbatim (e.g. "stroke=\"#000\"").
  void Rect(double x, double y, double width, double height, std::string_view fill,
            std::string_view extra = {});
  void Line(double x1, double y1, double x2, double y2, std::string_view stroke,
            std::string_view extra = {});
  // Escaped text; `extra` as for Rect.
  void Text(double x, double y, std::string_view text, Anchor anchor, std::string_view extra = {});

  int width() const { return width_; }
  int height() const { return height_; }

  // Closes the element and returns it.
  std::string Finish() &&;

 private:
  std::string out_;
  int width_;
  int height_;
};

// The horizontal axis along the bottom of `area`: the baseline, ticks with labels, the label.
void DrawXAxis(SvgCanvas& canvas, const PlotArea& area, const LinearScale& x, const Ticks& ticks,
               std::string_view label);

// The vertical axis along the left of `area` with light horizontal grid lines.
void DrawYAxis(SvgCanvas& canvas, const PlotArea& area, const LinearScale& y, const Ticks& ticks,
               std::string_view label);

// A row of legend entries starting at (x, y), wrapping before `max_x`. Returns the y of the
// last row, so the caller can place the plot below it.
double DrawLegend(SvgCanvas& canvas, double x, double y, double max_x,
                  std::span<const LegendEntry> entries);

// A light frame and the words "no data" in the middle of `area`.
void DrawNoData(SvgCanvas& canvas, const PlotArea& area);

// The default plot area for a chart of this size: room for the title and one legend row above,
// the tick labels and axis label below and to the left, `right_margin` on the right.
PlotArea DefaultPlotArea(int width, int height, double right_margin);

}  // namespace esep::report::internal
