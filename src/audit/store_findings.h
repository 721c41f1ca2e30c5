// StoreFindings: what a store itself records as wrong, reported by `esep audit --db` beside the
// statistics of its accepted protocols — the submissions it rejected (with their reasons), the
// corrections asked for and not authorised (open corrections), the summary protocols of higher
// commissions that differ from the sum of their precincts, and accepted protocols the
// definition cannot tabulate. These are the store's own knowledge, not statistics: each is a
// fact to look at. Filled by service::StoreFindingsFromStore; plain data, thread-safe once built.
//
// Example:
//   std::cout << StoreFindingsText(findings, /*max_listed=*/20);

#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace esep::audit {

// One thing the store knows is wrong, about one commission's protocol of one contest.
struct StoreProblem {
  std::string commission;
  std::string contest;  // "list", "district 7"
  std::string source;   // where the submission came from ("protocols.csv:17"); "" if unknown
  std::string text;     // the rejection's reason, the difference, ... (one or more sentences)
};

struct StoreFindings {
  std::string source;  // the store's path
  // Submissions kept, by outcome.
  int64_t accepted = 0;
  int64_t unchanged = 0;
  int64_t rejected = 0;
  int64_t summary_protocols = 0;                   // accepted summaries, each reconciled
  std::vector<StoreProblem> rejected_submissions;  // every rejected submission, in arrival order
  std::vector<StoreProblem> open_corrections;      // the correction's rejection, latest
  std::vector<StoreProblem> summary_differences;   // tabulation::Reconciliation::Describe
  std::vector<StoreProblem> untabulated;           // accepted, but not in the definition's tree

  // Rejected submissions + open corrections + summary differences + untabulated protocols.
  size_t problems() const {
    return rejected_submissions.size() + open_corrections.size() + summary_differences.size() +
           untabulated.size();
  }
};

// The store's problems by kind, each kind's first `max_listed` with their commission, contest,
// source and text, or a line saying the store records none; ends with a blank line.
std::string StoreFindingsText(const StoreFindings& findings, size_t max_listed);

// {"source", "submissions": {"accepted", "unchanged", "rejected"}, "summary_protocols",
//  "problems", "rejected": [...], "open_corrections": [...], "summary_differences": [...],
//  "untabulated": [...]}, each entry {"commission", "contest", "source", "text"}.
nlohmann::json StoreFindingsJson(const StoreFindings& findings);

}  // namespace esep::audit
