#include "publish/snapshot_files.h"

#include <algorithm>
#include <map>
#include <sstream>
#include <tuple>
#include <unordered_map>
#include <utility>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "io/protocol_jsonl.h"
#include "publish/internal/strict_json.h"
#include "publish/internal/turnout_document.h"
#include "publish/internal/unit_documents.h"
#include "report/err_export.h"
#include "report/results_export.h"
#include "results/result_rows.h"
#include "results/results_snapshot.h"

namespace esep::publish {
namespace {

using Json = nlohmann::ordered_json;
using internal::DumpFile;
using model::CommissionLevel;

// Where each protocol is published: the file of the territorial commission it lies under (a
// precinct's protocol or the commission's own summary), or "summaries.json" above them.
std::string ProtocolFile(const std::unordered_map<std::string, const model::Commission*>& by_id,
                         const std::string& commission_id) {
  const auto found = by_id.find(commission_id);
  if (found != by_id.end()) {
    const model::Commission& commission = *found->second;
    if (commission.level == CommissionLevel::kTerritorial) {
      return "precincts/" + UnitFileName(commission.id) + ".json";
    }
    if (commission.level == CommissionLevel::kPrecinct) {
      return "precincts/" + UnitFileName(commission.parent_id) + ".json";
    }
  }
  return "summaries.json";
}

void AddProtocolFiles(const SnapshotSource& source, std::vector<SnapshotFile>& files) {
  std::unordered_map<std::string, const model::Commission*> by_id;
  std::map<std::string, Json> lists;    // file -> its protocols
  std::map<std::string, Json> turnout;  // file -> its precincts' turnout reports
  for (const model::Commission& commission : source.definition.commissions()) {
    by_id.emplace(commission.id, &commission);
    if (commission.level == CommissionLevel::kTerritorial) {
      lists.emplace("precincts/" + UnitFileName(commission.id) + ".json", Json::array());
    }
  }
  lists.emplace("summaries.json", Json::array());
  for (const PublishedProtocol& published : source.protocols) {
    lists[ProtocolFile(by_id, published.commission_id)].push_back(PublishedProtocolJson(published));
  }
  for (const PublishedTurnout& report : source.turnout) {
    // A report of anything but a precinct is refused by AddTurnoutDocument, before this.
    turnout[ProtocolFile(by_id, report.commission_id)].push_back(PublishedTurnoutJson(report));
  }
  for (auto& [path, protocols] : lists) {
    Json document = {{"format", "esep-snapshot-protocols/1"}};
    if (path != "summaries.json") {
      const std::string id = path.substr(10, path.size() - 15);  // precincts/<id>.json
      document["territorial"] = id;
    }
    document["protocols"] = std::move(protocols);
    if (path != "summaries.json") {
      Json& reports = turnout[path];
      document["turnout_reports"] = reports.is_null() ? Json::array() : std::move(reports);
    }
    files.push_back({path, DumpFile(document)});
  }
}

// The downloads: the precincts' rows as CSV and JSON, the last version of every protocol as
// JSON Lines (`esep tally DIR --protocols` reads it), and the NIST ERR v2 report.
Status AddDownloads(const SnapshotSource& source, std::vector<SnapshotFile>& files) {
  const results::ElectionResults& results = source.results;
  const results::ResultsSource rows{source.definition, *results.tabulator,
                                    results.precinct_protocols, results.open_corrections};
  const report::Provenance provenance{source.definition.id(), source.definition_sha256,
                                      source.chain_head, std::nullopt};
  for (const auto& [name, format] : {std::pair{"precincts.csv", report::ResultsFormat::kCsv},
                                     std::pair{"precincts.json", report::ResultsFormat::kJson}}) {
    std::ostringstream out;
    RETURN_IF_ERROR(report::WriteResults(
        out, format, rows, {results::ResultLevel::kPrecinct, std::nullopt}, provenance));
    files.push_back({fmt::format("downloads/{}", name), out.str()});
  }
  std::string jsonl;
  for (const PublishedProtocol& published : source.protocols) {
    const PublishedVersion& last = published.versions.back();
    io::AppendProtocolJsonl(last.protocol, last.decision, jsonl);
  }
  files.push_back({"downloads/protocols.jsonl", std::move(jsonl)});
  report::ErrOptions options;
  options.provenance = provenance;
  options.generated_date = source.published_at;
  options.test_data =
      source.definition.synthetic() ? report::ErrTestData::kSynthetic : report::ErrTestData::kReal;
  std::ostringstream err;
  RETURN_IF_ERROR(report::WriteErrJson(err, rows, options));
  files.push_back({"downloads/err.json", err.str()});
  return OkStatus();
}

}  // namespace

std::string UnitFileName(std::string_view id) {
  std::string name;
  for (size_t i = 0; i < id.size(); ++i) {
    const char c = id[i];
    const bool kept = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '-' || c == '_' || (c == '.' && i > 0);
    if (kept) {
      name += c;
    } else {
      name += fmt::format("~{:02X}", static_cast<unsigned char>(c));
    }
  }
  return name.empty() ? std::string("~") : name;
}

LatestProtocols LatestOf(std::span<const PublishedProtocol> protocols) {
  LatestProtocols latest;
  latest.protocols.reserve(protocols.size());
  for (const PublishedProtocol& published : protocols) {
    latest.protocols.push_back(published.versions.back().protocol);
    if (published.open_correction) {
      latest.open_corrections.insert(published.commission_id);
    }
  }
  return latest;
}

void SortPublishedTurnout(const model::ElectionDefinition& definition,
                          std::vector<PublishedTurnout>& reports) {
  std::unordered_map<std::string_view, size_t> order;
  for (size_t i = 0; i < definition.commissions().size(); ++i) {
    order.emplace(definition.commissions()[i].id, i);
  }
  const auto rank = [&](const PublishedTurnout& report) {
    const auto found = order.find(report.commission_id);
    return std::tuple(found == order.end() ? order.size() : found->second,
                      std::string_view(report.commission_id), std::string_view(report.time));
  };
  std::stable_sort(
      reports.begin(), reports.end(),
      [&](const PublishedTurnout& a, const PublishedTurnout& b) { return rank(a) < rank(b); });
}

void SortPublishedProtocols(const model::ElectionDefinition& definition,
                            std::vector<PublishedProtocol>& protocols) {
  std::unordered_map<std::string, size_t> order;
  for (size_t i = 0; i < definition.commissions().size(); ++i) {
    order.emplace(definition.commissions()[i].id, i);
  }
  const auto rank = [&](const PublishedProtocol& p) {
    const auto found = order.find(p.commission_id);
    return std::tuple(found == order.end() ? order.size() : found->second, p.commission_id,
                      p.contest.kind == protocol::ContestRef::Kind::kDistrict, p.contest.district);
  };
  std::stable_sort(
      protocols.begin(), protocols.end(),
      [&](const PublishedProtocol& a, const PublishedProtocol& b) { return rank(a) < rank(b); });
}

Result<std::vector<SnapshotFile>> BuildSnapshotFiles(const SnapshotSource& source) {
  std::vector<SnapshotFile> files;
  for (const model::DefinitionFile& file : source.definition_files) {
    const std::string path = "definition/" + file.name;
    if (file.name.find('/') != std::string::npos || UnitFileName(file.name) != file.name) {
      return InvalidArgumentError(fmt::format(
          "definition file '{}': its name cannot be published as a file name", file.name));
    }
    files.push_back({path, file.content});
  }
  const Json snapshot = results::MakeResultsSnapshot(
      source.results, source.seats, {source.definition_sha256, source.chain_head, source.lot_seed});
  files.push_back({"results.json", DumpFile(snapshot)});
  RETURN_IF_ERROR(internal::AddUnitDocuments(source, files));
  RETURN_IF_ERROR(internal::AddTurnoutDocument(source, files));
  AddProtocolFiles(source, files);
  RETURN_IF_ERROR(AddDownloads(source, files));
  std::sort(files.begin(), files.end(),
            [](const SnapshotFile& a, const SnapshotFile& b) { return a.path < b.path; });
  return files;
}

}  // namespace esep::publish
