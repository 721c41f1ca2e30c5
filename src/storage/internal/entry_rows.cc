#include "storage/internal/entry_rows.h"

#include <string>
#include <utility>

#include <fmt/format.h>

#include "base/text.h"
#include "storage/entry_state_codec.h"

namespace esep::storage::internal {

namespace {

// The state of the current row of `statement` (protocol_id, version, state).
Result<data_entry::ProtocolEntryState> DecodeRow(const Database& db, const Statement& statement) {
  const std::string protocol_id = statement.Text(0);
  const int64_t version = statement.Int(1);
  Result<data_entry::ProtocolEntryState> state = DecodeEntryState(statement.View(2), version);
  if (!state.has_value()) {
    return state.error().WithContext(fmt::format("store {}: entry_states table, protocol '{}'",
                                                 db.path(), EscapeControlCharacters(protocol_id)));
  }
  return state;
}

}  // namespace

Result<data_entry::ProtocolEntryState> ReadEntryStateRow(const Database& db,
                                                         std::string_view protocol_id) {
  ASSIGN_OR_RETURN(
      CachedStatement select,
      db.Cached("SELECT protocol_id, version, state FROM entry_states WHERE protocol_id = ?1"));
  select->BindView(1, protocol_id);
  ASSIGN_OR_RETURN(const bool row, select->Step());
  if (!row) {
    return data_entry::ProtocolEntryState();
  }
  return DecodeRow(db, *select);
}

Result<int64_t> ReadEntryStateVersion(const Database& db, std::string_view protocol_id) {
  ASSIGN_OR_RETURN(CachedStatement select,
                   db.Cached("SELECT version FROM entry_states WHERE protocol_id = ?1"));
  select->BindView(1, protocol_id);
  ASSIGN_OR_RETURN(const bool row, select->Step());
  return row ? select->Int(0) : int64_t{0};
}

Result<std::vector<StoredEntryState>> ReadEntryStateRows(const Database& db) {
  ASSIGN_OR_RETURN(Statement select,
                   Statement::Prepare(db,
                                      "SELECT protocol_id, version, state FROM entry_states "
                                      "ORDER BY protocol_id"));
  std::vector<StoredEntryState> states;
  while (true) {
    ASSIGN_OR_RETURN(const bool row, select.Step());
    if (!row) {
      return states;
    }
    ASSIGN_OR_RETURN(data_entry::ProtocolEntryState state, DecodeRow(db, select));
    states.push_back(StoredEntryState{select.Text(0), std::move(state)});
  }
}

Status CheckEntryCommit(const EntryCommit& commit) {
  if (commit.protocol_id.empty()) {
    return InvalidArgumentError("an entry state is stored under its protocol's id, not empty");
  }
  if (commit.expected_version < 0 || commit.state.version != commit.expected_version + 1) {
    return InvalidArgumentError(
        fmt::format("protocol {}: a command on version {} makes version {}, not {}",
                    EscapeControlCharacters(commit.protocol_id), commit.expected_version,
                    commit.expected_version + 1, commit.state.version));
  }
  for (const AuditEvent& event : commit.events) {
    RETURN_IF_ERROR(CheckEventDetails(event));
  }
  return OkStatus();
}

Status WriteEntryStateRow(const Database& db, std::string_view protocol_id,
                          const data_entry::ProtocolEntryState& state) {
  ASSIGN_OR_RETURN(CachedStatement upsert,
                   db.Cached("INSERT INTO entry_states (protocol_id, version, state) "
                             "VALUES (?1, ?2, ?3) ON CONFLICT (protocol_id) DO UPDATE "
                             "SET version = excluded.version, state = excluded.state"));
  const std::string encoded = EncodeEntryState(state);
  upsert->BindView(1, protocol_id);
  upsert->Bind(2, state.version);
  upsert->BindView(3, encoded);
  return upsert->Run();
}

}  // namespace esep::storage::internal
