#include "law/list_rules.h"

#include <fmt/format.h>

#include "base/text.h"

namespace esep::law {

namespace {

template <typename Enum>
struct NameRow {
  Enum value;
  std::string_view name;
};

constexpr NameRow<ApportionmentMethod> kMethodNames[] = {
    {ApportionmentMethod::kHare, "hare"},
    {ApportionmentMethod::kDroop, "droop"},
    {ApportionmentMethod::kDHondt, "dhondt"},
    {ApportionmentMethod::kSainteLague, "sainte-lague"},
};
constexpr NameRow<ThresholdBase> kBaseNames[] = {
    {ThresholdBase::kValidVotes, "votes"},
    {ThresholdBase::kBallotsCast, "cast"},
};
constexpr NameRow<TieBreak> kTieBreakNames[] = {
    {TieBreak::kEarlierRegistration, "registration"},
    {TieBreak::kMoreVotesThenLot, "votes"},
    {TieBreak::kLot, "lot"},
};
constexpr NameRow<SurplusSeats> kSurplusNames[] = {
    {SurplusSeats::kLeaveVacant, "vacant"},
    {SurplusSeats::kReallocate, "reallocate"},
};

template <typename Enum, size_t N>
std::string_view NameOf(const NameRow<Enum> (&table)[N], Enum value) {
  for (const auto& row : table) {
    if (row.value == value) {
      return row.name;
    }
  }
  return "?";
}

template <typename Enum, size_t N>
Result<Enum> Parse(const NameRow<Enum> (&table)[N], std::string_view text, std::string_view what) {
  const std::string wanted = NormalizeName(text);
  std::string choices;
  for (const auto& row : table) {
    if (row.name == wanted) {
      return row.value;
    }
    choices += choices.empty() ? "" : ", ";
    choices += row.name;
  }
  return InvalidArgumentError(
      fmt::format("unknown {} '{}'; choose one of: {}", what, text, choices));
}

}  // namespace

std::string_view MethodName(ApportionmentMethod method) { return NameOf(kMethodNames, method); }

std::string_view MethodTitle(ApportionmentMethod method) {
  switch (method) {
    case ApportionmentMethod::kHare:
      return "largest remainder, Hare quota";
    case ApportionmentMethod::kDroop:
      return "largest remainder, Droop quota";
    case ApportionmentMethod::kDHondt:
      return "highest averages, D'Hondt divisors 1, 2, 3, ...";
    case ApportionmentMethod::kSainteLague:
      return "highest averages, Sainte-Laguë divisors 1, 3, 5, ...";
  }
  return "?";
}

Result<ApportionmentMethod> ParseMethod(std::string_view name) {
  const std::string normalized = NormalizeName(name);
  if (normalized == "d'hondt" || normalized == "jefferson") {
    return ApportionmentMethod::kDHondt;
  }
  if (normalized == "sainte-laguë" || normalized == "webster" || normalized == "saintelague") {
    return ApportionmentMethod::kSainteLague;
  }
  if (normalized == "largest-remainder") {
    return ApportionmentMethod::kHare;
  }
  return Parse(kMethodNames, name, "apportionment method");
}

std::string_view ThresholdBaseName(ThresholdBase base) { return NameOf(kBaseNames, base); }
Result<ThresholdBase> ParseThresholdBase(std::string_view name) {
  return Parse(kBaseNames, name, "threshold base");
}
std::string_view TieBreakName(TieBreak tie_break) { return NameOf(kTieBreakNames, tie_break); }
Result<TieBreak> ParseTieBreak(std::string_view name) {
  return Parse(kTieBreakNames, name, "tie-break rule");
}
std::string_view SurplusSeatsName(SurplusSeats surplus) { return NameOf(kSurplusNames, surplus); }
Result<SurplusSeats> ParseSurplusSeats(std::string_view name) {
  return Parse(kSurplusNames, name, "surplus-seat rule");
}

bool IsLargestRemainder(ApportionmentMethod method) {
  return method == ApportionmentMethod::kHare || method == ApportionmentMethod::kDroop;
}

}  // namespace esep::law
