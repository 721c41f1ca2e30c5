#include "storage/internal/store_state.h"

#include <cstring>

#include "protocol/protocol_order.h"

namespace esep::storage::internal {

// The in-memory key of (commission, contest): the commission id, then a fixed 5-byte suffix
// (the contest kind and the district), so that different keys never share a text.
std::string_view KeyText(std::string& buffer, std::string_view commission_id,
                         protocol::ContestRef::Kind kind, int district) {
  buffer.assign(commission_id);
  buffer.push_back(kind == protocol::ContestRef::Kind::kPartyList ? 'L' : 'D');
  char bytes[4];
  std::memcpy(bytes, &district, sizeof bytes);
  buffer.append(bytes, sizeof bytes);
  return buffer;
}

ProtocolKey KeyFromText(std::string_view key) {
  ProtocolKey result;
  result.commission_id = std::string(key.substr(0, key.size() - 5));
  result.contest.kind = key[key.size() - 5] == 'L' ? protocol::ContestRef::Kind::kPartyList
                                                   : protocol::ContestRef::Kind::kDistrict;
  std::memcpy(&result.contest.district, key.data() + key.size() - 4, 4);
  return result;
}

// Bytewise commission id, then district: the order of AcceptedProtocols.
bool KeyLess(const std::string& a_commission, int a_district, const std::string& b_commission,
             int b_district) {
  return protocol::KeyBefore(a_commission, a_district, b_commission, b_district);
}

// Applies one kept row of `key_state`'s key to the in-memory state.
void ApplyOutcome(StoreState& state, KeyState& key_state, Outcome outcome, int64_t version,
                  int64_t id) {
  switch (outcome) {
    case Outcome::kAccepted:
      if (key_state.version == 0) {
        ++state.keys_accepted;
      }
      key_state = KeyState{version, id, false};
      ++state.counts.accepted;
      break;
    case Outcome::kUnchanged:
      key_state.open_correction = false;
      ++state.counts.unchanged;
      break;
    case Outcome::kRejected:
      // Only a key with an accepted version has a correction to ask for.
      key_state.open_correction = key_state.version > 0;
      ++state.counts.rejected;
      break;
  }
}

}  // namespace esep::storage::internal
