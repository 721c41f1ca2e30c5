#include "audit/store_findings.h"

#include <algorithm>

#include <fmt/format.h>

#include "base/text.h"

namespace esep::audit {

namespace {

// One kind of problem: a heading with its count, then the first `max_listed`.
std::string KindText(std::string_view heading, const std::vector<StoreProblem>& problems,
                     size_t max_listed) {
  if (problems.empty()) {
    return "";
  }
  std::string out =
      fmt::format("  {}: {}\n", heading, GroupThousands(static_cast<int64_t>(problems.size())));
  const size_t listed = std::min(max_listed, problems.size());
  for (size_t k = 0; k < listed; ++k) {
    const StoreProblem& problem = problems[k];
    // A reconciliation's text names its commission and contest already.
    const bool named = !problem.commission.empty() && problem.text.starts_with(problem.commission);
    const std::string where =
        problem.commission.empty() || named
            ? (named ? "" : problem.source)
            : fmt::format("{} ({}){}", problem.commission, problem.contest,
                          problem.source.empty() ? "" : ", " + problem.source);
    out += fmt::format("    {}{}{}\n", where, where.empty() ? "" : ": ", problem.text);
  }
  if (listed < problems.size()) {
    out += fmt::format("    ... and {} more (--format json lists them all)\n",
                       problems.size() - listed);
  }
  return out;
}

nlohmann::json ProblemsJson(const std::vector<StoreProblem>& problems) {
  nlohmann::json list = nlohmann::json::array();
  for (const StoreProblem& problem : problems) {
    list.push_back({{"commission", problem.commission},
                    {"contest", problem.contest},
                    {"source", problem.source},
                    {"text", problem.text}});
  }
  return list;
}

}  // namespace

std::string StoreFindingsText(const StoreFindings& findings, size_t max_listed) {
  std::string out = fmt::format(
      "What the store {} records as wrong — submissions: {} accepted, {} unchanged, {} "
      "rejected; {} summary protocols reconciled with their precincts\n",
      findings.source, GroupThousands(findings.accepted), GroupThousands(findings.unchanged),
      GroupThousands(findings.rejected), GroupThousands(findings.summary_protocols));
  if (findings.problems() == 0) {
    out +=
        "  None: no submission was rejected, no correction is open, every summary protocol "
        "equals the sum of its precincts.\n\n";
    return out;
  }
  out += KindText("FOUND: rejected submissions (not counted in any result)",
                  findings.rejected_submissions, max_listed);
  out += KindText(
      "FOUND: open corrections (a change asked for without a commission decision; the "
      "result is preliminary)",
      findings.open_corrections, max_listed);
  out += KindText("FOUND: summary protocols that differ from the sum of their precincts",
                  findings.summary_differences, max_listed);
  out += KindText("FOUND: accepted protocols the definition cannot tabulate", findings.untabulated,
                  max_listed);
  out +=
      "  Reads: these are the store's own records, not statistics: each is a protocol to look "
      "at\n  (esep report --db lists the result they leave out or make preliminary).\n\n";
  return out;
}

nlohmann::json StoreFindingsJson(const StoreFindings& findings) {
  return {{"source", findings.source},
          {"submissions",
           {{"accepted", findings.accepted},
            {"unchanged", findings.unchanged},
            {"rejected", findings.rejected}}},
          {"summary_protocols", findings.summary_protocols},
          {"problems", findings.problems()},
          {"rejected", ProblemsJson(findings.rejected_submissions)},
          {"open_corrections", ProblemsJson(findings.open_corrections)},
          {"summary_differences", ProblemsJson(findings.summary_differences)},
          {"untabulated", ProblemsJson(findings.untabulated)}};
}

}  // namespace esep::audit
