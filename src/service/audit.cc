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

Result<audit::AuditDocument> Audit(audit::AuditRequest request, const WorkControl& control) {
  if (!request.load_store) {
    request.load_store = PrecinctTableFromStore;
  }
  return audit::RunAudit(request, control);
}

}  // namespace esep::service
