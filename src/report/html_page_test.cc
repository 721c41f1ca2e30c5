#include "report/html_page.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <unistd.h>

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

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

class TempDir {
 public:
  TempDir()
      : path_(std::filesystem::temp_directory_path() /
              ("esep_html_page_test_" + std::to_string(::getpid()))) {
    std::filesystem::remove_all(path_);
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

HtmlPage SamplePage(DataKind data) {
  HtmlPage page({.title = "Integrity audit",
                 .source = "data/kz-2023/majilis.csv",
                 .date = "2026-11-22",
                 .data = data,
                 .facts = {{"Precincts", "10,117"}}});
  page.AddSection("Published figures");
  page.AddParagraph("All **42** checks passed.");
  page.AddSection("Turnout", SectionLevel::kSubsection);
  page.AddTable({.caption = "Turnout by region",
                 .columns = {{"Region"}, {"Turnout, %", Align::kRight}},
                 .rows = {{"Алматы", "54.2"}, {"Abai", "61.0"}}});
  page.AddFinding({.severity = FindingSeverity::kLookCloser,
                   .title = "Round shares",
                   .text = "Six of seven shares end in `.0`.",
                   .details = {"Amanat 53.90 %"}});
  page.AddFigure({.svg = "<svg xmlns=\"http://www.w3.org/2000/svg\"><title>t</title></svg>",
                  .title = "Fingerprint",
                  .reading_guide = "One blob is normal."});
  page.set_footer({.esep_version = "0.4.0", .commit = "abc1234"});
  return page;
}

TEST(HtmlPageTest, IsSelfContainedAndWellFormed) {
  const std::string html = SamplePage(DataKind::kPublished).Render();
  EXPECT_EQ(testing::XmlProblem(html), "");
  EXPECT_EQ(html.rfind("<!DOCTYPE html>\n<html lang=\"en\">", 0), 0U);
  EXPECT_NE(html.find("<meta charset=\"utf-8\"/>"), std::string::npos);
  // No external resource of any kind.
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("<link"), std::string::npos);
  EXPECT_EQ(html.find("src="), std::string::npos);
  EXPECT_EQ(html.find("url("), std::string::npos);
  EXPECT_EQ(html.find("@import"), std::string::npos);
  EXPECT_EQ(html.find("http://"), html.find("http://www.w3.org/2000/svg"));  // only the namespace
  EXPECT_EQ(html.find("https://"), std::string::npos);
  EXPECT_NE(html.find("@media print"), std::string::npos);
}

TEST(HtmlPageTest, RendersEveryBlock) {
  const std::string html = SamplePage(DataKind::kPublished).Render();
  EXPECT_NE(html.find("<title>Integrity audit</title>"), std::string::npos);
  EXPECT_NE(html.find("<dt>Source</dt><dd>data/kz-2023/majilis.csv</dd>"), std::string::npos);
  EXPECT_NE(html.find("<dt>Precincts</dt><dd>10,117</dd>"), std::string::npos);
  EXPECT_NE(html.find("<h2 id=\"s1\">Published figures</h2>"), std::string::npos);
  EXPECT_NE(html.find("<h3 id=\"s1-1\">Turnout</h3>"), std::string::npos);
  EXPECT_NE(html.find("<li><a href=\"#s1\">Published figures</a>\n<ol>\n"
                      "<li><a href=\"#s1-1\">Turnout</a></li>\n</ol>\n</li>"),
            std::string::npos);
  EXPECT_NE(html.find("<p>All <strong>42</strong> checks passed.</p>"), std::string::npos);
  EXPECT_NE(html.find("<caption>Table 1. Turnout by region</caption>"), std::string::npos);
  EXPECT_NE(html.find("<th scope=\"col\" class=\"num\">Turnout, %</th>"), std::string::npos);
  EXPECT_NE(html.find("<tr><td>Алматы</td><td class=\"num\">54.2</td></tr>"), std::string::npos);
  EXPECT_NE(html.find("<div class=\"finding finding-look-closer\">"), std::string::npos);
  EXPECT_NE(html.find("Look closer</p>"), std::string::npos);
  EXPECT_NE(html.find("<p>Six of seven shares end in <code>.0</code>.</p>"), std::string::npos);
  EXPECT_NE(html.find("<figure id=\"figure-1\">\n<svg"), std::string::npos);
  EXPECT_NE(html.find("Figure 1. Fingerprint</span> How to read it: One blob is normal."),
            std::string::npos);
  EXPECT_NE(html.find("esep 0.4.0 (commit <code>abc1234</code>)"), std::string::npos);
  EXPECT_NE(html.find("<code>report.json</code>"), std::string::npos);
  EXPECT_EQ(html.find("SYNTHETIC"), std::string::npos);
}

TEST(HtmlPageTest, SyntheticDataCannotBeMissed) {
  const std::string html = SamplePage(DataKind::kSynthetic).Render();
  EXPECT_EQ(testing::XmlProblem(html), "");
  EXPECT_NE(html.find("<title>[SYNTHETIC] Integrity audit</title>"), std::string::npos);
  // A banner right after <body> and again at the end, plus the header and the footer.
  EXPECT_NE(html.find("<body>\n<div class=\"synthetic\" role=\"alert\">SYNTHETIC DATA"),
            std::string::npos);
  EXPECT_EQ(Count(html, "<div class=\"synthetic\""), 2U);
  EXPECT_NE(html.find("<dd>SYNTHETIC (not a real election)</dd>"), std::string::npos);
  EXPECT_NE(html.find("<strong>SYNTHETIC DATA.</strong>"), std::string::npos);
}

TEST(HtmlPageTest, SeveritiesDifferInWordsNotOnlyColour) {
  HtmlPage page({.title = "t"});
  for (const FindingSeverity severity :
       {FindingSeverity::kInfo, FindingSeverity::kLookCloser, FindingSeverity::kInconsistent}) {
    page.AddFinding({.severity = severity, .title = "x"});
  }
  const std::string html = page.Render();
  EXPECT_NE(html.find("<p class=\"severity\">\xE2\x84\xB9 Info</p>"), std::string::npos);
  EXPECT_NE(html.find("<p class=\"severity\">\xE2\x97\x86 Look closer</p>"), std::string::npos);
  EXPECT_NE(html.find("<p class=\"severity\">\xE2\x9C\x96 Inconsistent</p>"), std::string::npos);
  EXPECT_EQ(FindingSeverityName(FindingSeverity::kInconsistent), "Inconsistent");
}

TEST(HtmlPageTest, EscapesEveryTextInput) {
  const std::string evil = "<script>alert('x')</script> & \"Нұр Отан\"";
  const std::string escaped =
      "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;Нұр Отан&quot;";
  HtmlPage page({.title = evil, .source = evil, .date = evil, .facts = {{evil, evil}}});
  page.AddSection(evil);
  page.AddSection(evil, SectionLevel::kSubsection);
  page.AddParagraph(evil);
  page.AddParagraph("**" + evil + "** and `" + evil + "`");
  page.AddTable(
      {.caption = evil, .columns = {{evil}, {evil, Align::kRight}}, .rows = {{evil, evil}}});
  page.AddFinding(
      {.severity = FindingSeverity::kInconsistent, .title = evil, .text = evil, .details = {evil}});
  page.AddFigure({.svg = "<svg></svg>", .title = evil, .reading_guide = evil});
  page.set_footer({.esep_version = evil, .commit = evil, .json_file = evil});
  const std::string html = page.Render();
  EXPECT_EQ(testing::XmlProblem(html), "");
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("alert('x')"), std::string::npos);
  // Title twice (<title>, <h1>), source, date, fact term + value, section + subsection in the
  // body and the contents, two paragraphs (one with two spans), caption, two headers, two cells,
  // finding title, text and detail, figure title and guide, version, commit, JSON name.
  EXPECT_EQ(Count(html, escaped), 2U + 1 + 1 + 2 + 4 + 3 + 1 + 2 + 2 + 3 + 2 + 3);
}

TEST(HtmlPageTest, UnpairedMarkersArePrintedAsTheyAre) {
  HtmlPage page({.title = "t"});
  page.AddParagraph("2 ** 3 and a `tick");
  page.AddParagraph("empty **** and `` stay");
  const std::string html = page.Render();
  EXPECT_NE(html.find("<p>2 ** 3 and a `tick</p>"), std::string::npos);
  EXPECT_NE(html.find("<p>empty **** and `` stay</p>"), std::string::npos);
}

TEST(HtmlPageTest, ShortRowsArePaddedAndOutputIsDeterministic) {
  HtmlPage page({.title = "t"});
  page.AddTable({.columns = {{"a"}, {"b", Align::kRight}}, .rows = {{"only"}}});
  const std::string html = page.Render();
  EXPECT_NE(html.find("<tr><td>only</td><td class=\"num\"></td></tr>"), std::string::npos);
  EXPECT_EQ(html, page.Render());
  EXPECT_EQ(SamplePage(DataKind::kSynthetic).Render(), SamplePage(DataKind::kSynthetic).Render());
}

// The names in `dir`, sorted: no temporary file may be left behind.
std::vector<std::string> Entries(const std::filesystem::path& dir) {
  std::vector<std::string> names;
  for (const std::filesystem::directory_entry& entry : std::filesystem::directory_iterator(dir)) {
    names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

TEST(WriteReportFilesTest, WritesBothFilesIntoANewDirectory) {
  const TempDir temp;
  const std::filesystem::path dir = temp.path() / "nested" / "report";
  const Result<ReportFiles> files = WriteReportFiles(dir, "<html></html>\n", "{\"a\": 1}\n");
  ASSERT_TRUE(files.has_value()) << files.error().ToString();
  EXPECT_EQ(files->html, dir / "report.html");
  EXPECT_EQ(files->json, dir / "report.json");
  EXPECT_EQ(ReadFile(files->html), "<html></html>\n");
  EXPECT_EQ(ReadFile(files->json), "{\"a\": 1}\n");
  EXPECT_EQ(Entries(dir), (std::vector<std::string>{"report.html", "report.json"}));
  // A second run replaces the files.
  ASSERT_TRUE(WriteReportFiles(dir, "new", "{}").has_value());
  EXPECT_EQ(ReadFile(files->html), "new");
}

TEST(WriteReportFilesTest, AnUnwritableDirectoryIsUnavailableAndNamed) {
  const TempDir temp;
  std::filesystem::create_directories(temp.path());
  const std::filesystem::path file = temp.path() / "a-file";
  std::ofstream(file) << "x";
  const Result<ReportFiles> under_file = WriteReportFiles(file / "report", "h", "j");
  ASSERT_FALSE(under_file.has_value());
  EXPECT_EQ(under_file.error().code(), StatusCode::kUnavailable);
  EXPECT_NE(under_file.error().message().find((file / "report").string()), std::string::npos);

  const Result<ReportFiles> is_file = WriteReportFiles(file, "h", "j");
  ASSERT_FALSE(is_file.has_value());
  EXPECT_EQ(is_file.error().code(), StatusCode::kUnavailable);
  EXPECT_NE(is_file.error().message().find(file.string()), std::string::npos);

  // A directory in place of report.html: the rename fails, and nothing is left behind.
  const std::filesystem::path dir = temp.path() / "blocked";
  std::filesystem::create_directories(dir / "report.html" / "child");
  const Result<ReportFiles> blocked = WriteReportFiles(dir, "h", "j");
  ASSERT_FALSE(blocked.has_value());
  EXPECT_EQ(blocked.error().code(), StatusCode::kUnavailable);
  EXPECT_NE(blocked.error().message().find((dir / "report.html").string()), std::string::npos);
  EXPECT_EQ(Entries(dir), (std::vector<std::string>{"report.html", "report.json"}));
}

}  // namespace
}  // namespace esep::report
