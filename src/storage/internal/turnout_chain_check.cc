#include "storage/internal/turnout_chain_check.h"

#include <utility>
#include <vector>

#include <fmt/format.h>

#include "base/text.h"
#include "storage/internal/sqlite_schema.h"
#include "storage/internal/turnout_rows.h"
#include "storage/turnout_codec.h"

namespace esep::storage::internal {

namespace {

ChainMismatch EntryMismatch(int64_t id, std::string what, std::string expected, std::string found) {
  return ChainMismatch{id, fmt::format("entry {}: {}", id, what), std::move(expected),
                       std::move(found)};
}

}  // namespace

std::optional<ChainMismatch> TurnoutChainCheck::CheckEntry(int64_t id, std::string_view content) {
  Result<TurnoutRecord> decoded = DecodeTurnoutEntry(content);
  if (!decoded.has_value()) {
    return EntryMismatch(
        id, "the stored turnout report does not parse back: " + decoded.error().message(),
        "a canonical turnout entry", std::string(content));
  }
  const TurnoutRecord& record = *decoded;
  if (record.entry != id) {
    return EntryMismatch(id, "the turnout entry is numbered as another entry", std::to_string(id),
                         std::to_string(record.entry));
  }
  const protocol::TurnoutReport& report = record.submission.report;
  const std::string key =
      fmt::format("{} at {}", EscapeControlCharacters(report.commission_id), report.time);
  std::map<std::string, Latest>& precinct = accepted_[report.commission_id];
  const auto latest = precinct.find(report.time);
  const TurnoutResult& result = record.result;
  if (result.outcome != Outcome::kRejected &&
      (!protocol::IsClockTime(report.time) || report.voters < 0)) {
    return EntryMismatch(id,
                         fmt::format("the {} turnout report of {} has a time that is not HH:MM "
                                     "or a negative count",
                                     OutcomeName(result.outcome), key),
                         "HH:MM and 0 or more", fmt::format("{}, {}", report.time, report.voters));
  }
  switch (result.outcome) {
    case Outcome::kAccepted: {
      const int64_t expected = latest == precinct.end() ? 1 : latest->second.version + 1;
      if (result.version != expected) {
        return EntryMismatch(id,
                             fmt::format("the turnout report of {} is accepted as version {}, "
                                         "but the chain's last accepted version is {}",
                                         key, result.version, expected - 1),
                             std::to_string(expected), std::to_string(result.version));
      }
      if (expected > 1 &&
          !(record.submission.decision.has_value() && record.submission.decision->complete())) {
        return EntryMismatch(id,
                             fmt::format("the correction of the turnout report of {} cites no "
                                         "complete decision",
                                         key),
                             "a decision", "(none)");
      }
      if (!result.reason.empty()) {
        return EntryMismatch(id, fmt::format("the accepted turnout report of {} has a reason", key),
                             "\"\"", result.reason);
      }
      std::vector<protocol::TurnoutReport> others;
      others.reserve(precinct.size());
      for (const auto& [time, other] : precinct) {
        others.push_back({report.commission_id, time, other.voters});
      }
      if (std::string conflict = protocol::CumulativeConflict(report, others); !conflict.empty()) {
        return EntryMismatch(
            id,
            fmt::format("the accepted turnout report of {} breaks the rules: {}", key, conflict),
            "a cumulative count", std::to_string(report.voters));
      }
      precinct[report.time] = Latest{report.voters, result.version};
      break;
    }
    case Outcome::kUnchanged:
      if (latest == precinct.end() || latest->second.voters != report.voters ||
          latest->second.version != result.version) {
        return EntryMismatch(
            id,
            fmt::format("the turnout report of {} is recorded as unchanged, but does not repeat "
                        "the latest accepted version",
                        key),
            latest == precinct.end() ? std::string("(no accepted version)")
                                     : fmt::format("version {}, {} voters", latest->second.version,
                                                   latest->second.voters),
            fmt::format("version {}, {} voters", result.version, report.voters));
      }
      break;
    case Outcome::kRejected:
      if (result.version != 0 || result.reason.empty()) {
        return EntryMismatch(id,
                             fmt::format("the rejected turnout report of {} has a version or "
                                         "no reason",
                                         key),
                             "version 0 and a reason",
                             fmt::format("version {}, reason '{}'", result.version, result.reason));
      }
      break;
  }
  contents_.emplace(id, std::string(content));
  return std::nullopt;
}

Result<std::optional<ChainMismatch>> TurnoutChainCheck::CompareTable(const Database& db) {
  ASSIGN_OR_RETURN(const bool has_table, HasTable(db, "turnout_reports"));
  if (!has_table) {
    if (contents_.empty()) {
      return std::optional<ChainMismatch>();  // a store older than format 7
    }
    return std::optional<ChainMismatch>(ChainMismatch{
        contents_.begin()->first,
        fmt::format("the chain records {} turnout reports, but the store has no turnout_reports "
                    "table",
                    contents_.size()),
        "a turnout_reports table", "(none)"});
  }
  std::optional<ChainMismatch> mismatch;
  std::map<int64_t, std::string> unmatched = contents_;
  const Status read = ForEachTurnoutRow(db, [&](const TurnoutRecord& record) -> Status {
    const auto it = unmatched.find(record.entry);
    const std::string row_text = TurnoutEntryContent(record.entry, record);
    if (it == unmatched.end()) {
      mismatch = ChainMismatch{
          record.entry,
          fmt::format("turnout_reports table, entry {} ({} at {}): the chain has no such turnout "
                      "report (the row was added outside the store)",
                      record.entry, EscapeControlCharacters(record.submission.report.commission_id),
                      EscapeControlCharacters(record.submission.report.time)),
          "(none)", row_text};
      return CancelledError("mismatch");
    }
    if (it->second != row_text) {
      mismatch = ChainMismatch{
          record.entry,
          fmt::format("turnout_reports table, entry {} ({} at {}): the row differs from its chain "
                      "entry (the row was changed)",
                      record.entry, EscapeControlCharacters(record.submission.report.commission_id),
                      EscapeControlCharacters(record.submission.report.time)),
          it->second, row_text};
      return CancelledError("mismatch");
    }
    unmatched.erase(it);
    return OkStatus();
  });
  if (mismatch.has_value()) {
    return mismatch;
  }
  RETURN_IF_ERROR(read);
  if (!unmatched.empty()) {
    const auto& [entry, content] = *unmatched.begin();
    return std::optional<ChainMismatch>(ChainMismatch{
        entry,
        fmt::format("entry {}: the turnout report it records is not in the turnout_reports table "
                    "(the row was removed)",
                    entry),
        content, "(none)"});
  }
  return std::optional<ChainMismatch>();
}

}  // namespace esep::storage::internal
