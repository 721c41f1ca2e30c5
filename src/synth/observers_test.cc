#include "synth/observers.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "io/csv.h"
#include "io/election_data.h"
#include "io/protocol_csv.h"
#include "observers/observer_comparison.h"
#include "observers/observer_records.h"
#include "precincts/precinct_table.h"
#include "synth/generator.h"

namespace esep::synth {
namespace {

using protocol::Protocol;

std::string Read(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::filesystem::path Generate(const std::string& name, const std::string& inject,
                               int64_t observers_ppb, int64_t precincts = 600) {
  static const model::ElectionData like =
      *io::LoadElectionDirectory(std::string(ESEP_SOURCE_DIR) + "/data/elections/kz-majilis-2023");
  std::filesystem::path dir = std::filesystem::path(::testing::TempDir()) / name;
  std::filesystem::remove_all(dir);
  GeneratorOptions options{.precincts = precincts, .seed = 5};
  if (!inject.empty()) {
    options.inject = *ParseInjectSpec(inject);
  }
  options.observers_parts_per_billion = observers_ppb;
  Result<GeneratorSummary> summary = GenerateElection(like, options, dir.string());
  EXPECT_TRUE(summary.has_value()) << summary.error().message();
  return dir;
}

// The party-list protocols of a generated election, by precinct.
std::map<std::string, Protocol> ListProtocols(const std::filesystem::path& dir) {
  std::map<std::string, Protocol> out;
  const Status status =
      io::ReadProtocolCsv(Read(dir / "protocols.csv"), "protocols.csv", [&](io::ProtocolRow&& row) {
        if (row.protocol && row.protocol->contest.kind == protocol::ContestRef::Kind::kPartyList) {
          out[row.protocol->commission_id] = *row.protocol;
        }
      });
  EXPECT_TRUE(status.ok()) << status.ToString();
  return out;
}

observers::ObserverRecords Observers(const std::filesystem::path& dir) {
  Result<observers::ObserverRecords> records =
      observers::ParseObserverRecords(Read(dir / "observers.csv"), "observers.csv");
  EXPECT_TRUE(records.has_value()) << records.error().message();
  return *records;
}

constexpr int64_t kFivePercent = 50'000'000;

TEST(ObserverSampleTest, OtherFilesAreUnchangedAndTheSameSeedWritesTheSameFile) {
  const auto plain = Generate("obs-plain", "turnout=0.05", 0);
  const auto observed = Generate("obs-observed", "turnout=0.05", kFivePercent);
  const auto again = Generate("obs-again", "turnout=0.05", kFivePercent);
  EXPECT_FALSE(std::filesystem::exists(plain / "observers.csv"));
  for (const char* file :
       {"protocols.csv", "commissions.csv", "election.json", "ground_truth.csv"}) {
    SCOPED_TRACE(file);
    EXPECT_EQ(Read(plain / file), Read(observed / file));
  }
  EXPECT_EQ(Read(observed / "observers.csv"), Read(again / "observers.csv"));
  const std::string readme = Read(observed / "README.md");
  EXPECT_NE(readme.find("--observers 0.05"), std::string::npos);
  EXPECT_NE(readme.find("SYNTHETIC observers' records of 30 precincts"), std::string::npos);
  EXPECT_EQ(Read(plain / "README.md").find("observers"), std::string::npos);

  const observers::ObserverRecords records = Observers(observed);
  EXPECT_TRUE(records.synthetic);
  EXPECT_EQ(records.list_columns.size(), 7u);
  EXPECT_EQ(records.list_columns[0], "amanat");
  std::set<std::string> precincts;
  for (const observers::ObserverRecord& r : records.records) {
    EXPECT_TRUE(r.synthetic);
    precincts.insert(r.precinct);
  }
  EXPECT_EQ(precincts.size(), 30u);  // 5 % of 600
  EXPECT_EQ(records.records.size(), 30u * 5);
  // A different seed samples different precincts.
  EXPECT_NE(Read(observed / "observers.csv"),
            Read(Generate("obs-other", "turnout=0.05", kFivePercent, 601) / "observers.csv"));
}

// The posted copies hold the figures before the alteration (after it for stuffing), the counts
// the true voters less at most 0.5 %, and the comparison finds exactly the sampled precincts
// whose party-list protocol was altered after the count.
TEST(ObserverSampleTest, CopiesShowTheTruthAndTheComparisonFindsTheAlteredPrecincts) {
  // (Not `ratios`: a broken protocol is not a row the official table accepts.)
  const std::string inject = "stuffing=0.1,transfer=0.1,turnout=0.2,round=0.1";
  const auto clean_dir = Generate("obs-clean", "", 0);
  const auto dirty_dir = Generate("obs-dirty", inject, 500'000'000);  // half the precincts
  const std::map<std::string, Protocol> clean = ListProtocols(clean_dir);
  const std::map<std::string, Protocol> dirty = ListProtocols(dirty_dir);
  std::map<std::string, std::string> altered_list;  // precinct -> kind, list protocols only
  Result<io::CsvTable> truth = io::ParseCsv(Read(dirty_dir / "ground_truth.csv"), "truth");
  ASSERT_TRUE(truth.has_value());
  for (const io::CsvRecord& row : truth->rows) {
    if (row.fields[2] == "list") {
      altered_list[row.fields[1]] = row.fields[3];
    }
  }
  const observers::ObserverRecords records = Observers(dirty_dir);
  std::set<std::string> expected_differing;
  std::set<std::string> may_be_below;
  std::set<std::string> must_be_below;
  int64_t copies = 0;
  for (const observers::ObserverRecord& r : records.records) {
    SCOPED_TRACE(r.precinct);
    const Protocol& truth_protocol = clean.at(r.precinct);
    const auto kind = altered_list.find(r.precinct);
    const bool stuffed = kind != altered_list.end() && kind->second == "stuffing";
    if (r.kind == observers::ObserverRecordKind::kTurnoutClose) {
      const int64_t voters = truth_protocol.ballots_in_boxes();
      EXPECT_LE(*r.voters_counted, voters);
      EXPECT_GE(*r.voters_counted * 1000, voters * 995);
      continue;
    }
    if (r.kind != observers::ObserverRecordKind::kPostedCopy) {
      continue;
    }
    ++copies;
    const Protocol& posted = stuffed ? dirty.at(r.precinct) : truth_protocol;
    EXPECT_EQ(r.figures.registered, posted.voters_on_list);
    EXPECT_EQ(r.figures.ballots, posted.ballots_in_boxes());
    EXPECT_EQ(r.figures.valid, posted.valid_ballots);
    EXPECT_EQ(r.figures.invalid, posted.invalid_ballots);
    for (size_t k = 0; k < 7; ++k) {
      EXPECT_EQ(r.figures.votes[k], posted.choice_votes[k]);
    }
    const Protocol& official = dirty.at(r.precinct);
    bool differs = official.voters_on_list != posted.voters_on_list ||
                   official.ballots_in_boxes() != posted.ballots_in_boxes() ||
                   official.valid_ballots != posted.valid_ballots ||
                   official.invalid_ballots != posted.invalid_ballots;
    for (size_t k = 0; k < 7; ++k) {
      differs = differs || official.choice_votes[k] != posted.choice_votes[k];
    }
    EXPECT_EQ(differs, kind != altered_list.end() && !stuffed);
    if (differs) {
      expected_differing.insert(r.precinct);
    }
    // Ballots added to the official protocol (stuffing, turnout, and round when it raised the
    // turnout): the observer's count is below it, beyond the tolerance when the added ballots
    // alone are (the counting error only widens the gap).
    const int64_t added = official.ballots_in_boxes() - truth_protocol.ballots_in_boxes();
    if (added > 0) {
      may_be_below.insert(r.precinct);
    }
    if (added > 5 && added * 10'000 > 200 * official.ballots_in_boxes()) {
      must_be_below.insert(r.precinct);
    }
  }
  EXPECT_EQ(copies, 300);
  EXPECT_GT(expected_differing.size(), 100u);

  // The official table: the dirty party-list protocols.
  precincts::PrecinctTable table;
  table.choice_names = {"Amanat", "Auyl", "Respublica", "QHP", "Baytaq", "Aq Jol", "JSDP"};
  const std::vector<std::string> ids = {"amanat", "auyl",   "respublica", "qhp",
                                        "baytaq", "aq-jol", "jsdp"};
  for (const auto& [id, p] : dirty) {
    ASSERT_TRUE(table
                    .Add({.id = id,
                          .registered = p.voters_on_list,
                          .ballots = p.ballots_in_boxes(),
                          .valid = p.valid_ballots,
                          .votes = {p.choice_votes.begin(), p.choice_votes.begin() + 7}})
                    .ok());
  }
  observers::ObserverComparisonOptions options;
  for (const std::string& id : ids) {
    options.choice_aliases.push_back({id});
  }
  Result<observers::ObserverComparison> c = observers::CompareWithOfficial(records, table, options);
  ASSERT_TRUE(c.has_value()) << c.error().message();
  std::set<std::string> differing;
  std::set<std::string> below;
  for (const observers::ObserverFinding& f : c->findings) {
    if (f.kind == observers::ObserverFindingKind::kFigureDiffers) {
      differing.insert(f.precinct);
    } else if (f.kind == observers::ObserverFindingKind::kCountBelowOfficial) {
      below.insert(f.precinct);
    } else {
      ADD_FAILURE() << observers::ObserverFindingName(f.kind) << " " << f.message;
    }
  }
  EXPECT_EQ(differing, expected_differing);
  EXPECT_GT(must_be_below.size(), 50u);
  EXPECT_TRUE(
      std::includes(below.begin(), below.end(), must_be_below.begin(), must_be_below.end()));
  EXPECT_TRUE(std::includes(may_be_below.begin(), may_be_below.end(), below.begin(), below.end()));
  EXPECT_EQ(c->summary.precincts_not_observed, 300);
}

}  // namespace
}  // namespace esep::synth
