// The one order of protocols every report and the store use: commission id (bytewise), then
// district number, so that a precinct's party-list protocol (district 0) comes before its
// district protocol. Pure functions; thread-safe.

#pragma once

#include <string_view>
#include <vector>

#include "protocol/protocol.h"

namespace esep::protocol {

// True when `a` comes before `b`: commission id bytewise, then district.
bool ByCommissionThenDistrict(const Protocol& a, const Protocol& b);

// The same order for keys held apart from a protocol (a store's keys, a result's lists).
bool KeyBefore(std::string_view a_commission, int a_district, std::string_view b_commission,
               int b_district);

// Sorts `protocols` in that order, keeping the order of equal keys. Checks first (files are
// usually sorted by commission already); otherwise merges the sorted runs of small (key,
// position) records and then moves each protocol into place once, in place, since sorting two
// million protocols themselves moves their strings and vectors at every step.
void SortByCommissionThenDistrict(std::vector<Protocol>& protocols);

}  // namespace esep::protocol
