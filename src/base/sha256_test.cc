#include "base/sha256.h"

#include <cstdio>
#include <fstream>
#include <string>

#include <gtest/gtest.h>
#include <unistd.h>

namespace esep {
namespace {

struct Vector {
  const char* name;
  std::string input;
  const char* digest;
};

// FIPS 180-2, Appendix B (B.1 "abc", B.2 the 448-bit message), and the digest of the empty
// message (NIST's SHA-256 example values).
const Vector kVectors[] = {
    {"empty", "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
    {"abc", "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
    {"two_blocks", "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
     "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
    {"million_a", std::string(1000000, 'a'),
     "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"},
};

TEST(Sha256Test, FipsVectors) {
  for (const Vector& v : kVectors) {
    SCOPED_TRACE(v.name);
    EXPECT_EQ(Sha256Hex(v.input), v.digest);
  }
}

TEST(Sha256Test, BytesAfterANulAreHashed) {
  const std::string with_nul("a\0b", 3);
  EXPECT_NE(Sha256Hex(with_nul), Sha256Hex("a"));
  EXPECT_EQ(Sha256Hex(with_nul).size(), 64u);
}

TEST(Sha256Test, AFileHashesLikeItsBytes) {
  const std::string path = ::testing::TempDir() + "esep-sha256-file-" + std::to_string(::getpid());
  for (const Vector& v : kVectors) {  // the million 'a's span many read chunks
    SCOPED_TRACE(v.name);
    std::ofstream(path, std::ios::binary) << v.input;
    const Result<std::string> digest = Sha256HexOfFile(path);
    ASSERT_TRUE(digest.has_value()) << digest.error().message();
    EXPECT_EQ(*digest, v.digest);
  }
  std::remove(path.c_str());
  const Result<std::string> missing = Sha256HexOfFile(path);
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code(), StatusCode::kUnavailable);
}

}  // namespace
}  // namespace esep
