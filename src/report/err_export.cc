#include "report/err_export.h"

#include <algorithm>
#include <ctime>
#include <optional>
#include <regex>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "report/internal/json_out.h"
#include "results/result_index.h"

namespace esep::report {

namespace {

using nlohmann::json;
using protocol::ContestRef;
using tabulation::Tally;

std::string Dump(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

// `object` without its closing brace, so that streamed members can follow.
std::string Open(const json& object) {
  std::string text = Dump(object);
  text.pop_back();
  return text;
}

json Text(std::string_view content) {
  return {{"@type", "ElectionResults.InternationalizedText"},
          {"Text", json::array({{{"@type", "ElectionResults.LanguageString"},
                                 {"Content", content},
                                 {"Language", "en"}}})}};
}

json Identifier(std::string_view other_type, std::string_view value) {
  return {{"@type", "ElectionResults.ExternalIdentifier"},
          {"Type", "other"},
          {"OtherType", other_type},
          {"Value", value}};
}

json CountStatus(std::string_view status) {
  return json::array(
      {{{"@type", "ElectionResults.CountStatus"}, {"Status", status}, {"Type", "total"}}});
}

std::string_view TallyStatus(const Tally& tally, bool open) {
  if (tally.protocols == 0) {
    return "not-processed";
  }
  return tally.complete() && !open ? "completed" : "in-process";
}

std::string ContestId(const ContestRef& contest) {
  return contest.kind == ContestRef::Kind::kPartyList
             ? std::string("contest-list")
             : fmt::format("contest-district-{}", contest.district);
}

// A JSON array's elements, one per line, written as they come.
class Sequence {
 public:
  explicit Sequence(std::ostream& out) : out_(out) {}
  void Add(const json& value) { Next() << Dump(value); }
  // An element already written as JSON text.
  void AddText(std::string_view text) { Next() << text; }
  // Starts an element whose members the caller continues and closes.
  void AddOpen(const json& head) { Next() << Open(head); }

 private:
  std::ostream& Next() {
    out_ << (first_ ? "\n" : ",\n");
    first_ = false;
    return out_;
  }
  std::ostream& out_;
  bool first_ = true;
};

class ErrWriter {
 public:
  ErrWriter(std::ostream& out, const results::ResultsSource& source,
            std::vector<results::PrecinctEntry> precincts)
      : out_(out),
        source_(source),
        definition_(source.definition),
        tabulator_(source.tabulator),
        precincts_(std::move(precincts)),
        units_(results::CollectTreeUnits(definition_)),
        open_(results::FindOpenUnits(definition_, tabulator_, source.open_corrections)) {
    std::unordered_map<std::string_view, size_t> territorial_index;
    for (size_t t = 0; t < units_.territorials.size(); ++t) {
      territorial_index.emplace(units_.territorials[t]->id, t);
    }
    precinct_refs_.reserve(precincts_.size());
    for (const results::PrecinctEntry& entry : precincts_) {
      precinct_refs_.push_back(internal::JsonString(Precinct(*entry.commission)));
    }
    by_territorial_.resize(units_.territorials.size());
    by_district_.resize(definition_.districts().size());
    for (size_t i = 0; i < precincts_.size(); ++i) {
      const model::Commission& precinct = *precincts_[i].commission;
      if (auto found = territorial_index.find(precinct.parent_id);
          found != territorial_index.end()) {
        by_territorial_[found->second].push_back(i);
      }
      const auto d = static_cast<size_t>(precinct.district);
      if (d >= 1 && d <= by_district_.size()) {
        by_district_[d - 1].push_back(i);
      }
    }
  }

  void Write(const ErrOptions& options) {
    out_ << Open(ReportHead(options)) << ",\"GpUnit\":[";
    WriteGpUnits();
    out_ << "\n],\"Party\":" << Dump(Parties()) << ",\"Election\":[\n"
         << Open(ElectionHead()) << ",\"BallotCounts\":[";
    WriteBallotCounts();
    out_ << "\n],\"Contest\":[";
    WriteContests();
    out_ << "\n]}]}\n";
  }

 private:
  static std::string Region(const model::Region& region) { return "gpu-region-" + region.id; }
  static std::string Territorial(const model::Commission& c) { return "gpu-territorial-" + c.id; }
  static std::string Precinct(const model::Commission& c) { return "gpu-precinct-" + c.id; }
  static std::string District(size_t d) { return fmt::format("gpu-district-{}", d + 1); }

  bool Final(const Tally& tally, bool open) const { return tally.complete() && !open; }

  bool AllFinal() const {
    bool final = Final(tabulator_.national(), open_.national);
    for (size_t d = 0; d < tabulator_.districts().size(); ++d) {
      final = final && Final(tabulator_.districts()[d], open_.districts[d]);
    }
    return final;
  }

  json ReportHead(const ErrOptions& options) const {
    json head = {
        {"@type", "ElectionResults.ElectionReport"},
        {"Format", "precinct-level"},
        {"GeneratedDate", options.generated_date},
        {"Issuer", options.issuer},
        {"IssuerAbbreviation", options.issuer_abbreviation},
        {"SequenceStart", 1},
        {"SequenceEnd", 1},
        {"Status", AllFinal() ? "unofficial-complete" : "unofficial-partial"},
        {"VendorApplicationId", options.vendor_application_id},
        {"IsTest", options.test_data == ErrTestData::kSynthetic},
        {"Notes",
         "Written by esep. Protocol lines that ERR has no field for are BallotCounts of Type "
         "'other' named '<contest id>:<line>'; votes against all are the VoteCounts (Type "
         "'other', OtherType 'against-all') of each contest's selection without candidates. "
         "See esep's docs/formats/err-export.md."},
        {"ExternalIdentifier",
         json::array({Identifier("esep-election-id", options.provenance.election_id),
                      Identifier("esep-definition-sha256", options.provenance.definition_sha256),
                      Identifier("esep-audit-chain-head", options.provenance.chain_head)})}};
    if (options.provenance.snapshot_entry.has_value()) {
      head["ExternalIdentifier"].push_back(Identifier(
          "esep-results-snapshot-entry", std::to_string(*options.provenance.snapshot_entry)));
    }
    if (options.test_data == ErrTestData::kSynthetic) {
      head["TestType"] = "synthetic";
    }
    return head;
  }

  // Progress, status and the electorate of a unit from its tally.
  static void AddTally(json& unit, const Tally& tally, bool open) {
    unit["CountStatus"] = CountStatus(TallyStatus(tally, open));
    unit["SubUnitsReported"] = tally.protocols;
    unit["TotalSubUnits"] = tally.expected;
    if (tally.protocols > 0) {
      unit["VotersRegistered"] = tally.sum.voters_on_list;
      unit["VotersParticipated"] = tally.sum.ballots_issued();
    }
  }

  static json Unit(std::string id, std::string_view name, std::string_view type) {
    return {{"@id", std::move(id)},
            {"@type", "ElectionResults.ReportingUnit"},
            {"Name", Text(name)},
            {"Type", type}};
  }

  void WriteGpUnits() {
    Sequence units(out_);
    json country = Unit("gpu-national", definition_.country(), "country");
    country["IsDistricted"] = true;
    country["ComposingGpUnitIds"] = json::array();
    for (const model::Region& region : definition_.regions()) {
      country["ComposingGpUnitIds"].push_back(Region(region));
    }
    country["ExternalIdentifier"] =
        json::array({Identifier("esep-commission-id", units_.national_id)});
    AddTally(country, tabulator_.national(), open_.national);
    units.Add(country);
    for (size_t r = 0; r < definition_.regions().size(); ++r) {
      const model::Region& region = definition_.regions()[r];
      const bool city = region.kind == model::RegionKind::kCity;
      json unit = Unit(Region(region), region.name, city ? "city" : "other");
      if (!city) {
        unit["OtherType"] = "region";
      }
      unit["ComposingGpUnitIds"] = json::array();
      for (const model::Commission* territorial : units_.territorials) {
        if (territorial->region_id == region.id) {
          unit["ComposingGpUnitIds"].push_back(Territorial(*territorial));
        }
      }
      unit["ExternalIdentifier"] = json::array({Identifier("esep-region-id", region.id)});
      AddTally(unit, tabulator_.regions()[r], open_.regions[r]);
      units.Add(unit);
    }
    for (size_t t = 0; t < units_.territorials.size(); ++t) {
      const model::Commission& commission = *units_.territorials[t];
      json unit = Unit(Territorial(commission), commission.name, "other");
      unit["OtherType"] = "territorial-commission";
      unit["ComposingGpUnitIds"] = json::array();
      for (size_t i : by_territorial_[t]) {
        unit["ComposingGpUnitIds"].push_back(Precinct(*precincts_[i].commission));
      }
      unit["ExternalIdentifier"] = json::array({Identifier("esep-commission-id", commission.id)});
      AddTally(unit, tabulator_.territorials()[t], open_.territorials[t]);
      units.Add(unit);
    }
    for (size_t d = 0; d < definition_.districts().size(); ++d) {
      const model::Commission* commission = units_.districts[d];
      json unit = Unit(District(d),
                       commission != nullptr ? commission->name : fmt::format("District {}", d + 1),
                       "other");
      unit["OtherType"] = "single-member-district";
      unit["Number"] = fmt::format("{}", d + 1);
      unit["IsDistricted"] = true;
      unit["ComposingGpUnitIds"] = json::array();
      for (size_t i : by_district_[d]) {
        unit["ComposingGpUnitIds"].push_back(Precinct(*precincts_[i].commission));
      }
      if (commission != nullptr) {
        unit["ExternalIdentifier"] =
            json::array({Identifier("esep-commission-id", commission->id)});
      }
      AddTally(unit, tabulator_.districts()[d], open_.districts[d]);
      units.Add(unit);
    }
    for (const results::PrecinctEntry& entry : precincts_) {
      const model::Commission& precinct = *entry.commission;
      json unit = Unit(Precinct(precinct), precinct.name, "precinct");
      unit["ExternalIdentifier"] = json::array({Identifier("esep-commission-id", precinct.id)});
      const int expected = precinct.district > 0 ? 2 : 1;
      const int got = (entry.list != nullptr ? 1 : 0) + (entry.district != nullptr ? 1 : 0);
      const bool open = source_.open_corrections.contains(precinct.id);
      unit["CountStatus"] = CountStatus(got == 0                   ? "not-processed"
                                        : got == expected && !open ? "completed"
                                                                   : "in-process");
      if (entry.list != nullptr) {
        unit["VotersRegistered"] = entry.list->voters_on_list;
        unit["VotersParticipated"] = entry.list->ballots_issued();
      }
      units.Add(unit);
    }
  }

  json Parties() const {
    json parties = json::array();
    for (const model::Party& party : definition_.parties()) {
      parties.push_back(
          {{"@id", "party-" + party.id},
           {"@type", "ElectionResults.Party"},
           {"Name", Text(party.name)},
           {"Abbreviation", Text(party.short_name)},
           {"ExternalIdentifier", json::array({Identifier("esep-party-id", party.id)})}});
    }
    return parties;
  }

  json ElectionHead() const {
    json candidates = json::array();
    for (size_t d = 0; d < definition_.districts().size(); ++d) {
      const ContestRef contest{ContestRef::Kind::kDistrict, static_cast<int>(d + 1)};
      const std::vector<std::string> names = results::ChoiceNames(definition_, tabulator_, contest);
      for (size_t k = 0; k < names.size(); ++k) {
        json candidate = {{"@id", fmt::format("candidate-{}-{}", d + 1, k + 1)},
                          {"@type", "ElectionResults.Candidate"},
                          {"BallotName", Text(names[k])}};
        const auto& listed = definition_.districts()[d].candidates;
        if (k < listed.size()) {
          if (auto party = definition_.FindParty(listed[k].affiliation); party.has_value()) {
            candidate["PartyId"] = "party-" + definition_.parties()[*party].id;
          }
        }
        candidates.push_back(std::move(candidate));
      }
    }
    return {{"@type", "ElectionResults.Election"},
            {"ElectionScopeId", "gpu-national"},
            {"Name", Text(definition_.title())},
            {"StartDate", definition_.date()},
            {"EndDate", definition_.date()},
            {"Type", "general"},
            {"CountStatus", CountStatus(AllFinal() ? "completed" : "in-process")},
            {"ExternalIdentifier", json::array({Identifier("esep-election-id", definition_.id())})},
            {"Candidate", std::move(candidates)}};
  }

  // The ballot account of `p` at the unit `gpunit` (a JSON string literal): the standard
  // total (ballots in the boxes, invalid ones rejected) when `total`, and every line as Type
  // other named "<contest id>:<line>".
  static void AddBallotCounts(Sequence& counts, const std::string& gpunit,
                              const protocol::Protocol& p, bool total) {
    if (total) {
      counts.AddText(
          fmt::format(R"({{"@type":"ElectionResults.BallotCounts","GpUnitId":{},"Type":"total",)"
                      R"("BallotsCast":{},"BallotsRejected":{}}})",
                      gpunit, p.ballots_in_boxes(), p.invalid_ballots));
    }
    const std::string contest = ContestId(p.contest);
    auto line = [&](std::string_view key, int64_t value) {
      counts.AddText(
          fmt::format(R"({{"@type":"ElectionResults.BallotCounts","GpUnitId":{},"Type":"other",)"
                      R"("OtherType":"{}:{}","BallotsCast":{}}})",
                      gpunit, contest, LineName(key), value));
    };
    for (const results::AccountField& field : results::BallotAccountFields()) {
      line(field.key, p.Get(field.figure));
    }
    if (p.turnout_reported_during_day.has_value()) {
      line("turnout_reported_during_day", *p.turnout_reported_during_day);
    }
  }

  // "ballots_received" -> "ballots-received".
  static std::string LineName(std::string_view key) {
    std::string name(key);
    std::replace(name.begin(), name.end(), '_', '-');
    return name;
  }

  void WriteBallotCounts() {
    Sequence counts(out_);
    for (size_t i = 0; i < precincts_.size(); ++i) {
      const results::PrecinctEntry& entry = precincts_[i];
      if (entry.list != nullptr) {
        AddBallotCounts(counts, precinct_refs_[i], *entry.list, true);
      }
      if (entry.district != nullptr) {
        AddBallotCounts(counts, precinct_refs_[i], *entry.district, false);
      }
    }
    ForEachSummary(ContestRef{}, [&](const std::string& gpunit, const Tally& tally) {
      AddBallotCounts(counts, internal::JsonString(gpunit), tally.sum, true);
    });
    for (size_t d = 0; d < definition_.districts().size(); ++d) {
      ForEachSummary({ContestRef::Kind::kDistrict, static_cast<int>(d + 1)},
                     [&](const std::string& gpunit, const Tally& tally) {
                       AddBallotCounts(counts, internal::JsonString(gpunit), tally.sum, true);
                     });
    }
  }

  // Calls `visit` with each unit above precincts that sums `contest`, and its tally, when it
  // has at least one protocol.
  template <typename Visit>
  void ForEachSummary(const ContestRef& contest, Visit visit) const {
    auto consider = [&](const std::string& gpunit, const Tally& tally) {
      if (tally.protocols > 0) {
        visit(gpunit, tally);
      }
    };
    if (contest.kind == ContestRef::Kind::kDistrict) {
      const auto d = static_cast<size_t>(contest.district - 1);
      consider(District(d), tabulator_.districts()[d]);
      return;
    }
    consider("gpu-national", tabulator_.national());
    for (size_t r = 0; r < definition_.regions().size(); ++r) {
      consider(Region(definition_.regions()[r]), tabulator_.regions()[r]);
    }
    for (size_t t = 0; t < units_.territorials.size(); ++t) {
      consider(Territorial(*units_.territorials[t]), tabulator_.territorials()[t]);
    }
  }

  // The VoteCounts of one selection: every precinct's, then every unit's above it. `choice`
  // is the choice's index, or nullopt for the votes against all.
  void WriteVoteCounts(const ContestRef& contest, std::optional<size_t> choice) {
    Sequence counts(out_);
    // `gpunit` is a JSON string literal.
    auto add = [&](const std::string& gpunit, const protocol::Protocol& p) {
      if (choice.has_value()) {
        const int64_t votes = *choice < p.choice_votes.size() ? p.choice_votes[*choice] : 0;
        counts.AddText(fmt::format(
            R"({{"@type":"ElectionResults.VoteCounts","GpUnitId":{},"Type":"total","Count":{}}})",
            gpunit, votes));
      } else {
        counts.AddText(fmt::format(R"({{"@type":"ElectionResults.VoteCounts","GpUnitId":{},)"
                                   R"("Type":"other","OtherType":"against-all","Count":{}}})",
                                   gpunit, p.against_all));
      }
    };
    if (contest.kind == ContestRef::Kind::kPartyList) {
      for (size_t i = 0; i < precincts_.size(); ++i) {
        if (precincts_[i].list != nullptr) {
          add(precinct_refs_[i], *precincts_[i].list);
        }
      }
    } else {
      for (size_t i : by_district_[static_cast<size_t>(contest.district - 1)]) {
        if (precincts_[i].district != nullptr) {
          add(precinct_refs_[i], *precincts_[i].district);
        }
      }
    }
    ForEachSummary(contest, [&](const std::string& gpunit, const Tally& tally) {
      add(internal::JsonString(gpunit), tally.sum);
    });
  }

  void WriteContest(Sequence& contests, const ContestRef& contest, const json& head,
                    const std::vector<std::pair<json, std::optional<size_t>>>& selections) {
    contests.AddOpen(head);
    out_ << ",\"ContestSelection\":[";
    Sequence written(out_);
    for (const auto& [selection, choice] : selections) {
      written.AddOpen(selection);
      out_ << ",\"VoteCounts\":[";
      WriteVoteCounts(contest, choice);
      out_ << "\n]}";
    }
    out_ << "\n]}";
  }

  void WriteContests() {
    Sequence contests(out_);
    const Tally& nation = tabulator_.national();
    json list = {{"@id", "contest-list"},
                 {"@type", "ElectionResults.PartyContest"},
                 {"Name", "Party list"},
                 {"ElectionDistrictId", "gpu-national"},
                 {"VoteVariation", "proportional"},
                 {"SequenceOrder", 1},
                 {"SubUnitsReported", nation.protocols},
                 {"TotalSubUnits", nation.expected},
                 {"CountStatus", CountStatus(TallyStatus(nation, open_.national))}};
    std::vector<std::pair<json, std::optional<size_t>>> parties;
    for (size_t k = 0; k < definition_.parties().size(); ++k) {
      const model::Party& party = definition_.parties()[k];
      parties.emplace_back(json{{"@id", "contest-list-party-" + party.id},
                                {"@type", "ElectionResults.PartySelection"},
                                {"PartyIds", json::array({"party-" + party.id})},
                                {"SequenceOrder", party.ballot_number}},
                           k);
    }
    parties.emplace_back(AgainstAll(ContestRef{}, definition_.parties().size() + 1), std::nullopt);
    WriteContest(contests, ContestRef{}, list, parties);
    for (size_t d = 0; d < definition_.districts().size(); ++d) {
      const ContestRef contest{ContestRef::Kind::kDistrict, static_cast<int>(d + 1)};
      const Tally& tally = tabulator_.districts()[d];
      json head = {{"@id", ContestId(contest)},
                   {"@type", "ElectionResults.CandidateContest"},
                   {"Name", fmt::format("Single-member district {}", d + 1)},
                   {"ElectionDistrictId", District(d)},
                   {"VotesAllowed", 1},
                   {"NumberElected", 1},
                   {"VoteVariation", "plurality"},
                   {"SequenceOrder", d + 2},
                   {"SubUnitsReported", tally.protocols},
                   {"TotalSubUnits", tally.expected},
                   {"CountStatus", CountStatus(TallyStatus(tally, open_.districts[d]))}};
      const size_t names = results::ChoiceNames(definition_, tabulator_, contest).size();
      std::vector<std::pair<json, std::optional<size_t>>> candidates;
      for (size_t k = 0; k < names; ++k) {
        candidates.emplace_back(
            json{{"@id", fmt::format("{}-candidate-{}", ContestId(contest), k + 1)},
                 {"@type", "ElectionResults.CandidateSelection"},
                 {"CandidateIds", json::array({fmt::format("candidate-{}-{}", d + 1, k + 1)})},
                 {"SequenceOrder", k + 1}},
            k);
      }
      candidates.emplace_back(AgainstAll(contest, names + 1), std::nullopt);
      WriteContest(contests, contest, head, candidates);
    }
  }

  // "Against all" is a choice on the ballot without a candidate or a party: a
  // CandidateSelection that names none.
  static json AgainstAll(const ContestRef& contest, size_t sequence) {
    return {{"@id", ContestId(contest) + "-against-all"},
            {"@type", "ElectionResults.CandidateSelection"},
            {"SequenceOrder", sequence}};
  }

  std::ostream& out_;
  const results::ResultsSource& source_;
  const model::ElectionDefinition& definition_;
  const tabulation::Tabulator& tabulator_;
  std::vector<results::PrecinctEntry> precincts_;
  results::TreeUnits units_;
  results::OpenUnits open_;
  std::vector<std::string> precinct_refs_;           // each precinct's GpUnit id as a JSON string
  std::vector<std::vector<size_t>> by_territorial_;  // precinct indices per territorial
  std::vector<std::vector<size_t>> by_district_;     // precinct indices per district
};

}  // namespace

std::string ErrDateTime(std::chrono::system_clock::time_point time) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(time);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", utc.tm_year + 1900, utc.tm_mon + 1,
                     utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec);
}

Status WriteErrJson(std::ostream& out, const results::ResultsSource& source,
                    const ErrOptions& options) {
  static const std::regex date_time(
      R"re(\d{4}-(0[1-9]|1[012])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(Z|[+-](0\d|1[0-3]):[0-5]\d|[+-]14:00))re");
  if (!std::regex_match(options.generated_date, date_time)) {
    return InvalidArgumentError(
        fmt::format("ERR generated date '{}' is not a date and time with a zone such as "
                    "2026-03-20T06:00:00Z",
                    options.generated_date));
  }
  ASSIGN_OR_RETURN(std::vector<results::PrecinctEntry> precincts,
                   results::IndexPrecincts(source.definition, source.protocols));
  ErrWriter(out, source, std::move(precincts)).Write(options);
  out.flush();
  if (out.fail()) {
    return UnavailableError("the ERR document could not be written (output stream failed)");
  }
  return OkStatus();
}

}  // namespace esep::report
