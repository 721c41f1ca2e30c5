// The accounts as the chain's events describe them: VerifyChain replays every user_added and
// change event (storage/accounts.h) and compares the result with the users table, so that a
// row changed outside esep (a role, a commission, a re-enabled account), which no event
// records, is a mismatch of `esep verify`. The password hash is never in an event, so a hash
// replaced by hand without touching the version is not seen here (docs/threat-model.md).
//
// Not thread-safe; one object per verification.

#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>

#include "storage/accounts.h"
#include "storage/audit_event.h"
#include "storage/chain_report.h"

namespace esep::storage::internal {

class AccountReplay {
 public:
  // Applies `event`, entry `entry` of the chain; events of other kinds are ignored. A mismatch
  // (an account added twice, a change to an account never added) when the events contradict
  // each other.
  std::optional<ChainMismatch> Apply(int64_t entry, const AuditEvent& event);

  // The first difference between the replayed accounts and `users` (the table, by id), as a
  // mismatch of entry 0; nullopt when they agree.
  std::optional<ChainMismatch> Compare(std::span<const StoredUser> users) const;

 private:
  struct Replayed {
    int64_t added_at = 0;  // the user_added entry
    int64_t version = 0;   // 1 + the changes replayed
    std::map<std::string, std::string, std::less<>> fields;
  };
  std::map<std::string, Replayed, std::less<>> users_;  // by id
};

}  // namespace esep::storage::internal
