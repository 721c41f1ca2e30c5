#include "report/err_export.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "results/internal/results_test_util.h"

namespace esep::report {
namespace {

using nlohmann::json;
using results::internal::ToyElection;
using ::testing::HasSubstr;

const char kSchema[] =
    ESEP_SOURCE_DIR "/src/report/testdata/NIST_V2_election_results_reporting.json";

ErrOptions Options() {
  return {.provenance = {"toy", std::string(64, 'a'), std::string(64, 'b')},
          .generated_date = "2026-03-20T06:00:00Z",
          .test_data = ErrTestData::kSynthetic};
}

json WriteErr(const ToyElection& toy) {
  std::ostringstream out;
  const Status status = WriteErrJson(out, toy.source(), Options());
  EXPECT_TRUE(status.ok()) << status.message();
  return json::parse(out.str());
}

// Validates `document` against the NIST schema with Debian's python3-jsonschema, using the
// validator of the draft the schema declares (draft-04) with format checking. Returns the
// exit code of the validator (0 when valid) and leaves its findings in `report`.
int Validate(const json& document, std::string& report) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("esep_err_test_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::filesystem::path doc_path = dir / "err.json";
  const std::filesystem::path out_path = dir / "validator.txt";
  std::ofstream(doc_path) << document.dump();
  const std::string command =
      "/usr/bin/python3 -c '"
      "import json, sys, jsonschema\n"
      "schema = json.load(open(sys.argv[1]))\n"
      "assert schema[\"$schema\"] == \"http://json-schema.org/draft-04/schema#\"\n"
      "cls = jsonschema.validators.validator_for(schema)\n"
      "assert cls is jsonschema.Draft4Validator, cls\n"
      "v = cls(schema, format_checker=cls.FORMAT_CHECKER)\n"
      "errors = list(v.iter_errors(json.load(open(sys.argv[2]))))\n"
      "def show(e, depth):\n"
      "  print(depth * \"  \", list(e.absolute_path), e.message[:200])\n"
      "  for c in e.context: show(c, depth + 1)\n"
      "for e in errors: show(e, 0)\n"
      "sys.exit(1 if errors else 0)\n"
      "' '" +
      std::string(kSchema) + "' '" + doc_path.string() + "' > '" + out_path.string() + "' 2>&1";
  const int status = std::system(command.c_str());
  std::ifstream in(out_path);
  report.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  std::filesystem::remove_all(dir);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST(ErrExportTest, TheDocumentValidatesAgainstTheNistSchemaAndABrokenOneDoesNot) {
  ToyElection toy;
  toy.open_corrections = {"P2"};
  json document = WriteErr(toy);
  std::string report;
  EXPECT_EQ(Validate(document, report), 0) << report;

  // The validator can fail: a member ERR does not define, and a missing required one.
  json broken = document;
  broken["Election"][0]["Contest"][0]["ContestSelection"][0]["VoteCounts"][0]["Votes"] = 1;
  EXPECT_EQ(Validate(broken, report), 1);
  EXPECT_THAT(report, HasSubstr("Additional properties are not allowed ('Votes' was unexpected)"));
  broken = document;
  broken.erase("Issuer");
  EXPECT_EQ(Validate(broken, report), 1);
  EXPECT_THAT(report, HasSubstr("'Issuer' is a required property"));
  broken = document;
  broken["GpUnit"][0]["Type"] = "oblast";
  EXPECT_EQ(Validate(broken, report), 1);
}

TEST(ErrExportTest, AnElectionWithoutProtocolsIsValidToo) {
  const model::ElectionDefinition definition = results::internal::ToyDefinition();
  const tabulation::Tabulator tabulator = *tabulation::Tabulator::Create(definition);
  const std::unordered_set<std::string> open;
  const results::ResultsSource source{definition, tabulator, {}, open};
  std::ostringstream out;
  ASSERT_TRUE(WriteErrJson(out, source, Options()).ok());
  const json document = json::parse(out.str());
  EXPECT_EQ(document["Status"], "unofficial-partial");
  EXPECT_EQ(document["GpUnit"][0]["CountStatus"][0]["Status"], "not-processed");
  EXPECT_TRUE(document["Election"][0]["BallotCounts"].empty());
  std::string report;
  EXPECT_EQ(Validate(document, report), 0) << report;
}

// Every @id is unique and every reference points at an object of the document.
TEST(ErrExportTest, IdsAreUniqueAndEveryReferenceResolves) {
  const ToyElection toy;
  const json document = WriteErr(toy);
  std::set<std::string> ids;
  std::vector<std::string> references;
  std::function<void(const json&)> walk = [&](const json& node) {
    if (node.is_object()) {
      for (const auto& [key, value] : node.items()) {
        if (key == "@id") {
          EXPECT_TRUE(ids.insert(value.get<std::string>()).second) << value;
        } else if (key.ends_with("Id") && key != "VendorApplicationId" && value.is_string()) {
          references.push_back(value.get<std::string>());
        } else if (key.ends_with("Ids") && value.is_array()) {
          for (const json& id : value) {
            references.push_back(id.get<std::string>());
          }
        }
        walk(value);
      }
    } else if (node.is_array()) {
      for (const json& item : node) {
        walk(item);
      }
    }
  };
  walk(document);
  EXPECT_GT(references.size(), 50u);
  for (const std::string& reference : references) {
    EXPECT_TRUE(ids.contains(reference)) << reference;
  }
}

const json* Find(const json& array, std::string_view id) {
  for (const json& item : array) {
    if (item.value("@id", "") == id) {
      return &item;
    }
  }
  return nullptr;
}

int64_t CountAt(const json& selection, std::string_view gpunit) {
  for (const json& count : selection["VoteCounts"]) {
    if (count["GpUnitId"] == gpunit) {
      return count["Count"].get<int64_t>();
    }
  }
  return -1;
}

TEST(ErrExportTest, UnitsContestsAndCountsFollowTheTree) {
  ToyElection toy;
  const json document = WriteErr(toy);
  EXPECT_EQ(document["Format"], "precinct-level");
  EXPECT_EQ(document["Status"], "unofficial-partial");  // P3's list protocol is missing
  EXPECT_EQ(document["IsTest"], true);
  EXPECT_EQ(document["ExternalIdentifier"][1]["OtherType"], "esep-definition-sha256");
  EXPECT_EQ(document["ExternalIdentifier"][1]["Value"], std::string(64, 'a'));
  EXPECT_EQ(document["ExternalIdentifier"][2]["Value"], std::string(64, 'b'));

  const json& units = document["GpUnit"];
  EXPECT_EQ(units.size(), 1u + 2 + 3 + 2 + 4);
  EXPECT_EQ((*Find(units, "gpu-national"))["ComposingGpUnitIds"],
            json({"gpu-region-north", "gpu-region-south"}));
  EXPECT_EQ((*Find(units, "gpu-region-south"))["Type"], "city");
  EXPECT_EQ((*Find(units, "gpu-region-north"))["OtherType"], "region");
  EXPECT_EQ((*Find(units, "gpu-territorial-T-N1"))["ComposingGpUnitIds"],
            json({"gpu-precinct-P1", "gpu-precinct-P2"}));
  EXPECT_EQ((*Find(units, "gpu-district-1"))["ComposingGpUnitIds"],
            json({"gpu-precinct-P1", "gpu-precinct-P2", "gpu-precinct-P3"}));
  const json& nation = *Find(units, "gpu-national");
  EXPECT_EQ(nation["SubUnitsReported"], 3);
  EXPECT_EQ(nation["TotalSubUnits"], 4);
  EXPECT_EQ(nation["VotersRegistered"], 350);
  EXPECT_EQ(nation["CountStatus"][0]["Status"], "in-process");
  EXPECT_EQ((*Find(units, "gpu-precinct-P3"))["CountStatus"][0]["Status"], "in-process");
  EXPECT_EQ((*Find(units, "gpu-precinct-P1"))["CountStatus"][0]["Status"], "completed");

  const json& election = document["Election"][0];
  const json& list = election["Contest"][0];
  EXPECT_EQ(list["@type"], "ElectionResults.PartyContest");
  EXPECT_EQ(list["VoteVariation"], "proportional");
  const json& red = *Find(list["ContestSelection"], "contest-list-party-red");
  EXPECT_EQ(red["PartyIds"], json({"party-red"}));
  EXPECT_EQ(CountAt(red, "gpu-precinct-P1"), 30);
  EXPECT_EQ(CountAt(red, "gpu-precinct-P3"), -1);  // no protocol, no count
  EXPECT_EQ(CountAt(red, "gpu-region-north"), 35);
  EXPECT_EQ(CountAt(red, "gpu-national"), 45);
  const json& against = *Find(list["ContestSelection"], "contest-list-against-all");
  EXPECT_FALSE(against.contains("CandidateIds"));
  EXPECT_EQ(against["VoteCounts"][0]["Type"], "other");
  EXPECT_EQ(against["VoteCounts"][0]["OtherType"], "against-all");
  EXPECT_EQ(CountAt(against, "gpu-precinct-P1"), 2);

  const json& district2 = election["Contest"][2];
  EXPECT_EQ(district2["@type"], "ElectionResults.CandidateContest");
  EXPECT_EQ(district2["ElectionDistrictId"], "gpu-district-2");
  EXPECT_EQ(district2["ContestSelection"].size(), 4u);  // three candidates and against all
  EXPECT_EQ(CountAt(district2["ContestSelection"][1], "gpu-precinct-P4"), 50);
  EXPECT_EQ(CountAt(district2["ContestSelection"][1], "gpu-district-2"), 50);
  const json& ann = *Find(election["Candidate"], "candidate-1-1");
  EXPECT_EQ(ann["BallotName"]["Text"][0]["Content"], "Ann Ay");
  EXPECT_EQ(ann["PartyId"], "party-red");

  // Every protocol line is there, by contest, as BallotCounts of Type other.
  std::map<std::string, int64_t> p1;
  for (const json& count : election["BallotCounts"]) {
    if (count["GpUnitId"] == "gpu-precinct-P1") {
      p1[count.value("OtherType", count["Type"].get<std::string>())] = count["BallotsCast"];
    }
  }
  EXPECT_EQ(p1["total"], 53);
  EXPECT_EQ(p1["contest-list:ballots-received"], 110);
  EXPECT_EQ(p1["contest-list:ballots-unused"], 57);
  EXPECT_EQ(p1["contest-district-1:invalid-ballots"], 1);
  EXPECT_EQ(p1.size(), 1u + 2 * results::BallotAccountFields().size());
}

TEST(ErrExportTest, CompleteWithoutOpenCorrectionsIsUnofficialComplete) {
  ToyElection toy;
  const Status added = toy.tabulator.Add(results::internal::ToyProtocol("P3", {}, 80, {3, 0}));
  ASSERT_TRUE(added.ok()) << added.message();
  toy.protocols.push_back(results::internal::ToyProtocol("P3", {}, 80, {3, 0}));
  EXPECT_EQ(WriteErr(toy)["Status"], "unofficial-complete");
  toy.open_corrections = {"P3"};
  EXPECT_EQ(WriteErr(toy)["Status"], "unofficial-partial");
}

TEST(ErrExportTest, BadDateOrProtocolWritesNothing) {
  ToyElection toy;
  std::ostringstream out;
  ErrOptions options = Options();
  options.generated_date = "2026-03-20 06:00";
  EXPECT_THAT(WriteErrJson(out, toy.source(), options).message(),
              HasSubstr("'2026-03-20 06:00' is not a date and time with a zone"));
  toy.protocols.push_back(results::internal::ToyProtocol("P9", {}, 10, {1, 1}));
  EXPECT_EQ(WriteErrJson(out, toy.source(), Options()).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(out.str(), "");
  EXPECT_EQ(ErrDateTime(std::chrono::system_clock::from_time_t(0)), "1970-01-01T00:00:00Z");
}

}  // namespace
}  // namespace esep::report
