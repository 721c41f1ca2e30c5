#include "data_entry/protocol_entry_state.h"

#include <cassert>

#include <fmt/format.h>

namespace esep::data_entry {

std::string_view EntryStatusName(EntryStatus status) {
  switch (status) {
    case EntryStatus::kEmpty:
      return "empty";
    case EntryStatus::kFirstEntryInProgress:
      return "first_entry_in_progress";
    case EntryStatus::kFirstEntryHasErrors:
      return "first_entry_has_errors";
    case EntryStatus::kFirstEntryDone:
      return "first_entry_done";
    case EntryStatus::kSecondEntryInProgress:
      return "second_entry_in_progress";
    case EntryStatus::kFirstEntryReturned:
      return "first_entry_returned";
    case EntryStatus::kEntriesDifferent:
      return "entries_different";
    case EntryStatus::kDefinitive:
      return "definitive";
    case EntryStatus::kApproved:
      return "approved";
  }
  return "?";
}

std::string_view EntryPhaseName(EntryPhase phase) {
  return phase == EntryPhase::kInProgress ? "in_progress" : "finalised";
}

const Entry* ProtocolEntryState::entry(int number) const {
  assert(number == 1 || number == 2);
  const std::optional<Entry>& slot = number == 1 ? first : second;
  return slot.has_value() ? &*slot : nullptr;
}

const ApprovedVersion* ProtocolEntryState::in_force() const {
  return approved.empty() ? nullptr : &approved.back();
}

Status CheckTypistMayRead(const ProtocolEntryState& state, int number, std::string_view typist) {
  if (number != 1 && number != 2) {
    return InvalidArgumentError(fmt::format("entry {}: a protocol has entries 1 and 2", number));
  }
  const Entry* entry = state.entry(number);
  if (entry == nullptr) {
    return NotFoundError(
        fmt::format("entry {} does not exist ({})", number, EntryStatusName(state.status)));
  }
  if (entry->typist != typist) {
    return PermissionDeniedError(
        fmt::format("entry {} is another typist's; a typist reads only their own entry", number));
  }
  return OkStatus();
}

}  // namespace esep::data_entry
