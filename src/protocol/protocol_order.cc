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
  std::stable_sort(order.begin(), order.end(), [](const Position& a, const Position& b) {
    return CompareKeys(a.commission_id, a.district, b.commission_id, b.district) < 0;
  });
  std::vector<Protocol> sorted;
  sorted.reserve(protocols.size());
  for (const Position& position : order) {
    sorted.push_back(std::move(protocols[position.index]));
  }
  protocols = std::move(sorted);
}

}  // namespace esep::protocol
