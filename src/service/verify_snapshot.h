// VerifySnapshot: check one published version (docs/formats/snapshot.md) with nothing but its
// files — what `esep verify --snapshot DIR/v/N` does, so that a journalist who downloaded a
// version can check it without the commission's store:
//
//   1. the manifest is signed, and by the key given (when one is);
//   2. every file it lists is there with its size and SHA-256, and no other file is;
//   3. the definition files hash to the manifest's definition SHA-256;
//   4. every computed file — each unit's totals, the seats, the winners, the downloads — is
//      built again from the published definition and protocols alone and is byte for byte the
//      published one.
//
// Example:
//   ASSIGN_OR_RETURN(SnapshotCheck check, VerifySnapshot({.directory = "site/v/3"}));
//   if (!check.ok()) { print(*check.mismatch); }

#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "base/result.h"
#include "publish/manifest.h"

namespace esep::service {

struct VerifySnapshotRequest {
  std::string directory;                  // a version directory, OUT/v/N
  std::optional<std::string> public_key;  // 64 hex digits: the manifest must be signed by it
};

struct SnapshotCheck {
  publish::Manifest manifest;
  bool signature_valid = false;     // signed, and valid for the key it names
  bool signed_by_expected = false;  // ... and that key is the one given
  int64_t files_checked = 0;        // listed files found with their size and SHA-256
  int64_t protocols = 0;            // published protocols the result was recomputed from
  int64_t turnout_reports = 0;      // published turnout reports turnout.json was recomputed from
  int64_t files_recomputed = 0;     // computed files built again and found equal
  std::optional<std::string> mismatch;  // the first thing that does not hold, naming the file

  bool ok() const { return !mismatch.has_value(); }
};

// Errors only when the directory or its manifest cannot be read or the manifest is malformed;
// everything else found wrong is a mismatch.
Result<SnapshotCheck> VerifySnapshot(const VerifySnapshotRequest& request);

}  // namespace esep::service
