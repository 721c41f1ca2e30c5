#include "storage/internal/sqlite_records.h"

#include <algorithm>

#include <fmt/format.h>

#include "base/text.h"
#include "storage/audit_chain.h"

namespace esep::storage::internal {

namespace {

constexpr std::string_view kMetadataSql = "SELECT value FROM metadata WHERE key = ?1";
constexpr std::string_view kInsertMetadataSql = "INSERT INTO metadata (key, value) VALUES (?1, ?2)";
constexpr std::string_view kDefinitionFilesSql =
    "SELECT name, content FROM definition_files ORDER BY position";
constexpr std::string_view kInsertDefinitionFileSql =
    "INSERT INTO definition_files (position, name, sha256, content) VALUES (?1, ?2, ?3, ?4)";
constexpr std::string_view kDefinitionKey = "definition_sha256";

bool IsLowercaseSha256(std::string_view text) {
  return text.size() == 64 && text.find_first_not_of("0123456789abcdef") == std::string::npos;
}

}  // namespace

Result<std::optional<std::string>> RecordedDefinitionHash(Database& db) {
  ASSIGN_OR_RETURN(Statement select, Statement::Prepare(db, kMetadataSql));
  select.Bind(1, kDefinitionKey);
  ASSIGN_OR_RETURN(const bool row, select.Step());
  if (!row) {
    return std::optional<std::string>();
  }
  return std::optional<std::string>(select.Text(0));
}

Result<std::vector<std::string>> CheckDefinitionFiles(
    std::string_view sha256, std::span<const model::DefinitionFile> files) {
  if (!IsLowercaseSha256(sha256)) {
    return InvalidArgumentError(
        fmt::format("a definition hash is 64 lowercase hexadecimal digits, not '{}'", sha256));
  }
  if (files.empty()) {
    return InvalidArgumentError("a definition has at least one file");
  }
  for (const model::DefinitionFile& file : files) {
    const bool bad_name =
        file.name.empty() || std::any_of(file.name.begin(), file.name.end(), [](char c) {
          return c == '/' || c == '\\' || static_cast<unsigned char>(c) < 0x20;
        });
    if (bad_name || FindInvalidUtf8(file.name) != std::string::npos) {
      return InvalidArgumentError(fmt::format(
          "definition file name '{}' must be a bare UTF-8 file name, without '/', '\\' or "
          "control characters",
          file.name));
    }
  }
  std::vector<std::string> sum_lines;
  sum_lines.reserve(files.size());
  for (const model::DefinitionFile& file : files) {
    sum_lines.push_back(model::Sha256SumLine(file));
  }
  if (const std::string computed = model::DefinitionSha256FromLines(sum_lines);
      computed != sha256) {
    return InvalidArgumentError(
        fmt::format("the definition hash {} is not the SHA-256 of its files' sha256sum listing, {}",
                    sha256, computed));
  }
  return sum_lines;
}

Status WriteDefinitionRows(Database& db, std::string_view sha256,
                           std::span<const model::DefinitionFile> files,
                           std::span<const std::string> sum_lines) {
  ASSIGN_OR_RETURN(Statement insert, Statement::Prepare(db, kInsertDefinitionFileSql));
  for (size_t i = 0; i < files.size(); ++i) {
    insert.Reset();
    insert.Bind(1, static_cast<int64_t>(i + 1));
    insert.Bind(2, files[i].name);
    insert.Bind(3, std::string_view(sum_lines[i]).substr(0, 64));
    insert.BindBlobView(4, files[i].content);  // the files outlive the statement's run
    RETURN_IF_ERROR(insert.Run());
  }
  ASSIGN_OR_RETURN(Statement metadata, Statement::Prepare(db, kInsertMetadataSql));
  metadata.Bind(1, kDefinitionKey);
  metadata.Bind(2, sha256);
  return metadata.Run();
}

Result<std::optional<StoredDefinition>> ReadDefinition(Database& db) {
  ReadTransaction transaction(db);
  RETURN_IF_ERROR(transaction.status());
  ASSIGN_OR_RETURN(const std::optional<std::string> recorded, RecordedDefinitionHash(db));
  if (!recorded.has_value()) {
    return std::optional<StoredDefinition>();
  }
  StoredDefinition definition;
  definition.sha256 = *recorded;
  ASSIGN_OR_RETURN(Statement rows, Statement::Prepare(db, kDefinitionFilesSql));
  while (true) {
    ASSIGN_OR_RETURN(const bool row, rows.Step());
    if (!row) {
      break;
    }
    definition.files.push_back(model::DefinitionFile{rows.Text(0), rows.Blob(1)});
  }
  return std::optional<StoredDefinition>(std::move(definition));
}

Result<std::string> ReadChainHead(Database& db) {
  ASSIGN_OR_RETURN(Statement head, Statement::Prepare(db, kChainHeadSql));
  ASSIGN_OR_RETURN(const bool row, head.Step());
  return row ? head.Text(1) : GenesisHash();
}

Status WriteResultsRow(Database& db, int64_t entry, std::string_view snapshot) {
  if (FindInvalidUtf8(snapshot) != std::string::npos) {
    return InvalidArgumentError("a results snapshot is UTF-8 text");
  }
  ASSIGN_OR_RETURN(Statement insert,
                   Statement::Prepare(db, "INSERT INTO results (entry, content) VALUES (?1, ?2)"));
  insert.Bind(1, entry);
  insert.Bind(2, snapshot);
  return insert.Run();
}

Result<std::optional<std::string>> ReadResultsRow(const Database& db, int64_t entry) {
  ASSIGN_OR_RETURN(Statement select,
                   Statement::Prepare(db, "SELECT content FROM results WHERE entry = ?1"));
  select.Bind(1, entry);
  ASSIGN_OR_RETURN(const bool row, select.Step());
  return row ? std::optional<std::string>(select.Text(0)) : std::nullopt;
}

Result<int64_t> LatestResultsEntry(const Database& db) {
  ASSIGN_OR_RETURN(Statement latest,
                   Statement::Prepare(db, "SELECT coalesce(max(entry), 0) FROM results"));
  ASSIGN_OR_RETURN(const bool row, latest.Step());
  return row ? latest.Int(0) : 0;
}

Result<int64_t> CountResultsRows(const Database& db) {
  ASSIGN_OR_RETURN(Statement count, Statement::Prepare(db, "SELECT count(*) FROM results"));
  ASSIGN_OR_RETURN(const bool row, count.Step());
  return row ? count.Int(0) : 0;
}

Result<std::optional<std::string>> ReadLatestResults(Database& db) {
  ASSIGN_OR_RETURN(Statement latest,
                   Statement::Prepare(db, "SELECT content FROM results ORDER BY id DESC LIMIT 1"));
  ASSIGN_OR_RETURN(const bool row, latest.Step());
  return row ? std::optional<std::string>(latest.Text(0)) : std::nullopt;
}

}  // namespace esep::storage::internal
