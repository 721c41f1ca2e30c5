// The commission server's API on loopback (internal/api_test_util.h): a territorial
// commission's summary protocol reconciled against its precinct, its approval blocked until a
// decision explains the difference, and a protocol's versions after a correction by decision.

#include <algorithm>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "data_entry/form_values.h"
#include "protocol/protocol.h"
#include "server/internal/api_test_util.h"
#include "service/entries.h"

namespace esep::server {
namespace {

using nlohmann::json;

constexpr protocol::ContestRef kList{.kind = protocol::ContestRef::Kind::kPartyList, .district = 0};
constexpr std::string_view kPrecinct = "PEC-abai-0001";

class ApiHistoryTest : public ApiTest {
 protected:
  // A consistent protocol of `commission`'s party list as the API's values: `voters` on the
  // list, `first` votes for the first party and none for the others.
  json Values(const std::string& commission, int64_t voters, int64_t first) {
    const std::string id = commission + ":list";
    Result<data_entry::FormDefinition> form = service::FormOf(*context_->desk, id);
    EXPECT_TRUE(form.has_value());
    protocol::Protocol paper;
    paper.commission_id = commission;
    paper.contest = kList;
    paper.voters_on_list = voters;
    paper.ballots_received = voters;
    paper.ballots_issued_premises = first;
    paper.ballots_unused = voters - first;
    paper.ballots_in_stationary_boxes = first;
    paper.valid_ballots = first;
    paper.choice_votes.assign(static_cast<size_t>(form->choices()), 0);
    paper.choice_votes[0] = first;
    Result<data_entry::FormValues> values = data_entry::FromProtocol(*form, paper);
    EXPECT_TRUE(values.has_value());
    json out = json::object();
    for (const auto& [key, value] : *values) {
      out[key] = value.has_value() ? json(*value) : json(nullptr);
    }
    return out;
  }

  // Both entries of `commission`'s list typed as `values` by the two typists of TEC-abai;
  // returns the protocol's version, definitive.
  int64_t EnterTwice(const std::string& commission, const json& values) {
    const std::string protocol = "/api/v1/protocols/" + commission + ":list";
    int64_t version = Version(protocol);
    for (const auto& [entry, login] : {std::pair{1, "typist"}, std::pair{2, "second.typist"}}) {
      const std::string cookie = LoginAs(login);
      const std::string base = protocol + "/entries/" + std::to_string(entry);
      for (const auto& [verb, target, body] :
           {std::tuple{bhttp::verb::post, base + "/claim", std::string()},
            std::tuple{bhttp::verb::put, base, json{{"values", values}}.dump()},
            std::tuple{bhttp::verb::post, base + "/finalise", std::string("{}")}}) {
        const Reply reply =
            Call(verb, target, body, cookie, {{"If-Match", fmt::format("\"{}\"", version)}});
        EXPECT_EQ(reply.status, 200) << target << ": " << reply.body;
        version = reply.json().value("version", version);
      }
    }
    return version;
  }

  int64_t Version(const std::string& protocol) {
    const Reply versions = Call(bhttp::verb::get, protocol + "/versions", "", LoginAs("chair"));
    EXPECT_EQ(versions.status, 200) << versions.body;
    return versions.json().value("version", int64_t{-1});
  }

  Reply Approve(const std::string& commission, int64_t version, const std::string& body,
                Headers headers = {}) {
    headers.emplace_back("If-Match", fmt::format("\"{}\"", version));
    return Call(bhttp::verb::post, "/api/v1/protocols/" + commission + ":list/approve", body,
                LoginAs("chair"), headers);
  }
};

TEST_F(ApiHistoryTest, ASummaryThatDiffersFromItsPrecinctsNeedsADecision) {
  const std::string precinct(kPrecinct);
  const std::string territorial(kBelowCommission);
  const int64_t precinct_version = EnterTwice(precinct, Values(precinct, 100, 60));
  ASSERT_EQ(Approve(precinct, precinct_version, "").status, 200);

  // The summary says 90 voters and 55 votes where its one precinct says 100 and 60.
  const int64_t version = EnterTwice(territorial, Values(territorial, 90, 55));
  const Reply summary = Call(bhttp::verb::get, "/api/v1/commissions/" + territorial + "/summary",
                             "", LoginAs("coordinator"));
  ASSERT_EQ(summary.status, 200) << summary.body;
  const json answer = summary.json();
  const json& view = answer["summaries"][0];
  EXPECT_EQ(view["protocol"], territorial + ":list");
  EXPECT_EQ(view["compared"], "definitive");
  EXPECT_EQ(view["children"], 1);
  EXPECT_EQ(view["expected"], 1);
  EXPECT_EQ(view["matches"], false);
  EXPECT_NE(std::find(view["differences"].begin(), view["differences"].end(), "voters_on_list"),
            view["differences"].end());
  bool found = false;
  for (const json& line : view["lines"]) {
    if (line["key"] == "voters_on_list") {
      EXPECT_EQ(line["summary"], 90);
      EXPECT_EQ(line["children"], 100);
      found = true;
    }
  }
  EXPECT_TRUE(found);
  // A typist does not see reconciliations (docs/roles.md); a precinct has no summary.
  EXPECT_EQ(Call(bhttp::verb::get, "/api/v1/commissions/" + territorial + "/summary", "",
                 LoginAs("typist"))
                .status,
            403);
  EXPECT_EQ(
      Call(bhttp::verb::get, "/api/v1/commissions/" + precinct + "/summary", "", LoginAs("chair"))
          .json()["summaries"],
      json::array());

  const Reply refused = Approve(territorial, version, "");
  EXPECT_EQ(refused.status, 422) << refused.body;
  EXPECT_EQ(refused.json()["error"]["field"], "decision");
  const Reply incomplete = Approve(territorial, version, R"({"decision": {"number": "5/12"}})");
  EXPECT_EQ(incomplete.status, 400) << incomplete.body;
  EXPECT_EQ(incomplete.json()["error"]["field"], "decision.date");
  EXPECT_EQ(Approve(territorial, version, R"({"decision": 7})").status, 400);
  EXPECT_EQ(Approve(territorial, version, R"({"other": 1})").status, 400);
  EXPECT_EQ(Approve(territorial, version, "{}", {{"Content-Type", "text/plain"}}).status, 415);

  const json decision = {{"number", "5/12"},
                         {"date", "2026-12-08"},
                         {"commission", "TC-abai-1"},
                         {"reason", "the summary table left out late additions"}};
  const Reply approved = Approve(territorial, version, json{{"decision", decision}}.dump());
  ASSERT_EQ(approved.status, 200) << approved.body;
  EXPECT_EQ(approved.json()["status"], "approved");
  const Reply versions =
      Call(bhttp::verb::get, "/api/v1/protocols/" + territorial + ":list/versions", "",
           LoginAs("observer"));
  ASSERT_EQ(versions.status, 200) << versions.body;
  EXPECT_EQ(versions.json()["versions"][0]["reconciliation"], decision);
  EXPECT_EQ(versions.json()["versions"][0]["decision"], nullptr);
}

TEST_F(ApiHistoryTest, VersionsShowACorrectionAndWhatItChanged) {
  const std::string precinct(kPrecinct);
  const std::string protocol = "/api/v1/protocols/" + precinct + ":list";
  int64_t version = EnterTwice(precinct, Values(precinct, 100, 60));
  ASSERT_EQ(Approve(precinct, version, "").status, 200);
  const json decision = {{"number", "7/1"},
                         {"date", "2026-12-08"},
                         {"commission", "TEC-abai"},
                         {"reason", "recount ordered"}};
  const Reply opened =
      Call(bhttp::verb::post, protocol + "/corrections", json{{"decision", decision}}.dump(),
           LoginAs("chair"), {{"If-Match", fmt::format("\"{}\"", version + 1)}});
  ASSERT_EQ(opened.status, 200) << opened.body;
  Reply read = Call(bhttp::verb::get, protocol + "/versions", "", LoginAs("typist"));
  ASSERT_EQ(read.status, 200) << read.body;
  EXPECT_EQ(read.json()["correction"], decision);
  EXPECT_EQ(read.json()["pending"], nullptr);

  version = EnterTwice(precinct, Values(precinct, 100, 58));
  read = Call(bhttp::verb::get, protocol + "/versions", "", LoginAs("chair"));
  EXPECT_EQ(read.json()["status"], "definitive");
  EXPECT_EQ(read.json()["pending"]["choice.1"], 58);
  const json pending_changed = read.json()["pending_changed"];
  for (const char* key : {"valid_ballots", "choice.1"}) {
    EXPECT_NE(std::find(pending_changed.begin(), pending_changed.end(), key), pending_changed.end())
        << key;
  }
  EXPECT_EQ(std::find(pending_changed.begin(), pending_changed.end(), "voters_on_list"),
            pending_changed.end());
  ASSERT_EQ(Approve(precinct, version, "").status, 200);

  read = Call(bhttp::verb::get, protocol + "/versions", "", LoginAs("chair"));
  const json answer = read.json();
  const json& versions = answer["versions"];
  ASSERT_EQ(versions.size(), 2U);
  EXPECT_EQ(versions[0]["values"]["choice.1"], 60);
  EXPECT_EQ(versions[1]["values"]["choice.1"], 58);
  EXPECT_EQ(versions[1]["decision"], decision);
  EXPECT_EQ(versions[0]["changed"], json::array());
  EXPECT_EQ(versions[1]["changed"], pending_changed);
  EXPECT_EQ(
      Call(bhttp::verb::get, "/api/v1/protocols/TEC-akmola:list/versions", "", LoginAs("chair"))
          .status,
      403);
  EXPECT_EQ(
      Call(bhttp::verb::get, "/api/v1/protocols/NOPE:list/versions", "", LoginAs("chair")).status,
      404);
}

}  // namespace
}  // namespace esep::server
