#include "service/publish.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <system_error>
#include <unordered_map>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include "audit/audit_json.h"
#include "base/output_file.h"
#include "base/sha256.h"
#include "data_entry/form_definition.h"
#include "io/csv.h"
#include "publish/snapshot_files.h"
#include "report/err_export.h"
#include "results/seat_decision.h"
#include "service/audit.h"
#include "service/stored_election.h"
#include "storage/submission.h"

namespace esep::service {
namespace {

namespace fs = std::filesystem;
using publish::PublishedProtocol;

// What a version is computed from, read at one chain head.
struct StoreState {
  std::string chain_head;
  std::vector<PublishedProtocol> protocols;
  std::vector<publish::PublishedTurnout> turnout;
  uint64_t lot_seed = 0;
};

// Where a version came from, without the directories of the machine that imported it: they tell
// the public nothing and may name someone's home directory ("/home/a/day2.csv:17" ->
// "day2.csv:17"; "entry:PEC-1:list" stays).
std::string PublicSource(std::string_view source) {
  const size_t slash = source.rfind('/');
  return std::string(slash == std::string_view::npos ? source : source.substr(slash + 1));
}

Result<std::vector<PublishedProtocol>> ReadProtocols(storage::Store& store,
                                                     const model::ElectionDefinition& definition) {
  ASSIGN_OR_RETURN(const std::vector<storage::SubmissionRecord> submissions, store.Submissions());
  std::map<std::string, PublishedProtocol> by_key;
  for (const storage::SubmissionRecord& record : submissions) {
    if (record.result.outcome != storage::Outcome::kAccepted) {
      continue;
    }
    const protocol::Protocol& accepted = record.submission.protocol;
    const std::string key = data_entry::ProtocolId(accepted.commission_id, accepted.contest);
    PublishedProtocol& published = by_key[key];
    published.commission_id = accepted.commission_id;
    published.contest = accepted.contest;
    published.versions.push_back({.version = record.result.version,
                                  .protocol = accepted,
                                  .decision = record.submission.decision,
                                  .source = PublicSource(record.submission.source),
                                  .findings = record.result.findings});
  }
  ASSIGN_OR_RETURN(const std::vector<storage::ProtocolKey> open, store.OpenCorrections());
  for (const storage::ProtocolKey& key : open) {
    const auto found = by_key.find(data_entry::ProtocolId(key.commission_id, key.contest));
    if (found != by_key.end()) {
      found->second.open_correction = true;
    }
  }
  std::vector<PublishedProtocol> protocols;
  protocols.reserve(by_key.size());
  for (auto& [id, published] : by_key) {
    ASSIGN_OR_RETURN(const std::vector<storage::ScanRecord> scans, store.ProtocolScans(id));
    for (const storage::ScanRecord& scan : scans) {
      published.scans.push_back({scan.sha256, scan.media_type, scan.size});
    }
    protocols.push_back(std::move(published));
  }
  publish::SortPublishedProtocols(definition, protocols);
  return protocols;
}

// Every accepted version of every turnout report, by precinct and time.
Result<std::vector<publish::PublishedTurnout>> ReadTurnout(
    storage::Store& store, const model::ElectionDefinition& definition) {
  ASSIGN_OR_RETURN(const std::vector<storage::TurnoutRecord> records, store.TurnoutReports());
  std::map<std::pair<std::string, std::string>, publish::PublishedTurnout> by_key;
  for (const storage::TurnoutRecord& record : records) {
    if (record.result.outcome != storage::Outcome::kAccepted) {
      continue;
    }
    const protocol::TurnoutReport& report = record.submission.report;
    publish::PublishedTurnout& published = by_key[{report.commission_id, report.time}];
    published.commission_id = report.commission_id;
    published.time = report.time;
    published.versions.push_back({.version = record.result.version,
                                  .voters = report.voters,
                                  .decision = record.submission.decision,
                                  .source = PublicSource(record.submission.source)});
  }
  std::vector<publish::PublishedTurnout> reports;
  reports.reserve(by_key.size());
  for (auto& [key, published] : by_key) {
    reports.push_back(std::move(published));
  }
  publish::SortPublishedTurnout(definition, reports);
  return reports;
}

// The seed the store's own result decided any lots with (its latest results snapshot), else 0.
Result<uint64_t> StoredLotSeed(storage::Store& store) {
  ASSIGN_OR_RETURN(const std::optional<std::string> latest, store.LatestResults());
  if (!latest.has_value()) {
    return uint64_t{0};
  }
  const nlohmann::json json = nlohmann::json::parse(*latest, nullptr, false);
  const auto seed = json.is_object() ? json.find("lot_seed") : json.end();
  return seed != json.end() && seed->is_number_unsigned() ? seed->get<uint64_t>() : uint64_t{0};
}

// The protocols and the chain head they stand at. The store may be written meanwhile (a
// commission server on the same file): the head is read before and after, and the read is
// repeated until they agree.
Result<StoreState> ReadStoreState(storage::Store& store,
                                  const model::ElectionDefinition& definition,
                                  const std::string& path) {
  for (int attempt = 0; attempt < 5; ++attempt) {
    StoreState state;
    ASSIGN_OR_RETURN(state.chain_head, store.ChainHead());
    ASSIGN_OR_RETURN(state.protocols, ReadProtocols(store, definition));
    ASSIGN_OR_RETURN(state.turnout, ReadTurnout(store, definition));
    ASSIGN_OR_RETURN(state.lot_seed, StoredLotSeed(store));
    ASSIGN_OR_RETURN(const std::string after, store.ChainHead());
    if (after == state.chain_head) {
      return state;
    }
  }
  return AbortedError(fmt::format(
      "{}: the store changed during each of 5 reads; publish again when it is quieter", path));
}

// The versions already published under OUT/v, and the manifest current.json names.
Result<int64_t> LastVersion(const fs::path& versions) {
  int64_t last = 0;
  std::error_code error;
  if (!fs::exists(versions, error)) {
    return last;
  }
  for (const fs::directory_entry& entry : fs::directory_iterator(versions, error)) {
    const std::string name = entry.path().filename().string();
    if (!name.empty() && name.size() < 12 &&
        std::all_of(name.begin(), name.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      last = std::max<int64_t>(last, std::stoll(name));
    }
  }
  if (error) {
    return UnavailableError(fmt::format("{}: cannot list the published versions: {}",
                                        versions.string(), error.message()));
  }
  return last;
}

Result<std::optional<publish::Manifest>> CurrentManifest(const fs::path& out, int64_t last) {
  if (last == 0) {
    return std::optional<publish::Manifest>();
  }
  const fs::path path = out / "v" / std::to_string(last) / publish::kManifestName;
  ASSIGN_OR_RETURN(const std::string text, io::ReadTextFile(path.string()));
  ASSIGN_OR_RETURN(publish::Manifest manifest, publish::Manifest::FromJson(text, path.string()));
  return std::optional<publish::Manifest>(std::move(manifest));
}

std::string CurrentJson(const publish::Manifest& manifest, const std::string& manifest_sha256) {
  const nlohmann::ordered_json json = {
      {"format", kCurrentFormat},
      {"version", manifest.version},
      {"path", fmt::format("v/{}/", manifest.version)},
      {"manifest_sha256", manifest_sha256},
      {"published_at", manifest.published_at},
      {"status", manifest.status},
  };
  return json.dump(1) + "\n";
}

// A file of the previous version with exactly this content, to link rather than write again:
// most files of a version (every territorial commission whose protocols did not change, the
// definition, the large downloads of a final result) repeat the one before, and a night of
// versions every 5 minutes would otherwise fill the disk. The previous file is read and hashed
// first, so a version never takes in bytes it does not list.
std::optional<fs::path> SameInPrevious(const publish::SnapshotFile& file, const std::string& sha256,
                                       const std::map<std::string, std::string>& previous,
                                       const fs::path& previous_directory) {
  const auto listed = previous.find(file.path);
  if (listed == previous.end() || listed->second != sha256) {
    return std::nullopt;
  }
  const fs::path path = previous_directory / file.path;
  Result<std::string> old_sha256 = Sha256HexOfFile(path.string());
  if (!old_sha256.has_value() || *old_sha256 != sha256) {
    return std::nullopt;
  }
  return path;
}

// Writes every file into a staging directory, then renames it to `target` in one step. The
// rename fails, rather than merging, when another publisher wrote `target` first.
Status WriteVersion(const fs::path& target, const std::vector<publish::SnapshotFile>& files,
                    const publish::Manifest& manifest, const std::string& manifest_text,
                    const std::optional<publish::Manifest>& previous) {
  std::map<std::string, std::string> previous_files;
  if (previous.has_value()) {
    for (const publish::ManifestFile& file : previous->files) {
      previous_files.emplace(file.path, file.sha256);
    }
  }
  const fs::path previous_directory =
      target.parent_path() / std::to_string(previous.has_value() ? previous->version : 0);
  const fs::path staging =
      target.parent_path() / fmt::format(".{}.partial-{}", target.filename().string(), getpid());
  std::error_code error;
  fs::remove_all(staging, error);
  const auto fail = [&](const std::string& what) {
    std::error_code ignored;
    fs::remove_all(staging, ignored);
    return UnavailableError(what);
  };
  for (size_t i = 0; i < files.size(); ++i) {
    const publish::SnapshotFile& file = files[i];
    const fs::path path = staging / file.path;
    fs::create_directories(path.parent_path(), error);
    if (error) {
      return fail(
          fmt::format("{}: cannot create: {}", path.parent_path().string(), error.message()));
    }
    if (const std::optional<fs::path> same =
            SameInPrevious(file, manifest.files[i].sha256, previous_files, previous_directory)) {
      fs::create_hard_link(*same, path, error);
      if (!error) {
        continue;
      }
      error.clear();  // another file system, say: write it
    }
    if (Status written = WriteFileAtomically(path, file.content); !written.ok()) {
      return fail(written.message());
    }
  }
  if (Status written = WriteFileAtomically(staging / publish::kManifestName, manifest_text);
      !written.ok()) {
    return fail(written.message());
  }
  if (std::rename(staging.c_str(), target.c_str()) != 0) {
    const int code = errno;
    std::error_code ignored;
    fs::remove_all(staging, ignored);
    if (code == EEXIST || code == ENOTEMPTY) {
      return AbortedError(fmt::format(
          "{}: another publisher wrote this version first; publish again", target.string()));
    }
    return UnavailableError(fmt::format("{}: cannot rename the staged version into place: {}",
                                        target.string(), std::generic_category().message(code)));
  }
  return OkStatus();
}

// OUT may be new, empty, or a site esep publish wrote (it has current.json or v/): never a
// file (the store, say) or a directory of other things that current.json would land among.
Status CheckSiteDirectory(const fs::path& out) {
  std::error_code error;
  if (!fs::exists(out, error)) {
    return OkStatus();
  }
  if (!fs::is_directory(out, error)) {
    return InvalidArgumentError(
        fmt::format("--out {}: not a directory; give the site directory (versions go to OUT/v/N)",
                    out.string()));
  }
  const bool empty = fs::is_empty(out, error);
  const bool ours = fs::exists(out / kCurrentName, error) || fs::is_directory(out / "v", error);
  if (!empty && !ours) {
    return InvalidArgumentError(fmt::format(
        "--out {}: holds other files and no snapshot (no current.json, no v/); publish into a new "
        "or empty directory, or one esep publish wrote",
        out.string()));
  }
  return OkStatus();
}

}  // namespace

Result<PublishOutcome> Publish(const PublishRequest& request, const WorkControl& control) {
  const fs::path out(request.out_dir);
  RETURN_IF_ERROR(CheckSiteDirectory(out));
  ASSIGN_OR_RETURN(std::unique_ptr<storage::Store> store, OpenExistingStore(request.store_path));
  ASSIGN_OR_RETURN(const StoredElection election, LoadStoredElection(*store, request.store_path));
  const model::ElectionDefinition& definition = *election.definition;
  control.Report({.task = "reading the store"});
  ASSIGN_OR_RETURN(StoreState state, ReadStoreState(*store, definition, request.store_path));
  ASSIGN_OR_RETURN(const int64_t last, LastVersion(out / "v"));
  ASSIGN_OR_RETURN(const std::optional<publish::Manifest> current, CurrentManifest(out, last));
  PublishOutcome outcome;
  if (request.skip_unchanged && current.has_value() && current->chain_head == state.chain_head) {
    outcome.unchanged = true;
    outcome.version = current->version;
    outcome.directory = (out / "v" / std::to_string(last)).string();
    outcome.manifest = *current;
    return outcome;
  }
  RETURN_IF_ERROR(control.CheckCancelled("publishing"));

  control.Report({.task = "computing the result"});
  publish::LatestProtocols latest = publish::LatestOf(state.protocols);
  ASSIGN_OR_RETURN(const results::ElectionResults results,
                   results::TabulateAccepted(election.definition, std::move(latest.protocols),
                                             std::move(latest.open_corrections)));
  ASSIGN_OR_RETURN(
      const results::SeatDecision seats,
      results::DecideSeats(definition, results.rule_set, *results.tabulator, state.lot_seed));
  publish::Manifest& manifest = outcome.manifest;
  manifest.version = last + 1;
  manifest.election_id = definition.id();
  manifest.synthetic = definition.synthetic();
  manifest.status = std::string(results::ResultStatusName(results.status()));
  manifest.published_at = report::ErrDateTime(std::chrono::system_clock::now());
  manifest.definition_sha256 = election.sha256;
  manifest.chain_head = state.chain_head;
  manifest.lot_seed = state.lot_seed;
  ASSIGN_OR_RETURN(std::vector<publish::SnapshotFile> files,
                   publish::BuildSnapshotFiles({.definition = definition,
                                                .definition_files = *election.files,
                                                .results = results,
                                                .seats = seats,
                                                .protocols = state.protocols,
                                                .turnout = state.turnout,
                                                .definition_sha256 = manifest.definition_sha256,
                                                .chain_head = manifest.chain_head,
                                                .published_at = manifest.published_at,
                                                .lot_seed = manifest.lot_seed}));
  if (request.with_audit) {
    RETURN_IF_ERROR(control.CheckCancelled("publishing"));
    control.Report({.task = "auditing the precinct protocols"});
    audit::AuditRequest audit_request;
    audit_request.db = request.store_path;
    ASSIGN_OR_RETURN(const audit::AuditDocument document, Audit(std::move(audit_request)));
    const nlohmann::ordered_json wrapped = {{"format", "esep-snapshot-audit/1"},
                                            {"audit", audit::AuditJson(document)}};
    files.push_back(
        {"audit.json",
         wrapped.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n"});
    std::sort(files.begin(), files.end(),
              [](const auto& a, const auto& b) { return a.path < b.path; });
  }
  for (const publish::SnapshotFile& file : files) {
    manifest.files.push_back(
        {file.path, Sha256Hex(file.content), static_cast<int64_t>(file.content.size())});
    outcome.bytes += static_cast<int64_t>(file.content.size());
  }
  if (request.signing_key.has_value()) {
    manifest.Sign(*request.signing_key);
  }
  RETURN_IF_ERROR(control.CheckCancelled("publishing"));
  control.Report({.task = "writing the version"});
  const std::string manifest_text = manifest.ToJson();
  outcome.version = manifest.version;
  outcome.directory = (out / "v" / std::to_string(manifest.version)).string();
  std::error_code error;
  fs::create_directories(out / "v", error);
  if (error) {
    return UnavailableError(
        fmt::format("{}: cannot create: {}", (out / "v").string(), error.message()));
  }
  RETURN_IF_ERROR(WriteVersion(outcome.directory, files, manifest, manifest_text, current));
  RETURN_IF_ERROR(
      WriteFileAtomically(out / kCurrentName, CurrentJson(manifest, Sha256Hex(manifest_text))));
  return outcome;
}

}  // namespace esep::service
