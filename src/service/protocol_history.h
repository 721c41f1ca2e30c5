// A protocol's history as the commission server and the public see it: every version the chair
// approved, oldest first, each with the decision behind it and the lines it changed; the
// decision of a correction under way; and, while a corrected protocol awaits approval, how it
// differs from the version in force (issue 12: "the old version stays, and the difference
// between versions is shown").
//
// Example:
//   ASSIGN_OR_RETURN(ProtocolHistory history, ReadProtocolHistory(store, desk, "P-1:list"));

#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "data_entry/form_values.h"
#include "data_entry/protocol_entry_state.h"
#include "protocol/decision.h"
#include "service/entries.h"
#include "storage/store.h"

namespace esep::service {

struct ProtocolVersion {
  int number = 1;  // 1 for the first approved version
  data_entry::ApprovedVersion approved;
  // The lines whose values differ from the version before (empty for the first).
  std::vector<std::string> changed;
};

struct ProtocolHistory {
  std::string protocol_id;
  data_entry::EntryStatus status = data_entry::EntryStatus::kEmpty;
  int64_t version = 0;
  std::optional<protocol::Decision> correction;  // the cycle under way, if any
  // When the status is definitive: the values awaiting approval, and the lines where they differ
  // from the version in force (empty when none is).
  std::optional<data_entry::FormValues> pending;
  std::vector<std::string> pending_changed;
  std::vector<ProtocolVersion> versions;  // oldest first
};

// The history of `protocol_id`. kNotFound for an id the election does not expect (FormOf); the
// store's errors.
Result<ProtocolHistory> ReadProtocolHistory(storage::Store& store, const EntryDesk& desk,
                                            std::string_view protocol_id);

}  // namespace esep::service
