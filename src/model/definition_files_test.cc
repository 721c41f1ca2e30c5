#include "model/definition_files.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace esep::model {
namespace {

// The expected values are what `sha256sum election.json commissions.csv | sha256sum` prints for
// these two files (computed independently with Python's hashlib).
const std::vector<DefinitionFile> kFiles = {{"election.json", "{\"id\": \"x\"}\n"},
                                            {"commissions.csv", "id,level\n"}};

TEST(DefinitionFilesTest, OneLinePerFileAsSha256sumPrintsIt) {
  EXPECT_EQ(Sha256SumLine(kFiles[0]),
            "a15ec93cdf8112fc511cdca3ab179ee7f81d28504089f9d3f55a68833606711d  election.json\n");
  EXPECT_EQ(Sha256SumLine(kFiles[1]),
            "601ba2180e243cd1de5bc775428debc67f141755c4bd03d74c28e3d0c3977991  commissions.csv\n");
}

TEST(DefinitionFilesTest, FingerprintIsTheHashOfTheListing) {
  EXPECT_EQ(DefinitionSha256(kFiles),
            "9d065919f7b6081fe29dea9215f63b44e5e91265a0be698bfa1aeb8843c1f439");
}

TEST(DefinitionFilesTest, TheFingerprintFromTheLinesIsTheSame) {
  const std::vector<std::string> lines = {Sha256SumLine(kFiles[0]), Sha256SumLine(kFiles[1])};
  EXPECT_EQ(DefinitionSha256FromLines(lines),
            "9d065919f7b6081fe29dea9215f63b44e5e91265a0be698bfa1aeb8843c1f439");
}

TEST(DefinitionFilesTest, OrderAndEveryByteCount) {
  const std::vector<DefinitionFile> swapped = {kFiles[1], kFiles[0]};
  EXPECT_NE(DefinitionSha256(swapped), DefinitionSha256(kFiles));
  std::vector<DefinitionFile> edited = kFiles;
  edited[1].content += " ";
  EXPECT_NE(DefinitionSha256(edited), DefinitionSha256(kFiles));
}

}  // namespace
}  // namespace esep::model
