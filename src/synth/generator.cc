#include "synth/generator.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <numeric>
#include <vector>

#include <fmt/format.h>

#include "base/output_file.h"
#include "io/protocol_csv.h"
#include "protocol/protocol.h"
#include "synth/description_files.h"
#include "synth/observers.h"
#include "synth/random.h"
#include "synth/summary_protocol.h"
#include "synth/turnout_reports.h"

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

// The options the generator cannot honour for `like`: kFailedPrecondition without a party-list
// table to shape the results, kInvalidArgument for out-of-range or conflicting options.
Status CheckOptions(const model::ElectionData& like, const GeneratorOptions& options) {
  const model::ElectionDefinition& d = like.definition;
  if (!like.party_list.has_value()) {
    return FailedPreconditionError(fmt::format(
        "{}: the election has no party-list results table to shape the synthetic one", d.id()));
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
  if (options.precincts < static_cast<int64_t>(d.regions().size()) ||
      options.precincts > 1'000'000) {
    return InvalidArgumentError(
        fmt::format("--precincts {}: between {} (one per region) and "
                    "1,000,000 precincts",
                    options.precincts, d.regions().size()));
  }
  return OkStatus();
}

// Precincts per region in proportion to registered voters, at least one each.
std::vector<int64_t> PrecinctsPerRegion(const std::vector<model::ListResultRow>& rows,
                                        int64_t precincts) {
  std::vector<double> registered;
  registered.reserve(rows.size());
  for (const model::ListResultRow& row : rows) {
    registered.push_back(static_cast<double>(row.registered_voters));
  }
  std::vector<int64_t> per_region =
      SplitByWeights(precincts - static_cast<int64_t>(rows.size()), registered);
  for (int64_t& count : per_region) {
    ++count;
  }
  return per_region;
}

// Each district's ballot and the base vote shares of its candidates (then "against all").
struct DistrictBallots {
  std::vector<std::vector<model::Candidate>> candidates;
  std::vector<std::vector<double>> shares;
};

// District candidates: the two the source publishes, and the rest as one synthetic line; made-up
// candidates for a district the source does not publish.
DistrictBallots MakeDistrictBallots(const model::ElectionData& like) {
  const model::ElectionDefinition& d = like.definition;
  DistrictBallots ballots{std::vector<std::vector<model::Candidate>>(d.districts().size()),
                          std::vector<std::vector<double>>(d.districts().size())};
  for (const model::PublishedDistrictResult& district : like.districts) {
    const size_t i = static_cast<size_t>(district.number - 1);
    double published = 0;
    for (const model::DistrictCandidate& candidate : district.candidates) {
      ballots.candidates[i].push_back({candidate.name, candidate.affiliation});
      const double percent = std::atof(candidate.published_percent.c_str());
      ballots.shares[i].push_back(percent);
      published += percent;
    }
    ballots.candidates[i].push_back({"Other candidates (synthetic aggregate)", "Independent"});
    ballots.shares[i].push_back(std::max(1.0, 96.0 - published));
    ballots.shares[i].push_back(4.0);  // against all: not published per district
  }
  for (size_t i = 0; i < d.districts().size(); ++i) {
    if (ballots.candidates[i].empty()) {
      ballots.candidates[i] = {{"Candidate A (synthetic)", "Independent"},
                               {"Candidate B (synthetic)", "Independent"}};
      ballots.shares[i] = {50.0, 46.0, 4.0};
    }
  }
  return ballots;
}

// The header and the commissions above the territorial level: the CEC, one regional
// commission per region and one per district.
std::string UpperCommissions(const model::ElectionDefinition& d) {
  std::string commissions = "id,level,parent,name,region,district,abroad\n";
  commissions +=
      fmt::format("CEC,cec,,Central Election Commission (synthetic tree: {}),,,\n", d.id());
  for (const model::Region& region : d.regions()) {
    commissions += fmt::format("TEC-{0},regional,CEC,{1} territorial election commission,{0},,\n",
                               region.id, region.name);
  }
  for (const model::District& district : d.districts()) {
    commissions += fmt::format(
        "DEC-{0:02},district,CEC,District election commission No. {0},"
        "{1},{0},\n",
        district.number, district.region_id);
  }
  return commissions;
}

// Writes the territorial and precinct commissions and the protocols, region by region, with
// the injected irregularities, the observers' copies and (optionally) the summary protocols.
// One draw of the random stream per call, in a fixed order, so a seed gives one election.
class ElectionBuilder {
 public:
  ElectionBuilder(const model::ElectionDefinition& d, const GeneratorOptions& options,
                  const DistrictBallots& ballots, std::string commissions)
      : d_(d),
        options_(options),
        ballots_(ballots),
        random_(options.seed),
        commissions_(std::move(commissions)),
        injector_(options.inject, options.precincts, options.seed),
        observers_(options.observers_parts_per_billion, options.precincts, options.seed,
                   ListIds(d)),
        turnout_(options.seed),
        summaries_(options.summaries == SummaryProtocols::kYes),
        district_summaries_(d.districts().size()),
        district_precincts_(d.districts().size(), 0) {
    choice_columns_ = d.parties().size();
    for (const auto& list : ballots.candidates) {
      choice_columns_ = std::max(choice_columns_, list.size());
    }
    protocols_ = io::ProtocolCsvHeader(choice_columns_);
    for (size_t i = 0; i < d.districts().size(); ++i) {
      district_summaries_[i].commission_id = fmt::format("DEC-{:02}", d.districts()[i].number);
      district_summaries_[i].contest = {protocol::ContestRef::Kind::kDistrict,
                                        d.districts()[i].number};
      district_summaries_[i].turnout_reported_during_day = 0;
    }
  }

  // Region `r` (row `row` of the source table) with `count` precincts.
  void AddRegion(size_t r, const model::ListResultRow& row, int64_t count);

  // The summary protocols, once every region is added.
  void FinishSummaries();

  std::string& commissions() { return commissions_; }
  std::string& protocols() { return protocols_; }
  GeneratorSummary& summary() { return summary_; }
  GroundTruth& truth() { return truth_; }
  ObserverSample& observers() { return observers_; }
  SyntheticTurnout& turnout() { return turnout_; }

 private:
  // What a region's precincts share: the source's rates, and where they sit in the tree.
  struct RegionShape {
    const model::Region* region = nullptr;
    int64_t count = 0;
    int64_t territorials = 0;
    size_t first_territorial = 0;  // in territorial_summaries_
    double turnout = 0;
    double invalid_rate = 0;
    std::vector<double> list_shares;
    std::vector<int> districts;
  };

  static std::vector<std::string> ListIds(const model::ElectionDefinition& d) {
    std::vector<std::string> list_ids;
    list_ids.reserve(d.parties().size());
    for (const model::Party& party : d.parties()) {
      list_ids.push_back(party.id);
    }
    return list_ids;
  }

  void AddTerritorials(RegionShape& shape);
  void AddPrecinct(const RegionShape& shape, int64_t i, int64_t voters);

  const model::ElectionDefinition& d_;
  const GeneratorOptions& options_;
  const DistrictBallots& ballots_;
  Random random_;
  std::string commissions_;
  size_t choice_columns_ = 0;
  std::string protocols_;
  GeneratorSummary summary_;
  Injector injector_;
  ObserverSample observers_;
  SyntheticTurnout turnout_;
  GroundTruth truth_;
  bool summaries_ = false;
  std::vector<Protocol> territorial_summaries_;
  std::vector<Protocol> district_summaries_;
  std::vector<int64_t> district_precincts_;
};

void ElectionBuilder::AddRegion(size_t r, const model::ListResultRow& row, int64_t count) {
  RegionShape shape;
  shape.region = &d_.regions()[r];
  shape.count = count;
  std::vector<double> sizes;
  sizes.reserve(static_cast<size_t>(count));
  for (int64_t i = 0; i < count; ++i) {
    sizes.push_back(std::exp(0.5 * random_.Normal()));
  }
  const std::vector<int64_t> voters = SplitByWeights(row.registered_voters, sizes);
  shape.turnout = static_cast<double>(row.ballots_total) /
                  static_cast<double>(std::max<int64_t>(1, row.registered_voters));
  shape.invalid_rate = static_cast<double>(row.invalid) /
                       static_cast<double>(std::max<int64_t>(1, row.ballots_total));
  shape.list_shares.assign(row.party_votes.begin(), row.party_votes.end());
  shape.list_shares.push_back(static_cast<double>(row.against_all));
  for (const model::District& district : d_.districts()) {
    if (district.region_id == shape.region->id) {
      shape.districts.push_back(district.number);
    }
  }
  AddTerritorials(shape);
  for (int64_t i = 0; i < count; ++i) {
    AddPrecinct(shape, i, voters[static_cast<size_t>(i)]);
  }
  summary_.precincts += count;
}

void ElectionBuilder::AddTerritorials(RegionShape& shape) {
  const model::Region& region = *shape.region;
  shape.territorials = std::max<int64_t>(1, (shape.count + options_.precincts_per_territorial - 1) /
                                                options_.precincts_per_territorial);
  for (int64_t t = 0; t < shape.territorials; ++t) {
    commissions_ += fmt::format(
        "TTEC-{0}-{1},territorial,TEC-{0},{2} territorial commission {1} "
        "(synthetic),{0},,\n",
        region.id, t + 1, region.name);
  }
  shape.first_territorial = territorial_summaries_.size();
  if (summaries_) {
    for (int64_t t = 0; t < shape.territorials; ++t) {
      Protocol& sum = territorial_summaries_.emplace_back();
      sum.commission_id = fmt::format("TTEC-{}-{}", region.id, t + 1);
      sum.turnout_reported_during_day = 0;
    }
  }
  summary_.territorial_commissions += shape.territorials;
}

void ElectionBuilder::AddPrecinct(const RegionShape& shape, int64_t i, int64_t voters) {
  const model::Region& region = *shape.region;
  const int64_t count = shape.count;
  const std::string id = fmt::format("PEC-{}-{:05}", region.id, i + 1);
  const int64_t territorial = i * shape.territorials / count + 1;
  const int district = shape.districts.empty()
                           ? 0
                           : shape.districts[static_cast<size_t>(
                                 i * static_cast<int64_t>(shape.districts.size()) / count)];
  commissions_ += fmt::format("{},precinct,TTEC-{}-{},Precinct {} (synthetic),{},{},0\n", id,
                              region.id, territorial, i + 1, region.id, district);
  const double precinct_turnout =
      Logistic(Logit(std::clamp(shape.turnout, 0.01, 0.99)) + 0.35 * random_.Normal());
  Protocol list = BallotAccount(id, voters, precinct_turnout, shape.invalid_rate, random_);
  Protocol district_protocol = list;
  Vote(list, Noisy(shape.list_shares, 0.25, random_));
  if (district != 0) {
    district_protocol.contest = {protocol::ContestRef::Kind::kDistrict, district};
    Vote(district_protocol,
         Noisy(ballots_.shares[static_cast<size_t>(district - 1)], 0.25, random_));
  }
  // The injector draws from its own stream, so the clean protocols stay as they were.
  const int64_t index = summary_.precincts + i;
  const bool observed = observers_.Sampled(index);
  const Protocol list_before = observed ? list : Protocol();
  injector_.ApplyToPrecinct(index, list, district != 0 ? &district_protocol : nullptr, truth_);
  if (observed) {
    // Stuffed ballots were in the box at the count, so the posted copy shows them; every
    // other kind is written into the protocol after the copy was posted.
    const bool stuffed = injector_.ChosenKind(index) == IrregularityKind::kStuffing;
    observers_.Record(stuffed ? list : list_before, list_before);
  }
  io::AppendProtocolCsvRow(list, choice_columns_, protocols_);
  turnout_.Record(list);
  summary_.registered_voters += list.voters_on_list;
  summary_.ballots_issued += list.ballots_issued();
  summary_.protocols += 1;
  if (summaries_) {
    AddToSummary(
        list,
        territorial_summaries_[shape.first_territorial + static_cast<size_t>(territorial - 1)]);
  }
  if (district != 0) {
    io::AppendProtocolCsvRow(district_protocol, choice_columns_, protocols_);
    summary_.protocols += 1;
    if (summaries_) {
      AddToSummary(district_protocol, district_summaries_[static_cast<size_t>(district - 1)]);
      ++district_precincts_[static_cast<size_t>(district - 1)];
    }
  }
}

void ElectionBuilder::FinishSummaries() {
  if (summaries_) {
    // The territorial summaries, then those of the districts that have precincts.
    std::vector<Protocol> summary_protocols = std::move(territorial_summaries_);
    for (size_t i = 0; i < district_summaries_.size(); ++i) {
      if (district_precincts_[i] > 0) {
        summary_protocols.push_back(std::move(district_summaries_[i]));
      }
    }
    injector_.ApplyToSummaries(summary_protocols, truth_);
    for (const Protocol& p : summary_protocols) {
      io::AppendProtocolCsvRow(p, choice_columns_, protocols_);
    }
    summary_.protocols += static_cast<int64_t>(summary_protocols.size());
    summary_.summary_protocols = static_cast<int64_t>(summary_protocols.size());
  }
  summary_.altered_protocols = truth_.protocols();
  summary_.observed_precincts = observers_.precincts();
  summary_.turnout_reports = turnout_.reports();
}

}  // namespace

Status CheckGeneratorOptions(const model::ElectionData& like, const GeneratorOptions& options) {
  return CheckOptions(like, options);
}

Result<GeneratorSummary> GenerateElection(const model::ElectionData& like,
                                          const GeneratorOptions& options,
                                          const std::string& out_dir) {
  RETURN_IF_ERROR(CheckOptions(like, options));
  const model::ElectionDefinition& d = like.definition;
  const std::vector<model::ListResultRow>& rows = like.party_list->regions;
  const std::vector<int64_t> per_region = PrecinctsPerRegion(rows, options.precincts);
  const DistrictBallots ballots = MakeDistrictBallots(like);
  ElectionBuilder builder(d, options, ballots, UpperCommissions(d));
  for (size_t r = 0; r < rows.size(); ++r) {
    builder.AddRegion(r, rows[r], per_region[r]);
  }
  builder.FinishSummaries();

  const std::filesystem::path dir(out_dir);
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) {
    return UnavailableError(
        fmt::format("{}: cannot create the directory: {}", out_dir, error.message()));
  }
  RETURN_IF_ERROR(
      WriteFileAtomically(dir / "election.json",
                          SyntheticDefinitionJson(d, options, ballots.candidates).dump(2) + "\n"));
  RETURN_IF_ERROR(WriteFileAtomically(dir / "commissions.csv", builder.commissions()));
  RETURN_IF_ERROR(WriteFileAtomically(dir / "protocols.csv", builder.protocols()));
  RETURN_IF_ERROR(WriteFileAtomically(dir / "turnout.csv", builder.turnout().csv()));
  const bool inject = options.inject.any();
  if (inject) {
    RETURN_IF_ERROR(WriteFileAtomically(dir / "ground_truth.csv", builder.truth().csv()));
  }
  if (options.observers_parts_per_billion > 0) {
    RETURN_IF_ERROR(WriteFileAtomically(dir / "observers.csv", builder.observers().csv()));
  }
  RETURN_IF_ERROR(WriteFileAtomically(
      dir / "README.md",
      SyntheticReadme(d, options, inject ? &builder.truth() : nullptr, builder.observers())));
  return builder.summary();
}

}  // namespace esep::synth
