// Bad input never crashes a parser: thousands of random and mutated inputs (seeded, so a
// failure is reproducible) give either a value or kInvalidArgument with a message naming the
// source. Run under ESEP_SANITIZE=ON this also catches out-of-bounds reads.

#include <cstdint>
#include <random>
#include <string>

#include <gtest/gtest.h>

#include "io/election_data.h"
#include "io/list_votes_csv.h"

namespace esep::io {
namespace {

constexpr char kVotes[] =
    "party,votes,registered,candidates\n"
    "Amanat,3431510,2023-02-15,90\n"
    "\"Aq Jol, \"\"Bright Path\"\"\",535139,2023-02-13,54\n"
    "against all,248291,,\n"
    "invalid,158046,,\n";

// `text` with a few random bytes replaced, inserted or deleted; the alphabet favours the
// characters CSV gives meaning to.
std::string Mutate(const std::string& text, std::mt19937_64& random) {
  static constexpr char kAlphabet[] = ",\"\n\r -0123456789aZ\xEF\xBB\xBF\x00%.";
  std::string out = text;
  const int edits = 1 + static_cast<int>(random() % 4);
  for (int e = 0; e < edits; ++e) {
    const size_t at = out.empty() ? 0 : random() % (out.size() + 1);
    const char c = kAlphabet[random() % (sizeof(kAlphabet) - 1)];
    switch (random() % 3) {
      case 0:
        out.insert(out.begin() + static_cast<std::ptrdiff_t>(at), c);
        break;
      case 1:
        if (at < out.size()) {
          out[at] = c;
        }
        break;
      default:
        if (at < out.size()) {
          out.erase(at, 1);
        }
        break;
    }
  }
  return out;
}

std::string RandomBytes(std::mt19937_64& random) {
  std::string out(random() % 200, '\0');
  for (char& c : out) {
    c = static_cast<char>(random() % 256);
  }
  return out;
}

TEST(ParserRobustnessTest, ListVotesCsvNeverCrashes) {
  std::mt19937_64 random(20230319);
  int accepted = 0;
  for (int i = 0; i < 5000; ++i) {
    const std::string text = i % 5 == 0 ? RandomBytes(random) : Mutate(kVotes, random);
    Result<law::ListContestVotes> votes = ParseListVotesCsv(text, "fuzz.csv");
    if (votes.has_value()) {
      ++accepted;
      for (const law::ListVotes& list : votes->lists) {
        ASSERT_GE(list.votes, 0);
      }
      continue;
    }
    ASSERT_EQ(votes.error().code(), StatusCode::kInvalidArgument) << votes.error().ToString();
    ASSERT_NE(votes.error().message().find("fuzz.csv"), std::string::npos)
        << votes.error().message();
  }
  // The mutations are small, so some inputs stay valid: the test exercises both paths.
  EXPECT_GT(accepted, 100);
}

TEST(ParserRobustnessTest, ElectionDefinitionNeverCrashes) {
  const std::string definition = R"({"format": "esep-election/1", "id": "x", "title": "X",
    "date": "2024-01-07", "country": "X", "rule_set": "kz-majilis-2023",
    "parties": [{"id": "a", "name": "A", "short_name": "A", "ballot_number": 1,
                 "registered_on": "2023-12-01", "list_candidates": 3}],
    "regions": [{"id": "r", "name": "R", "kind": "region"}],
    "districts": [{"number": 1, "region": "r"}]})";
  std::mt19937_64 random(7);
  for (int i = 0; i < 3000; ++i) {
    const std::string text = Mutate(definition, random);
    Result<model::ElectionDefinition> parsed = ParseElectionDefinition(text, "fuzz.json");
    if (!parsed.has_value()) {
      ASSERT_EQ(parsed.error().code(), StatusCode::kInvalidArgument) << parsed.error().ToString();
      ASSERT_NE(parsed.error().message().find("fuzz.json"), std::string::npos);
    }
  }
}

}  // namespace
}  // namespace esep::io
