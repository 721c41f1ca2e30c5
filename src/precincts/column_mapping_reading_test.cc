// How rows are read through a column mapping: the delimiter detected or named in the error,
// columns by position, empty ids, missing-value markers, line numbers as ids and special
// commissions (docs/formats/column-mapping.md).

#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "precincts/column_mapping.h"

namespace esep::precincts {
namespace {

using ::testing::HasSubstr;

// A mapping of the columns "uik,tik,voters,ballots,valid,added,a,b" with `extra` keys first
// and `precinct` as the precinct key.
ColumnMapping Mapping(const std::string& extra = "",
                      const std::string& precinct = R"("precinct": "uik",)") {
  const std::string json = "{" + extra + precinct + R"json(
    "group": "tik", "registered": "voters", "ballots": "ballots",
    "valid": "valid", "added_on_day": "added",
    "choices": [{"name": "A", "column": "a"}, {"name": "B", "column": "b"}]})json";
  Result<ColumnMapping> mapping = ParseColumnMapping(json, "m.json");
  EXPECT_TRUE(mapping.has_value()) << mapping.error().message();
  return mapping.has_value() ? *mapping : ColumnMapping{};
}

constexpr char kHeader[] = "uik,tik,voters,ballots,valid,added,a,b\n";

std::string WithDelimiter(std::string text, char delimiter) {
  for (char& c : text) {
    c = c == ',' ? delimiter : c;
  }
  return text;
}

TEST(ColumnMappingReadingTest, TheDelimiterIsDetectedWhenTheMappingNamesNone) {
  const std::string csv = std::string(kHeader) +
                          "1,T1,1000,500,490,7,300,190\n"
                          "2,T2,800,400,400,0,100,300\n";
  for (char delimiter : {',', ';', '\t'}) {
    SCOPED_TRACE(std::string(1, delimiter));
    Result<PrecinctTable> table =
        PrecinctTableFromMappedCsv(WithDelimiter(csv, delimiter), "in.csv", Mapping());
    ASSERT_TRUE(table.has_value()) << table.error().message();
    EXPECT_EQ(table->ids, (std::vector<std::string>{"1", "2"}));
    EXPECT_EQ(table->Votes(1, 1), 300);
  }
  // A tab is also a delimiter a mapping may name.
  Result<PrecinctTable> tabs = PrecinctTableFromMappedCsv(WithDelimiter(csv, '\t'), "in.csv",
                                                          Mapping(R"("delimiter": "\t",)"));
  ASSERT_TRUE(tabs.has_value()) << tabs.error().message();
}

TEST(ColumnMappingReadingTest, AWrongDelimiterIsNamedInTheErrorOfTheCsvReader) {
  // Quoted names, read with ';': the CSV reader fails on the first quote, far from the cause;
  // the error says the file is comma-separated.
  const std::string csv =
      "\"uik\",\"tik\",\"voters\",\"ballots\",\"valid\",\"added\",\"a\",\"b\"\n"
      "1,\"T, one\",1000,500,490,7,300,190\n";
  Result<PrecinctTable> table =
      PrecinctTableFromMappedCsv(csv, "in.csv", Mapping(R"("delimiter": ";",)"));
  ASSERT_FALSE(table.has_value());
  EXPECT_THAT(table.error().message(), HasSubstr("in.csv:1:"));
  EXPECT_THAT(table.error().message(),
              HasSubstr("the file seems to be separated by ',', not ';': its header read with "
                        "',' holds every mapped column; set \"delimiter\": \",\" in m.json, or "
                        "leave the key out"));
  // The same mapping without the key reads it.
  Result<PrecinctTable> detected = PrecinctTableFromMappedCsv(csv, "in.csv", Mapping());
  ASSERT_TRUE(detected.has_value()) << detected.error().message();
  EXPECT_EQ(detected->group_names, (std::vector<std::string>{"T, one"}));
}

TEST(ColumnMappingReadingTest, ColumnsByPositionReachAnUnnamedOrRepeatedColumn) {
  Result<ColumnMapping> mapping = ParseColumnMapping(R"json({
    "precinct": "#1", "group": {"position": 2}, "registered": "voters",
    "ballots": ["#4", {"position": 5}], "valid": "valid",
    "choices": [{"name": "A", "column": "#7"}, {"name": "B", "column": ["#8"]}]})json",
                                                     "m.json");
  ASSERT_TRUE(mapping.has_value()) << mapping.error().message();
  EXPECT_EQ(mapping->ballots, (std::vector<std::string>{"#4", "#5"}));
  // The first column has no name, and "x" appears three times.
  const std::string csv =
      ",tik,voters,x,x,valid,x,b\n"
      "17,T,1000,500,20,510,300,200\n"
      "18,T,1000,50O,0,400,300,100\n";
  Result<PrecinctTable> table = PrecinctTableFromMappedCsv(csv, "in.csv", *mapping);
  ASSERT_TRUE(table.has_value()) << table.error().message();
  EXPECT_EQ(table->ids, (std::vector<std::string>{"17"}));
  EXPECT_EQ(table->ballots, (std::vector<int64_t>{520}));
  EXPECT_EQ(table->Votes(0, 0), 300);
  ASSERT_EQ(table->skipped.size(), 1U);
  EXPECT_THAT(table->skipped[0],
              HasSubstr("in.csv:3: column #4 (\"x\") (ballots): '50O' is not a whole number"));

  // A position beyond the header, and a repeated name (which says to use a position).
  Result<ColumnMapping> far = ParseColumnMapping(R"json({
    "precinct": "#9", "registered": "voters", "ballots": "#4", "valid": "valid",
    "choices": [{"name": "A", "column": "b"}]})json",
                                                 "m.json");
  ASSERT_TRUE(far.has_value()) << far.error().message();
  Result<PrecinctTable> beyond = PrecinctTableFromMappedCsv(csv, "in.csv", *far);
  ASSERT_FALSE(beyond.has_value());
  EXPECT_THAT(beyond.error().message(),
              HasSubstr("in.csv:1: column #9 (mapped to \"precinct\" by m.json) does not exist: "
                        "the header has 8 columns"));
  Result<ColumnMapping> named = ParseColumnMapping(R"json({
    "precinct": "#1", "registered": "voters", "ballots": "x", "valid": "valid",
    "choices": [{"name": "A", "column": "b"}]})json",
                                                   "m.json");
  ASSERT_TRUE(named.has_value());
  Result<PrecinctTable> twice = PrecinctTableFromMappedCsv(csv, "in.csv", *named);
  ASSERT_FALSE(twice.has_value());
  EXPECT_THAT(twice.error().message(),
              HasSubstr("columns 4 and 5 are both \"x\", which m.json maps to \"ballots\": rename "
                        "one, or name the column by its position (\"#4\")"));
}

TEST(ColumnMappingReadingTest, RowsWithAnEmptyIdAreExcludedAndNeverMerged) {
  // A two-column id: before, "R1 / " was kept once and its repeats skipped as duplicates.
  Result<ColumnMapping> mapping = ParseColumnMapping(R"json({
    "precinct": ["region", "uik"], "registered": "voters", "ballots": "ballots",
    "valid": "valid", "choices": [{"name": "A", "column": "a"}]})json",
                                                     "m.json");
  ASSERT_TRUE(mapping.has_value());
  const std::string csv =
      "region,uik,voters,ballots,valid,a\n"
      "R1,1,100,50,50,20\n"
      "R1,,100,90,90,80\n"
      "R1,,100,80,80,70\n"
      ",2,100,80,80,70\n"
      "R2, ,100,80,80,70\n";
  Result<PrecinctTable> table = PrecinctTableFromMappedCsv(csv, "in.csv", *mapping);
  ASSERT_TRUE(table.has_value()) << table.error().message();
  EXPECT_EQ(table->ids, (std::vector<std::string>{"R1 / 1"}));
  ASSERT_EQ(table->skipped.size(), 4U);
  EXPECT_THAT(table->skipped[0],
              HasSubstr("in.csv:3: column \"uik\" (precinct): the precinct id is empty; a row "
                        "without an id is excluded, never merged with another"));
  EXPECT_THAT(table->skipped[1], HasSubstr("in.csv:4: column \"uik\" (precinct)"));
  EXPECT_THAT(table->skipped[2], HasSubstr("in.csv:5: column \"region\" (precinct)"));
  EXPECT_THAT(table->skipped[3], HasSubstr("in.csv:6: column \"uik\" (precinct)"));
  ASSERT_EQ(table->notes.size(), 1U);
  EXPECT_THAT(table->notes[0], HasSubstr("4 rows with an empty precinct id"));
}

TEST(ColumnMappingReadingTest, MissingValueMarkersHaveTheirEffectPerFigure) {
  const std::string csv = std::string(kHeader) +
                          "1,T,1000,500,490,7,300,190\n"    // used
                          "2,T,NA,500,490,7,300,190\n"      // registered missing: excluded
                          "3,T,1000,500,490,NA,300,190\n"   // additions missing: unknown
                          "4,NA,1000,500,490,7,300,190\n"   // commission missing: none
                          "5,T,1000,500,490,7,NA,190\n"     // votes missing: per missing_votes
                          "6,T,1000,500,490,7, ,190\n"      // "" is a marker too
                          "NA,T,1000,500,490,7,300,190\n";  // the id missing: empty id
  Result<PrecinctTable> table =
      PrecinctTableFromMappedCsv(csv, "in.csv", Mapping(R"("missing": ["NA", ""],)"));
  ASSERT_TRUE(table.has_value()) << table.error().message();
  EXPECT_EQ(table->ids, (std::vector<std::string>{"1", "3", "4"}));
  EXPECT_FALSE(table->has_added_on_day);
  EXPECT_EQ(table->group_names, (std::vector<std::string>{"T", ""}));
  ASSERT_EQ(table->skipped.size(), 4U);
  EXPECT_THAT(table->skipped[0],
              HasSubstr("in.csv:3: column \"voters\" (registered): a missing value; a precinct "
                        "without its registered cannot be used, so the row is excluded"));
  EXPECT_THAT(table->skipped[1], HasSubstr("in.csv:6: column \"a\" (A): a missing value"));
  EXPECT_THAT(table->skipped[2], HasSubstr("in.csv:7: column \"a\" (A): a missing value"));
  EXPECT_THAT(table->skipped[3], HasSubstr("in.csv:8: column \"uik\" (precinct): the precinct "
                                           "id is empty"));
  EXPECT_THAT(
      table->notes,
      ::testing::Contains(HasSubstr("1 precincts have a missing value in an optional figure")));

  // "missing_votes": "zero" reads a choice's missing votes as 0 and says how many.
  Result<PrecinctTable> zero = PrecinctTableFromMappedCsv(
      csv, "in.csv", Mapping(R"("missing": ["NA", ""], "missing_votes": "zero",)"));
  ASSERT_TRUE(zero.has_value()) << zero.error().message();
  EXPECT_EQ(zero->ids, (std::vector<std::string>{"1", "3", "4", "5", "6"}));
  EXPECT_EQ(zero->Votes(3, 0), 0);
  EXPECT_EQ(zero->Votes(3, 1), 190);
  EXPECT_THAT(zero->notes, ::testing::Contains(HasSubstr("2 vote cells held a missing value and "
                                                         "were read as 0 votes")));

  // Without markers, NA is not a number and the row is skipped as before.
  Result<PrecinctTable> plain = PrecinctTableFromMappedCsv(csv, "in.csv", Mapping());
  ASSERT_TRUE(plain.has_value());
  EXPECT_THAT(plain->skipped[0],
              HasSubstr("in.csv:3: column \"voters\" (registered): 'NA' is not a whole number"));
}

TEST(ColumnMappingReadingTest, LineNumbersAreIdsWhenTheKeyRepeats) {
  const std::string csv = std::string(kHeader) +
                          "1,T,1000,500,490,7,300,190\n"
                          "1,T,800,400,400,0,100,300\n"
                          ",T,800,400,400,0,100,300\n";
  Result<PrecinctTable> labelled = PrecinctTableFromMappedCsv(
      csv, "in.csv", Mapping("", R"("precinct": {"row_number": true, "column": "uik"},)"));
  ASSERT_TRUE(labelled.has_value()) << labelled.error().message();
  EXPECT_EQ(labelled->ids, (std::vector<std::string>{"1 / line 2", "1 / line 3", "line 4"}));
  EXPECT_TRUE(labelled->skipped.empty());
  EXPECT_THAT(labelled->notes, ::testing::Contains(HasSubstr("rows' line numbers")));

  Result<ColumnMapping> bare = ParseColumnMapping(R"json({
    "precinct": {"row_number": true}, "registered": "voters", "ballots": "ballots",
    "valid": "valid", "choices": [{"name": "A", "column": "a"}]})json",
                                                  "m.json");
  ASSERT_TRUE(bare.has_value()) << bare.error().message();
  Result<PrecinctTable> lines = PrecinctTableFromMappedCsv(csv, "in.csv", *bare);
  ASSERT_TRUE(lines.has_value()) << lines.error().message();
  EXPECT_EQ(lines->ids, (std::vector<std::string>{"line 2", "line 3", "line 4"}));
}

TEST(ColumnMappingReadingTest, SpecialCommissionsAreMarkedByColumnOrPattern) {
  const std::string csv =
      "uik,tik,voters,ballots,valid,added,a,b,type\n"
      "1,T,1000,500,490,7,300,190,ordinary\n"
      "2,T,100,98,98,0,90,8, ship \n"
      "9901,T,100,98,98,0,90,8,hospital\n";
  Result<PrecinctTable> by_column = PrecinctTableFromMappedCsv(
      csv, "in.csv", Mapping(R"("special": {"column": "type", "values": ["ship", "hospital"]},)"));
  ASSERT_TRUE(by_column.has_value()) << by_column.error().message();
  EXPECT_EQ(by_column->special, (std::vector<uint8_t>{0, 1, 1}));
  EXPECT_EQ(by_column->special_rule, "column \"type\" is one of \"ship\", \"hospital\"");

  Result<PrecinctTable> by_id = PrecinctTableFromMappedCsv(
      csv, "in.csv", Mapping(R"("special": {"id_pattern": "^99[0-9]{2}$"},)"));
  ASSERT_TRUE(by_id.has_value()) << by_id.error().message();
  EXPECT_EQ(by_id->special, (std::vector<uint8_t>{0, 0, 1}));
  EXPECT_EQ(by_id->special_rule, "precinct id matches /^99[0-9]{2}$/");
  EXPECT_FALSE(by_id->IsSpecial(0));
  EXPECT_TRUE(by_id->IsSpecial(2));

  // An id far longer than any real one is never matched (the matcher recurses over it), and a
  // pattern far longer than any real one is refused.
  const std::string long_id =
      std::string(kHeader) + std::string(5000, 'x') + ",T,100,50,50,0,30,20\n";
  Result<PrecinctTable> long_table = PrecinctTableFromMappedCsv(
      long_id, "in.csv", Mapping(R"("special": {"id_pattern": ".*x"},)"));
  ASSERT_TRUE(long_table.has_value()) << long_table.error().message();
  EXPECT_EQ(long_table->special, (std::vector<uint8_t>{0}));
  Result<ColumnMapping> long_pattern = ParseColumnMapping(
      R"({"special": {"id_pattern": ")" + std::string(1001, 'a') + R"("}})", "m.json");
  ASSERT_FALSE(long_pattern.has_value());
  EXPECT_THAT(long_pattern.error().message(),
              HasSubstr("a pattern of 1001 characters; at most 1000 are accepted"));
}

TEST(ColumnMappingReadingTest, ReadingKeyErrorsNameTheKeyAndTheRule) {
  struct Case {
    const char* name;
    const char* json;
    const char* message;
  };
  const Case cases[] = {
      {"missing_not_a_list", R"({"missing": "NA"})", "key \"missing\": must be a list"},
      {"missing_number", R"({"missing": [1]})", "key \"missing\": every entry must be a string"},
      {"missing_votes", R"({"missing_votes": "drop"})", "key \"missing_votes\": must be"},
      {"position_zero", R"({"ballots": {"position": 0}})", "key \"ballots\": must be a column"},
      {"empty_name", R"({"ballots": ""})", "name an unnamed column by its position"},
      {"row_number_false", R"({"precinct": {"row_number": false}})", "\"row_number\" must be true"},
      {"row_number_extra", R"({"precinct": {"row_number": true, "start": 1}})",
       "key \"precinct\": unknown key \"start\""},
      {"special_not_object", R"({"special": "ship"})", "key \"special\": must be an object"},
      {"special_column_alone", R"({"special": {"column": "type"}})",
       "\"column\" and \"values\" go together"},
      {"special_unknown", R"({"special": {"regex": "x"}})", "unknown key \"regex\""},
      {"special_bad_pattern", R"({"special": {"id_pattern": "(unclosed"}})",
       "special.id_pattern: \"(unclosed\" is not a valid regular expression"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    Result<ColumnMapping> mapping = ParseColumnMapping(c.json, "m.json");
    ASSERT_FALSE(mapping.has_value());
    EXPECT_THAT(mapping.error().message(), HasSubstr(c.message));
  }
}

}  // namespace
}  // namespace esep::precincts
