#include "service/import.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <future>
#include <span>
#include <string_view>
#include <unordered_set>

#include <fmt/format.h>

#include "base/output_file.h"
#include "law/rule_set.h"
#include "protocol/control_ratio.h"
#include "results/results_builder.h"
#include "results/results_snapshot.h"
#include "storage/audit_chain.h"
#include "storage/sqlite_store.h"

namespace esep::service {

namespace {

namespace fs = std::filesystem;

// The protocol files a directory brings: protocols.csv and protocols.jsonl, where present.
std::vector<std::string> DirectoryProtocolFiles(const std::string& directory) {
  std::vector<std::string> files;
  for (const char* name : {"protocols.csv", "protocols.jsonl"}) {
    std::error_code error;
    if (fs::is_regular_file(fs::path(directory) / name, error)) {
      files.push_back(directory + "/" + name);
    }
  }
  return files;
}

// The turnout reports an import brings: each election directory's turnout.csv, where present,
// then the files given with --turnout.
std::vector<std::string> TurnoutFiles(const ImportRequest& request) {
  std::vector<std::string> files;
  for (const std::string& path : request.paths) {
    std::error_code error;
    if (fs::is_directory(path, error) &&
        fs::is_regular_file(fs::path(path) / "turnout.csv", error)) {
      files.push_back(path + "/turnout.csv");
    }
  }
  files.insert(files.end(), request.turnout_paths.begin(), request.turnout_paths.end());
  return files;
}

// Records the definition `files` (of `sha256`, naming `rule_set`), read from the election
// directory `path`, as the store's definition.
Status RecordDefinition(storage::Store& store, const ImportRequest& request,
                        const std::string& path, const std::string& sha256,
                        std::span<const model::DefinitionFile> files, const std::string& rule_set) {
  if (Status set = store.SetDefinition(sha256, files, rule_set); !set.ok()) {
    return Status(set.code(), fmt::format("{}: cannot import {} (definition SHA-256 {}): {}",
                                          request.store_path, path, sha256, set.message()));
  }
  return OkStatus();
}

// The election directories among `request.paths`.
int CountDirectories(const ImportRequest& request) {
  std::error_code error;
  return static_cast<int>(std::count_if(request.paths.begin(), request.paths.end(),
                                        [&](const auto& p) { return fs::is_directory(p, error); }));
}

// Called with an election directory's definition files once they are read and hashed, before
// its commission table is parsed.
using OnFilesRead = std::function<void(const std::string& path, const DefinitionFilesRead& read)>;

// Reads the definition of every election directory among `paths` and returns the protocol
// files to read, in order. `parsed` is set to the last definition read and `parsed_from` to its
// directory. Each definition is recorded in the store as it is read, unless `record` is false
// (the caller records it).
Result<std::vector<std::string>> ReadDefinitions(storage::Store& store,
                                                 const ImportRequest& request, bool record,
                                                 const OnFilesRead& on_files_read,
                                                 std::optional<StoredElection>& parsed,
                                                 std::string& parsed_from) {
  std::vector<std::string> files;
  for (const std::string& path : request.paths) {
    std::error_code error;
    if (fs::is_directory(path, error)) {
      if (!fs::is_regular_file(fs::path(path) / "election.json", error)) {
        return InvalidArgumentError(
            fmt::format("{}: a directory given to import must be an election directory holding "
                        "election.json (docs/formats/election-json.md)",
                        path));
      }
      ASSIGN_OR_RETURN(DefinitionFilesRead read, ReadDirectoryFiles(path));
      if (on_files_read) {
        on_files_read(path, read);
      }
      ASSIGN_OR_RETURN(StoredElection election, ParseDirectoryFiles(std::move(read)));
      if (record) {
        RETURN_IF_ERROR(RecordDefinition(store, request, path, election.sha256, *election.files,
                                         election.definition->rule_set()));
      }
      for (std::string& file : DirectoryProtocolFiles(path)) {
        files.push_back(std::move(file));
      }
      parsed = std::move(election);
      parsed_from = path;
    } else if (fs::is_regular_file(path, error)) {
      files.push_back(path);
    } else {
      return NotFoundError(fmt::format("{}: no such file or election directory", path));
    }
  }
  return files;
}

// OK when `request.store_path` may be opened as a store: kInvalidArgument when it is a
// directory, one of the paths to import, or a file with content that is not a SQLite database
// (a CSV given to --db by mistake is never turned into a store). A missing or empty file is a
// new store.
Status CheckStorePath(const ImportRequest& request) {
  const fs::path store = request.store_path;
  RETURN_IF_ERROR(CheckNotDirectory(store));
  for (const std::vector<std::string>* paths : {&request.paths, &request.turnout_paths}) {
    for (const std::string& path : *paths) {
      if (IsSameFile(store, path)) {
        return InvalidArgumentError(fmt::format(
            "--db {} is the same file as PATH {}: the store cannot be one of the files it imports",
            request.store_path, path));
      }
    }
  }
  std::ifstream in(store, std::ios::binary);
  if (!in) {
    return OkStatus();  // missing: created by the open (or its error names the reason)
  }
  constexpr std::string_view kSqliteMagic{"SQLite format 3\0", 16};
  std::string head(kSqliteMagic.size(), '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<size_t>(in.gcount()));
  if (!head.empty() && head != kSqliteMagic) {
    return InvalidArgumentError(
        fmt::format("--db {}: is not a store (not a SQLite database: it begins '{}'); it was "
                    "left untouched. Give the store's path to --db and the files to import after "
                    "it",
                    request.store_path, head.substr(0, head.find_first_of("\r\n"))));
  }
  return OkStatus();
}

// The result of everything the store holds, not of this import alone. When the store had no
// accepted protocol before the import and every protocol it accepted went into `built` (no
// correction, and no other writer accepted anything meanwhile: the store's count of accepted
// entries is the number added), those are exactly the store's latest versions, and their
// result is finished as it is, without reading two million entries back; otherwise the store
// is read. `esep verify` recomputes every snapshot from the chain either way.
Result<results::ElectionResults> TabulateImported(storage::Store& store,
                                                  const StoredElection& election,
                                                  std::optional<results::ResultsBuilder> built) {
  if (built.has_value()) {
    ASSIGN_OR_RETURN(const storage::SubmissionCounts after, store.CountSubmissions());
    if (after.accepted == built->added()) {
      ASSIGN_OR_RETURN(std::unordered_set<std::string> open, OpenCorrectionCommissions(store));
      return std::move(*built).Finish(std::move(open));
    }
  }
  return TabulateStore(store, election);
}

// Removes a store file this import created and that holds nothing: a failed first import
// leaves no empty store behind (with its WAL and shared-memory files).
void RemoveCreatedStore(const std::string& path) {
  std::error_code ignored;
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
    fs::remove(path + suffix, ignored);
  }
}

// `created`: the store file did not exist before this import (a failed import removes it).
Result<ImportOutcome> ImportIntoStore(const ImportRequest& request,
                                      const ImportCallbacks& callbacks, const WorkControl& control,
                                      bool created) {
  ASSIGN_OR_RETURN(std::unique_ptr<storage::Store> store,
                   storage::OpenSqliteStore(request.store_path, {.bulk = true}));
  ASSIGN_OR_RETURN(const std::string head_before, store->ChainHead());
  ASSIGN_OR_RETURN(const storage::SubmissionCounts before, store->CountSubmissions());
  // Into a store with nothing in it, one election's definition is recorded on a thread of its
  // own (about 0.4 s for a million commissions) while the protocols are read; the first batch
  // of protocols is stored only after it. Into a store this import created, it is recorded
  // from its files while its commission table is parsed (a second): should the parse fail, the
  // import fails with nothing acknowledged and the store is removed.
  const bool fresh = head_before == storage::GenesisHash();
  const bool record_while_reading = fresh && CountDirectories(request) == 1;
  std::optional<StoredElection> parsed;
  std::string parsed_from;
  ImportOutcome outcome;
  // The definition being recorded; waited for, whatever happens, before the store is closed.
  std::shared_future<Status> recording;
  auto record_early = [&](const std::string& path, const DefinitionFilesRead& read) {
    if (!record_while_reading || !created) {
      return;
    }
    // The thread shares the files: they outlive it whatever the parse does.
    recording = std::async(std::launch::async, [&store, &request, path, files = read.files,
                                                sha256 = read.sha256,
                                                rule_set = read.head.definition.rule_set()] {
                  return RecordDefinition(*store, request, path, sha256, *files, rule_set);
                }).share();
  };
  ASSIGN_OR_RETURN(
      const std::vector<std::string> files,
      ReadDefinitions(*store, request, !record_while_reading, record_early, parsed, parsed_from));
  if (parsed.has_value() && fresh) {
    // The store was empty: the definition it now holds is the one just parsed, byte for byte
    // (SetDefinition checked its hash), so it is not read back and hashed again.
    outcome.election = std::move(*parsed);
  } else {
    ASSIGN_OR_RETURN(outcome.election, LoadStoredElection(*store, request.store_path,
                                                          parsed.has_value() ? &*parsed : nullptr));
  }
  parsed.reset();
  const model::ElectionDefinition& definition = *outcome.election.definition;
  ASSIGN_OR_RETURN(const law::RuleSet rule_set, law::FindRuleSet(definition.rule_set()));
  ASSIGN_OR_RETURN(std::span<const protocol::ControlRatio> ratios,
                   protocol::ControlRatios(rule_set.name));
  if (callbacks.on_start) {
    callbacks.on_start(
        {definition.LabelledTitle(), outcome.election.sha256, definition.synthetic()});
  }
  auto on_rejection = [&](const std::string& reason) {
    if (callbacks.on_rejection) {
      callbacks.on_rejection(reason);
    }
  };
  // From here until the importer's first acknowledgement the store is used by the thread that
  // records the definition (if it has not begun already), while the result's index of the
  // commissions is built.
  if (record_while_reading && !recording.valid()) {
    recording = std::async(std::launch::async, [&store, &request, &parsed_from,
                                                &election = outcome.election] {
                  return RecordDefinition(*store, request, parsed_from, election.sha256,
                                          *election.files, election.definition->rule_set());
                }).share();
  }
  std::optional<results::ResultsBuilder> results;
  if (before.accepted == 0) {
    ASSIGN_OR_RETURN(results, results::ResultsBuilder::Create(outcome.election.definition));
  }
  ASSIGN_OR_RETURN(Importer importer, Importer::Create(*store, definition, ratios, on_rejection,
                                                       request.batch, control, std::move(results)));
  if (callbacks.on_commit) {
    importer.set_on_commit(callbacks.on_commit);
  }
  if (request.signing_key.has_value()) {
    importer.set_signing_key(&*request.signing_key);
  }
  if (recording.valid()) {
    importer.StartWith([recording] { return recording.get(); });
  }
  for (const std::string& file : files) {
    RETURN_IF_ERROR(importer.ImportFile(file));
  }
  RETURN_IF_ERROR(importer.Flush());
  outcome.counts = importer.counts();
  outcome.files = static_cast<int64_t>(files.size());

  ASSIGN_OR_RETURN(outcome.results,
                   TabulateImported(*store, outcome.election, importer.TakeResults()));
  ASSIGN_OR_RETURN(outcome.seats, results::DecideSeats(definition, outcome.results.rule_set,
                                                       *outcome.results.tabulator, request.seed));
  ASSIGN_OR_RETURN(outcome.chain_head, store->ChainHead());
  const nlohmann::ordered_json snapshot = results::MakeResultsSnapshot(
      outcome.results, outcome.seats, {outcome.election.sha256, outcome.chain_head, request.seed});
  ASSIGN_OR_RETURN(const std::optional<std::string> latest, store->LatestResults());
  if (!latest.has_value() || !results::SameResult(*latest, snapshot)) {
    RETURN_IF_ERROR(store->RecordResults(snapshot.dump()));
    outcome.snapshot_recorded = true;
  }
  // The turnout reports decide no result: they follow the snapshot, so that its entry number
  // and head are those of the protocols alone.
  ASSIGN_OR_RETURN(outcome.turnout, ImportTurnoutFiles(*store, definition, rule_set,
                                                       TurnoutFiles(request), on_rejection));
  if (request.signing_key.has_value()) {
    RETURN_IF_ERROR(store->Sign(*request.signing_key));
  }
  return outcome;
}

}  // namespace

Result<ImportOutcome> Import(const ImportRequest& request, const ImportCallbacks& callbacks,
                             const WorkControl& control) {
  RETURN_IF_ERROR(CheckStorePath(request));
  std::error_code error;
  const bool created = !fs::exists(request.store_path, error);
  int64_t committed = 0;
  ImportCallbacks counting = callbacks;
  counting.on_commit = [&](int64_t submissions) {
    committed = submissions;
    if (callbacks.on_commit) {
      callbacks.on_commit(submissions);
    }
  };
  Result<ImportOutcome> outcome = ImportIntoStore(request, counting, control, created);
  // Once a protocol is committed the store is kept whatever follows: it was acknowledged
  // (--print-commits), and the next import resumes from it.
  if (!outcome.has_value() && created && committed == 0) {
    RemoveCreatedStore(request.store_path);
  }
  return outcome;
}

}  // namespace esep::service
