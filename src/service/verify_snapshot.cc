#include "service/verify_snapshot.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <system_error>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "base/sha256.h"
#include "io/csv.h"
#include "publish/snapshot_files.h"
#include "results/election_results.h"
#include "results/results_snapshot.h"
#include "results/seat_decision.h"
#include "service/stored_election.h"

namespace esep::service {
namespace {

namespace fs = std::filesystem;
using publish::PublishedProtocol;

// Files a version holds that are not computed from its protocols: checked by hash only.
bool HashedOnly(std::string_view path) { return path == "audit.json"; }

// The first place two JSON values differ, as "key.key[3]: published X, recomputed Y".
std::string FirstJsonDifference(const nlohmann::json& published, const nlohmann::json& built,
                                const std::string& where) {
  const auto here = [&](const std::string& key) { return where.empty() ? key : where + key; };
  if (published.type() == built.type() && published.is_object()) {
    for (const auto& item : built.items()) {
      if (!published.contains(item.key())) {
        return fmt::format("{}: missing", here(item.key()));
      }
      if (published.at(item.key()) != item.value()) {
        return FirstJsonDifference(published.at(item.key()), item.value(), here(item.key()) + ".");
      }
    }
    for (const auto& item : published.items()) {
      if (!built.contains(item.key())) {
        return fmt::format("{}: not part of the format", here(item.key()));
      }
    }
  } else if (published.type() == built.type() && published.is_array()) {
    for (size_t i = 0; i < std::min(published.size(), built.size()); ++i) {
      if (published[i] != built[i]) {
        return FirstJsonDifference(
            published[i], built[i],
            fmt::format("{}[{}].", where.empty() ? "" : where.substr(0, where.size() - 1), i));
      }
    }
    return fmt::format("{}: {} entries published, {} recomputed",
                       where.empty() ? "the list" : where.substr(0, where.size() - 1),
                       published.size(), built.size());
  }
  const std::string at = where.empty() ? "the file" : where.substr(0, where.size() - 1);
  return fmt::format("{}: published {}, recomputed {}", at, published.dump(), built.dump());
}

// Why a published file is not the one rebuilt: the first differing value of a JSON file, or
// the first differing line of any other.
std::string Difference(const std::string& path, const std::string& published,
                       const std::string& built) {
  if (path == "results.json") {
    // The results snapshot names its units as a reader looks for them.
    const nlohmann::ordered_json a = nlohmann::ordered_json::parse(published, nullptr, false);
    const nlohmann::ordered_json b = nlohmann::ordered_json::parse(built, nullptr, false);
    if (!a.is_discarded() && !b.is_discarded()) {
      if (const auto m = results::FirstMismatch(a, b); m.has_value()) {
        return fmt::format("results.json: {}: published {}, recomputed {}", m->where, m->stored,
                           m->recomputed);
      }
    }
  }
  const nlohmann::json a = nlohmann::json::parse(published, nullptr, false);
  const nlohmann::json b = nlohmann::json::parse(built, nullptr, false);
  if (path.ends_with(".json") && !a.is_discarded() && !b.is_discarded() && a != b) {
    return fmt::format("{}: {}", path, FirstJsonDifference(a, b, ""));
  }
  size_t line = 1;
  size_t start = 0;
  while (true) {
    const size_t a_end = published.find('\n', start);
    const size_t b_end = built.find('\n', start);
    const std::string_view a_line = std::string_view(published).substr(start, a_end - start);
    const std::string_view b_line = std::string_view(built).substr(start, b_end - start);
    if (a_line != b_line || a_end != b_end || a_end == std::string::npos) {
      // The neighbourhood of the first differing byte: lines of a download can be long.
      size_t at = 0;
      while (at < a_line.size() && at < b_line.size() && a_line[at] == b_line[at]) {
        ++at;
      }
      const size_t from = at > 60 ? at - 60 : 0;
      return fmt::format(
          "{}: line {} differs from the one recomputed at byte {}:\n  published:  {}{}\n  "
          "recomputed: {}{}",
          path, line, at + 1, from > 0 ? "…" : "", a_line.substr(from, 120), from > 0 ? "…" : "",
          b_line.substr(from, 120));
    }
    start = a_end + 1;
    ++line;
  }
}

// Every regular file under `root`, by its '/'-separated path relative to it; anything else
// (a link, a device) is named in `odd`.
Status ListFiles(const fs::path& root, std::set<std::string>& files,
                 std::vector<std::string>& odd) {
  std::error_code error;
  for (auto it = fs::recursive_directory_iterator(root, error);
       !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
    const std::string relative = fs::relative(it->path(), root, error).generic_string();
    if (it->is_symlink()) {
      odd.push_back(relative);
      it.disable_recursion_pending();
    } else if (it->is_regular_file()) {
      files.insert(relative);
    } else if (!it->is_directory()) {
      odd.push_back(relative);
    }
  }
  if (error) {
    return UnavailableError(fmt::format("{}: cannot list: {}", root.string(), error.message()));
  }
  return OkStatus();
}

// The protocols of every protocols file (precincts/*.json, summaries.json), in publication order.
Result<std::vector<PublishedProtocol>> ReadProtocols(
    const std::map<std::string, std::string>& files) {
  std::vector<PublishedProtocol> protocols;
  for (const auto& [path, content] : files) {
    if (!(path.starts_with("precincts/") || path == "summaries.json")) {
      continue;
    }
    const nlohmann::json json = nlohmann::json::parse(content, nullptr, false);
    const auto list = json.is_object() ? json.find("protocols") : json.end();
    if (list == json.end() || !list->is_array()) {
      return InvalidArgumentError(
          fmt::format("{}: not a protocols file (an object with a \"protocols\" array)", path));
    }
    for (size_t i = 0; i < list->size(); ++i) {
      ASSIGN_OR_RETURN(
          PublishedProtocol protocol,
          publish::ParsePublishedProtocol((*list)[i], fmt::format("{}: protocols[{}]", path, i)));
      protocols.push_back(std::move(protocol));
    }
  }
  return protocols;
}

// The turnout reports of every precincts file (precincts/*.json), in publication order.
Result<std::vector<publish::PublishedTurnout>> ReadTurnout(
    const std::map<std::string, std::string>& files, const model::ElectionDefinition& definition) {
  std::vector<publish::PublishedTurnout> reports;
  for (const auto& [path, content] : files) {
    if (!path.starts_with("precincts/")) {
      continue;
    }
    const nlohmann::json json = nlohmann::json::parse(content, nullptr, false);
    const auto list = json.is_object() ? json.find("turnout_reports") : json.end();
    if (list == json.end() || !list->is_array()) {
      return InvalidArgumentError(fmt::format(
          "{}: not a precincts file (an object with a \"turnout_reports\" array)", path));
    }
    for (size_t i = 0; i < list->size(); ++i) {
      ASSIGN_OR_RETURN(publish::PublishedTurnout report,
                       publish::ParsePublishedTurnout(
                           (*list)[i], fmt::format("{}: turnout_reports[{}]", path, i)));
      reports.push_back(std::move(report));
    }
  }
  publish::SortPublishedTurnout(definition, reports);
  return reports;
}

// Steps 3 and 4: the definition, then every computed file built again. The mismatch, if any.
Result<std::optional<std::string>> Recompute(const fs::path& directory,
                                             const std::map<std::string, std::string>& files,
                                             SnapshotCheck& check) {
  const publish::Manifest& manifest = check.manifest;
  Result<StoredElection> read = ReadDirectoryDefinition((directory / "definition").string());
  if (!read.has_value()) {
    return std::optional<std::string>(
        fmt::format("definition/: cannot be read: {}", read.status().message()));
  }
  const StoredElection& election = *read;
  if (election.sha256 != manifest.definition_sha256) {
    return std::optional<std::string>(
        fmt::format("definition/: the files hash to {}, the manifest says {}", election.sha256,
                    manifest.definition_sha256));
  }
  Result<std::vector<PublishedProtocol>> protocols = ReadProtocols(files);
  if (!protocols.has_value()) {
    return std::optional<std::string>(std::string(protocols.status().message()));
  }
  publish::SortPublishedProtocols(*election.definition, *protocols);
  check.protocols = static_cast<int64_t>(protocols->size());
  Result<std::vector<publish::PublishedTurnout>> turnout = ReadTurnout(files, *election.definition);
  if (!turnout.has_value()) {
    return std::optional<std::string>(std::string(turnout.status().message()));
  }
  check.turnout_reports = static_cast<int64_t>(turnout->size());
  publish::LatestProtocols latest = publish::LatestOf(*protocols);
  ASSIGN_OR_RETURN(const results::ElectionResults results,
                   results::TabulateAccepted(election.definition, std::move(latest.protocols),
                                             std::move(latest.open_corrections)));
  if (!results.untabulated.empty()) {
    return std::optional<std::string>(fmt::format(
        "a published protocol does not fit the definition: {}", results.untabulated.front()));
  }
  ASSIGN_OR_RETURN(const results::SeatDecision seats,
                   results::DecideSeats(*election.definition, results.rule_set, *results.tabulator,
                                        manifest.lot_seed));
  const std::string status(results::ResultStatusName(results.status()));
  if (status != manifest.status) {
    return std::optional<std::string>(
        fmt::format("manifest.json: status is '{}', the published protocols make it '{}'",
                    manifest.status, status));
  }
  Result<std::vector<publish::SnapshotFile>> rebuilt =
      publish::BuildSnapshotFiles({.definition = *election.definition,
                                   .definition_files = *election.files,
                                   .results = results,
                                   .seats = seats,
                                   .protocols = *protocols,
                                   .turnout = *turnout,
                                   .definition_sha256 = manifest.definition_sha256,
                                   .chain_head = manifest.chain_head,
                                   .published_at = manifest.published_at,
                                   .lot_seed = manifest.lot_seed});
  if (!rebuilt.has_value()) {
    // The published protocols or turnout reports do not fit the definition.
    return std::optional<std::string>(fmt::format("precincts/: {}", rebuilt.status().message()));
  }
  const std::vector<publish::SnapshotFile>& built = *rebuilt;
  std::set<std::string> expected;
  std::vector<const publish::SnapshotFile*> order;
  order.reserve(built.size());
  for (const publish::SnapshotFile& file : built) {
    order.push_back(&file);
  }
  // The totals first, then the units from the top: a changed figure is reported where a reader
  // looks for it, not in the download that repeats it.
  const auto rank = [](const std::string& path) {
    for (int i = 0;
         const std::string_view prefix : {"results.json", "national.json", "turnout.json",
                                          "regions/", "districts/", "territorial/"}) {
      if (path.starts_with(prefix)) {
        return i;
      }
      ++i;
    }
    return 6;
  };
  std::stable_sort(order.begin(), order.end(),
                   [&](const auto* a, const auto* b) { return rank(a->path) < rank(b->path); });
  for (const publish::SnapshotFile* entry : order) {
    const publish::SnapshotFile& file = *entry;
    expected.insert(file.path);
    const auto published = files.find(file.path);
    if (published == files.end()) {
      return std::optional<std::string>(
          fmt::format("{}: missing: the version's protocols call for it", file.path));
    }
    if (published->second != file.content) {
      return std::optional<std::string>(Difference(file.path, published->second, file.content));
    }
    ++check.files_recomputed;
  }
  for (const auto& [path, content] : files) {
    if (!expected.contains(path) && !HashedOnly(path)) {
      return std::optional<std::string>(
          fmt::format("{}: not a file this version's protocols call for", path));
    }
  }
  return std::optional<std::string>();
}

}  // namespace

Result<SnapshotCheck> VerifySnapshot(const VerifySnapshotRequest& request) {
  const fs::path directory(request.directory);
  const fs::path manifest_path = directory / publish::kManifestName;
  ASSIGN_OR_RETURN(const std::string manifest_text, io::ReadTextFile(manifest_path.string()));
  SnapshotCheck check;
  ASSIGN_OR_RETURN(check.manifest,
                   publish::Manifest::FromJson(manifest_text, manifest_path.string()));
  const publish::Manifest& manifest = check.manifest;

  // 1. The signature.
  check.signature_valid = manifest.SignatureValid();
  if (manifest.signature.has_value() && !check.signature_valid) {
    check.mismatch =
        "manifest.json: the signature is not valid for the key it names: the "
        "manifest was changed after it was signed";
    return check;
  }
  if (request.public_key.has_value()) {
    check.signed_by_expected = check.signature_valid && manifest.public_key == request.public_key;
    if (!check.signed_by_expected) {
      check.mismatch = check.signature_valid
                           ? fmt::format("manifest.json: signed by {}, not by the key given ({})",
                                         *manifest.public_key, *request.public_key)
                           : std::string("manifest.json: not signed, and a key was given");
      return check;
    }
  }

  // 2. Every listed file, with its size and hash; nothing else.
  std::set<std::string> present;
  std::vector<std::string> odd;
  RETURN_IF_ERROR(ListFiles(directory, present, odd));
  if (!odd.empty()) {
    check.mismatch = fmt::format("{}: not a regular file", odd.front());
    return check;
  }
  present.erase(std::string(publish::kManifestName));
  std::map<std::string, std::string> files;
  for (const publish::ManifestFile& listed : manifest.files) {
    if (!present.contains(listed.path)) {
      check.mismatch = fmt::format("{}: missing (the manifest lists it)", listed.path);
      return check;
    }
    present.erase(listed.path);
    ASSIGN_OR_RETURN(std::string content, io::ReadTextFile((directory / listed.path).string()));
    if (static_cast<int64_t>(content.size()) != listed.bytes) {
      check.mismatch = fmt::format("{}: {} bytes, the manifest says {}", listed.path,
                                   content.size(), listed.bytes);
      return check;
    }
    if (const std::string sha256 = Sha256Hex(content); sha256 != listed.sha256) {
      check.mismatch = fmt::format("{}: SHA-256 {}, the manifest says {}: the file was changed",
                                   listed.path, sha256, listed.sha256);
      return check;
    }
    ++check.files_checked;
    files.emplace(listed.path, std::move(content));
  }
  if (!present.empty()) {
    check.mismatch = fmt::format("{}: not listed in the manifest", *present.begin());
    return check;
  }

  // 3 and 4. The definition and everything computed from the protocols.
  ASSIGN_OR_RETURN(check.mismatch, Recompute(directory, files, check));
  return check;
}

}  // namespace esep::service
