// Synthetic turnout reports for `esep generate`: for every precinct, the cumulative number of
// voters who had received ballots at 10:00, 12:00, 14:00, 16:00, 18:00 and 20:00 (the report
// times of docs/law.md, section 14; the synthetic polls close at 20:00, so there is no 22:00
// report), consistent with its party-list protocol: the counts never fall, and the 20:00 report
// is the protocol's "turnout reported during the day" (at most the ballots issued). The curve
// follows the shape of the CEC's national figures of 2023 (a quarter of the day's voters by
// 10:00, nine tenths by 16:00), with precinct-to-precinct noise. Every row is labelled synthetic
// (docs/formats/turnout-csv.md).
//
// Deterministic, from its own random stream (the protocols stay as they were without it). Not
// thread-safe; one per generation.

#pragma once

#include <cstdint>
#include <string>

#include "protocol/protocol.h"
#include "synth/random.h"

namespace esep::synth {

class SyntheticTurnout {
 public:
  explicit SyntheticTurnout(uint64_t seed);

  // Appends the reports of the precinct whose party-list protocol is `list` (as written). Call
  // in precinct order.
  void Record(const protocol::Protocol& list);

  // The turnout CSV so far, with its header.
  const std::string& csv() const { return csv_; }
  int64_t reports() const { return reports_; }

 private:
  Random random_;
  std::string csv_;
  int64_t reports_ = 0;
};

}  // namespace esep::synth
