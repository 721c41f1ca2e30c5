#include "cases/case_file.h"

#include <string>

#include <gtest/gtest.h>

namespace esep::testing {
namespace {

constexpr std::string_view kHeader =
    "# name: example\n"
    "# description: two blocks\n"
    "# source: by hand\n";

TEST(CaseFileTest, ReadsHeaderAndBlocks) {
  const std::string text = std::string(kHeader) +
                           "\n"
                           "# a comment between blocks\n"
                           "first input\n"
                           "second input  \r\n"
                           "----\n"
                           "expected one\n"
                           "expected two\n"
                           "\n"
                           "\n"
                           "empty expectation\n"
                           "----\n";
  Result<CaseFile> file = ParseCaseFile(text, "x.test");
  ASSERT_TRUE(file.has_value()) << file.error().ToString();
  EXPECT_EQ(file->name, "example");
  EXPECT_EQ(file->description, "two blocks");
  EXPECT_EQ(file->origin, "by hand");
  ASSERT_EQ(file->blocks.size(), 2u);
  EXPECT_EQ(file->blocks[0].line, 6);
  EXPECT_EQ(file->blocks[0].input, (std::vector<std::string>{"first input", "second input"}));
  EXPECT_EQ(file->blocks[0].expected, (std::vector<std::string>{"expected one", "expected two"}));
  EXPECT_EQ(file->blocks[1].line, 13);
  EXPECT_EQ(file->blocks[1].input, (std::vector<std::string>{"empty expectation"}));
  EXPECT_TRUE(file->blocks[1].expected.empty());
  EXPECT_EQ(file->Where(13), "x.test:13");
}

struct MalformedCase {
  const char* name;
  std::string text;
  std::string message;  // the error message must start with this
};

TEST(CaseFileTest, MalformedFilesNameTheLine) {
  const std::string header(kHeader);
  const MalformedCase cases[] = {
      {"no separator", header + "\ninput\nmore input\n\n", "x.test:5: the block has no '----'"},
      {"no separator at the end", header + "\ninput", "x.test:5: the block has no '----'"},
      {"separator first", header + "\n----\nexpected\n", "x.test:5: '----' without input"},
      {"two separators", header + "\ninput\n----\nout\n----\n", "x.test:8: a second '----'"},
      {"header after a block", header + "\nin\n----\n\n# name: again\n",
       "x.test:8: '# name:' after the first block"},
      {"repeated header", "# name: a\n# name: b\n", "x.test:2: a second '# name:'"},
      {"empty header", "# source:\n", "x.test:1: '# source:' is empty"},
      {"missing source", "# name: a\n# description: b\n\nin\n----\n", "x.test:1: the header needs"},
      {"no block", header, "x.test: no block"},
  };
  for (const MalformedCase& malformed : cases) {
    SCOPED_TRACE(malformed.name);
    Result<CaseFile> file = ParseCaseFile(malformed.text, "x.test");
    ASSERT_FALSE(file.has_value());
    EXPECT_EQ(file.error().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(file.error().message().rfind(malformed.message, 0), 0u) << file.error().message();
  }
}

TEST(CaseFileTest, MissingFileIsNotFound) {
  Result<CaseFile> file = ReadCaseFile("/nonexistent/x.test", "x.test");
  ASSERT_FALSE(file.has_value());
  EXPECT_EQ(file.error().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace esep::testing
