#include "service/protocol_history.h"

#include <utility>

namespace esep::service {

Result<ProtocolHistory> ReadProtocolHistory(storage::Store& store, const EntryDesk& desk,
                                            std::string_view protocol_id) {
  ASSIGN_OR_RETURN(const data_entry::FormDefinition form, FormOf(desk, protocol_id));
  ASSIGN_OR_RETURN(data_entry::ProtocolEntryState state, store.EntryState(protocol_id));
  ProtocolHistory history;
  history.protocol_id = form.protocol_id;
  history.status = state.status;
  history.version = state.version;
  history.correction = state.correction;
  for (data_entry::ApprovedVersion& approved : state.approved) {
    ProtocolVersion version{.number = static_cast<int>(history.versions.size()) + 1,
                            .approved = std::move(approved),
                            .changed = {}};
    if (!history.versions.empty()) {
      version.changed =
          data_entry::Differences(history.versions.back().approved.values, version.approved.values);
    }
    history.versions.push_back(std::move(version));
  }
  if (state.status == data_entry::EntryStatus::kDefinitive && state.first.has_value()) {
    history.pending = state.first->values;
    if (!history.versions.empty()) {
      history.pending_changed =
          data_entry::Differences(history.versions.back().approved.values, *history.pending);
    }
  }
  return history;
}

}  // namespace esep::service
