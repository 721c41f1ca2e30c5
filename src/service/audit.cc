#include "service/audit.h"

#include <memory>
#include <utility>

#include "audit/run_audit.h"
#include "precincts/precinct_sources.h"
#include "service/stored_election.h"

namespace esep::service {

Result<precincts::PrecinctTable> PrecinctTableFromStore(const std::string& path) {
  ASSIGN_OR_RETURN(std::unique_ptr<storage::Store> store, OpenExistingStore(path));
  ASSIGN_OR_RETURN(const StoredElection election, LoadStoredElection(*store, path));
  ASSIGN_OR_RETURN(precincts::ProtocolPrecinctCollector collector,
                   precincts::ProtocolPrecinctCollector::Create(*election.definition, path));
  RETURN_IF_ERROR(store->ForEachAccepted(
      [&collector](const protocol::Protocol& protocol) { collector.Add(protocol); }));
  return std::move(collector).Finish();
}

namespace {

// Every rejected submission, and the latest rejection of each open correction's key.
Status AddRejections(storage::Store& store, audit::StoreFindings& findings) {
  ASSIGN_OR_RETURN(const std::vector<storage::ProtocolKey> open, store.OpenCorrections());
  if (findings.rejected == 0 && open.empty()) {
    return OkStatus();
  }
  ASSIGN_OR_RETURN(const std::vector<storage::SubmissionRecord> records, store.Submissions());
  std::vector<const storage::SubmissionRecord*> latest_rejection(open.size(), nullptr);
  for (const storage::SubmissionRecord& record : records) {
    if (record.result.outcome != storage::Outcome::kRejected) {
      continue;
    }
    const protocol::Protocol& protocol = record.submission.protocol;
    findings.rejected_submissions.push_back({protocol.commission_id, protocol.contest.ToString(),
                                             record.submission.source, record.result.reason});
    for (size_t k = 0; k < open.size(); ++k) {
      if (open[k].commission_id == protocol.commission_id && open[k].contest == protocol.contest) {
        latest_rejection[k] = &record;
      }
    }
  }
  for (size_t k = 0; k < open.size(); ++k) {
    const storage::SubmissionRecord* record = latest_rejection[k];
    findings.open_corrections.push_back(
        {open[k].commission_id, open[k].contest.ToString(),
         record != nullptr ? record->submission.source : std::string(),
         record != nullptr ? "the correction was rejected: " + record->result.reason
                           : "a correction is open"});
  }
  return OkStatus();
}

}  // namespace

Result<audit::StoreFindings> StoreFindingsFromStore(const std::string& path) {
  ASSIGN_OR_RETURN(std::unique_ptr<storage::Store> store, OpenExistingStore(path));
  ASSIGN_OR_RETURN(const StoredElection election, LoadStoredElection(*store, path));
  audit::StoreFindings findings;
  findings.source = path;
  ASSIGN_OR_RETURN(const storage::SubmissionCounts counts, store->CountSubmissions());
  findings.accepted = counts.accepted;
  findings.unchanged = counts.unchanged;
  findings.rejected = counts.rejected;
  RETURN_IF_ERROR(AddRejections(*store, findings));
  ASSIGN_OR_RETURN(const results::ElectionResults results, TabulateStore(*store, election));
  findings.summary_protocols = static_cast<int64_t>(results.reconciliations.size());
  for (const tabulation::Reconciliation& reconciliation : results.reconciliations) {
    if (!reconciliation.matches()) {
      findings.summary_differences.push_back({reconciliation.commission_id,
                                              reconciliation.contest.ToString(), "",
                                              reconciliation.Describe()});
    }
  }
  for (const std::string& reason : results.untabulated) {
    findings.untabulated.push_back({"", "", "", reason});
  }
  return findings;
}

Result<audit::AuditDocument> Audit(audit::AuditRequest request, const WorkControl& control) {
  if (!request.load_store) {
    request.load_store = PrecinctTableFromStore;
  }
  if (!request.load_store_findings) {
    request.load_store_findings = StoreFindingsFromStore;
  }
  return audit::RunAudit(request, control);
}

Result<fingerprints::EftoolkitTable> EftoolkitAudit(audit::AuditRequest request,
                                                    fingerprints::EftoolkitLevel level,
                                                    fingerprints::EftoolkitBootstrap bootstrap) {
  if (!request.load_store) {
    request.load_store = PrecinctTableFromStore;
  }
  return audit::RunEftoolkitAudit(request, level, bootstrap);
}

Result<fingerprints::Klimek2012Table> Klimek2012Audit(
    audit::AuditRequest request, const fingerprints::Klimek2012Options& options) {
  if (!request.load_store) {
    request.load_store = PrecinctTableFromStore;
  }
  return audit::RunKlimek2012Audit(request, options);
}

}  // namespace esep::service
