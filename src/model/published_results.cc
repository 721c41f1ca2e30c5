#include "model/published_results.h"

#include <numeric>

namespace esep::model {

int64_t ListResultRow::list_votes() const {
  return std::accumulate(party_votes.begin(), party_votes.end(), int64_t{0});
}

}  // namespace esep::model
