// The files of one published version that are computed, not copied: everything but the
// manifest and the audit, rendered from the election's definition, its protocols with their
// history and the result decided from them (docs/formats/snapshot.md). `esep publish` writes
// them; `esep verify --snapshot` builds them again from the published definition and protocols
// alone and compares them byte for byte, so every total, seat and winner a reader sees has been
// recomputed from what the reader holds.
//
// Example:
//   ASSIGN_OR_RETURN(std::vector<SnapshotFile> files, BuildSnapshotFiles(source));
//   for (const SnapshotFile& file : files) { write(file.path, file.content); }

#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "base/result.h"
#include "model/definition_files.h"
#include "model/election_definition.h"
#include "publish/published_protocol.h"
#include "publish/published_turnout.h"
#include "results/election_results.h"
#include "results/seat_decision.h"

namespace esep::publish {

struct SnapshotFile {
  std::string path;  // relative to the version directory
  std::string content;
};

// What a version is computed from. The last four fields come from its manifest.
struct SnapshotSource {
  const model::ElectionDefinition& definition;
  std::span<const model::DefinitionFile> definition_files;  // byte for byte
  const results::ElectionResults& results;       // tabulated from the protocols' last versions
  const results::SeatDecision& seats;            // decided from `results` with `lot_seed`
  std::span<const PublishedProtocol> protocols;  // every accepted protocol, with its history
  // Every precinct's accepted turnout reports, with their history (SortPublishedTurnout order).
  std::span<const PublishedTurnout> turnout;
  std::string definition_sha256;
  std::string chain_head;
  std::string published_at;  // UTC, "2026-12-07T21:00:00Z"; the ERR download's GeneratedDate
  uint64_t lot_seed = 0;
};

// Every computed file, in path order. Errors only when the source is inconsistent (a protocol
// the definition cannot place, a definition file whose name is not a safe path, a turnout report
// that is not of a precinct and a report time, or given twice).
Result<std::vector<SnapshotFile>> BuildSnapshotFiles(const SnapshotSource& source);

// The file name that stands for a unit id in paths ("PEC 0107-015" -> "PEC~200107-015"): letters,
// digits, '-' and '_' kept, '.' kept but not first, every other byte as '~' and two hex digits.
std::string UnitFileName(std::string_view id);

// The latest version of each published protocol, with the ids of the commissions that have a
// correction open: what the result is tabulated from.
struct LatestProtocols {
  std::vector<protocol::Protocol> protocols;
  std::unordered_set<std::string> open_corrections;
};
LatestProtocols LatestOf(std::span<const PublishedProtocol> protocols);

// The order turnout reports are published in: the commission table's, then by time.
void SortPublishedTurnout(const model::ElectionDefinition& definition,
                          std::vector<PublishedTurnout>& reports);

// The order protocols are published in: the commission table's, the list before the districts.
void SortPublishedProtocols(const model::ElectionDefinition& definition,
                            std::vector<PublishedProtocol>& protocols);

}  // namespace esep::publish
