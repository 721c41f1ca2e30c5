// Synthetic observers for `esep generate --observers FRACTION`: a simple random sample of the
// precincts, drawn from its own random stream, and for each sampled precinct the records an
// observer would bring back (docs/formats/observers-csv.md): turnout counted at 10:00, 14:00
// and 18:00, the observer's own count at the close, and the posted copy of the party-list
// protocol. Everything is labelled synthetic.
//
// What the observer sees of an injected irregularity (docs/formats/ground-truth.md): ballot
// stuffing happens before the count, so the posted copy shows the stuffed figures; every other
// kind alters the protocol after the copy was posted (at the territorial commission), so the
// copy shows the true figures. The observer's count is always of the voters who came: the true
// ballots, less a small counting error (up to 0.5 % of voters missed, never extra).
//
// Deterministic: the same fraction, precinct count and seed sample the same precincts and
// write the same file. Not thread-safe; one per generation.

#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "protocol/protocol.h"
#include "synth/random.h"

namespace esep::synth {

class ObserverSample {
 public:
  // Samples round(parts_per_billion × precincts / 10^9) precincts (half up) from `seed`'s own
  // stream; `list_ids` name the party lists, in ballot order, for the file's list columns.
  ObserverSample(int64_t parts_per_billion, int64_t precincts, uint64_t seed,
                 const std::vector<std::string>& list_ids);

  // True when precinct `index` (0-based, in file order) is observed.
  bool Sampled(int64_t index) const;

  // Appends the records of observed precinct `commission`: `posted` is the party-list protocol
  // as posted at the polling station, `truth` the protocol before any alteration (the voters
  // who came). Call in precinct order.
  void Record(const protocol::Protocol& posted, const protocol::Protocol& truth);

  const std::string& csv() const { return csv_; }
  int64_t precincts() const { return precincts_; }

 private:
  std::vector<uint8_t> sampled_;
  Random random_;
  std::string csv_;
  int64_t precincts_ = 0;  // recorded so far
};

}  // namespace esep::synth
