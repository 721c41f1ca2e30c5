#include "cases/case_runner.h"

#include <filesystem>

#include "golden/text_diff.h"

namespace esep::testing {

namespace {

std::string JoinLines(const std::vector<std::string>& lines) {
  std::string text;
  for (const std::string& line : lines) {
    text += line + "\n";
  }
  return text;
}

}  // namespace

void RunCaseFile(const std::string& path, const std::string& source, const BlockRunner& run) {
  Result<CaseFile> file = ReadCaseFile(path, source);
  ASSERT_TRUE(file.has_value()) << file.error().message();
  for (const CaseBlock& block : file->blocks) {
    const std::string where = file->Where(block.line);
    SCOPED_TRACE(where);
    Result<std::vector<std::string>> output = run(*file, block);
    if (!output.has_value()) {
      ADD_FAILURE() << where << ": " << output.error().ToString();
      continue;
    }
    const std::string expected = JoinLines(block.expected);
    const std::string actual = JoinLines(*output);
    if (expected != actual) {
      ADD_FAILURE() << where << ": the output differs from the expected lines\n"
                    << UnifiedDiff(expected, actual, where + " (expected)", "actual");
    }
  }
}

std::vector<std::string> CaseFilesOf(const std::string& area) {
  return ListCaseFiles(std::string(ESEP_SOURCE_DIR) + "/tests/cases/" + area);
}

std::string CaseTestName(const ::testing::TestParamInfo<std::string>& info) {
  std::string name = std::filesystem::path(info.param).stem().string();
  for (char& character : name) {
    if (!std::isalnum(static_cast<unsigned char>(character))) {
      character = '_';
    }
  }
  return name;
}

}  // namespace esep::testing
