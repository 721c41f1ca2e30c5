#include "service/importer.h"

#include <algorithm>
#include <charconv>
#include <future>
#include <utility>

#include <fmt/format.h>

#include "io/csv.h"
#include "io/protocol_csv.h"
#include "io/protocol_jsonl.h"

namespace esep::service {

namespace {

bool IsJsonLines(const std::string& path) {
  return path.ends_with(".jsonl") || path.ends_with(".ndjson");
}

int64_t CountLines(std::string_view text) {
  return static_cast<int64_t>(std::count(text.begin(), text.end(), '\n')) +
         (text.empty() || text.back() == '\n' ? 0 : 1);
}

// "PEC-1, list: rejected: KZ-01 ... (message)": the reason and every error finding.
std::string RejectionText(const protocol::Submission& submission,
                          const storage::SubmitResult& result) {
  std::string text =
      fmt::format("{}: {} ({}): {}", submission.source, submission.protocol.commission_id,
                  submission.protocol.contest.ToString(), result.reason);
  for (const protocol::Finding& finding : result.findings) {
    if (finding.severity == protocol::Severity::kError) {
      text += fmt::format("\n    {}: {}", finding.rule_id, finding.message);
    }
  }
  return text;
}

// "path:line", where a submission came from. Written by hand: it is made for every row, and
// fmt::format parsed its format string each time.
std::string SourceOf(std::string_view path, int64_t line) {
  std::string source;
  source.reserve(path.size() + 1 + 20);
  source += path;
  source += ':';
  char digits[20];
  source.append(digits, std::to_chars(digits, digits + sizeof digits, line).ptr);
  return source;
}

}  // namespace

Result<Importer> Importer::Create(storage::Store& store,
                                  const model::ElectionDefinition& definition,
                                  std::span<const protocol::ControlRatio> ratios,
                                  std::function<void(const std::string&)> on_rejection,
                                  int64_t batch_size, WorkControl control,
                                  std::optional<results::ResultsBuilder> results) {
  std::optional<tabulation::ProtocolRouter> membership;
  if (!results.has_value()) {
    ASSIGN_OR_RETURN(membership, tabulation::ProtocolRouter::Create(definition));
  }
  return Importer(store, ratios, std::move(membership), std::move(results), std::move(on_rejection),
                  std::max<int64_t>(batch_size, 1), std::move(control));
}

Importer::Importer(storage::Store& store, std::span<const protocol::ControlRatio> ratios,
                   std::optional<tabulation::ProtocolRouter> membership,
                   std::optional<results::ResultsBuilder> results,
                   std::function<void(const std::string&)> on_rejection, int64_t batch_size,
                   WorkControl control)
    : store_(&store),
      ratios_(ratios),
      membership_(std::move(membership)),
      on_rejection_(std::move(on_rejection)),
      batch_size_(batch_size),
      control_(std::move(control)),
      builder_(std::move(results)) {}

Status Importer::CheckMembership(const protocol::Protocol& protocol) {
  if (builder_.has_value()) {
    return builder_->Check(protocol);
  }
  if (membership_.has_value()) {
    return membership_->Check(protocol);
  }
  return FailedPreconditionError("the import's results were taken: it takes no more protocols");
}

void Importer::Reject(const std::string& reason) {
  ++counts_.rejected;
  on_rejection_(reason);
}

void Importer::Take(protocol::Submission submission) {
  const Status belongs = CheckMembership(submission.protocol);
  if (!belongs.ok()) {
    // Kept as a rejected submission: it was submitted, it does not belong.
    submission.refusal = std::string(belongs.message());
  }
  batch_.push_back(std::move(submission));
  if (static_cast<int64_t>(batch_.size()) >= batch_size_ && deferred_.ok()) {
    // The previous batch is committed and acknowledged before the cancellation is checked and
    // this one is handed to the store; reading goes on while the store commits it.
    deferred_ = Collect();
    if (deferred_.ok()) {
      deferred_ = control_.CheckCancelled("the import");
    }
    if (deferred_.ok()) {
      Launch();
    }
    // The committed batch is accounted for while the store works on the next one.
    Account();
  }
}

Status Importer::Flush() {
  RETURN_IF_ERROR(Collect());
  Account();
  Launch();
  Status collected = Collect();
  Account();
  return collected;
}

void Importer::Launch() {
  if (batch_.empty()) {
    return;
  }
  std::swap(batch_, in_flight_);  // in_flight_ was empty: Collect ran
  committing_ =
      std::async(std::launch::async, [this]() -> Result<std::vector<storage::SubmitResult>> {
        ASSIGN_OR_RETURN(std::vector<storage::SubmitResult> results,
                         store_->Submit(in_flight_, ratios_));
        if (signing_key_ != nullptr) {
          RETURN_IF_ERROR(store_->Sign(*signing_key_));
        }
        return results;
      });
}

void Importer::StartWith(std::function<Status()> store_work) {
  // Taken as the batch in flight, with no submission in it: Collect waits for it, and
  // acknowledges nothing.
  committing_ =
      std::async(std::launch::async,
                 [work = std::move(store_work)]() -> Result<std::vector<storage::SubmitResult>> {
                   RETURN_IF_ERROR(work());
                   return std::vector<storage::SubmitResult>();
                 });
}

Status Importer::Collect() {
  if (!committing_.valid()) {
    return OkStatus();
  }
  Result<std::vector<storage::SubmitResult>> committed = committing_.get();
  if (!committed.has_value()) {
    in_flight_.clear();  // rolled back: none of it is stored
    return committed.error();
  }
  committed_ += static_cast<int64_t>(in_flight_.size());
  if (on_commit_ && !in_flight_.empty()) {
    on_commit_(committed_);
  }
  std::swap(in_flight_, acknowledged_);  // acknowledged_ was empty: Account ran
  in_flight_.clear();
  acknowledged_results_ = std::move(*committed);
  return OkStatus();
}

void Importer::Account() {
  for (size_t i = 0; i < acknowledged_results_.size(); ++i) {
    const storage::SubmitResult& result = acknowledged_results_[i];
    switch (result.outcome) {
      case storage::Outcome::kAccepted:
        ++counts_.accepted;
        counts_.corrections += result.version > 1 ? 1 : 0;
        AddToResults(acknowledged_[i].protocol, result.version);
        break;
      case storage::Outcome::kUnchanged:
        ++counts_.unchanged;
        break;
      case storage::Outcome::kRejected:
        Reject(RejectionText(acknowledged_[i], result));
        continue;
    }
    for (const protocol::Finding& finding : result.findings) {
      counts_.warnings += finding.severity == protocol::Severity::kWarning ? 1 : 0;
    }
  }
  acknowledged_.clear();
  acknowledged_results_.clear();
}

void Importer::AddToResults(const protocol::Protocol& protocol, int version) {
  if (!builder_.has_value()) {
    return;
  }
  if (version > 1) {
    // A correction replaces an earlier version: the caller reads the latest ones from the store.
    // The builder's router goes on checking the protocols still to come.
    membership_.emplace(std::move(*builder_).TakeRouter());
    builder_.reset();
    return;
  }
  builder_->Add(protocol);
}

std::optional<results::ResultsBuilder> Importer::TakeResults() {
  std::optional<results::ResultsBuilder> builder = std::move(builder_);
  builder_.reset();
  return builder;
}

Status Importer::ImportFile(const std::string& path) {
  ASSIGN_OR_RETURN(const std::string text, io::ReadTextFile(path));
  const bool json_lines = IsJsonLines(path);
  const int64_t total = CountLines(text) - (json_lines ? 0 : 1);
  const int64_t rows_before = counts_.rows;
  auto on_row = [&](io::ProtocolRow&& row) {
    if (!deferred_.ok()) {
      return;  // the store failed or the caller cancelled: read no further
    }
    ++counts_.rows;
    control_.Report({.task = path, .done = counts_.rows - rows_before, .total = total});
    if (!row.protocol.has_value()) {
      Reject(row.error);
      return;
    }
    Take({std::move(*row.protocol), std::move(row.decision), SourceOf(path, row.line)});
  };
  Status read = json_lines ? io::ReadProtocolJsonl(text, path, on_row)
                           : io::ReadProtocolCsv(text, path, on_row);
  // The batch being committed is acknowledged and counted before this returns, whatever
  // stopped the reading.
  const Status collected = Collect();
  Account();
  control_.Report(
      {.task = path, .done = counts_.rows - rows_before, .total = total, .finished = true});
  RETURN_IF_ERROR(deferred_);
  RETURN_IF_ERROR(collected);
  return read;
}

}  // namespace esep::service
