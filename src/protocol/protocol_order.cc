#include "protocol/protocol_order.h"

#include <algorithm>
#include <cstddef>
#include <string_view>
#include <utility>

namespace esep::protocol {

namespace {

int CompareKeys(std::string_view a_commission, int a_district, std::string_view b_commission,
                int b_district) {
  const int order = a_commission.compare(b_commission);
  if (order != 0) {
    return order;
  }
  return a_district < b_district ? -1 : (a_district > b_district ? 1 : 0);
}

}  // namespace

bool KeyBefore(std::string_view a_commission, int a_district, std::string_view b_commission,
               int b_district) {
  return CompareKeys(a_commission, a_district, b_commission, b_district) < 0;
}

bool ByCommissionThenDistrict(const Protocol& a, const Protocol& b) {
  return CompareKeys(a.commission_id, a.contest.district, b.commission_id, b.contest.district) < 0;
}

void SortByCommissionThenDistrict(std::vector<Protocol>& protocols) {
  if (std::is_sorted(protocols.begin(), protocols.end(), ByCommissionThenDistrict)) {
    return;
  }
  // Views into the protocols' own ids: nothing is moved until the order is known.
  struct Position {
    std::string_view commission_id;
    int district;
    size_t index;
  };
  std::vector<Position> order;
  order.reserve(protocols.size());
  for (size_t i = 0; i < protocols.size(); ++i) {
    order.push_back({protocols[i].commission_id, protocols[i].contest.district, i});
  }
  const auto before = [](const Position& a, const Position& b) {
    return CompareKeys(a.commission_id, a.district, b.commission_id, b.district) < 0;
  };
  // Files come in a few sorted runs (a region after another, say): merging the runs costs a
  // few passes, where sorting from scratch costs twenty-odd. Runs are merged pairwise, bottom
  // up; std::inplace_merge is stable, so equal keys keep their order.
  std::vector<size_t> runs = {0};
  for (size_t i = 1; i < order.size(); ++i) {
    if (before(order[i], order[i - 1])) {
      runs.push_back(i);
    }
  }
  runs.push_back(order.size());
  while (runs.size() > 2) {
    std::vector<size_t> merged;
    for (size_t r = 0; r + 2 < runs.size(); r += 2) {
      std::inplace_merge(order.begin() + static_cast<std::ptrdiff_t>(runs[r]),
                         order.begin() + static_cast<std::ptrdiff_t>(runs[r + 1]),
                         order.begin() + static_cast<std::ptrdiff_t>(runs[r + 2]), before);
      merged.push_back(runs[r]);
    }
    if (runs.size() % 2 == 0) {  // an odd number of runs: the last one waits for the next pass
      merged.push_back(runs[runs.size() - 2]);
    }
    merged.push_back(order.size());
    runs = std::move(merged);
  }
  // The permutation applied in place, one cycle at a time: a second vector of two million
  // protocols would cost as much in page faults as the moves themselves.
  std::vector<size_t> source(order.size());
  for (size_t k = 0; k < order.size(); ++k) {
    source[k] = order[k].index;
  }
  order = {};
  for (size_t start = 0; start < source.size(); ++start) {
    if (source[start] == start) {
      continue;
    }
    Protocol held = std::move(protocols[start]);
    size_t at = start;
    while (source[at] != start) {
      const size_t from = source[at];
      protocols[at] = std::move(protocols[from]);
      source[at] = at;
      at = from;
    }
    protocols[at] = std::move(held);
    source[at] = at;
  }
}

}  // namespace esep::protocol
