#include "service/tally.h"

#include <chrono>
#include <ctime>

#include <fmt/format.h>

#include "io/csv.h"
#include "io/election_data.h"
#include "io/protocol_csv.h"
#include "io/protocol_jsonl.h"
#include "protocol/control_ratio.h"
#include "protocol/validation.h"

namespace esep::service {

namespace {

using Clock = std::chrono::steady_clock;

// The first error-level finding of a rejected protocol.
std::string FirstError(const protocol::ValidationReport& report) {
  for (const protocol::Finding& finding : report.findings) {
    if (finding.severity == protocol::Severity::kError) {
      return finding.message;
    }
  }
  return "rejected";
}

// Reads every protocol of `path`, routing the accepted ones.
Status ReadProtocols(const std::string& path, std::span<const protocol::ControlRatio> ratios,
                     const std::function<void(const std::string&)>& on_rejection,
                     const WorkControl& control, TallyOutcome& out) {
  ASSIGN_OR_RETURN(const std::string text, io::ReadTextFile(path));
  auto reject = [&](const std::string& reason) {
    ++out.rejected;
    on_rejection(reason);
  };
  Status cancelled = OkStatus();
  auto on_row = [&](io::ProtocolRow&& row) {
    if (!cancelled.ok()) {
      return;
    }
    control.Report({.task = path, .done = out.accepted + out.rejected + 1});
    if (!row.protocol.has_value()) {
      reject(row.error);
      return;
    }
    const protocol::ValidationReport report = protocol::Validate(*row.protocol, ratios);
    if (!report.accepted()) {
      reject(fmt::format("{}:{}: {}", path, row.line, FirstError(report)));
      return;
    }
    if (const Result<tabulation::ProtocolRoute> added = out.router->Add(*row.protocol);
        !added.has_value()) {
      reject(fmt::format("{}:{}: {}", path, row.line, added.error().message()));
      return;
    }
    out.warnings += static_cast<int64_t>(report.warnings());
    ++out.accepted;
    if ((out.accepted & 0xFFF) == 0) {
      cancelled = control.CheckCancelled("the tally");
    }
  };
  const bool jsonl = path.ends_with(".jsonl");
  RETURN_IF_ERROR(jsonl ? io::ReadProtocolJsonl(text, path, on_row)
                        : io::ReadProtocolCsv(text, path, on_row));
  control.Report({.task = path, .done = out.accepted + out.rejected, .finished = true});
  return cancelled;
}

}  // namespace

Result<TallyOutcome> TallyProtocols(const TallyRequest& request,
                                    const std::function<void(const std::string&)>& on_rejection,
                                    const WorkControl& control) {
  const Clock::time_point start = Clock::now();
  ASSIGN_OR_RETURN(model::ElectionData data, io::LoadElectionDirectory(request.directory));
  TallyOutcome out;
  out.definition = std::make_shared<const model::ElectionDefinition>(std::move(data.definition));
  const model::ElectionDefinition& definition = *out.definition;
  ASSIGN_OR_RETURN(out.rule_set, law::FindRuleSet(definition.rule_set()));
  ASSIGN_OR_RETURN(std::span<const protocol::ControlRatio> ratios,
                   protocol::ControlRatios(out.rule_set.name));
  ASSIGN_OR_RETURN(tabulation::ProtocolRouter router,
                   tabulation::ProtocolRouter::Create(definition));
  out.router.emplace(std::move(router));

  const Clock::time_point protocols_start = Clock::now();
  const std::clock_t protocols_cpu_start = std::clock();
  const std::string path = request.protocols_path.empty() ? request.directory + "/protocols.csv"
                                                          : request.protocols_path;
  RETURN_IF_ERROR(ReadProtocols(path, ratios, on_rejection, control, out));
  const Clock::time_point end = Clock::now();
  out.timings.protocol_seconds = std::chrono::duration<double>(end - protocols_start).count();
  out.timings.protocol_cpu_seconds =
      static_cast<double>(std::clock() - protocols_cpu_start) / CLOCKS_PER_SEC;
  out.timings.seconds = std::chrono::duration<double>(end - start).count();

  ASSIGN_OR_RETURN(out.seats, results::DecideSeats(definition, out.rule_set,
                                                   out.router->tabulator(), request.seed));
  ASSIGN_OR_RETURN(out.reconciliations, out.router->Reconcile());
  return out;
}

}  // namespace esep::service
