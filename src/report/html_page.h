// HtmlPage: a builder for a self-contained HTML5 report (one file: inline CSS, inline SVG
// figures, no scripts, no fonts, no external links), and WriteReportFiles, which puts
// report.html and report.json into a directory. Not thread-safe per HtmlPage object.
//
// Every text given to the builder is escaped; paragraphs understand **bold** and `code` and
// nothing else. Figures take an SVG from the *_chart.h functions, inserted verbatim.
//
// Example:
//   HtmlPage page({.title = "Integrity audit", .source = "data/kz-2023", .date = "2026-11-22",
//                  .data = DataKind::kSynthetic});
//   page.AddSection("Integer percentages");
//   page.AddParagraph("Turnout ends in **.0 %** more often than chance allows.");
//   page.AddFigure({.svg = HistogramSvg(bins, options), .title = options.chart.title,
//                   .reading_guide = options.chart.reading_guide});
//   page.AddFinding({.severity = FindingSeverity::kLookCloser, .title = "...", .text = "..."});
//   page.set_footer({.esep_version = "0.4.0", .json_file = "report.json"});
//   RETURN_IF_ERROR(WriteReportFiles(dir, page.Render(), json.dump(2)).status());

#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/result.h"
#include "report/text_table.h"

namespace esep::report {

// Whether the figures come from a real election or from `esep generate`. Synthetic data is
// labelled synthetic everywhere: a banner at the top and the bottom, the <title>, the footer.
enum class DataKind { kPublished, kSynthetic };

struct PageHeader {
  std::string title;   // the <h1> and the <title>
  std::string source;  // what was analysed, e.g. a file name with its SHA-256
  std::string date;    // as given; the builder never reads the clock, so output is reproducible
  DataKind data = DataKind::kPublished;
  // Further lines of the header block, as (term, value): "Election", "Precincts", ...
  std::vector<std::pair<std::string, std::string>> facts;
};

struct PageFooter {
  std::string esep_version;               // omitted when empty
  std::string commit;                     // omitted when empty
  std::string json_file = "report.json";  // "every number in this report is in <json_file>"
};

// How a finding reads. Each level has its own colour, border style, symbol and word, so it
// survives greyscale printing and colour-blind readers.
enum class FindingSeverity { kInfo, kLookCloser, kInconsistent };

struct FindingBox {
  FindingSeverity severity = FindingSeverity::kInfo;
  std::string title;                 // one line, e.g. "Turnout above the observers' count"
  std::string text;                  // a paragraph (**bold** and `code` allowed)
  std::vector<std::string> details;  // optional bullet points (figures involved, distances)
};

struct HtmlTable {
  std::string caption;          // omitted when empty
  std::vector<Column> columns;  // Align::kRight for numbers: right-aligned, tabular digits
  std::vector<std::vector<std::string>> rows;  // a short row is padded with empty cells
};

struct HtmlFigure {
  std::string svg;            // one <svg> element from a *_chart.h function (trusted markup)
  std::string title;          // "Figure N. <title>" in the caption
  std::string reading_guide;  // the sentence under the figure
};

enum class SectionLevel { kSection, kSubsection };

class HtmlPage {
 public:
  explicit HtmlPage(PageHeader header) : header_(std::move(header)) {}

  // Starts a section (<h2>) or subsection (<h3>) listed in the table of contents. Content added
  // afterwards belongs to it. Returns its anchor ("s2", "s2-1") for links.
  std::string AddSection(std::string_view heading, SectionLevel level = SectionLevel::kSection);
  // A paragraph of escaped text; **bold** and `code` spans (closed on the same paragraph) are
  // the only markup.
  void AddParagraph(std::string_view text);
  void AddTable(const HtmlTable& table);
  void AddFinding(const FindingBox& finding);
  // REQUIRES: figure.svg comes from this module's chart functions (it is not escaped).
  void AddFigure(const HtmlFigure& figure);
  void set_footer(PageFooter footer) { footer_ = std::move(footer); }

  // The whole document, UTF-8. Deterministic: the same calls give the same bytes.
  std::string Render() const;

 private:
  struct TocEntry {
    std::string anchor;
    std::string heading;
    SectionLevel level;
  };

  // The parts of Render, each appended to `out`: the title block with its facts, the table of
  // contents (nothing when there are no sections), and the footer naming the tool.
  void RenderHeader(std::string& out) const;
  void RenderContents(std::string& out) const;
  void RenderFooter(std::string& out) const;

  PageHeader header_;
  PageFooter footer_;
  std::vector<TocEntry> toc_;
  std::string body_;  // rendered blocks, in order
  int sections_ = 0;
  int subsections_ = 0;
  int figures_ = 0;
  int tables_ = 0;
};

// The text of a severity as the report prints it: "Info", "Look closer", "Inconsistent".
std::string_view FindingSeverityName(FindingSeverity severity);

// The names WriteReportFiles uses inside its directory.
inline constexpr std::string_view kReportHtmlName = "report.html";
inline constexpr std::string_view kReportJsonName = "report.json";

struct ReportFiles {
  std::filesystem::path html;
  std::filesystem::path json;
};

// Creates `dir` (and its parents) if needed and writes `json` to dir/report.json, then `html` to
// dir/report.html, each through a temporary file in `dir` renamed into place (base/output_file.h),
// so a reader never sees half a file. Returns the two paths. Errors: kUnavailable, naming the path,
// when the directory cannot be created or a file cannot be written or renamed (the temporary file
// is removed).
Result<ReportFiles> WriteReportFiles(const std::filesystem::path& dir, std::string_view html,
                                     std::string_view json);

}  // namespace esep::report
