#include "cli/precinct_store.h"

#include <memory>
#include <utility>

#include "cli/stored_election.h"
#include "precincts/precinct_sources.h"

namespace esep::cli {

Result<precincts::PrecinctTable> PrecinctTableFromStore(const std::string& path) {
  ASSIGN_OR_RETURN(std::unique_ptr<storage::Store> store, OpenExistingStore(path));
  ASSIGN_OR_RETURN(StoredElection election, LoadStoredElection(*store, path));
  ASSIGN_OR_RETURN(precincts::ProtocolPrecinctCollector collector,
                   precincts::ProtocolPrecinctCollector::Create(*election.definition, path));
  RETURN_IF_ERROR(store->ForEachAccepted(
      [&collector](const protocol::Protocol& protocol) { collector.Add(protocol); }));
  return std::move(collector).Finish();
}

}  // namespace esep::cli
