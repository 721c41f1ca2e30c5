// esep_audit_false_positives: how often the round-number test (published/party_list_audit.h) flags
// a synthetic election in which no figure was rounded. Each synthetic election (labelled
// synthetic; no real result) sums `--precincts` simulated precincts shaped like the 2023
// regional results: precinct size, turnout and each choice's weight vary at random around the
// region's published figures, and each precinct's votes are whole numbers. The regional rows
// are the sums; the national row is the sum of the regions. Prints the rate at which each of
// the four tests, and the combined Bonferroni flag, reach the nominal level.
//
// Usage: esep_audit_false_positives [--seeds N] [--precincts N] [--alpha A] [DIR]
// (DIR defaults to the source tree's data/elections/kz-majilis-2023). Deterministic per seed.

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "io/election_data.h"
#include "published/party_list_audit.h"

namespace {

using esep::model::ListResultRow;

std::vector<ListResultRow> SimulateRegions(const esep::model::ElectionData& like, int64_t precincts,
                                           uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> size_noise(0.5, 1.5);
  std::uniform_real_distribution<double> turnout_noise(0.8, 1.2);
  std::normal_distribution<double> weight_noise(0.0, 0.3);
  const std::vector<ListResultRow>& real = like.party_list->regions;
  int64_t registered_total = 0;
  for (const ListResultRow& row : real) {
    registered_total += row.registered_voters;
  }
  std::vector<ListResultRow> out;
  for (const ListResultRow& row : real) {
    ListResultRow sum;
    sum.published_name = row.published_name + " (synthetic)";
    sum.party_votes.assign(row.party_votes.size(), 0);
    const int64_t count = std::max<int64_t>(
        1, (precincts * row.registered_voters) / std::max<int64_t>(1, registered_total));
    const double mean_size =
        static_cast<double>(row.registered_voters) / static_cast<double>(count);
    const double turnout = static_cast<double>(row.ballots_total) /
                           static_cast<double>(std::max<int64_t>(1, row.registered_voters));
    const double base = static_cast<double>(row.list_votes() + row.against_all);
    std::vector<double> weights(row.party_votes.size() + 1);
    for (int64_t p = 0; p < count; ++p) {
      const double ballots =
          std::floor(mean_size * size_noise(rng) * std::min(1.0, turnout * turnout_noise(rng)));
      double total_weight = 0;
      for (size_t i = 0; i < weights.size(); ++i) {
        const int64_t votes = i < row.party_votes.size() ? row.party_votes[i] : row.against_all;
        weights[i] = (static_cast<double>(votes) / base) * std::exp(weight_noise(rng));
        total_weight += weights[i];
      }
      for (size_t i = 0; i < weights.size(); ++i) {
        const auto votes = static_cast<int64_t>(std::llround(ballots * weights[i] / total_weight));
        if (i < row.party_votes.size()) {
          sum.party_votes[i] += votes;
        } else {
          sum.against_all += votes;
        }
      }
    }
    out.push_back(std::move(sum));
  }
  return out;
}

int Run(int argc, char** argv) {
  int64_t seeds = 200;
  int64_t precincts = 3000;
  long double alpha = 0.01L;
  std::string directory = std::string(ESEP_SOURCE_DIR) + "/data/elections/kz-majilis-2023";
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--seeds" && i + 1 < argc) {
      seeds = std::atoll(argv[++i]);
    } else if (arg == "--precincts" && i + 1 < argc) {
      precincts = std::atoll(argv[++i]);
    } else if (arg == "--alpha" && i + 1 < argc) {
      alpha = std::strtold(argv[++i], nullptr);
    } else if (!arg.starts_with("--")) {
      directory = std::string(arg);
    } else {
      std::cerr << "usage: esep_audit_false_positives [--seeds N] [--precincts N] [--alpha A] "
                   "[DIR]\n";
      return 2;
    }
  }
  esep::Result<esep::model::ElectionData> like = esep::io::LoadElectionDirectory(directory);
  if (!like.has_value() || !like->party_list.has_value()) {
    std::cerr << "esep_audit_false_positives: cannot load a party-list table from " << directory
              << "\n";
    return 1;
  }
  std::vector<int64_t> hits(esep::published::kAuditTests, 0);
  int64_t flagged = 0;
  for (int64_t seed = 1; seed <= seeds; ++seed) {
    esep::model::PublishedListResults synthetic;
    synthetic.source = "synthetic";
    synthetic.regions = SimulateRegions(*like, precincts, static_cast<uint64_t>(seed));
    esep::Result<esep::published::PartyListAudit> audit =
        esep::published::AuditPartyList(like->definition, synthetic, alpha);
    if (!audit.has_value()) {
      std::cerr << audit.error().message() << "\n";
      return 1;
    }
    const long double p[] = {audit->national_01.p_value, audit->national_001.p_value,
                             audit->regions_01.p_value, audit->regions_001.p_value};
    for (size_t t = 0; t < hits.size(); ++t) {
      hits[t] += p[t] <= alpha ? 1 : 0;
    }
    flagged += audit->flagged ? 1 : 0;
  }
  const auto rate = [seeds](int64_t n) {
    return fmt::format("{}/{} = {:.4f}", n, seeds,
                       static_cast<double>(n) / static_cast<double>(seeds));
  };
  std::cout << fmt::format(
      "Synthetic elections (no rounding injected): {} seeds, {} precincts each, alpha {}\n"
      "  national, 0.1 % grid,  p <= alpha: {}\n"
      "  national, 0.01 % grid, p <= alpha: {}\n"
      "  regions,  0.1 % grid,  p <= alpha: {}\n"
      "  regions,  0.01 % grid, p <= alpha: {}\n"
      "  flagged (smallest p <= alpha / {}): {}\n",
      seeds, precincts, static_cast<double>(alpha), rate(hits[0]), rate(hits[1]), rate(hits[2]),
      rate(hits[3]), esep::published::kAuditTests, rate(flagged));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return Run(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "esep_audit_false_positives: " << e.what() << "\n";
    return 1;
  }
}
