// The store's records beside the submissions chain: the election definition files with their
// SHA-256 (the `definition_files` table and the `metadata` key), and the results snapshots
// (the `results` table), each written in its own transaction (docs/formats/store.md).
// Thread-compatible: one Database per thread.

#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "base/result.h"
#include "storage/definition.h"
#include "storage/internal/sqlite.h"

namespace esep::storage::internal {

// The last submission's id and hash.
inline constexpr std::string_view kChainHeadSql =
    "SELECT id, hash FROM submissions ORDER BY id DESC LIMIT 1";

// Records the definition files once. kInvalidArgument for a malformed hash or file name, or a
// hash that is not model::DefinitionSha256(files); kFailedPrecondition when the store already holds
// another definition; OK (and nothing written) when it holds this one.
Status WriteDefinition(Database& db, std::string_view sha256,
                       std::span<const model::DefinitionFile> files);

// The definition's recorded hash and its files in order, or nullopt when none is recorded.
Result<std::optional<StoredDefinition>> ReadDefinition(Database& db);

// The hash of the last submission (the genesis hash for an empty chain).
Result<std::string> ReadChainHead(Database& db);

// Appends a results snapshot, stamped with the chain head it was computed at.
Status WriteResultsSnapshot(Database& db, std::string_view snapshot);

// The most recent results snapshot, or nullopt.
Result<std::optional<std::string>> ReadLatestResults(Database& db);

}  // namespace esep::storage::internal
