// `esep publish` and `esep verify --snapshot` as a journalist meets them: a version published
// from a store verifies from its files alone; one byte changed in any file, a precinct file
// removed, a protocol changed and the manifest re-signed with another key — each fails with
// exit 3 and names the file. Versions accumulate, current.json follows the latest, and an
// unchanged store publishes nothing new on a cadence.

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sys/wait.h>
#include <unistd.h>

#include "base/ed25519.h"
#include "base/sha256.h"
#include "integration/command_runner.h"
#include "publish/manifest.h"

namespace esep {
namespace {

namespace fs = std::filesystem;
using testing::CommandOutput;
using ::testing::HasSubstr;
using testing::ReadFile;
using testing::RunEsep;
using testing::RunEsepThrough;

void WriteAll(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

class PublishCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = ::testing::TempDir() + "esep-publish-" + std::to_string(::getpid());
    fs::remove_all(root_);
    fs::create_directories(root_);
    ASSERT_EQ(RunEsep("generate --precincts 20 --seed 4 --summaries --out '" + Path("gen") + "'")
                  .exit_code,
              0);
    ASSERT_EQ(RunEsep("import --db '" + Path("r.db") + "' '" + Path("gen") + "'").exit_code, 0);
    ASSERT_EQ(RunEsep("keys generate --out '" + Path("cec.key") + "'").exit_code, 0);
    ASSERT_EQ(RunEsep("keys generate --out '" + Path("other.key") + "'").exit_code, 0);
    const CommandOutput published = Publish();
    ASSERT_EQ(published.exit_code, 0) << published.out << published.err;
    version_ = Path("site/v/1");
  }

  void TearDown() override { fs::remove_all(root_); }

  std::string Path(const std::string& name) const { return root_ + "/" + name; }

  CommandOutput Publish(const std::string& extra = "") {
    return RunEsep("publish --db '" + Path("r.db") + "' --out '" + Path("site") + "' --sign-key '" +
                   Path("cec.key") + "' --no-audit " + extra);
  }

  CommandOutput Verify(const std::string& directory) {
    return RunEsep("verify --snapshot '" + directory + "' --public-key '" + Path("cec.key.pub") +
                   "'");
  }

  // A copy of the version to spoil.
  std::string Copy() {
    std::string copy = Path("copy");
    fs::remove_all(copy);
    fs::copy(version_, copy, fs::copy_options::recursive);
    return copy;
  }

  std::vector<std::string> Files() const {
    std::vector<std::string> files;
    for (const auto& entry : fs::recursive_directory_iterator(version_)) {
      if (entry.is_regular_file()) {
        files.push_back(fs::relative(entry.path(), version_).generic_string());
      }
    }
    return files;
  }

  std::string root_;
  std::string version_;
};

TEST_F(PublishCliTest, APublishedVersionVerifiesFromItsFilesAlone) {
  const CommandOutput verified = Verify(version_);
  ASSERT_EQ(verified.exit_code, 0) << verified.out << verified.err;
  EXPECT_THAT(verified.out, HasSubstr("Signature: valid, by "));
  EXPECT_THAT(verified.out, HasSubstr("byte for byte: ok"));
  // The files of the issue: one per unit and level, the protocols per territorial commission.
  for (const char* path :
       {"national.json", "results.json", "election.json", "progress.json", "summaries.json",
        "turnout.json", "downloads/precincts.csv", "downloads/err.json",
        "downloads/protocols.jsonl", "definition/election.json"}) {
    EXPECT_TRUE(fs::exists(fs::path(version_) / path)) << path;
  }
  EXPECT_FALSE(fs::is_empty(fs::path(version_) / "precincts"));
  EXPECT_FALSE(fs::is_empty(fs::path(version_) / "regions"));
  EXPECT_FALSE(fs::is_empty(fs::path(version_) / "districts"));
  EXPECT_FALSE(fs::is_empty(fs::path(version_) / "territorial"));
  const nlohmann::json current = nlohmann::json::parse(ReadFile(Path("site/current.json")));
  EXPECT_EQ(current["version"], 1);
  EXPECT_EQ(current["manifest_sha256"], Sha256Hex(ReadFile(fs::path(version_) / "manifest.json")));
}

// Every file, one byte changed: the manifest's own check (its signature) or the file's hash.
TEST_F(PublishCliTest, OneByteChangedInAnyFileIsNamed) {
  for (const std::string& file : Files()) {
    const std::string copy = Copy();
    std::string text = ReadFile(fs::path(copy) / file);
    ASSERT_FALSE(text.empty()) << file;
    // The middle byte; in the manifest, a digit of the hash nearest the middle, so that the
    // manifest stays readable and the change is found by its checks (a manifest that is not
    // valid JSON is an error, exit 2, not a mismatch: docs/formats/snapshot.md).
    size_t at = text.size() / 2;
    if (file == "manifest.json") {
      at = text.find("\"sha256\": \"", at) + 12;
    }
    text[at] = text[at] == '7' ? '8' : '7';
    WriteAll(fs::path(copy) / file, text);
    const CommandOutput verified = Verify(copy);
    EXPECT_EQ(verified.exit_code, 3) << file << "\n" << verified.out;
    EXPECT_THAT(verified.out, HasSubstr("MISMATCH: " + file)) << file;
  }
}

TEST_F(PublishCliTest, ARemovedPrecinctFileIsNamed) {
  const std::string copy = Copy();
  const fs::path first = *fs::directory_iterator(fs::path(copy) / "precincts");
  fs::remove(first);
  const CommandOutput verified = Verify(copy);
  EXPECT_EQ(verified.exit_code, 3);
  EXPECT_THAT(verified.out, HasSubstr("MISMATCH: precincts/" + first.filename().string() +
                                      ": missing (the manifest lists it)"));
}

// An insider changes a precinct's votes, makes the manifest agree and signs it with a key of
// their own: the commission's key refuses it; without the key, the signature is valid but the
// published totals no longer follow from the protocols.
TEST_F(PublishCliTest, AProtocolChangedAndReSignedWithAnotherKeyIsCaught) {
  const std::string copy = Copy();
  const fs::path precincts = *fs::directory_iterator(fs::path(copy) / "precincts");
  nlohmann::ordered_json document = nlohmann::ordered_json::parse(ReadFile(precincts));
  nlohmann::ordered_json& votes =
      document["protocols"].back()["versions"].back()["protocol"]["choice_votes"];
  votes[0] = votes[0].get<int64_t>() + 100;
  const std::string text = document.dump() + "\n";
  WriteAll(precincts, text);
  // The manifest made to agree, and signed with the insider's own key.
  Result<publish::Manifest> manifest =
      publish::Manifest::FromJson(ReadFile(fs::path(copy) / "manifest.json"), "manifest.json");
  ASSERT_TRUE(manifest.has_value());
  const std::string relative = "precincts/" + precincts.filename().string();
  for (publish::ManifestFile& file : manifest->files) {
    if (file.path == relative) {
      file.sha256 = Sha256Hex(text);
      file.bytes = static_cast<int64_t>(text.size());
    }
  }
  Result<SigningKey> other = SigningKey::FromFileText(ReadFile(Path("other.key")), "other.key");
  ASSERT_TRUE(other.has_value());
  manifest->Sign(*other);
  WriteAll(fs::path(copy) / "manifest.json", manifest->ToJson());
  const CommandOutput with_key = Verify(copy);
  EXPECT_EQ(with_key.exit_code, 3);
  EXPECT_THAT(with_key.out, HasSubstr("MISMATCH: manifest.json: signed by " +
                                      other->public_key_hex() + ", not by the key given"));
  const CommandOutput without_key = RunEsep("verify --snapshot '" + copy + "'");
  EXPECT_THAT(without_key.out, HasSubstr("Signature: valid for key " + other->public_key_hex()));
  EXPECT_EQ(without_key.exit_code, 3);
  EXPECT_THAT(without_key.out, HasSubstr("MISMATCH: results.json: "));
}

// The turnout by hour: the 20 precincts' reports at every time, each precinct's reports in its
// territorial commission's file; a report changed and the manifest re-signed is caught by
// recomputing turnout.json from the published reports.
TEST_F(PublishCliTest, TurnoutByHourIsRecomputedFromThePublishedReports) {
  const nlohmann::json turnout =
      nlohmann::json::parse(ReadFile(fs::path(version_) / "turnout.json"));
  ASSERT_EQ(turnout["times"].size(), 7u);
  const nlohmann::json& ten = turnout["national"]["by_time"][0];
  EXPECT_EQ(ten["time"], "10:00");
  EXPECT_EQ(ten["precincts"], 20);
  EXPECT_EQ(turnout["national"]["by_time"][6]["precincts"], 0);  // no synthetic 22:00 reports
  EXPECT_EQ(turnout["regions"].size(), 20u);
  int64_t reports = 0;
  for (const auto& entry : fs::directory_iterator(fs::path(version_) / "precincts")) {
    reports += static_cast<int64_t>(
        nlohmann::json::parse(ReadFile(entry.path()))["turnout_reports"].size());
  }
  EXPECT_EQ(reports, 20 * 6);
  const CommandOutput verified = Verify(version_);
  EXPECT_THAT(verified.out, HasSubstr("the 120 turnout reports"));

  // An insider lowers one report and re-signs the manifest with their own key.
  const std::string copy = Copy();
  fs::path changed;
  for (const auto& entry : fs::directory_iterator(fs::path(copy) / "precincts")) {
    nlohmann::ordered_json document = nlohmann::ordered_json::parse(ReadFile(entry.path()));
    if (document["turnout_reports"].empty()) {
      continue;
    }
    nlohmann::ordered_json& voters = document["turnout_reports"][0]["versions"][0]["voters"];
    voters = voters.get<int64_t>() - 1;
    WriteAll(entry.path(), document.dump() + "\n");
    changed = entry.path();
    break;
  }
  ASSERT_FALSE(changed.empty());
  Result<publish::Manifest> manifest =
      publish::Manifest::FromJson(ReadFile(fs::path(copy) / "manifest.json"), "manifest.json");
  ASSERT_TRUE(manifest.has_value());
  const std::string text = ReadFile(changed);
  for (publish::ManifestFile& file : manifest->files) {
    if (file.path == "precincts/" + changed.filename().string()) {
      file.sha256 = Sha256Hex(text);
      file.bytes = static_cast<int64_t>(text.size());
    }
  }
  Result<SigningKey> other = SigningKey::FromFileText(ReadFile(Path("other.key")), "other.key");
  ASSERT_TRUE(other.has_value());
  manifest->Sign(*other);
  WriteAll(fs::path(copy) / "manifest.json", manifest->ToJson());
  const CommandOutput without_key = RunEsep("verify --snapshot '" + copy + "'");
  EXPECT_EQ(without_key.exit_code, 3);
  EXPECT_THAT(without_key.out, HasSubstr("MISMATCH: turnout.json: "));
}

// On demand, every run is a new version; the files that did not change are the previous
// version's, linked, not copied.
TEST_F(PublishCliTest, VersionsAccumulateAndShareTheirUnchangedFiles) {
  const std::string first_manifest = ReadFile(fs::path(version_) / "manifest.json");
  const CommandOutput second = Publish();
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_THAT(second.out, HasSubstr("Published version 2"));
  EXPECT_EQ(ReadFile(fs::path(version_) / "manifest.json"), first_manifest);
  EXPECT_EQ(nlohmann::json::parse(ReadFile(Path("site/current.json")))["version"], 2);
  EXPECT_EQ(Verify(Path("site/v/2")).exit_code, 0);
  EXPECT_EQ(fs::hard_link_count(fs::path(version_) / "downloads/protocols.jsonl"), 2u);
  EXPECT_TRUE(fs::equivalent(fs::path(version_) / "national.json", Path("site/v/2/national.json")));
}

// On a cadence, a round with nothing new in the store writes nothing; SIGTERM stops the loop.
TEST_F(PublishCliTest, OnACadenceNothingNewIsPublishedWhenNothingChanged) {
  const CommandOutput cadence =
      RunEsepThrough("timeout -s TERM 3", "publish --db '" + Path("r.db") + "' --out '" +
                                              Path("site") + "' --no-audit --every 1");
  EXPECT_EQ(cadence.exit_code, 124) << cadence.err;  // timeout's: it had to send the signal
  EXPECT_THAT(cadence.out, HasSubstr("Nothing changed since version 1"));
  EXPECT_THAT(cadence.out, HasSubstr("Stopped; the last version published stays current."));
  EXPECT_FALSE(fs::exists(Path("site/v/2")));
}

// scripts/check-snapshot-schemas on `directory`: its exit status and what it printed.
std::pair<int, std::string> CheckSchemas(const std::string& directory, const std::string& current) {
  const std::string report = directory + ".schemas.txt";
  const std::string command = std::string(ESEP_SOURCE_DIR) + "/scripts/check-snapshot-schemas '" +
                              directory + "' --current '" + current + "' > '" + report + "' 2>&1";
  const int status = std::system(command.c_str());
  std::string printed = ReadFile(report);
  fs::remove(report);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, printed};
}

// Every JSON file of a version (the audit too) has the layout docs/formats/snapshot.md
// documents; a file with a member the layout does not have fails the check.
TEST_F(PublishCliTest, EveryPublishedFileValidatesAgainstItsSchema) {
  const CommandOutput published =
      RunEsep("publish --db '" + Path("r.db") + "' --out '" + Path("audited") + "'");
  ASSERT_EQ(published.exit_code, 0) << published.err;
  const auto [status, printed] = CheckSchemas(Path("audited/v/1"), Path("audited/current.json"));
  EXPECT_EQ(status, 0) << printed;
  EXPECT_THAT(printed, HasSubstr(", 0 problems"));
  nlohmann::ordered_json national =
      nlohmann::ordered_json::parse(ReadFile(Path("audited/v/1/national.json")));
  national["row"]["seats"] = 98;
  WriteAll(Path("audited/v/1/national.json"), national.dump() + "\n");
  const auto [broken, report] = CheckSchemas(Path("audited/v/1"), Path("audited/current.json"));
  EXPECT_EQ(broken, 1);
  EXPECT_THAT(report, HasSubstr("national.json: row: Additional properties are not allowed"));
  nlohmann::ordered_json turnout =
      nlohmann::ordered_json::parse(ReadFile(Path("audited/v/1/turnout.json")));
  turnout["national"]["by_time"][0]["percent"] = 14.2;  // a number, not the exact decimal text
  WriteAll(Path("audited/v/1/turnout.json"), turnout.dump() + "\n");
  const auto [turnout_broken, turnout_report] =
      CheckSchemas(Path("audited/v/1"), Path("audited/current.json"));
  EXPECT_EQ(turnout_broken, 1);
  EXPECT_THAT(turnout_report,
              HasSubstr("turnout.json: national/by_time/0/percent: 14.2 is not of type 'string'"));
}

TEST_F(PublishCliTest, ASiteDirectoryOfOtherFilesIsRefused) {
  fs::create_directories(Path("other"));
  WriteAll(Path("other/index.html"), "<p>mine</p>\n");
  const CommandOutput refused =
      RunEsep("publish --db '" + Path("r.db") + "' --out '" + Path("other") + "' --no-audit");
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_THAT(refused.err, HasSubstr("holds other files and no snapshot"));
  EXPECT_EQ(ReadFile(Path("other/index.html")), "<p>mine</p>\n");
  EXPECT_FALSE(fs::exists(Path("other/current.json")));
}

}  // namespace
}  // namespace esep
