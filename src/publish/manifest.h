// The manifest of one published version (docs/formats/snapshot.md): what it is of (the
// election, its definition's SHA-256, the store's chain head, the seed of any lots, when it was
// published) and every other file of the version with its SHA-256 and size, signed with the
// commission's Ed25519 key. A reader who trusts the key trusts every byte the manifest lists.
//
// Example:
//   Manifest manifest{.version = 3, .election_id = "kz-majilis-2023", ...};
//   manifest.files.push_back({"national.json", Sha256Hex(text), ssize(text)});
//   manifest.Sign(key);
//   ASSIGN_OR_RETURN(Manifest read, Manifest::FromJson(manifest.ToJson(), "v/3/manifest.json"));

#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/ed25519.h"
#include "base/result.h"

namespace esep::publish {

inline constexpr std::string_view kManifestFormat = "esep-snapshot/1";
inline constexpr std::string_view kManifestName = "manifest.json";

struct ManifestFile {
  std::string path;  // relative to the version directory, '/'-separated
  std::string sha256;
  int64_t bytes = 0;

  friend bool operator==(const ManifestFile&, const ManifestFile&) = default;
};

struct Manifest {
  int64_t version = 1;
  std::string election_id;
  bool synthetic = false;
  std::string status;        // "preliminary" or "final"
  std::string published_at;  // UTC, "2026-12-07T21:00:00Z"
  std::string definition_sha256;
  std::string chain_head;  // the store's chain head the version was computed at
  uint64_t lot_seed = 0;
  std::vector<ManifestFile> files;  // every file but the manifest, in path order
  std::optional<std::string> public_key;
  std::optional<std::string> signature;

  // What the signature signs: the format, then every field above but the key and the signature,
  // one "name value" line each, then one "file PATH SHA256 BYTES" line per file.
  std::string SignedMessage() const;
  void Sign(const SigningKey& key);
  // True when the manifest carries a signature valid for its own key.
  bool SignatureValid() const;

  std::string ToJson() const;
  // kInvalidArgument naming `source` and the field for anything else, including a file path
  // that is absolute, has an empty, "." or ".." part, or is listed twice.
  static Result<Manifest> FromJson(std::string_view text, std::string_view source);
};

// True for a path a manifest may list: relative, '/'-separated parts of letters, digits and
// "._-~" only, none empty, "." or "..", and not the manifest itself.
bool SafeSnapshotPath(std::string_view path);

}  // namespace esep::publish
