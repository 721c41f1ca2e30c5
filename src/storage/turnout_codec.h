// Turnout reports in the store (format 7, docs/formats/store.md, "Turnout reports"): the record
// the store keeps of every submitted report, accepted or not, and its canonical text, which is
// both an entry of the hash chain and, column by column, a row of the turnout_reports table:
//
//   [n,"turnout","<outcome>",<version>,["<commission>","<HH:MM>",<voters>],<decision>,"<reason>","<source>"]
//
// <decision> is null or ["number","date","commission","reason"], as in a submission's entry.
//
// Plain data and pure functions; thread-safe.

#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"
#include "protocol/turnout_report.h"
#include "storage/submission.h"

namespace esep::storage {

// What the store decided for one turnout report.
struct TurnoutResult {
  Outcome outcome = Outcome::kRejected;
  int64_t version = 0;  // the version it created or matched; 0 if rejected
  std::string reason;   // why it was rejected, one sentence; else empty
  friend bool operator==(const TurnoutResult&, const TurnoutResult&) = default;
};

// One kept turnout report: its entry number in the chain, the report with its decision and
// source (the caller's refusal is not kept: it is the reason), and the outcome.
struct TurnoutRecord {
  int64_t entry = 0;
  protocol::TurnoutSubmission submission;
  TurnoutResult result;
};

// The entry's canonical text. Strings that are not UTF-8 are written with U+FFFD (the store
// rejects such a report, so accepted data never changes).
std::string TurnoutEntryContent(int64_t entry, const TurnoutRecord& record);

// Reads an entry written by TurnoutEntryContent back, strictly: kDataLoss naming the byte offset
// for anything the writer would not have written (an unknown outcome, a negative version).
// A rejected report is kept as submitted, so its time and count may be anything; that an
// accepted one has a time "HH:MM" and a count of 0 or more is a rule VerifyChain checks.
// record.entry is the entry's number.
Result<TurnoutRecord> DecodeTurnoutEntry(std::string_view content);

// The latest accepted version of every (precinct, time) among `records` (every kept record, in
// entry order), ordered by commission id (bytewise), then time.
std::vector<protocol::TurnoutReport> LatestAcceptedTurnout(std::span<const TurnoutRecord> records);

}  // namespace esep::storage
