// Unit tests of the golden runner's own parts: the diff and the normalisation.

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "golden/golden_case.h"
#include "golden/text_diff.h"

namespace esep::testing {
namespace {

TEST(UnifiedDiffTest, EqualTextsGiveNothing) {
  EXPECT_EQ(UnifiedDiff("a\nb\n", "a\nb\n", "e", "a"), "");
}

TEST(UnifiedDiffTest, ShowsTheChangedLineWithContext) {
  const std::string expected = "1\n2\n3\n4\n5\n6\n7\n8\n9\n";
  const std::string actual = "1\n2\n3\n4\nfive\n6\n7\n8\n9\n";
  EXPECT_EQ(UnifiedDiff(expected, actual, "e", "a"),
            "--- e\n+++ a\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n");
}

TEST(UnifiedDiffTest, InsertionsDeletionsAndSeparateHunks) {
  const std::string expected = "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\n";
  const std::string actual = "a\nB\nb\nc\nd\ne\nf\ng\nh\ni\nj\nl\n";
  EXPECT_EQ(UnifiedDiff(expected, actual, "e", "a"),
            "--- e\n+++ a\n@@ -1,4 +1,5 @@\n a\n+B\n b\n c\n d\n"
            "@@ -8,5 +9,4 @@\n h\n i\n j\n-k\n l\n");
}

TEST(UnifiedDiffTest, MissingFinalNewlineIsShown) {
  EXPECT_EQ(UnifiedDiff("a\n", "a", "e", "a"),
            "--- e\n+++ a\n@@ -1,1 +1,1 @@\n-a\n+a\n\\ No newline at end of file\n");
}

TEST(UnifiedDiffTest, LongDiffsAreCut) {
  std::string expected;
  std::string actual;
  for (int line = 0; line < 100; ++line) {
    expected += fmt::format("x{}\n", line);
    actual += fmt::format("y{}\n", line);
  }
  const std::string diff = UnifiedDiff(expected, actual, "e", "a", 10);
  EXPECT_NE(diff.find("... (diff cut; 190 more changed lines)"), std::string::npos) << diff;
}

const Placeholders kPlaces{
    .tmp = "/tmp/esep-golden-abc", .case_directory = "/src/tests/golden/x/y", .source = "/src"};

TEST(NormaliseOutputTest, PathsBecomePlaceholdersLongestFirst) {
  EXPECT_EQ(NormaliseOutput("/tmp/esep-golden-abc/e and /src/tests/golden/x/y/v.csv in /src/data",
                            kPlaces, {}),
            "{tmp}/e and {case}/v.csv in {source}/data");
}

TEST(NormaliseOutputTest, OnlyTheValuesOfVolatileKeysAreMasked) {
  const std::string json =
      "{\"total_seconds\": 1.25, \"seconds\":3,\n \"name\": \"total_seconds\", \"started\": "
      "\"12:00 \\\"x\\\"\", \"total_seconds_other\": 4, \"nested\": {\"seconds\": [1]}}";
  EXPECT_EQ(NormaliseOutput(json, kPlaces, {"total_seconds", "seconds", "started"}),
            "{\"total_seconds\": \"<volatile>\", \"seconds\":\"<volatile>\",\n \"name\": "
            "\"total_seconds\", \"started\": \"<volatile>\", \"total_seconds_other\": 4, "
            "\"nested\": {\"seconds\": [\"<volatile>\"]}}");
}

TEST(NormaliseOutputTest, NumbersInsideAVolatileStructureAreMasked) {
  const std::string json =
      "{\"seconds\": {\"klimek\": 3.1, \"digits\": [1e-05, -2], \"note\": \"7 s\"}, \"n\": 5}";
  EXPECT_EQ(NormaliseOutput(json, kPlaces, {"seconds"}),
            "{\"seconds\": {\"klimek\": \"<volatile>\", \"digits\": [\"<volatile>\", "
            "\"<volatile>\"], \"note\": \"7 s\"}, \"n\": 5}");
}

TEST(NormaliseOutputTest, PatternsMaskTheirMatchOrFirstGroup) {
  EXPECT_EQ(NormaliseOutput("80 protocols (0.02 s, 1,234 protocols/s); 3 s left", kPlaces, {},
                            {R"(([0-9][0-9.,]*) (s|protocols/s)\b)", "left"}),
            "80 protocols (<volatile> s, <volatile> protocols/s); <volatile> s <volatile>");
}

TEST(ExpandPlaceholdersTest, ReplacesAllThree) {
  EXPECT_EQ(ExpandPlaceholders("import --db {tmp}/s.db {case}/e {source}/data", kPlaces),
            "import --db /tmp/esep-golden-abc/s.db /src/tests/golden/x/y/e /src/data");
}

}  // namespace
}  // namespace esep::testing
