// Tests for the output checks and AtomicFile, on a scratch directory of the real file system
// (the checks are about inodes, links and directory entries, which a fake would not show).

#include "base/output_file.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <unistd.h>

namespace esep {
namespace {

namespace fs = std::filesystem;

class OutputFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() /
            ("esep_output_file_test_" + std::to_string(getpid()) + "_" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(root_);
    fs::create_directories(root_);
  }
  void TearDown() override { fs::remove_all(root_); }

  fs::path Write(const std::string& name, const std::string& content) {
    fs::path path = root_ / name;
    std::ofstream(path, std::ios::binary) << content;
    return path;
  }
  static std::string Read(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    return content.str();
  }
  // Every entry of the scratch directory, to show that no temporary file is left behind.
  std::vector<std::string> Entries() const {
    std::vector<std::string> names;
    for (const fs::directory_entry& entry : fs::directory_iterator(root_)) {
      names.push_back(entry.path().filename().string());
    }
    std::sort(names.begin(), names.end());
    return names;
  }

  fs::path root_;
};

TEST_F(OutputFileTest, SameFileSeesThroughSpellingsAndLinks) {
  const fs::path store = Write("ex.db", "SQLite format 3");
  fs::create_directories(root_ / "sub");
  fs::create_symlink(store, root_ / "link.db");
  fs::create_hard_link(store, root_ / "hard.db");
  EXPECT_TRUE(IsSameFile(store, root_ / "sub" / ".." / "ex.db"));
  EXPECT_TRUE(IsSameFile(store, root_ / "link.db"));
  EXPECT_TRUE(IsSameFile(store, root_ / "hard.db"));
  EXPECT_FALSE(IsSameFile(store, root_ / "missing.db"));
  EXPECT_FALSE(IsSameFile(root_ / "missing.db", root_ / "missing.db"));
  EXPECT_FALSE(IsSameFile(store, Write("other.db", "SQLite format 3")));
}

TEST_F(OutputFileTest, OutputFileIsRefusedWhenItExistsUnlessForced) {
  const fs::path existing = Write("out.csv", "old");
  const InputPath store{"--db", root_ / "ex.db"};
  EXPECT_TRUE(CheckOutputFile({"--out", root_ / "new.csv"}, {&store, 1}, Overwrite::kRefuse).ok());
  const Status refused = CheckOutputFile({"--out", existing}, {&store, 1}, Overwrite::kRefuse);
  EXPECT_EQ(refused.code(), StatusCode::kAlreadyExists);
  EXPECT_NE(refused.message().find("--force"), std::string::npos) << refused.message();
  EXPECT_TRUE(CheckOutputFile({"--out", existing}, {&store, 1}, Overwrite::kAllow).ok());
  EXPECT_EQ(CheckOutputFile({"--out", root_}, {}, Overwrite::kAllow).code(),
            StatusCode::kInvalidArgument);
}

TEST_F(OutputFileTest, OutputFileIsNeverAnInputEvenWhenForced) {
  const fs::path store = Write("ex.db", "SQLite format 3");
  fs::create_symlink(store, root_ / "link.db");
  const InputPath inputs[] = {{"DIR", root_ / "election"}, {"--db", store}};
  for (const fs::path& spelling : {store, root_ / "link.db", root_ / "." / "ex.db"}) {
    SCOPED_TRACE(spelling.string());
    const Status refused = CheckOutputFile({"--out", spelling}, inputs, Overwrite::kAllow);
    EXPECT_EQ(refused.code(), StatusCode::kInvalidArgument);
    EXPECT_NE(refused.message().find("same file as --db"), std::string::npos) << refused.message();
  }
  EXPECT_EQ(Read(store), "SQLite format 3");
}

TEST_F(OutputFileTest, OutputDirectoryMustBeMissingOrEmptyUnlessForced) {
  const std::string_view names[] = {"election.json", "commissions.csv"};
  EXPECT_TRUE(CheckOutputDirectory({"--out", root_ / "new"}, names, {}, Overwrite::kRefuse).ok());
  fs::create_directories(root_ / "empty");
  EXPECT_TRUE(CheckOutputDirectory({"--out", root_ / "empty"}, names, {}, Overwrite::kRefuse).ok());
  fs::create_directories(root_ / "full");
  std::ofstream(root_ / "full" / "election.json") << "{}";
  const Status refused =
      CheckOutputDirectory({"--out", root_ / "full"}, names, {}, Overwrite::kRefuse);
  EXPECT_EQ(refused.code(), StatusCode::kAlreadyExists);
  EXPECT_NE(refused.message().find("election.json"), std::string::npos) << refused.message();
  EXPECT_TRUE(CheckOutputDirectory({"--out", root_ / "full"}, names, {}, Overwrite::kAllow).ok());
  EXPECT_EQ(
      CheckOutputDirectory({"--out", Write("file", "x")}, names, {}, Overwrite::kAllow).code(),
      StatusCode::kInvalidArgument);
}

TEST_F(OutputFileTest, OutputDirectoryIsNeverAnInputNorHoldsOneItWouldReplace) {
  fs::create_directories(root_ / "like");
  const fs::path commissions = root_ / "like" / "commissions.csv";
  std::ofstream(commissions) << "id";
  const std::string_view names[] = {"election.json", "commissions.csv"};
  const InputPath like[] = {{"--like", root_ / "like"}};
  EXPECT_EQ(
      CheckOutputDirectory({"--out", root_ / "like" / "."}, names, like, Overwrite::kAllow).code(),
      StatusCode::kInvalidArgument);
  const InputPath file[] = {{"--observers", commissions}};
  const Status refused =
      CheckOutputDirectory({"--out", root_ / "like"}, names, file, Overwrite::kAllow);
  EXPECT_EQ(refused.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(refused.message().find("commissions.csv"), std::string::npos) << refused.message();
}

TEST_F(OutputFileTest, NotDirectoryNamesThePath) {
  EXPECT_TRUE(CheckNotDirectory(Write("votes.csv", "")).ok());
  EXPECT_TRUE(CheckNotDirectory(root_ / "missing.csv").ok());
  const Status refused = CheckNotDirectory(root_);
  EXPECT_EQ(refused.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(refused.message().find(root_.string()), std::string::npos) << refused.message();
}

TEST_F(OutputFileTest, AtomicFileReplacesOnlyOnCommit) {
  const fs::path target = Write("out.csv", "old");
  {
    Result<AtomicFile> file = AtomicFile::Create(target);
    ASSERT_TRUE(file.has_value()) << file.error().message();
    file->stream() << "half of the new";
    EXPECT_EQ(file->temporary_path().parent_path(), target.parent_path());
    EXPECT_EQ(Read(target), "old");
  }  // dropped without Commit: a failed write
  EXPECT_EQ(Read(target), "old");
  EXPECT_EQ(Entries(), std::vector<std::string>{"out.csv"});

  ASSERT_TRUE(WriteFileAtomically(target, "new").ok());
  EXPECT_EQ(Read(target), "new");
  EXPECT_EQ(Entries(), std::vector<std::string>{"out.csv"});
}

TEST_F(OutputFileTest, AtomicFileCreatesANewFileAndFailsCleanlyWhereItCannotWrite) {
  ASSERT_TRUE(WriteFileAtomically(root_ / "new.json", "{}").ok());
  EXPECT_EQ(Read(root_ / "new.json"), "{}");
  const Status missing = WriteFileAtomically(root_ / "no" / "such" / "dir.json", "{}");
  EXPECT_EQ(missing.code(), StatusCode::kUnavailable);
  EXPECT_EQ(Entries(), std::vector<std::string>{"new.json"});
}

TEST_F(OutputFileTest, AtomicDirectoryAppearsWholeOrNotAtAll) {
  const std::string_view owned[] = {"a.csv", "b.csv"};
  {
    Result<AtomicDirectory> staged = AtomicDirectory::Create(root_ / "nested" / "out");
    ASSERT_TRUE(staged.has_value()) << staged.error().message();
    std::ofstream(staged->path() / "a.csv") << "half";
  }  // dropped without Commit: a failure halfway
  EXPECT_FALSE(fs::exists(root_ / "nested" / "out"));
  EXPECT_TRUE(fs::is_empty(root_ / "nested"));

  for (const char* name : {"new", "empty"}) {
    SCOPED_TRACE(name);
    if (std::string(name) == "empty") {
      fs::create_directories(root_ / name);
    }
    Result<AtomicDirectory> staged = AtomicDirectory::Create(root_ / name);
    ASSERT_TRUE(staged.has_value()) << staged.error().message();
    std::ofstream(staged->path() / "a.csv") << "a";
    ASSERT_TRUE(staged->Commit(owned).ok());
    EXPECT_EQ(Read(root_ / name / "a.csv"), "a");
  }
  EXPECT_EQ(Entries(), (std::vector<std::string>{"empty", "nested", "new"}));
}

TEST_F(OutputFileTest, AtomicDirectoryIntoAFullDirectoryReplacesOnlyItsOwnFiles) {
  fs::create_directories(root_ / "out");
  std::ofstream(root_ / "out" / "a.csv") << "old a";
  std::ofstream(root_ / "out" / "b.csv") << "old b, not written this time";
  std::ofstream(root_ / "out" / "notes.txt") << "the user's";
  const std::string_view owned[] = {"a.csv", "b.csv"};
  {
    Result<AtomicDirectory> staged = AtomicDirectory::Create(root_ / "out");
    ASSERT_TRUE(staged.has_value()) << staged.error().message();
    std::ofstream(staged->path() / "a.csv") << "new a";
    ASSERT_TRUE(staged->Commit(owned).ok());
  }  // destroys the staging directory, empty once its files are moved
  EXPECT_EQ(Read(root_ / "out" / "a.csv"), "new a");
  EXPECT_FALSE(fs::exists(root_ / "out" / "b.csv"));
  EXPECT_EQ(Read(root_ / "out" / "notes.txt"), "the user's");
  EXPECT_EQ(Entries(), std::vector<std::string>{"out"});
}

}  // namespace
}  // namespace esep
