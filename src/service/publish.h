// Publish: one version of the public snapshot (docs/formats/snapshot.md) from a store, as it
// stands: every accepted protocol with its history, decisions, findings and scan hashes, the
// result computed from them at every level, the audit, the downloads, and a manifest listing
// every file with its SHA-256, signed with the commission's key. What `esep publish` does, once
// or on a cadence during the count.
//
// A version is written into a staging directory beside OUT/v/ and renamed into OUT/v/N in one
// step; only then does OUT/current.json move to it. A reader following current.json never sees
// half a version, and versions are never changed or removed afterwards.
//
// Example:
//   ASSIGN_OR_RETURN(PublishOutcome done, Publish({.store_path = "results.db", .out_dir =
//   "site"}));
//   // done.version: 1, 2, ...; site/v/<version>/manifest.json; site/current.json

#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "base/ed25519.h"
#include "base/result.h"
#include "base/work_control.h"
#include "publish/manifest.h"

namespace esep::service {

inline constexpr std::string_view kCurrentName = "current.json";
inline constexpr std::string_view kCurrentFormat = "esep-snapshot-current/1";

struct PublishRequest {
  std::string store_path;
  std::string out_dir;
  std::optional<SigningKey> signing_key;  // signs the manifest
  // On a cadence: write no new version when the store's chain head is the one the current
  // version was computed at (nothing was accepted, corrected or recorded since).
  bool skip_unchanged = false;
  bool with_audit = true;  // audit.json: the forensic audit of the precinct protocols
};

struct PublishOutcome {
  bool unchanged = false;  // skip_unchanged, and nothing new: no version written
  int64_t version = 0;     // the version written (or the current one, when unchanged)
  std::string directory;   // OUT/v/<version>
  publish::Manifest manifest;
  int64_t bytes = 0;  // of every file of the version
};

// kNotFound / kFailedPrecondition / kDataLoss as LoadStoredElection; kAborted when the store
// kept changing while it was read (retry) or another publisher wrote the same version first;
// kUnavailable when a file cannot be written (nothing is then left under OUT/v/<N>, and
// current.json still names the version before).
Result<PublishOutcome> Publish(const PublishRequest& request, const WorkControl& control = {});

}  // namespace esep::service
