#include "synth/observers.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <iterator>
#include <numeric>
#include <utility>

#include <fmt/format.h>

namespace esep::synth {

namespace {

// The seed of the sample's own stream, apart from the generator's and the injector's, so that
// no other file changes with --observers.
constexpr uint64_t kObserverSalt = 0x6f62736572766572;  // "observer"

constexpr int64_t kBillion = 1'000'000'000;

// The share of voters an observer misses at most (uniform from 0): a busy moment, a voter who
// came in behind another.
constexpr double kMaxMissed = 0.005;

}  // namespace

ObserverSample::ObserverSample(int64_t parts_per_billion, int64_t precincts, uint64_t seed,
                               const std::vector<std::string>& list_ids)
    : random_(seed ^ kObserverSalt) {
  csv_ =
      "synthetic,precinct,observer,organisation,record,time,voters_counted,registered,ballots,"
      "valid,invalid";
  for (const std::string& id : list_ids) {
    csv_ += ",list:" + id;
  }
  csv_ += '\n';
  if (parts_per_billion <= 0 || precincts <= 0) {
    return;
  }
  // At most 10^9 × 10^6: inside 64 bits.
  const int64_t count =
      std::min(precincts, (parts_per_billion * precincts + kBillion / 2) / kBillion);
  sampled_.assign(static_cast<size_t>(precincts), 0);
  std::vector<int32_t> order(static_cast<size_t>(precincts));
  std::iota(order.begin(), order.end(), 0);
  for (size_t k = 0; k < static_cast<size_t>(count); ++k) {  // partial Fisher–Yates
    const size_t pick = k + static_cast<size_t>(random_.NextU64() % (order.size() - k));
    std::swap(order[k], order[pick]);
    sampled_[static_cast<size_t>(order[k])] = 1;
  }
}

bool ObserverSample::Sampled(int64_t index) const {
  return !sampled_.empty() && sampled_[static_cast<size_t>(index)] != 0;
}

void ObserverSample::Record(const protocol::Protocol& posted, const protocol::Protocol& truth) {
  ++precincts_;
  const std::string observer = fmt::format("OBS-{:05}", precincts_);
  const std::string prefix =
      fmt::format("yes,{},{},Synthetic observers (esep generate)", posted.commission_id, observer);
  const size_t lists = posted.choice_votes.size();
  const std::string no_figures(4 + lists, ',');  // registered … invalid and the list columns
  const int64_t voters = truth.ballots_in_boxes();
  const auto missed = static_cast<int64_t>(
      std::floor(static_cast<double>(voters) * kMaxMissed * random_.Uniform()));
  const int64_t counted = voters - missed;
  // Counts so far during the day: a rising share of the observer's final count.
  constexpr std::array<std::pair<const char*, double>, 3> kDaytime = {
      {{"10:00", 0.15}, {"14:00", 0.45}, {"18:00", 0.75}}};
  auto out = std::back_inserter(csv_);
  for (const auto& [time, share] : kDaytime) {
    const auto so_far = static_cast<int64_t>(
        std::floor(static_cast<double>(counted) * (share + 0.1 * random_.Uniform())));
    fmt::format_to(out, "{},turnout,{},{}{}\n", prefix, time, so_far, no_figures);
  }
  fmt::format_to(out, "{},turnout_close,20:00,{}{}\n", prefix, counted, no_figures);
  fmt::format_to(out, "{},posted_copy,,,{},{},{},{}", prefix, posted.voters_on_list,
                 posted.ballots_in_boxes(), posted.valid_ballots, posted.invalid_ballots);
  for (int64_t votes : posted.choice_votes) {
    fmt::format_to(out, ",{}", votes);
  }
  csv_ += '\n';
}

}  // namespace esep::synth
