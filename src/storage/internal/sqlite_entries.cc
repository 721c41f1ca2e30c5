#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "base/text.h"
#include "storage/internal/entry_rows.h"
#include "storage/internal/sqlite_store_impl.h"

namespace esep::storage::internal {

Result<std::optional<SubmitResult>> SqliteStore::CommitEntry(
    const EntryCommit& commit, std::span<const protocol::ControlRatio> ratios) {
  if (!HasEntryStates()) {
    return FailedPreconditionError(fmt::format(
        "store {} is of format {}, which has no entry states: open it for writing once to "
        "bring it to format {}",
        db_.path(), format_version_, kStoreFormatVersion));
  }
  RETURN_IF_ERROR(CheckEntryCommit(commit));
  std::span<const protocol::Submission> batch;
  if (commit.approved.has_value()) {
    batch = std::span<const protocol::Submission>(&*commit.approved, 1);
  }
  PreparedChunk prepared = PrepareChunk(batch, ratios);
  RETURN_IF_ERROR(db_.Exec("BEGIN IMMEDIATE"));
  std::optional<SubmitResult> submitted;
  Status status = [&]() -> Status {
    ASSIGN_OR_RETURN(const data_entry::ProtocolEntryState stored,
                     ReadEntryStateRow(db_, commit.protocol_id));
    if (stored.version != commit.expected_version) {
      return AbortedError(fmt::format(
          "protocol {} was changed meanwhile: it is at version {}, not {}; read it again",
          EscapeControlCharacters(commit.protocol_id), stored.version, commit.expected_version));
    }
    if (!batch.empty()) {
      ASSIGN_OR_RETURN(std::vector<SubmitResult> results,
                       SubmitInTransaction(batch, ratios, prepared));
      if (results.front().outcome == Outcome::kRejected) {
        return FailedPreconditionError(
            fmt::format("protocol {}: the approved protocol is refused by the store: {}",
                        EscapeControlCharacters(commit.protocol_id), results.front().reason));
      }
      submitted = std::move(results.front());
    }
    ASSIGN_OR_RETURN(StoreState * state, SyncedState());
    RETURN_IF_ERROR(AppendEventsRow(*state, commit.events));
    RETURN_IF_ERROR(WriteEntryStateRow(db_, commit.protocol_id, commit.state));
    return db_.Exec("COMMIT");
  }();
  if (!status.ok()) {
    db_.RollbackIfActive();
    ForgetState();
    filling_.Clear();
    return status;
  }
  return submitted;
}

Result<data_entry::ProtocolEntryState> SqliteStore::EntryState(std::string_view protocol_id) {
  if (!HasEntryStates()) {
    return data_entry::ProtocolEntryState();
  }
  return ReadEntryStateRow(db_, protocol_id);
}

Result<std::vector<StoredEntryState>> SqliteStore::EntryStates() {
  if (!HasEntryStates()) {
    return std::vector<StoredEntryState>();
  }
  return ReadEntryStateRows(db_);
}

}  // namespace esep::storage::internal
