// Options and small value types shared by the SVG chart functions (heatmap_chart.h,
// histogram_chart.h, paired_bar_chart.h, line_chart.h, interval_chart.h).
//
// Every chart function is pure and thread-safe: it returns one <svg> element as a string, ready
// to be inlined in HTML or saved as an .svg file. The output is deterministic (numbers are
// printed with fmt, never with the locale; no ids, no clock) and every text input is escaped.
// A chart with no data still draws its frame and title, with "no data" in the plot area.

#pragma once

#include <string>

namespace esep::report {

// What every chart carries besides its data.
struct ChartOptions {
  std::string title;    // drawn above the plot and used as the SVG <title>
  std::string x_label;  // under the horizontal axis, e.g. "Turnout, %"
  std::string y_label;  // beside the vertical axis, rotated, e.g. "Number of precincts"
  // One sentence telling a reader what to look at ("Clean elections give one smooth blob; ...").
  // It goes into the SVG <desc>; HtmlPage prints it as the figure's caption.
  std::string reading_guide;
  int width = 640;   // pixels; the viewBox has the same size, so CSS may scale the chart
  int height = 400;  // pixels; IntervalChartSvg derives its height from the number of rows
};

// A closed interval [low, high] on a chart's value axis (an expected band, a confidence interval).
struct Interval {
  double low = 0;
  double high = 0;
};

// A point of a line or point chart.
struct ChartPoint {
  double x = 0;
  double y = 0;
};

}  // namespace esep::report
