// The store's records beside the chain: the election definition files with their SHA-256 (the
// `definition_files` table and the `metadata` key), and the results snapshots' bytes (the
// `results` table). The chain entries that commit to them are written by the store, in the
// same transaction (docs/formats/store.md).
// Thread-compatible: one Database per thread.

#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "storage/definition.h"
#include "storage/internal/sqlite.h"

namespace esep::storage::internal {

// The last entry's id and hash.
inline constexpr std::string_view kChainHeadSql =
    "SELECT id, hash FROM chain ORDER BY id DESC LIMIT 1";

// Each file's model::Sha256SumLine, in order (for WriteDefinitionRows). kInvalidArgument for a
// malformed hash or file name, or a hash that is not model::DefinitionSha256(files).
Result<std::vector<std::string>> CheckDefinitionFiles(std::string_view sha256,
                                                      std::span<const model::DefinitionFile> files);

// The recorded definition hash, or nullopt.
Result<std::optional<std::string>> RecordedDefinitionHash(Database& db);

// Writes the definition files, with their `sum_lines` (CheckDefinitionFiles), and the metadata
// key, inside the caller's transaction.
Status WriteDefinitionRows(Database& db, std::string_view sha256,
                           std::span<const model::DefinitionFile> files,
                           std::span<const std::string> sum_lines);

// The definition's recorded hash and its files in order, or nullopt when none is recorded.
Result<std::optional<StoredDefinition>> ReadDefinition(Database& db);

// The hash of the last submission (the genesis hash for an empty chain).
Result<std::string> ReadChainHead(Database& db);

// Writes a results snapshot's bytes for the chain entry `entry`, inside the caller's
// transaction.
Status WriteResultsRow(Database& db, int64_t entry, std::string_view snapshot);

// The snapshot the results entry `entry` commits to, or nullopt when it has none.
Result<std::optional<std::string>> ReadResultsRow(const Database& db, int64_t entry);

// The chain entry of the latest snapshot, or 0 when none is stored.
Result<int64_t> LatestResultsEntry(const Database& db);

// The number of snapshots stored.
Result<int64_t> CountResultsRows(const Database& db);

// The most recent results snapshot, or nullopt.
Result<std::optional<std::string>> ReadLatestResults(Database& db);

}  // namespace esep::storage::internal
