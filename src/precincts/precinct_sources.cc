#include "precincts/precinct_sources.h"

#include <algorithm>
#include <filesystem>
#include <utility>

#include <fmt/format.h>

#include "io/csv.h"
#include "io/election_data.h"
#include "io/protocol_csv.h"

namespace esep::precincts {

ProtocolPrecinctCollector::ProtocolPrecinctCollector(const model::ElectionDefinition& definition)
    : definition_(&definition) {}

Result<ProtocolPrecinctCollector> ProtocolPrecinctCollector::Create(
    const model::ElectionDefinition& definition, std::string source) {
  if (definition.commissions().empty()) {
    return InvalidArgumentError(fmt::format(
        "{}: the election definition has no commission tree (commissions.csv), so precinct "
        "protocols cannot be told from summaries",
        definition.id()));
  }
  if (definition.parties().empty()) {
    return InvalidArgumentError(
        fmt::format("{}: the election definition names no party lists", definition.id()));
  }
  ProtocolPrecinctCollector collector(definition);
  const std::vector<model::Commission>& commissions = definition.commissions();
  auto key_of = [&commissions](uint32_t p) -> std::string_view { return commissions[p].id; };
  collector.commissions_.Reserve(commissions.size());
  for (size_t c = 0; c < commissions.size(); ++c) {
    (void)collector.commissions_.Insert(commissions[c].id, static_cast<uint32_t>(c), key_of);
  }
  collector.seen_.assign(commissions.size(), 0);
  collector.table_.source = std::move(source);
  collector.table_.synthetic = definition.synthetic();
  for (const model::Party& party : definition.parties()) {
    collector.table_.choice_names.push_back(party.short_name.empty() ? party.name
                                                                     : party.short_name);
    collector.table_.choice_aliases.push_back({party.id, party.name, party.short_name});
  }
  return collector;
}

void ProtocolPrecinctCollector::Add(const protocol::Protocol& protocol, std::string_view file,
                                    int64_t line) {
  if (protocol.contest.kind != protocol::ContestRef::Kind::kPartyList) {
    ++ignored_;
    return;
  }
  // Formatted only for a skipped row: a million good rows cost no string.
  auto prefix = [&] { return file.empty() ? std::string() : fmt::format("{}:{}: ", file, line); };
  const std::vector<model::Commission>& commissions = definition_->commissions();
  auto key_of = [&commissions](uint32_t p) -> std::string_view { return commissions[p].id; };
  const std::optional<uint32_t> position = commissions_.Find(protocol.commission_id, key_of);
  if (!position.has_value()) {
    table_.skipped.push_back(fmt::format("{}commission {}: not in the election's commission tree",
                                         prefix(), protocol.commission_id));
    return;
  }
  const model::Commission& commission = commissions[*position];
  if (commission.level != model::CommissionLevel::kPrecinct) {
    ++ignored_;
    return;
  }
  if (seen_[*position] != 0) {
    table_.skipped.push_back(
        fmt::format("{}precinct {}: a second party-list protocol; the first one read is used",
                    prefix(), protocol.commission_id));
    return;
  }
  row_.id = protocol.commission_id;
  row_.group = commission.parent_id;
  row_.region = commission.region_id;
  row_.registered = protocol.voters_on_list;
  row_.ballots = protocol.ballots_in_boxes();
  row_.valid = protocol.valid_ballots;
  row_.added_on_day = protocol.voters_added_on_day;
  row_.mobile_ballots = protocol.ballots_in_mobile_boxes;
  row_.issued = protocol.ballots_issued();
  row_.invalid = protocol.invalid_ballots;
  row_.votes.assign(protocol.choice_votes.begin(), protocol.choice_votes.end());
  // A precinct abroad (an embassy, a consulate) is a special commission by the definition's own
  // record, as a mapped CSV's type column makes one.
  row_.special = commission.abroad;
  if (const Status added = table_.Add(std::move(row_)); !added.ok()) {
    table_.skipped.push_back(prefix() + added.message());
    return;
  }
  seen_[*position] = 1;
}

void ProtocolPrecinctCollector::Skip(std::string reason) {
  table_.skipped.push_back(std::move(reason));
}

PrecinctTable ProtocolPrecinctCollector::Finish() && {
  if (std::find(table_.special.begin(), table_.special.end(), 1) != table_.special.end()) {
    table_.special_rule = std::string(kAbroadRule);
  }
  return std::move(table_);
}

Result<PrecinctTable> PrecinctTableFromProtocols(const model::ElectionDefinition& definition,
                                                 std::span<const protocol::Protocol> protocols,
                                                 std::string source) {
  ASSIGN_OR_RETURN(ProtocolPrecinctCollector collector,
                   ProtocolPrecinctCollector::Create(definition, std::move(source)));
  for (const protocol::Protocol& protocol : protocols) {
    collector.Add(protocol);
  }
  return std::move(collector).Finish();
}

bool DirectoryHasProtocols(const std::string& directory) {
  std::error_code error;
  return std::filesystem::is_regular_file(directory + "/protocols.csv", error);
}

Result<PrecinctTable> PrecinctTableFromDirectory(const std::string& directory) {
  ASSIGN_OR_RETURN(model::ElectionDefinition definition,
                   io::LoadDefinition(directory, [&](const std::string& name) {
                     return io::ReadTextFile(directory + "/" + name);
                   }));
  const std::string path = directory + "/protocols.csv";
  ASSIGN_OR_RETURN(std::string text, io::ReadTextFile(path));
  ASSIGN_OR_RETURN(ProtocolPrecinctCollector collector,
                   ProtocolPrecinctCollector::Create(definition, path));
  RETURN_IF_ERROR(io::ReadProtocolCsv(text, path, [&](io::ProtocolRow&& row) {
    if (!row.protocol.has_value()) {
      collector.Skip(row.error);
      return;
    }
    collector.Add(*row.protocol, path, row.line);
  }));
  return std::move(collector).Finish();
}

}  // namespace esep::precincts
