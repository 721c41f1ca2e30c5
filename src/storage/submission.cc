#include "storage/submission.h"

#include "base/text.h"

namespace esep::storage {

bool Decision::complete() const {
  return !Trim(number).empty() && !Trim(date).empty() && !Trim(commission).empty() &&
         !Trim(reason).empty();
}

std::string_view OutcomeName(Outcome outcome) {
  switch (outcome) {
    case Outcome::kAccepted:
      return "accepted";
    case Outcome::kUnchanged:
      return "unchanged";
    case Outcome::kRejected:
      return "rejected";
  }
  return "?";
}

}  // namespace esep::storage
