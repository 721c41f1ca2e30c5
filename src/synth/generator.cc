#include "synth/generator.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "io/protocol_csv.h"
#include "protocol/protocol.h"
#include "synth/observers.h"
#include "synth/random.h"
#include "synth/summary_protocol.h"

namespace esep::synth {

namespace {

using protocol::Protocol;

// Splits `total` into parts proportional to `weights` (largest remainder), so that the parts
// add up to `total` exactly. REQUIRES: weights non-negative with a positive sum.
std::vector<int64_t> SplitByWeights(int64_t total, const std::vector<double>& weights) {
  const double sum = std::accumulate(weights.begin(), weights.end(), 0.0);
  std::vector<int64_t> parts(weights.size(), 0);
  std::vector<std::pair<double, size_t>> remainders;
  int64_t given = 0;
  for (size_t i = 0; i < weights.size(); ++i) {
    const double exact = static_cast<double>(total) * weights[i] / sum;
    parts[i] = static_cast<int64_t>(std::floor(exact));
    given += parts[i];
    remainders.emplace_back(exact - static_cast<double>(parts[i]), i);
  }
  std::sort(remainders.begin(), remainders.end(), [](const auto& a, const auto& b) {
    return a.first > b.first || (a.first == b.first && a.second < b.second);
  });
  for (size_t k = 0; given < total; ++k) {
    ++parts[remainders[k % remainders.size()].second];
    ++given;
  }
  return parts;
}

double Logit(double p) { return std::log(p / (1.0 - p)); }
double Logistic(double x) { return 1.0 / (1.0 + std::exp(-x)); }

// Base shares with multiplicative noise, renormalised.
std::vector<double> Noisy(const std::vector<double>& base, double sigma, Random& random) {
  std::vector<double> shares;
  shares.reserve(base.size());
  for (double share : base) {
    shares.push_back(share * std::exp(sigma * random.Normal()));
  }
  return shares;
}

// The ballot account of one precinct; both of its protocols share it (each voter receives both
// ballots).
Protocol BallotAccount(const std::string& commission, int64_t voters, double turnout,
                       double invalid_rate, Random& random) {
  Protocol p;
  p.commission_id = commission;
  p.voters_on_list = voters;
  p.voters_added_on_day =
      static_cast<int64_t>(std::floor(static_cast<double>(voters) * 0.02 * random.Uniform()));
  const int64_t issued =
      std::min(voters, static_cast<int64_t>(std::llround(static_cast<double>(voters) * turnout)));
  p.ballots_issued_mobile =
      static_cast<int64_t>(std::llround(static_cast<double>(issued) * 0.04 * random.Uniform()));
  p.ballots_issued_premises = issued - p.ballots_issued_mobile;
  p.ballots_issued_absentee = static_cast<int64_t>(
      std::floor(static_cast<double>(p.ballots_issued_premises) * 0.006 * random.Uniform()));
  p.ballots_spoiled = issued > 0 ? static_cast<int64_t>(random.NextU64() % 3) : 0;
  // The CEC prints 1% more ballots than voters (seed 000, "Ballots").
  p.ballots_received = voters + std::max<int64_t>(p.ballots_spoiled, (voters + 99) / 100);
  p.ballots_unused = p.ballots_received - issued - p.ballots_spoiled;
  p.ballots_in_stationary_boxes = p.ballots_issued_premises;
  p.ballots_in_mobile_boxes = p.ballots_issued_mobile;
  const int64_t in_boxes = p.ballots_in_boxes();
  p.invalid_ballots = std::min(
      in_boxes, static_cast<int64_t>(std::llround(static_cast<double>(in_boxes) * invalid_rate *
                                                  std::exp(0.3 * random.Normal()))));
  p.valid_ballots = in_boxes - p.invalid_ballots;
  p.turnout_reported_during_day = static_cast<int64_t>(
      std::floor(static_cast<double>(issued) * (0.97 + 0.03 * random.Uniform())));
  return p;
}

// Fills the choices and against-all of `p` by splitting its valid ballots along `shares`
// (the last share is "against all").
void Vote(Protocol& p, const std::vector<double>& shares) {
  std::vector<int64_t> parts = p.valid_ballots > 0 ? SplitByWeights(p.valid_ballots, shares)
                                                   : std::vector<int64_t>(shares.size(), 0);
  p.against_all = parts.back();
  parts.pop_back();
  p.choice_votes = std::move(parts);
}

Status WriteFile(const std::filesystem::path& path, const std::string& content) {
  std::ofstream out(path, std::ios::binary);
  out << content;
  out.close();
  if (!out) {
    return UnavailableError(fmt::format("{}: cannot write the file", path.string()));
  }
  return OkStatus();
}

nlohmann::json DefinitionJson(const model::ElectionDefinition& d, const GeneratorOptions& options,
                              const std::vector<std::vector<model::Candidate>>& candidates) {
  nlohmann::ordered_json json;
  json["format"] = "esep-election/1";
  json["id"] = fmt::format("synthetic-{}-{}-{}", d.id, options.precincts, options.seed);
  json["title"] = fmt::format(
      "SYNTHETIC election shaped like {} ({} precincts, seed {}): not real "
      "results",
      d.id, options.precincts, options.seed);
  json["synthetic"] = true;
  json["date"] = d.date;
  json["country"] = d.country;
  json["rule_set"] = d.rule_set;
  nlohmann::ordered_json parties = nlohmann::ordered_json::array();
  for (const model::Party& party : d.parties) {
    parties.push_back({{"id", party.id},
                       {"name", party.name},
                       {"short_name", party.short_name},
                       {"ballot_number", party.ballot_number},
                       {"registered_on", party.registered_on},
                       {"list_candidates", party.list_candidates}});
  }
  json["parties"] = std::move(parties);
  nlohmann::ordered_json regions = nlohmann::ordered_json::array();
  for (const model::Region& region : d.regions) {
    regions.push_back({{"id", region.id},
                       {"name", region.name},
                       {"kind", region.kind == model::RegionKind::kCity ? "city" : "region"},
                       {"aliases", region.aliases}});
  }
  json["regions"] = std::move(regions);
  nlohmann::ordered_json districts = nlohmann::ordered_json::array();
  for (size_t i = 0; i < d.districts.size(); ++i) {
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const model::Candidate& candidate : candidates[i]) {
      list.push_back({{"name", candidate.name}, {"affiliation", candidate.affiliation}});
    }
    districts.push_back({{"number", d.districts[i].number},
                         {"region", d.districts[i].region_id},
                         {"candidates", std::move(list)}});
  }
  json["districts"] = std::move(districts);
  json["commissions"] = "commissions.csv";
  json["protocols"] = "protocols.csv";
  return json;
}

constexpr char kReadme[] =
    "# SYNTHETIC election — not real results\n\n"
    "Generated by `esep generate --like {}`.\n\n"
    "Every figure in this directory is synthetic. The parties, regions and districts are those of\n"
    "{}, and the regional registered voters equal the real ones, but the commission tree below\n"
    "the regional and district commissions, every precinct and every protocol are invented: "
    "sizes,\n"
    "turnout and vote shares drawn at random around the real regional results. Do not cite them "
    "as\n"
    "results of any election.\n\n"
    "- `election.json`: the definition (format docs/formats/election-json.md)\n"
    "- `commissions.csv`: the commission tree (docs/formats/commissions-csv.md)\n"
    "- `protocols.csv`: one party-list and one district protocol per precinct\n"
    "  (docs/formats/protocols-csv.md)\n";

constexpr char kSummariesReadme[] =
    "- `protocols.csv` also holds, after the precinct protocols, the summary protocols of the\n"
    "  higher commissions: one of the party-list contest per territorial commission (`TTEC-…`)\n"
    "  and one of the district contest per district commission (`DEC-…`), each the sum of its\n"
    "  precincts' protocols unless listed in `ground_truth.csv` as altered.\n";

constexpr char kObserversReadme[] =
    "\n## Observers (synthetic)\n\n"
    "`observers.csv` (docs/formats/observers-csv.md) holds SYNTHETIC observers' records of {} "
    "precincts,\n"
    "a simple random sample of {} of them (`--observers {}`): turnout counted at 10:00, 14:00 "
    "and\n"
    "18:00, the observer's own count at the close (the voters who came, up to 0.5 % missed), "
    "and the\n"
    "party-list protocol copy posted at the polling station. The posted copy shows the true "
    "figures\n"
    "of a protocol altered after the count (transfer, turnout, ratios, round) and the stuffed "
    "figures\n"
    "of a stuffed precinct (the ballots were in the box when counted). No real observer wrote "
    "them.\n";

constexpr char kInjectReadme[] =
    "\n## Injected irregularities (synthetic)\n\n"
    "Some protocols were altered on purpose (`--inject {}`), so that checks and forensics can be\n"
    "tested against a known answer. `ground_truth.csv` names every altered protocol, with each\n"
    "figure before and after (docs/formats/ground-truth.md).\n\n"
    "| kind | protocols altered | what was done |\n"
    "|---|---|---|\n";

// What each kind does, for the README table.
constexpr std::array<const char*, kIrregularityKinds> kKindDescriptions = {
    "ballots added for the precinct's leader, with ballots issued and the daytime turnout "
    "raised to match: every control ratio still holds",
    "votes moved from the other lists to the leader; totals unchanged",
    "ballots written as issued to voters who did not come, all for the leader; the daytime "
    "turnout left as counted",
    "one control ratio broken (the ground truth names it)",
    "turnout and/or the leader's share fabricated to a whole percentage (voters on the list "
    "moved by at most 99 where needed, so regional registered voters may differ slightly)",
    "a summary protocol showing votes moved to the leader that its precincts' protocols do not",
};

std::string Readme(const model::ElectionDefinition& d, const GeneratorOptions& options,
                   const GroundTruth* truth, const ObserverSample& observers) {
  std::string command =
      fmt::format("{} --precincts {} --seed {}", d.id, options.precincts, options.seed);
  if (options.inject.any()) {
    command += fmt::format(" --inject {}", options.inject.ToSpec());
  }
  if (options.summaries == SummaryProtocols::kYes) {
    command += " --summaries";
  }
  if (options.observers_parts_per_billion > 0) {
    command +=
        fmt::format(" --observers {}", FormatPartsPerBillion(options.observers_parts_per_billion));
  }
  std::string readme = fmt::format(kReadme, command, d.id);
  if (options.summaries == SummaryProtocols::kYes) {
    readme += kSummariesReadme;
  }
  if (truth != nullptr) {
    readme += fmt::format(kInjectReadme, options.inject.ToSpec());
    for (size_t k = 0; k < kIrregularityKinds; ++k) {
      const auto kind = static_cast<IrregularityKind>(k);
      if (options.inject.parts_per_billion[k] > 0) {
        readme += fmt::format("| {} | {} | {} |\n", IrregularityName(kind), truth->protocols(kind),
                              kKindDescriptions[k]);
      }
    }
  }
  if (options.observers_parts_per_billion > 0) {
    readme += fmt::format(kObserversReadme, observers.precincts(), options.precincts,
                          FormatPartsPerBillion(options.observers_parts_per_billion));
  }
  return readme;
}

}  // namespace

Result<GeneratorSummary> GenerateElection(const io::ElectionData& like,
                                          const GeneratorOptions& options,
                                          const std::string& out_dir) {
  const model::ElectionDefinition& d = like.definition;
  if (!like.party_list.has_value()) {
    return FailedPreconditionError(fmt::format(
        "{}: the election has no party-list results table to shape the synthetic one", d.id));
  }
  if (options.inject.parts_per_billion[static_cast<size_t>(IrregularityKind::kSummary)] > 0 &&
      options.summaries == SummaryProtocols::kNo) {
    return InvalidArgumentError(
        fmt::format("--inject {}: the kind 'summary' alters summary protocols, which are only "
                    "written with --summaries; add --summaries",
                    options.inject.ToSpec()));
  }
  if (options.observers_parts_per_billion < 0 ||
      options.observers_parts_per_billion > 1'000'000'000) {
    return InvalidArgumentError(fmt::format(
        "--observers {}: the fraction of precincts observed is from 0 to 1",
        FormatPartsPerBillion(std::max<int64_t>(0, options.observers_parts_per_billion))));
  }
  if (options.precincts < static_cast<int64_t>(d.regions.size()) || options.precincts > 1'000'000) {
    return InvalidArgumentError(
        fmt::format("--precincts {}: between {} (one per region) and "
                    "1,000,000 precincts",
                    options.precincts, d.regions.size()));
  }
  const std::vector<model::ListResultRow>& rows = like.party_list->regions;
  Random random(options.seed);

  // Precincts per region in proportion to registered voters, at least one each.
  std::vector<double> registered;
  registered.reserve(rows.size());
  for (const model::ListResultRow& row : rows) {
    registered.push_back(static_cast<double>(row.registered_voters));
  }
  std::vector<int64_t> per_region =
      SplitByWeights(options.precincts - static_cast<int64_t>(rows.size()), registered);
  for (int64_t& count : per_region) {
    ++count;
  }

  // District candidates: the two the source publishes, and the rest as one synthetic line.
  std::vector<std::vector<model::Candidate>> candidates(d.districts.size());
  std::vector<std::vector<double>> district_shares(d.districts.size());
  for (const model::PublishedDistrictResult& district : like.districts) {
    const size_t i = static_cast<size_t>(district.number - 1);
    double published = 0;
    for (const model::DistrictCandidate& candidate : district.candidates) {
      candidates[i].push_back({candidate.name, candidate.affiliation});
      const double percent = std::atof(candidate.published_percent.c_str());
      district_shares[i].push_back(percent);
      published += percent;
    }
    candidates[i].push_back({"Other candidates (synthetic aggregate)", "Independent"});
    district_shares[i].push_back(std::max(1.0, 96.0 - published));
    district_shares[i].push_back(4.0);  // against all: not published per district
  }
  for (size_t i = 0; i < d.districts.size(); ++i) {
    if (candidates[i].empty()) {
      candidates[i] = {{"Candidate A (synthetic)", "Independent"},
                       {"Candidate B (synthetic)", "Independent"}};
      district_shares[i] = {50.0, 46.0, 4.0};
    }
  }

  std::string commissions = "id,level,parent,name,region,district,abroad\n";
  commissions +=
      fmt::format("CEC,cec,,Central Election Commission (synthetic tree: {}),,,\n", d.id);
  for (const model::Region& region : d.regions) {
    commissions += fmt::format("TEC-{0},regional,CEC,{1} territorial election commission,{0},,\n",
                               region.id, region.name);
  }
  for (const model::District& district : d.districts) {
    commissions += fmt::format(
        "DEC-{0:02},district,CEC,District election commission No. {0},"
        "{1},{0},\n",
        district.number, district.region_id);
  }

  const size_t list_choices = d.parties.size();
  size_t choice_columns = list_choices;
  for (const auto& list : candidates) {
    choice_columns = std::max(choice_columns, list.size());
  }
  std::string protocols = io::ProtocolCsvHeader(choice_columns);
  GeneratorSummary summary;
  Injector injector(options.inject, options.precincts, options.seed);
  std::vector<std::string> list_ids;
  list_ids.reserve(d.parties.size());
  for (const model::Party& party : d.parties) {
    list_ids.push_back(party.id);
  }
  ObserverSample observers(options.observers_parts_per_billion, options.precincts, options.seed,
                           list_ids);
  GroundTruth truth;
  const bool summaries = options.summaries == SummaryProtocols::kYes;
  std::vector<Protocol> territorial_summaries;
  std::vector<Protocol> district_summaries(d.districts.size());
  std::vector<int64_t> district_precincts(d.districts.size(), 0);
  for (size_t i = 0; i < d.districts.size(); ++i) {
    district_summaries[i].commission_id = fmt::format("DEC-{:02}", d.districts[i].number);
    district_summaries[i].contest = {protocol::ContestRef::Kind::kDistrict, d.districts[i].number};
    district_summaries[i].turnout_reported_during_day = 0;
  }
  for (size_t r = 0; r < rows.size(); ++r) {
    const model::ListResultRow& row = rows[r];
    const model::Region& region = d.regions[r];
    const int64_t count = per_region[r];
    std::vector<double> sizes;
    sizes.reserve(static_cast<size_t>(count));
    for (int64_t i = 0; i < count; ++i) {
      sizes.push_back(std::exp(0.5 * random.Normal()));
    }
    const std::vector<int64_t> voters = SplitByWeights(row.registered_voters, sizes);
    const double turnout = static_cast<double>(row.ballots_total) /
                           static_cast<double>(std::max<int64_t>(1, row.registered_voters));
    const double invalid_rate = static_cast<double>(row.invalid) /
                                static_cast<double>(std::max<int64_t>(1, row.ballots_total));
    std::vector<double> list_shares(row.party_votes.begin(), row.party_votes.end());
    list_shares.push_back(static_cast<double>(row.against_all));
    std::vector<int> region_districts;
    for (const model::District& district : d.districts) {
      if (district.region_id == region.id) {
        region_districts.push_back(district.number);
      }
    }
    const int64_t territorials = std::max<int64_t>(
        1, (count + options.precincts_per_territorial - 1) / options.precincts_per_territorial);
    for (int64_t t = 0; t < territorials; ++t) {
      commissions += fmt::format(
          "TTEC-{0}-{1},territorial,TEC-{0},{2} territorial commission {1} "
          "(synthetic),{0},,\n",
          region.id, t + 1, region.name);
    }
    const size_t first_territorial = territorial_summaries.size();
    if (summaries) {
      for (int64_t t = 0; t < territorials; ++t) {
        Protocol& sum = territorial_summaries.emplace_back();
        sum.commission_id = fmt::format("TTEC-{}-{}", region.id, t + 1);
        sum.turnout_reported_during_day = 0;
      }
    }
    summary.territorial_commissions += territorials;
    for (int64_t i = 0; i < count; ++i) {
      const std::string id = fmt::format("PEC-{}-{:05}", region.id, i + 1);
      const int64_t territorial = i * territorials / count + 1;
      const int district = region_districts.empty()
                               ? 0
                               : region_districts[static_cast<size_t>(
                                     i * static_cast<int64_t>(region_districts.size()) / count)];
      commissions += fmt::format("{},precinct,TTEC-{}-{},Precinct {} (synthetic),{},{},0\n", id,
                                 region.id, territorial, i + 1, region.id, district);
      const double precinct_turnout =
          Logistic(Logit(std::clamp(turnout, 0.01, 0.99)) + 0.35 * random.Normal());
      Protocol list =
          BallotAccount(id, voters[static_cast<size_t>(i)], precinct_turnout, invalid_rate, random);
      Protocol district_protocol = list;
      Vote(list, Noisy(list_shares, 0.25, random));
      if (district != 0) {
        district_protocol.contest = {protocol::ContestRef::Kind::kDistrict, district};
        Vote(district_protocol,
             Noisy(district_shares[static_cast<size_t>(district - 1)], 0.25, random));
      }
      // The injector draws from its own stream, so the clean protocols stay as they were.
      const int64_t index = summary.precincts + i;
      const bool observed = observers.Sampled(index);
      const Protocol list_before = observed ? list : Protocol();
      injector.ApplyToPrecinct(index, list, district != 0 ? &district_protocol : nullptr, truth);
      if (observed) {
        // Stuffed ballots were in the box at the count, so the posted copy shows them; every
        // other kind is written into the protocol after the copy was posted.
        const bool stuffed = injector.ChosenKind(index) == IrregularityKind::kStuffing;
        observers.Record(stuffed ? list : list_before, list_before);
      }
      io::AppendProtocolCsvRow(list, choice_columns, protocols);
      summary.registered_voters += list.voters_on_list;
      summary.ballots_issued += list.ballots_issued();
      summary.protocols += 1;
      if (summaries) {
        AddToSummary(
            list, territorial_summaries[first_territorial + static_cast<size_t>(territorial - 1)]);
      }
      if (district != 0) {
        io::AppendProtocolCsvRow(district_protocol, choice_columns, protocols);
        summary.protocols += 1;
        if (summaries) {
          AddToSummary(district_protocol, district_summaries[static_cast<size_t>(district - 1)]);
          ++district_precincts[static_cast<size_t>(district - 1)];
        }
      }
    }
    summary.precincts += count;
  }
  if (summaries) {
    // The territorial summaries, then those of the districts that have precincts.
    std::vector<Protocol> summary_protocols = std::move(territorial_summaries);
    for (size_t i = 0; i < district_summaries.size(); ++i) {
      if (district_precincts[i] > 0) {
        summary_protocols.push_back(std::move(district_summaries[i]));
      }
    }
    injector.ApplyToSummaries(summary_protocols, truth);
    for (const Protocol& p : summary_protocols) {
      io::AppendProtocolCsvRow(p, choice_columns, protocols);
    }
    summary.protocols += static_cast<int64_t>(summary_protocols.size());
    summary.summary_protocols = static_cast<int64_t>(summary_protocols.size());
  }
  summary.altered_protocols = truth.protocols();
  summary.observed_precincts = observers.precincts();

  const std::filesystem::path dir(out_dir);
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) {
    return UnavailableError(
        fmt::format("{}: cannot create the directory: {}", out_dir, error.message()));
  }
  RETURN_IF_ERROR(
      WriteFile(dir / "election.json", DefinitionJson(d, options, candidates).dump(2) + "\n"));
  RETURN_IF_ERROR(WriteFile(dir / "commissions.csv", commissions));
  RETURN_IF_ERROR(WriteFile(dir / "protocols.csv", protocols));
  const bool inject = options.inject.any();
  if (inject) {
    RETURN_IF_ERROR(WriteFile(dir / "ground_truth.csv", truth.csv()));
  }
  if (options.observers_parts_per_billion > 0) {
    RETURN_IF_ERROR(WriteFile(dir / "observers.csv", observers.csv()));
  }
  RETURN_IF_ERROR(
      WriteFile(dir / "README.md", Readme(d, options, inject ? &truth : nullptr, observers)));
  return summary;
}

}  // namespace esep::synth
