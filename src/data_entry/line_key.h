// The keys of a protocol form's lines: the names by which the web application, the API and the
// store address one typed figure ("ballots_received", "choice.3", "against_all"), and the
// paper's order of them. docs/formats/entry-form.md lists them.
//
// Pure functions over static data; thread-safe.

#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "protocol/protocol.h"

namespace esep::data_entry {

// The largest count a line accepts, as every reader of counts (base/text.h ParseCount).
inline constexpr int64_t kMaxLineValue = 1'000'000'000'000'000;

inline constexpr std::string_view kAgainstAllKey = "against_all";
inline constexpr std::string_view kTurnoutKey = "turnout_reported_during_day";
// Computed, never typed: it appears in the control ratios of the form, not among its lines.
inline constexpr std::string_view kSumOfChoicesKey = "sum_of_choices";

// "choice.3" for the third list or candidate (1-based, ballot order).
// REQUIRES: choice >= 1.
std::string ChoiceKey(int choice);

// The choice a key names: 3 for "choice.3"; nullopt for any other key, "choice.0" and
// "choice.03" included (one spelling per line).
std::optional<int> ParseChoiceKey(std::string_view key);

// The key of a figure of the ballot account ("ballots_received"; "sum_of_choices" for the
// computed sum; "turnout_reported_during_day").
std::string_view FigureKey(protocol::Figure figure);

// Orders line keys as the paper form does: the twelve figures of the ballot account, the
// choices by number, "against all", the daytime turnout; any other string after them, by its
// bytes. A strict weak order on all strings, so it can order a std::map.
struct PaperOrder {
  using is_transparent = void;
  bool operator()(std::string_view a, std::string_view b) const;
};

}  // namespace esep::data_entry
