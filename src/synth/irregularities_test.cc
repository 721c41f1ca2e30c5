#include "synth/irregularities.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "io/csv.h"
#include "io/protocol_csv.h"
#include "protocol/control_ratio.h"
#include "protocol/validation.h"
#include "synth/alterations.h"
#include "synth/generator.h"
#include "synth/summary_protocol.h"

namespace esep::synth {
namespace {

using protocol::Protocol;

std::string Read(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

model::ElectionData Load() {
  Result<model::ElectionData> data =
      io::LoadElectionDirectory(std::string(ESEP_SOURCE_DIR) + "/data/elections/kz-majilis-2023");
  EXPECT_TRUE(data.has_value()) << data.error().message();
  return *data;
}

const model::ElectionData& Like() {
  static const model::ElectionData like = Load();
  return like;
}

std::span<const protocol::ControlRatio> Ratios() {
  return *protocol::ControlRatios("kz-majilis-2023");
}

InjectOptions Spec(std::string_view text) {
  Result<InjectOptions> options = ParseInjectSpec(text);
  EXPECT_TRUE(options.has_value()) << options.error().message();
  return options.has_value() ? *options : InjectOptions();
}

std::filesystem::path Generate(const std::string& name, int64_t precincts, uint64_t seed,
                               const InjectOptions& inject, SummaryProtocols summaries) {
  std::filesystem::path dir = std::filesystem::path(::testing::TempDir()) / name;
  std::filesystem::remove_all(dir);
  GeneratorOptions options{.precincts = precincts, .seed = seed};
  options.inject = inject;
  options.summaries = summaries;
  Result<GeneratorSummary> summary = GenerateElection(Like(), options, dir.string());
  EXPECT_TRUE(summary.has_value()) << summary.error().message();
  return dir;
}

using Key = std::pair<std::string, std::string>;  // commission, contest as written

std::string ContestText(const Protocol& p) {
  return p.contest.kind == protocol::ContestRef::Kind::kPartyList
             ? "list"
             : "district:" + std::to_string(p.contest.district);
}

// Every protocol of DIR/protocols.csv in file order.
std::vector<Protocol> Protocols(const std::filesystem::path& dir) {
  std::vector<Protocol> protocols;
  const Status status =
      io::ReadProtocolCsv(Read(dir / "protocols.csv"), "protocols.csv", [&](io::ProtocolRow&& row) {
        ASSERT_TRUE(row.protocol.has_value()) << row.error;
        protocols.push_back(std::move(*row.protocol));
      });
  EXPECT_TRUE(status.ok()) << status.ToString();
  return protocols;
}

std::map<Key, Protocol> ByKey(const std::vector<Protocol>& protocols) {
  std::map<Key, Protocol> by_key;
  for (const Protocol& p : protocols) {
    EXPECT_TRUE(by_key.emplace(Key{p.commission_id, ContestText(p)}, p).second);
  }
  return by_key;
}

struct TruthRow {
  std::string synthetic;
  std::string kind;
  int64_t size = 0;
  std::string ratio;
  std::string turnout_percent;
  std::string leader_percent;
  std::string changes;
};

std::map<Key, TruthRow> Truth(const std::filesystem::path& dir) {
  Result<io::CsvTable> table = io::ReadCsvFile((dir / "ground_truth.csv").string());
  EXPECT_TRUE(table.has_value()) << table.error().message();
  EXPECT_EQ(table->header,
            (std::vector<std::string>{"synthetic", "commission", "contest", "kind", "size", "ratio",
                                      "turnout_percent", "leader_percent", "changes"}));
  std::map<Key, TruthRow> truth;
  for (const io::CsvRecord& record : table->rows) {
    const std::vector<std::string>& f = record.fields;
    EXPECT_TRUE(truth
                    .emplace(Key{f[1], f[2]},
                             TruthRow{f[0], f[3], std::stoll(f[4]), f[5], f[6], f[7], f[8]})
                    .second)
        << "a protocol recorded twice: " << f[1] << " " << f[2];
  }
  return truth;
}

// The figures of a protocol by column name, written independently of the code under test.
std::map<std::string, std::string> Figures(const Protocol& p) {
  std::map<std::string, std::string> figures = {
      {"voters_on_list", std::to_string(p.voters_on_list)},
      {"voters_added_on_day", std::to_string(p.voters_added_on_day)},
      {"ballots_received", std::to_string(p.ballots_received)},
      {"ballots_issued_premises", std::to_string(p.ballots_issued_premises)},
      {"ballots_issued_mobile", std::to_string(p.ballots_issued_mobile)},
      {"ballots_issued_absentee", std::to_string(p.ballots_issued_absentee)},
      {"ballots_unused", std::to_string(p.ballots_unused)},
      {"ballots_spoiled", std::to_string(p.ballots_spoiled)},
      {"ballots_in_stationary_boxes", std::to_string(p.ballots_in_stationary_boxes)},
      {"ballots_in_mobile_boxes", std::to_string(p.ballots_in_mobile_boxes)},
      {"invalid_ballots", std::to_string(p.invalid_ballots)},
      {"valid_ballots", std::to_string(p.valid_ballots)},
      {"against_all", std::to_string(p.against_all)},
      {"turnout_reported_during_day", p.turnout_reported_during_day.has_value()
                                          ? std::to_string(*p.turnout_reported_during_day)
                                          : ""},
  };
  for (size_t k = 0; k < p.choice_votes.size(); ++k) {
    figures["choice_" + std::to_string(k + 1)] = std::to_string(p.choice_votes[k]);
  }
  return figures;
}

// name -> (before, after) for every figure that differs.
using Diff = std::map<std::string, std::pair<std::string, std::string>>;

Diff Difference(const Protocol& before, const Protocol& after) {
  const auto a = Figures(before);
  const auto b = Figures(after);
  Diff diff;
  for (const auto& [name, value] : a) {
    if (b.at(name) != value) {
      diff[name] = {value, b.at(name)};
    }
  }
  return diff;
}

Diff ParseChanges(const std::string& changes) {
  Diff diff;
  std::stringstream items(changes);
  std::string item;
  while (std::getline(items, item, ';')) {
    const size_t colon = item.find(':');
    const size_t arrow = item.find('>');
    diff[item.substr(0, colon)] = {item.substr(colon + 1, arrow - colon - 1),
                                   item.substr(arrow + 1)};
  }
  return diff;
}

std::set<std::string> Errors(const Protocol& p) {
  std::set<std::string> errors;
  for (const protocol::Finding& finding : protocol::Validate(p, Ratios()).findings) {
    errors.insert(finding.rule_id);
  }
  return errors;
}

// Every precinct kind at 4 %, and a fifth of the summaries.
constexpr char kEveryKind[] =
    "stuffing=0.04,transfer=0.04,turnout=0.04,ratios=0.04,round=0.04,summary=0.2,"
    "extreme=0.04,incremental=0.04";

TEST(InjectSpecTest, ParsesSizesExactly) {
  Result<InjectOptions> good = ParseInjectSpec("stuffing=0.02,transfer=.01,round=0.005,summary=1");
  ASSERT_TRUE(good.has_value()) << good.error().message();
  EXPECT_EQ(good->parts_per_billion[0], 20'000'000);
  EXPECT_EQ(good->parts_per_billion[1], 10'000'000);
  EXPECT_EQ(good->parts_per_billion[4], 5'000'000);
  EXPECT_EQ(good->parts_per_billion[5], 1'000'000'000);
  EXPECT_EQ(good->ToSpec(), "stuffing=0.02,transfer=0.01,round=0.005,summary=1");
  EXPECT_EQ(good->Count(IrregularityKind::kStuffing, 10'223), 204);  // 204.46
  EXPECT_EQ(good->Count(IrregularityKind::kRound, 100), 1);          // 0.5, half up
  EXPECT_EQ(good->Count(IrregularityKind::kTurnout, 100), 0);
  EXPECT_FALSE(ParseInjectSpec("turnout=0").value().any());
}

TEST(InjectSpecTest, BadSpecsNameTheFlagAndTheRule) {
  const struct {
    const char* spec;
    const char* message;
  } cases[] = {
      {"stuffing", "--inject 'stuffing': write KIND=FRACTION"},
      {"stuffing=0.1,", "--inject '': write KIND=FRACTION"},
      {"ballots=0.1",
       "unknown kind 'ballots'; the kinds are stuffing, transfer, turnout, ratios, "
       "round, summary"},
      {"stuffing=0.1,stuffing=0.2", "'stuffing' is given twice"},
      {"stuffing=2", "'2' is more than 1; the size is the fraction of precincts to alter"},
      {"stuffing=1.0000000001", "has more than 9 decimals"},
      {"stuffing=-0.1", "'-0.1' is not a decimal fraction"},
      {"stuffing=0.1%", "is not a decimal fraction"},
      {"stuffing=", "'' is not a decimal fraction"},
      {"stuffing=.", "'.' is not a decimal fraction"},
      {"stuffing=nan", "is not a decimal fraction"},
      {"summary=1.5", "the size is the fraction of summary protocols to alter"},
      {"stuffing=0.6,round=0.5", "the precinct kinds add up to 1.1 of the precincts"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.spec);
    Result<InjectOptions> options = ParseInjectSpec(c.spec);
    ASSERT_FALSE(options.has_value());
    EXPECT_EQ(options.error().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(options.error().message().find(c.message), std::string::npos)
        << options.error().message();
    EXPECT_EQ(options.error().message().rfind("--inject ", 0), 0u) << options.error().message();
  }
  // The precinct kinds may add up to exactly 1; summaries are counted apart.
  EXPECT_TRUE(ParseInjectSpec("stuffing=0.5,round=0.5,summary=1").has_value());
}

TEST(InjectorTest, SummaryKindNeedsSummaryProtocols) {
  GeneratorOptions options{.precincts = 100, .seed = 1};
  options.inject = Spec("summary=0.5");
  Result<GeneratorSummary> summary = GenerateElection(Like(), options, "/tmp/unused-esep-synth");
  ASSERT_FALSE(summary.has_value());
  EXPECT_EQ(summary.error().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(summary.error().message().find("add --summaries"), std::string::npos);
}

// The heart of it: compared with the clean election from the same seed, exactly the protocols
// the ground truth names differ, by exactly the figures it lists, and each kind keeps or breaks
// the control ratios as it should.
TEST(InjectorTest, TheGroundTruthNamesExactlyTheAlteredProtocols) {
  const auto clean_dir = Generate("inject-clean", 3000, 17, {}, SummaryProtocols::kYes);
  const auto dirty_dir =
      Generate("inject-dirty", 3000, 17, Spec(kEveryKind), SummaryProtocols::kYes);
  const std::vector<Protocol> dirty_list = Protocols(dirty_dir);
  const std::map<Key, Protocol> clean = ByKey(Protocols(clean_dir));
  const std::map<Key, Protocol> dirty = ByKey(dirty_list);
  const std::map<Key, TruthRow> truth = Truth(dirty_dir);
  ASSERT_EQ(clean.size(), dirty.size());

  std::map<std::string, std::set<std::string>> precincts_by_kind;
  for (const auto& [key, after] : dirty) {
    SCOPED_TRACE(key.first + " " + key.second);
    const bool summary = key.first.rfind("PEC-", 0) != 0;
    const Protocol& before = clean.at(key);
    const auto row = truth.find(key);
    if (summary) {
      continue;  // checked against the sum of their children below
    }
    const Diff diff = Difference(before, after);
    if (row == truth.end()) {
      EXPECT_TRUE(diff.empty()) << "altered but not in the ground truth";
      continue;
    }
    EXPECT_EQ(row->second.synthetic, "yes");
    EXPECT_FALSE(diff.empty()) << "in the ground truth but not altered";
    EXPECT_EQ(ParseChanges(row->second.changes), diff);
    precincts_by_kind[row->second.kind].insert(key.first);
    const std::string& kind = row->second.kind;
    const int64_t size = row->second.size;
    if (kind == "ratios") {
      EXPECT_EQ(Errors(after), std::set<std::string>{row->second.ratio});
      EXPECT_GE(size, 1);
      continue;
    }
    EXPECT_EQ(protocol::Validate(after, Ratios()).findings.size(), 0u) << kind;
    EXPECT_EQ(row->second.ratio, "");
    const size_t leader = Leader(before.choice_votes);
    if (kind == "stuffing" || kind == "turnout") {
      EXPECT_EQ(after.ballots_issued(), before.ballots_issued() + size);
      EXPECT_EQ(after.choice_votes[leader], before.choice_votes[leader] + size);
      EXPECT_EQ(after.ballots_received, before.ballots_received);
      const int64_t daytime = kind == "stuffing" ? size : 0;
      EXPECT_EQ(*after.turnout_reported_during_day, *before.turnout_reported_during_day + daytime);
    } else if (kind == "transfer") {
      EXPECT_EQ(key.second, "list");
      EXPECT_EQ(after.choice_votes[leader], before.choice_votes[leader] + size);
      EXPECT_EQ(after.valid_ballots, before.valid_ballots);
      EXPECT_EQ(after.against_all, before.against_all);
    } else if (kind == "round") {
      if (row->second.turnout_percent.empty() && row->second.leader_percent.empty()) {
        // A district protocol that only follows the list's ballot account: the ballots the
        // share's fabrication added for the leader.
        EXPECT_EQ(key.second.rfind("district", 0), 0u) << key.second;
        EXPECT_EQ(after.ballots_issued(), before.ballots_issued() + size);
      }
      if (!row->second.turnout_percent.empty()) {
        const int64_t percent = std::stoll(row->second.turnout_percent);
        EXPECT_EQ(after.ballots_issued() * 100, percent * after.voters_on_list);
      }
      if (!row->second.leader_percent.empty()) {
        // The share of the ballots found (valid + invalid), as the integer-percentage test reads.
        const int64_t percent = std::stoll(row->second.leader_percent);
        EXPECT_EQ(after.choice_votes[leader] * 100,
                  percent * (after.valid_ballots + after.invalid_ballots));
      }
    } else if (kind == "extreme" || kind == "incremental") {
      // x of the room stuffed for the leader (both protocols) and x of the other lists' votes
      // moved to it (the list protocol): the leader gains exactly `size` in the list protocol.
      const int64_t added = after.ballots_issued() - before.ballots_issued();
      const int64_t room = before.voters_on_list - before.ballots_issued();
      EXPECT_GE(added, 0);
      EXPECT_LE(added, room);
      EXPECT_EQ(*after.turnout_reported_during_day, *before.turnout_reported_during_day + added);
      EXPECT_EQ(after.choice_votes[leader], before.choice_votes[leader] + size);
      if (key.second == "list") {
        EXPECT_GE(size, added);
      } else {
        EXPECT_EQ(size, added);
      }
      if (kind == "extreme") {
        // x = 1 - |N(0, 0.075)| is above 0.5 but for a chance of 1e-11: most of the room is
        // stuffed, so the precinct lands near 100 % turnout.
        EXPECT_GE(2 * added + 1, room);
      }
    } else {
      ADD_FAILURE() << "unexpected kind " << kind;
    }
  }
  // Each kind altered close to its 4 % of 3,000 precincts (120): at most that many, and only
  // the odd precinct without room is left out.
  for (const char* kind :
       {"stuffing", "transfer", "turnout", "ratios", "round", "extreme", "incremental"}) {
    SCOPED_TRACE(kind);
    EXPECT_LE(precincts_by_kind[kind].size(), 120u);
    EXPECT_GE(precincts_by_kind[kind].size(), 110u);
  }
  // One kind per precinct.
  std::set<std::string> all;
  size_t total = 0;
  for (const auto& [kind, precincts] : precincts_by_kind) {
    all.insert(precincts.begin(), precincts.end());
    total += precincts.size();
  }
  EXPECT_EQ(all.size(), total);

  // The precincts' two protocols still agree on ballots issued unless a ratio was broken.
  for (const auto& [key, after] : dirty) {
    if (key.second == "list" || key.first.rfind("PEC-", 0) != 0) {
      continue;
    }
    const auto row = truth.find(key);
    const auto list_row = truth.find(Key{key.first, "list"});
    if ((row != truth.end() && row->second.kind == "ratios") ||
        (list_row != truth.end() && list_row->second.kind == "ratios")) {
      continue;
    }
    EXPECT_EQ(protocol::ValidatePrecinct(dirty.at(Key{key.first, "list"}), after, Ratios())
                  .findings.size(),
              0u)
        << key.first;
  }
}

// Summary protocols equal the sum of their children's protocols as written, unless the ground
// truth names them; those differ by the recorded votes moved, and break no ratio their
// children's sum does not.
void CheckSummaries(const std::filesystem::path& dir, bool injected) {
  Result<model::ElectionData> data = io::LoadElectionDirectory(dir.string());
  ASSERT_TRUE(data.has_value()) << data.error().message();
  std::map<std::string, std::string> parent;
  for (const model::Commission& commission : data->definition.commissions()) {
    parent[commission.id] = commission.parent_id;
  }
  std::map<Key, Protocol> sums;
  std::vector<Protocol> summaries;
  for (const Protocol& p : Protocols(dir)) {
    if (p.commission_id.rfind("PEC-", 0) != 0) {
      summaries.push_back(p);
      continue;
    }
    EXPECT_TRUE(summaries.empty()) << "summary protocols come after the precincts'";
    const Key key = p.contest.kind == protocol::ContestRef::Kind::kPartyList
                        ? Key{parent.at(p.commission_id), "list"}
                        : Key{fmt::format("DEC-{:02}", p.contest.district), ContestText(p)};
    auto [it, inserted] = sums.try_emplace(key);
    if (inserted) {
      it->second.commission_id = key.first;
      it->second.contest = p.contest;
      it->second.turnout_reported_during_day = 0;
    }
    AddToSummary(p, it->second);
  }
  const std::map<Key, TruthRow> truth = injected ? Truth(dir) : std::map<Key, TruthRow>();
  EXPECT_EQ(summaries.size(), sums.size());  // one per territorial and district commission
  int64_t altered = 0;
  for (const Protocol& summary : summaries) {
    const Key key{summary.commission_id, ContestText(summary)};
    SCOPED_TRACE(key.first + " " + key.second);
    ASSERT_EQ(sums.count(key), 1u);
    // A summary breaks a ratio only when a child broke it (injected `ratios`), never on its own.
    EXPECT_EQ(Errors(summary), Errors(sums.at(key)));
    if (!injected) {
      EXPECT_EQ(protocol::Validate(summary, Ratios()).findings.size(), 0u);
    }
    const Diff diff = Difference(sums.at(key), summary);
    const auto row = truth.find(key);
    if (row == truth.end()) {
      EXPECT_TRUE(diff.empty());
      continue;
    }
    ++altered;
    EXPECT_EQ(row->second.kind, "summary");
    EXPECT_EQ(ParseChanges(row->second.changes), diff);
    const size_t leader = Leader(sums.at(key).choice_votes);
    EXPECT_EQ(summary.choice_votes[leader], sums.at(key).choice_votes[leader] + row->second.size);
    EXPECT_EQ(summary.valid_ballots, sums.at(key).valid_ballots);
  }
  if (injected) {
    EXPECT_GE(summaries.size(), 90u);                                    // 3,000 precincts / 40
    EXPECT_EQ(altered, static_cast<int64_t>(summaries.size() + 2) / 5);  // a fifth, half up
  }
}

TEST(InjectorTest, SummariesAreTheSumOfTheirChildrenUnlessInjected) {
  CheckSummaries(Generate("summaries-clean", 3000, 17, {}, SummaryProtocols::kYes), false);
  CheckSummaries(Generate("summaries-dirty", 3000, 17, Spec(kEveryKind), SummaryProtocols::kYes),
                 true);
}

TEST(InjectorTest, SummariesOnlyAppendRowsToTheCleanFile) {
  const std::string plain =
      Read(Generate("plain", 500, 3, {}, SummaryProtocols::kNo) / "protocols.csv");
  const std::string with =
      Read(Generate("with-summaries", 500, 3, {}, SummaryProtocols::kYes) / "protocols.csv");
  ASSERT_GT(with.size(), plain.size());
  EXPECT_EQ(with.substr(0, plain.size()), plain);
}

TEST(InjectorTest, TheSameSeedInjectsTheSameWay) {
  const InjectOptions inject = Spec(kEveryKind);
  const auto a = Generate("seed-a", 800, 5, inject, SummaryProtocols::kYes);
  const auto b = Generate("seed-b", 800, 5, inject, SummaryProtocols::kYes);
  const auto c = Generate("seed-c", 800, 6, inject, SummaryProtocols::kYes);
  EXPECT_EQ(Read(a / "ground_truth.csv"), Read(b / "ground_truth.csv"));
  EXPECT_EQ(Read(a / "protocols.csv"), Read(b / "protocols.csv"));
  EXPECT_EQ(Read(a / "README.md"), Read(b / "README.md"));
  EXPECT_NE(Read(a / "ground_truth.csv"), Read(c / "ground_truth.csv"));
}

TEST(InjectorTest, TheReadmeSaysWhatWasInjected) {
  const auto dir =
      Generate("readme", 400, 2, Spec("stuffing=0.05,ratios=0.01"), SummaryProtocols::kNo);
  const std::string readme = Read(dir / "README.md");
  EXPECT_NE(readme.find("--seed 2 --inject stuffing=0.05,ratios=0.01`"), std::string::npos);
  EXPECT_NE(readme.find("## Injected irregularities (synthetic)"), std::string::npos);
  int64_t stuffed = 0;
  for (const auto& [key, row] : Truth(dir)) {
    stuffed += row.kind == "stuffing" ? 1 : 0;
  }
  EXPECT_GE(stuffed, 30);  // 20 precincts, most with a list and a district protocol
  EXPECT_NE(readme.find(fmt::format("| stuffing | {} | ballots added", stuffed)),
            std::string::npos);
  EXPECT_NE(readme.find("| ratios | 4 | one control ratio broken"), std::string::npos);  // 1 %
  EXPECT_EQ(readme.find("| transfer |"), std::string::npos);
  EXPECT_NE(readme.find("ground_truth.csv"), std::string::npos);
}

}  // namespace
}  // namespace esep::synth
