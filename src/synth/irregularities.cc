#include "synth/irregularities.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <iterator>
#include <numeric>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "synth/alterations.h"

namespace esep::synth {

namespace {

using protocol::Protocol;

constexpr int64_t kBillion = 1'000'000'000;
constexpr int kMaxDecimals = 9;

constexpr std::array<std::string_view, kIrregularityKinds> kNames = {
    "stuffing", "transfer", "turnout", "ratios", "round", "summary", "extreme", "incremental"};

// The seed of the injector's own stream, apart from the generator's so that the clean figures
// do not depend on what is injected.
constexpr uint64_t kInjectorSalt = 0x696e6a6563746f72;  // "injector"

// "name:before>after;..." for every figure that differs.
std::string Changes(const Protocol& before, const Protocol& after) {
  std::string changes;
  auto add = [&](std::string_view name, std::string_view from, std::string_view to) {
    if (from != to) {
      fmt::format_to(std::back_inserter(changes), "{}{}:{}>{}", changes.empty() ? "" : ";", name,
                     from, to);
    }
  };
  for (const protocol::CountField& field : protocol::kCountFields) {
    add(field.key, fmt::format("{}", before.*field.member), fmt::format("{}", after.*field.member));
  }
  auto turnout = [](const Protocol& p) {
    return p.turnout_reported_during_day.has_value()
               ? fmt::format("{}", *p.turnout_reported_during_day)
               : std::string();
  };
  add("turnout_reported_during_day", turnout(before), turnout(after));
  const size_t choices = std::max(before.choice_votes.size(), after.choice_votes.size());
  for (size_t k = 0; k < choices; ++k) {
    auto votes = [k](const Protocol& p) {
      return k < p.choice_votes.size() ? fmt::format("{}", p.choice_votes[k]) : std::string();
    };
    add(fmt::format("choice_{}", k + 1), votes(before), votes(after));
  }
  return changes;
}

// `text` as a CSV field: quoted when it holds a comma, a quote or a line break.
std::string CsvField(std::string_view text) {
  if (text.find_first_of(",\"\n\r") == std::string_view::npos) {
    return std::string(text);
  }
  std::string quoted = "\"";
  for (char c : text) {
    quoted += c;
    if (c == '"') {
      quoted += '"';
    }
  }
  return quoted + "\"";
}

// The fraction "0.02" in parts per billion, or why not.
Result<int64_t> ParseFraction(std::string_view text) {
  const size_t point = text.find('.');
  const std::string_view whole = text.substr(0, point);
  const std::string_view decimals =
      point == std::string_view::npos ? std::string_view() : text.substr(point + 1);
  auto digits = [](std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  if ((whole.empty() && decimals.empty()) || !digits(whole) || !digits(decimals)) {
    return InvalidArgumentError("is not a decimal fraction");
  }
  if (decimals.size() > static_cast<size_t>(kMaxDecimals)) {
    return InvalidArgumentError(fmt::format("has more than {} decimals", kMaxDecimals));
  }
  const size_t first = whole.find_first_not_of('0');
  const std::string_view significant =
      first == std::string_view::npos ? std::string_view() : whole.substr(first);
  if (significant.size() > 1) {
    return InvalidArgumentError("is more than 1");
  }
  int64_t parts = significant.empty() ? 0 : (significant[0] - '0') * kBillion;
  int64_t scale = kBillion;
  for (char c : decimals) {
    scale /= 10;
    parts += (c - '0') * scale;
  }
  if (parts > kBillion) {
    return InvalidArgumentError("is more than 1");
  }
  return parts;
}

// A fraction in parts per billion as the shortest decimal, "0.02".
std::string FormatFraction(int64_t parts) {
  std::string decimals = fmt::format("{:09}", parts % kBillion);
  while (!decimals.empty() && decimals.back() == '0') {
    decimals.pop_back();
  }
  return decimals.empty() ? fmt::format("{}", parts / kBillion)
                          : fmt::format("{}.{}", parts / kBillion, decimals);
}

// The fraud size x of kExtreme: 1 - |N(0, kExtremeFraudScale)|, redrawn until in (0, 1].
double ExtremeFraudSize(Random& random) {
  while (true) {
    const double x = 1.0 - std::abs(kExtremeFraudScale * random.Normal());
    if (x > 0) {
      return x;
    }
  }
}

// The fraud size x of kIncremental: |N(0, kIncrementalFraudScale)|, redrawn until below 1.
double IncrementalFraudSize(Random& random) {
  while (true) {
    const double x = std::abs(kIncrementalFraudScale * random.Normal());
    if (x < 1) {
      return x;
    }
  }
}

// Fraud of size x as in the Klimek et al. model (alpha = 1): x of the other lists' votes move
// to the leader, then x of the room left (the voters who did not vote) is stuffed for the leader
// in both protocols, with ballots issued and the daytime turnout raised to match (every control
// ratio still holds). Returns the votes the leader gained in the list protocol.
int64_t ApplyModelFraud(double x, Protocol& list, Protocol* district) {
  const size_t leader = Leader(list.choice_votes);
  const int64_t leader_before = list.choice_votes[leader];
  // MoveVotesToLeader takes a fraction below 1; at x = 1 the leader takes every other vote.
  MoveVotesToLeader(list, std::min(x, 1.0 - 1e-12));
  int64_t room = BallotRoom(list);
  if (district != nullptr) {
    room = std::min(room, BallotRoom(*district));
  }
  const auto ballots =
      std::min(room, static_cast<int64_t>(std::llround(x * static_cast<double>(room))));
  for (Protocol* p : {&list, district}) {
    if (p == nullptr || ballots <= 0) {
      continue;
    }
    AddBallotsForLeader(*p, ballots);
    if (p->turnout_reported_during_day.has_value()) {
      *p->turnout_reported_during_day += ballots;
    }
  }
  return list.choice_votes[leader] - leader_before;
}

}  // namespace

Result<int64_t> ParsePartsPerBillion(std::string_view text) { return ParseFraction(text); }

std::string FormatPartsPerBillion(int64_t parts) { return FormatFraction(parts); }

std::optional<IrregularityKind> Injector::ChosenKind(int64_t index) const {
  if (chosen_.empty() || chosen_[static_cast<size_t>(index)] == 0) {
    return std::nullopt;
  }
  return static_cast<IrregularityKind>(chosen_[static_cast<size_t>(index)] - 1);
}

std::string_view IrregularityName(IrregularityKind kind) {
  return kNames[static_cast<size_t>(kind)];
}

bool InjectOptions::any() const {
  return std::any_of(parts_per_billion.begin(), parts_per_billion.end(),
                     [](int64_t parts) { return parts > 0; });
}

int64_t InjectOptions::Count(IrregularityKind kind, int64_t total) const {
  const int64_t parts = parts_per_billion[static_cast<size_t>(kind)];
  // At most 10^9 × 10^6 (a million precincts): well inside 64 bits.
  return (parts * total + kBillion / 2) / kBillion;
}

std::string InjectOptions::ToSpec() const {
  std::string spec;
  for (size_t k = 0; k < kIrregularityKinds; ++k) {
    if (parts_per_billion[k] > 0) {
      fmt::format_to(std::back_inserter(spec), "{}{}={}", spec.empty() ? "" : ",", kNames[k],
                     FormatFraction(parts_per_billion[k]));
    }
  }
  return spec;
}

Result<InjectOptions> ParseInjectSpec(std::string_view spec) {
  static const std::string kinds = fmt::format("{}", fmt::join(kNames, ", "));
  InjectOptions options;
  std::array<bool, kIrregularityKinds> seen{};
  size_t start = 0;
  while (start <= spec.size()) {
    const size_t comma = std::min(spec.find(',', start), spec.size());
    const std::string_view item = spec.substr(start, comma - start);
    start = comma + 1;
    const size_t equals = item.find('=');
    if (equals == std::string_view::npos) {
      return InvalidArgumentError(fmt::format(
          "--inject '{}': write KIND=FRACTION, e.g. --inject stuffing=0.02,transfer=0.01 "
          "(kinds: {})",
          item, kinds));
    }
    const std::string_view name = item.substr(0, equals);
    const auto* found = std::find(kNames.begin(), kNames.end(), name);
    if (found == kNames.end()) {
      return InvalidArgumentError(
          fmt::format("--inject '{}': unknown kind '{}'; the kinds are {}", item, name, kinds));
    }
    const auto kind = static_cast<size_t>(found - kNames.begin());
    if (seen[kind]) {
      return InvalidArgumentError(
          fmt::format("--inject '{}': '{}' is given twice; give each kind once", item, name));
    }
    seen[kind] = true;
    Result<int64_t> parts = ParseFraction(item.substr(equals + 1));
    if (!parts.has_value()) {
      return InvalidArgumentError(fmt::format(
          "--inject '{}': '{}' {}; the size is the fraction of {} to alter, a decimal from 0 "
          "to 1 with at most {} decimals (e.g. {}=0.01)",
          item, item.substr(equals + 1), parts.error().message(),
          kind == static_cast<size_t>(IrregularityKind::kSummary) ? "summary protocols"
                                                                  : "precincts",
          kMaxDecimals, name));
    }
    options.parts_per_billion[kind] = *parts;
  }
  int64_t precinct_parts = 0;
  for (size_t k = 0; k < kIrregularityKinds; ++k) {
    if (k != static_cast<size_t>(IrregularityKind::kSummary)) {
      precinct_parts += options.parts_per_billion[k];
    }
  }
  if (precinct_parts > kBillion) {
    return InvalidArgumentError(fmt::format(
        "--inject '{}': the precinct kinds add up to {} of the precincts; each precinct gets at "
        "most one irregularity, so they must add up to 1 or less",
        spec, FormatFraction(precinct_parts)));
  }
  return options;
}

GroundTruth::GroundTruth()
    : csv_(
          "synthetic,commission,contest,kind,size,ratio,turnout_percent,leader_percent,changes\n") {
}

void GroundTruth::Record(const Protocol& before, const Protocol& after, IrregularityKind kind,
                         int64_t size, std::string_view ratio, int turnout_percent,
                         int leader_percent) {
  auto percent = [](int value) { return value < 0 ? std::string() : fmt::format("{}", value); };
  const std::string contest = after.contest.kind == protocol::ContestRef::Kind::kPartyList
                                  ? std::string("list")
                                  : fmt::format("district:{}", after.contest.district);
  fmt::format_to(std::back_inserter(csv_), "yes,{},{},{},{},{},{},{},{}\n",
                 CsvField(after.commission_id), contest, IrregularityName(kind), size, ratio,
                 percent(turnout_percent), percent(leader_percent), Changes(before, after));
  ++counts_[static_cast<size_t>(kind)];
}

int64_t GroundTruth::protocols() const {
  return std::accumulate(counts_.begin(), counts_.end(), int64_t{0});
}

Injector::Injector(const InjectOptions& options, int64_t precincts, uint64_t seed)
    : options_(options), random_(seed ^ kInjectorSalt) {
  bool any_precinct_kind = false;
  for (size_t k = 0; k < kIrregularityKinds; ++k) {
    any_precinct_kind |=
        k != static_cast<size_t>(IrregularityKind::kSummary) && options.parts_per_billion[k] > 0;
  }
  if (!any_precinct_kind || precincts <= 0) {
    return;
  }
  // A partial Fisher–Yates shuffle: the first chosen precincts get the first kind, and so on.
  chosen_.assign(static_cast<size_t>(precincts), 0);
  std::vector<int32_t> order(static_cast<size_t>(precincts));
  std::iota(order.begin(), order.end(), 0);
  auto next = static_cast<size_t>(0);
  for (size_t k = 0; k < kIrregularityKinds; ++k) {
    if (k == static_cast<size_t>(IrregularityKind::kSummary)) {
      continue;
    }
    const int64_t count = std::min(options.Count(static_cast<IrregularityKind>(k), precincts),
                                   precincts - static_cast<int64_t>(next));
    for (int64_t c = 0; c < count; ++c, ++next) {
      const size_t pick = next + static_cast<size_t>(random_.NextU64() % (order.size() - next));
      std::swap(order[next], order[pick]);
      chosen_[static_cast<size_t>(order[next])] = static_cast<uint8_t>(k + 1);
    }
  }
}

void Injector::ApplyToPrecinct(int64_t index, Protocol& list, Protocol* district,
                               GroundTruth& truth) {
  if (chosen_.empty() || chosen_[static_cast<size_t>(index)] == 0) {
    return;
  }
  const auto kind = static_cast<IrregularityKind>(chosen_[static_cast<size_t>(index)] - 1);
  const Protocol list_before = list;
  const Protocol district_before = district != nullptr ? *district : Protocol();
  switch (kind) {
    case IrregularityKind::kStuffing:
    case IrregularityKind::kTurnout: {
      // Stuffing: ballots nobody was issued, covered by a matching count of ballots issued and
      // of the daytime turnout, so that no figure disagrees. Turnout inflation: the same ballots
      // written as issued to voters who never came, with the daytime turnout left as counted.
      const bool stuffing = kind == IrregularityKind::kStuffing;
      int64_t room = BallotRoom(list);
      if (district != nullptr) {
        room = std::min(room, BallotRoom(*district));
      }
      const double share =
          stuffing ? 0.15 + 0.35 * random_.Uniform() : 0.10 + 0.25 * random_.Uniform();
      const int64_t ballots = std::min(
          room, std::max<int64_t>(1, static_cast<int64_t>(static_cast<double>(room) * share)));
      if (ballots < 1) {
        return;
      }
      for (Protocol* p : {&list, district}) {
        if (p == nullptr) {
          continue;
        }
        AddBallotsForLeader(*p, ballots);
        if (stuffing && p->turnout_reported_during_day.has_value()) {
          *p->turnout_reported_during_day += ballots;
        }
      }
      truth.Record(list_before, list, kind, ballots, "", -1, -1);
      if (district != nullptr) {
        truth.Record(district_before, *district, kind, ballots, "", -1, -1);
      }
      return;
    }
    case IrregularityKind::kTransfer: {
      const int64_t moved = MoveVotesToLeader(list, 0.10 + 0.30 * random_.Uniform());
      if (moved > 0) {
        truth.Record(list_before, list, kind, moved, "", -1, -1);
      }
      return;
    }
    case IrregularityKind::kRatios: {
      const bool in_district = district != nullptr && random_.NextU64() % 2 == 1;
      Protocol& target = in_district ? *district : list;
      const Protocol& before = in_district ? district_before : list_before;
      std::string_view ratio = kBreakableRatios[random_.NextU64() % kBreakableRatios.size()];
      const auto excess = static_cast<int64_t>(1 + random_.NextU64() % 20);
      if (!BreakRatio(target, ratio, excess)) {
        ratio = kBreakableRatios[0];  // KZ-01 can always be broken
        BreakRatio(target, ratio, excess);
      }
      truth.Record(before, target, kind, excess, ratio, -1, -1);
      return;
    }
    case IrregularityKind::kRound: {
      const uint64_t mode = random_.NextU64() % 3;  // turnout, the leader's share, or both
      // Plain ints rather than optionals: GCC -O3 misreads an optional<int> here.
      int turnout = mode != 1 ? RoundTurnout(list, district).value_or(-1) : -1;
      const int leader = mode != 0 ? RoundLeaderShare(list, district).value_or(-1) : -1;
      if (turnout >= 0) {  // the share's ballots may have moved it to another whole percentage
        turnout = static_cast<int>(list.ballots_issued() * 100 / list.voters_on_list);
      }
      // The size: the votes the fabrication gave the leader.
      auto gained = [](const Protocol& before, const Protocol& after) {
        const size_t leader_index = Leader(before.choice_votes);
        return after.choice_votes[leader_index] - before.choice_votes[leader_index];
      };
      if (turnout >= 0 || leader >= 0) {
        truth.Record(list_before, list, kind, gained(list_before, list), "", turnout, leader);
      }
      // The district protocol follows the list's ballot account and voter list: recorded when
      // any figure of it changed (a whole turnout may move only the voters on the list).
      if (district != nullptr && *district != district_before) {
        truth.Record(district_before, *district, kind, gained(district_before, *district), "",
                     turnout, -1);
      }
      return;
    }
    case IrregularityKind::kExtreme:
    case IrregularityKind::kIncremental: {
      const double x = kind == IrregularityKind::kExtreme ? ExtremeFraudSize(random_)
                                                          : IncrementalFraudSize(random_);
      const int64_t gained = ApplyModelFraud(x, list, district);
      if (gained > 0) {
        truth.Record(list_before, list, kind, gained, "", -1, -1);
        if (district != nullptr && *district != district_before) {
          truth.Record(district_before, *district, kind,
                       district->ballots_issued() - district_before.ballots_issued(), "", -1, -1);
        }
      }
      return;
    }
    case IrregularityKind::kSummary:
      break;  // never chosen for a precinct
  }
}

void Injector::ApplyToSummaries(std::vector<Protocol>& summaries, GroundTruth& truth) {
  const int64_t total = static_cast<int64_t>(summaries.size());
  const int64_t count = options_.Count(IrregularityKind::kSummary, total);
  if (count == 0) {
    return;
  }
  std::vector<size_t> order(summaries.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::vector<bool> chosen(summaries.size(), false);
  for (size_t c = 0; c < static_cast<size_t>(count); ++c) {
    const size_t pick = c + static_cast<size_t>(random_.NextU64() % (order.size() - c));
    std::swap(order[c], order[pick]);
    chosen[order[c]] = true;
  }
  for (size_t i = 0; i < summaries.size(); ++i) {
    if (!chosen[i]) {
      continue;
    }
    // The summary table shows votes moved to the leader that no precinct protocol shows.
    const Protocol before = summaries[i];
    const int64_t moved = MoveVotesToLeader(summaries[i], 0.02 + 0.06 * random_.Uniform());
    if (moved > 0) {
      truth.Record(before, summaries[i], IrregularityKind::kSummary, moved, "", -1, -1);
    }
  }
}

}  // namespace esep::synth
