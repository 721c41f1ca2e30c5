#include "data_entry/line_key.h"

#include <cassert>
#include <tuple>

#include <fmt/format.h>

namespace esep::data_entry {

namespace {

// The ballot account's figures are the first twelve entries of kCountFields; the thirteenth
// is "against all", which the paper puts after the choices.
constexpr size_t kBallotAccountLines = 12;

// The paper rank of a key: figures 0..11, choices 100 + N, against all, the turnout, then
// everything else.
int64_t Rank(std::string_view key) {
  for (size_t i = 0; i < kBallotAccountLines; ++i) {
    if (protocol::kCountFields[i].key == key) {
      return static_cast<int64_t>(i);
    }
  }
  if (std::optional<int> choice = ParseChoiceKey(key)) {
    return 100 + *choice;
  }
  if (key == kAgainstAllKey) {
    return int64_t{1} << 40;
  }
  if (key == kTurnoutKey) {
    return (int64_t{1} << 40) + 1;
  }
  return int64_t{1} << 41;
}

}  // namespace

std::string ChoiceKey(int choice) {
  assert(choice >= 1);
  return fmt::format("choice.{}", choice);
}

std::optional<int> ParseChoiceKey(std::string_view key) {
  constexpr std::string_view kPrefix = "choice.";
  if (key.substr(0, kPrefix.size()) != kPrefix) {
    return std::nullopt;
  }
  const std::string_view digits = key.substr(kPrefix.size());
  // At most 6 digits: no ballot has a million choices, and the value cannot overflow.
  if (digits.empty() || digits.size() > 6 || digits.front() == '0') {
    return std::nullopt;
  }
  int value = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') {
      return std::nullopt;
    }
    value = value * 10 + (c - '0');
  }
  return value;
}

std::string_view FigureKey(protocol::Figure figure) {
  for (const protocol::CountField& field : protocol::kCountFields) {
    if (field.figure == figure) {
      return field.key;
    }
  }
  if (figure == protocol::Figure::kSumOfChoices) {
    return kSumOfChoicesKey;
  }
  return kTurnoutKey;
}

bool PaperOrder::operator()(std::string_view a, std::string_view b) const {
  return std::make_tuple(Rank(a), a) < std::make_tuple(Rank(b), b);
}

}  // namespace esep::data_entry
