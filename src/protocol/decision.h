// Decision: a commission's formal act authorising the correction of an accepted protocol. The
// observers saw protocols completed or changed at the territorial commission without one; esep
// accepts a changed protocol only when it cites a complete decision (docs/law.md).
//
// Plain data, copied freely.

#pragma once

#include <string>

namespace esep::protocol {

struct Decision {
  std::string number;      // "12/45"
  std::string date;        // as written on the decision, e.g. "2023-03-21"
  std::string commission;  // the commission that took it
  std::string reason;      // why the protocol is corrected

  // True when all four fields hold more than spaces: only such a decision authorises a
  // correction.
  bool complete() const;
  friend bool operator==(const Decision&, const Decision&) = default;
};

}  // namespace esep::protocol
