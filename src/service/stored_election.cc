#include "service/stored_election.h"

#include <filesystem>
#include <unordered_set>

#include <fmt/format.h>

#include "base/output_file.h"
#include "io/csv.h"
#include "io/election_data.h"
#include "storage/sqlite_store.h"

namespace esep::service {

namespace {

// Parses definition files that are already in memory, by name, without copying them.
Result<model::ElectionDefinition> ParseFiles(std::string_view origin,
                                             const std::vector<model::DefinitionFile>& files) {
  const auto content = [&](const std::string& name) -> Result<std::string_view> {
    for (const model::DefinitionFile& file : files) {
      if (file.name == name) {
        return std::string_view(file.content);
      }
    }
    return DataLossError(fmt::format("{}: the stored definition has no file '{}'", origin, name));
  };
  ASSIGN_OR_RETURN(const std::string_view json, content("election.json"));
  ASSIGN_OR_RETURN(io::DefinitionHead head, io::ReadDefinitionHead(origin, json));
  if (!head.commissions_file.has_value()) {
    return std::move(head.definition);
  }
  ASSIGN_OR_RETURN(const std::string_view table, content(*head.commissions_file));
  return io::CompleteDefinition(std::move(head), table);
}

}  // namespace

Result<DefinitionFilesRead> ReadDirectoryFiles(const std::string& directory) {
  DefinitionFilesRead read;
  ASSIGN_OR_RETURN(std::string json, io::ReadTextFile(directory + "/election.json"));
  ASSIGN_OR_RETURN(read.head, io::ReadDefinitionHead(directory, json));
  std::vector<model::DefinitionFile> files;
  files.push_back({"election.json", std::move(json)});
  if (read.head.commissions_file.has_value()) {
    const std::string& name = *read.head.commissions_file;
    ASSIGN_OR_RETURN(std::string text, io::ReadTextFile(directory + "/" + name));
    files.push_back({name, std::move(text)});
  }
  read.sha256 = model::DefinitionSha256(files);
  read.files = std::make_shared<const std::vector<model::DefinitionFile>>(std::move(files));
  return read;
}

Result<StoredElection> ParseDirectoryFiles(DefinitionFilesRead read) {
  ASSIGN_OR_RETURN(model::ElectionDefinition definition, ParseFiles(read.head.origin, *read.files));
  StoredElection election;
  election.definition = std::make_shared<const model::ElectionDefinition>(std::move(definition));
  election.sha256 = std::move(read.sha256);
  election.files = std::move(read.files);
  return election;
}

Result<StoredElection> ReadDirectoryDefinition(const std::string& directory) {
  ASSIGN_OR_RETURN(DefinitionFilesRead read, ReadDirectoryFiles(directory));
  return ParseDirectoryFiles(std::move(read));
}

Result<std::unique_ptr<storage::Store>> OpenExistingStore(const std::string& path) {
  RETURN_IF_ERROR(CheckNotDirectory(path));
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error)) {
    return NotFoundError(fmt::format(
        "{}: no such store; create one with `esep import --db {} ELECTION_DIR`", path, path));
  }
  return storage::OpenSqliteStore(path, {.read_only = true});
}

Result<StoredElection> LoadStoredElection(storage::Store& store, const std::string& path,
                                          const StoredElection* parsed) {
  ASSIGN_OR_RETURN(std::optional<storage::StoredDefinition> stored, store.Definition());
  if (!stored.has_value()) {
    return FailedPreconditionError(
        fmt::format("{}: the store holds no election definition yet; import the election directory "
                    "first: esep import --db {} ELECTION_DIR",
                    path, path));
  }
  const std::string recomputed = model::DefinitionSha256(stored->files);
  if (recomputed != stored->sha256) {
    return DataLossError(fmt::format(
        "{}: the stored definition files hash to {}, but the store recorded {}: the definition "
        "was changed after it was loaded",
        path, recomputed, stored->sha256));
  }
  StoredElection election;
  if (parsed != nullptr && parsed->sha256 == recomputed) {
    election.definition = parsed->definition;
  } else {
    ASSIGN_OR_RETURN(model::ElectionDefinition definition, ParseFiles(path, stored->files));
    election.definition = std::make_shared<const model::ElectionDefinition>(std::move(definition));
  }
  election.sha256 = std::move(stored->sha256);
  election.files =
      std::make_shared<const std::vector<model::DefinitionFile>>(std::move(stored->files));
  return election;
}

Result<results::ElectionResults> TabulateStore(storage::Store& store,
                                               const StoredElection& election) {
  // ForEachAccepted reads in order of acceptance without sorting: about twice as fast as
  // AcceptedProtocols on a million precincts. TabulateAccepted orders them itself.
  std::vector<protocol::Protocol> accepted;
  RETURN_IF_ERROR(
      store.ForEachAccepted([&](const protocol::Protocol& p) { accepted.push_back(p); }));
  ASSIGN_OR_RETURN(std::unordered_set<std::string> open, OpenCorrectionCommissions(store));
  return results::TabulateAccepted(election.definition, std::move(accepted), std::move(open));
}

Result<std::unordered_set<std::string>> OpenCorrectionCommissions(storage::Store& store) {
  ASSIGN_OR_RETURN(std::vector<storage::ProtocolKey> open, store.OpenCorrections());
  std::unordered_set<std::string> commissions;
  for (const storage::ProtocolKey& key : open) {
    commissions.insert(key.commission_id);
  }
  return commissions;
}

results::ResultsSource StoredResults::Source() const {
  return {*election.definition, *results.tabulator, results.precinct_protocols,
          results.open_corrections};
}

report::Provenance StoredResults::Provenance() const {
  return {election.definition->id(), election.sha256, chain_head};
}

Result<results::SeatDecision> StoredResults::DecideSeats(uint64_t seed) const {
  return results::DecideSeats(*election.definition, results.rule_set, *results.tabulator, seed);
}

Result<StoredResults> LoadStoredResults(const std::string& path) {
  ASSIGN_OR_RETURN(std::unique_ptr<storage::Store> store, OpenExistingStore(path));
  ASSIGN_OR_RETURN(StoredElection election, LoadStoredElection(*store, path));
  ASSIGN_OR_RETURN(results::ElectionResults results, TabulateStore(*store, election));
  ASSIGN_OR_RETURN(std::string head, store->ChainHead());
  return StoredResults{std::move(store), std::move(election), std::move(results), std::move(head)};
}

}  // namespace esep::service
