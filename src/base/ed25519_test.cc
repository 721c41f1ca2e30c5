#include "base/ed25519.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace esep {
namespace {

using ::testing::HasSubstr;

TEST(Ed25519Test, ASignatureChecksOnlyForItsMessageAndKey) {
  const Result<SigningKey> key = SigningKey::Generate();
  ASSERT_TRUE(key.has_value());
  const std::string signature = key->SignHex("esep head 12 abc");
  EXPECT_EQ(signature.size(), 128u);
  EXPECT_TRUE(VerifySignatureHex(key->public_key_hex(), "esep head 12 abc", signature));
  EXPECT_FALSE(VerifySignatureHex(key->public_key_hex(), "esep head 12 abd", signature));
  const Result<SigningKey> other = SigningKey::Generate();
  ASSERT_TRUE(other.has_value());
  EXPECT_NE(other->public_key_hex(), key->public_key_hex());
  EXPECT_FALSE(VerifySignatureHex(other->public_key_hex(), "esep head 12 abc", signature));
  std::string flipped = signature;
  flipped[10] = flipped[10] == '0' ? '1' : '0';
  EXPECT_FALSE(VerifySignatureHex(key->public_key_hex(), "esep head 12 abc", flipped));
  EXPECT_FALSE(VerifySignatureHex(key->public_key_hex(), "esep head 12 abc", "zz"));
}

TEST(Ed25519Test, KeyFilesRoundTrip) {
  const Result<SigningKey> key = SigningKey::Generate();
  ASSERT_TRUE(key.has_value());
  const std::string secret = key->SecretFileText();
  EXPECT_THAT(secret, testing::StartsWith("esep-ed25519-secret-key/1 "));
  const Result<SigningKey> read = SigningKey::FromFileText(secret, "k.key");
  ASSERT_TRUE(read.has_value()) << read.error().message();
  EXPECT_EQ(read->public_key_hex(), key->public_key_hex());
  EXPECT_TRUE(VerifySignatureHex(key->public_key_hex(), "m", read->SignHex("m")));
  const Result<std::string> from_file = ParsePublicKey(key->PublicFileText(), "k.pub");
  ASSERT_TRUE(from_file.has_value());
  EXPECT_EQ(*from_file, key->public_key_hex());
  const Result<std::string> bare = ParsePublicKey(key->public_key_hex(), "--public-key");
  ASSERT_TRUE(bare.has_value());
  EXPECT_EQ(*bare, key->public_key_hex());
}

TEST(Ed25519Test, MalformedOrDamagedKeysAreRefusedByName) {
  const Result<SigningKey> key = SigningKey::Generate();
  ASSERT_TRUE(key.has_value());
  // The public key file is not a secret key file.
  const Result<SigningKey> wrong = SigningKey::FromFileText(key->PublicFileText(), "k.pub");
  ASSERT_FALSE(wrong.has_value());
  EXPECT_THAT(wrong.error().message(), HasSubstr("k.pub: not an esep secret key file"));
  // A changed public half no longer belongs to the seed.
  std::string damaged = key->SecretFileText();
  const size_t public_digit = damaged.size() - 3;
  damaged[public_digit] = damaged[public_digit] == 'a' ? 'b' : 'a';
  const Result<SigningKey> mismatched = SigningKey::FromFileText(damaged, "k.key");
  ASSERT_FALSE(mismatched.has_value());
  EXPECT_THAT(mismatched.error().message(), HasSubstr("damaged"));
  EXPECT_FALSE(ParsePublicKey("1234", "--public-key").has_value());
  EXPECT_FALSE(ParsePublicKey(std::string(64, 'G'), "--public-key").has_value());
}

}  // namespace
}  // namespace esep
