#include "protocol/decision.h"

#include "base/text.h"

namespace esep::protocol {

bool Decision::complete() const {
  return !Trim(number).empty() && !Trim(date).empty() && !Trim(commission).empty() &&
         !Trim(reason).empty();
}

}  // namespace esep::protocol
