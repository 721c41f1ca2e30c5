#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
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

Result<std::vector<Result<std::optional<SubmitResult>>>> SqliteStore::CommitEntries(
    std::span<const EntryCommit> commits, std::span<const protocol::ControlRatio> ratios) {
  using ItemResult = Result<std::optional<SubmitResult>>;
  if (!HasEntryStates()) {
    return FailedPreconditionError(fmt::format(
        "store {} is of format {}, which has no entry states: open it for writing once to "
        "bring it to format {}",
        db_.path(), format_version_, kStoreFormatVersion));
  }
  std::vector<ItemResult> results(commits.size(), ItemResult(std::optional<SubmitResult>()));
  // The items refused before or in an earlier attempt: they write nothing.
  std::vector<bool> refused(commits.size(), false);
  for (size_t i = 0; i < commits.size(); ++i) {
    if (Status checked = CheckEntryCommit(commits[i]); !checked.ok()) {
      results[i] = std::move(checked);
      refused[i] = true;
    }
  }
  // An approval the store rejects has already written its rejected submission when the
  // rejection is known: the attempt is rolled back and the batch run again without that item.
  // Each attempt refuses one more item, so there are at most (approvals + 1) attempts.
  while (true) {
    std::optional<size_t> rejected;
    Status status = [&]() -> Status {
      RETURN_IF_ERROR(db_.Exec("BEGIN IMMEDIATE"));
      ASSIGN_OR_RETURN(StoreState * state, SyncedState());
      // The version each protocol written so far in this batch is at.
      std::unordered_map<std::string_view, int64_t> written;
      // The events not yet appended: they share one row of the chain.
      std::vector<AuditEvent> pending;
      for (size_t i = 0; i < commits.size(); ++i) {
        if (refused[i]) {
          continue;
        }
        const EntryCommit& commit = commits[i];
        int64_t stored_version = 0;
        if (const auto found = written.find(commit.protocol_id); found != written.end()) {
          stored_version = found->second;
        } else {
          // The version alone: the commit replaces the state, which its command was applied to
          // as read (and decoded) before; only whether it moved meanwhile matters here.
          ASSIGN_OR_RETURN(stored_version, ReadEntryStateVersion(db_, commit.protocol_id));
        }
        if (stored_version != commit.expected_version) {
          results[i] = AbortedError(fmt::format(
              "protocol {} was changed meanwhile: it is at version {}, not {}; read it again",
              EscapeControlCharacters(commit.protocol_id), stored_version,
              commit.expected_version));
          continue;
        }
        if (commit.approved.has_value()) {
          // The submission comes before the item's events, after the events before it.
          RETURN_IF_ERROR(AppendEventsRow(*state, pending));
          pending.clear();
          const std::span<const protocol::Submission> one(&*commit.approved, 1);
          PreparedChunk prepared = PrepareChunk(one, ratios);
          ASSIGN_OR_RETURN(std::vector<SubmitResult> submitted,
                           SubmitInTransaction(one, ratios, prepared));
          if (submitted.front().outcome == Outcome::kRejected) {
            results[i] = FailedPreconditionError(
                fmt::format("protocol {}: the approved protocol is refused by the store: {}",
                            EscapeControlCharacters(commit.protocol_id), submitted.front().reason));
            rejected = i;
            return AbortedError("rolled back to leave out a rejected approval");
          }
          results[i] = std::optional<SubmitResult>(std::move(submitted.front()));
          ASSIGN_OR_RETURN(state, SyncedState());
        } else {
          results[i] = std::optional<SubmitResult>();
        }
        pending.insert(pending.end(), commit.events.begin(), commit.events.end());
        RETURN_IF_ERROR(WriteEntryStateRow(db_, commit.protocol_id, commit.state));
        written[commit.protocol_id] = commit.state.version;
      }
      RETURN_IF_ERROR(AppendEventsRow(*state, pending));
      return db_.Exec("COMMIT");
    }();
    if (status.ok()) {
      return results;
    }
    db_.RollbackIfActive();
    ForgetState();
    filling_.Clear();
    if (!rejected.has_value()) {
      return status;
    }
    refused[*rejected] = true;
  }
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
