#include "storage/submission.h"

namespace esep::storage {

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
