// `esep audit DIR`: the checks of the published figures against each other
// (docs/forensics-published.md), then the round-number test (docs/forensics.md) on an
// election's published party-list shares, with every step of the computation.

#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "audit/party_list_audit.h"
#include "audit/published_checks.h"
#include "audit/published_checks_text.h"
#include "base/fraction.h"
#include "cli/commands.h"
#include "cli/election_directory.h"
#include "io/election_data.h"

namespace esep::cli {

namespace {

struct AuditFlags {
  std::string directory;
  double alpha = 0.01;
  std::string format = "text";
};

// The grid point k / steps as a percentage: "53.9" (0.1 % grid) or "53.94" (0.01 % grid).
std::string GridPercent(int64_t k, int64_t steps) {
  return Fraction(k, steps / 100).ToDecimal(steps == audit::kGrid01Percent ? 1 : 2);
}

std::string GridName(int64_t steps) { return steps == audit::kGrid01Percent ? "0.1 %" : "0.01 %"; }

double ToDouble(const Fraction& f) {
  return static_cast<double>(f.numerator()) / static_cast<double>(f.denominator());
}

std::string TestText(const std::string& title, const audit::RoundNumberTest& test) {
  std::string out = fmt::format("{} — grid {} (close: within 1/{} of a step)\n", title,
                                GridName(test.steps_per_unit), audit::kCloseDenominator);
  out +=
      fmt::format("  {:<36} {:>9} {:>9} {:>9} {:>7} {:>9} {:>5} {:>12} {:>8}\n", "share", "votes",
                  "base", "share %", "grid %", "dist (v)", "close", "P(as close)", "P(close)");
  for (const audit::ShareCloseness& c : test.shares) {
    out += fmt::format(
        "  {:<36} {:>9} {:>9} {:>9} {:>7} {:>9} {:>5} {:>12.6f} {:>8.5f}\n", c.share.label,
        c.share.votes, c.share.base, FormatPercent(c.share.votes, c.share.base, 4),
        GridPercent(c.nearest_point, test.steps_per_unit),
        Fraction(c.scaled_distance, test.steps_per_unit).ToDecimal(3), c.close ? "yes" : "no",
        ToDouble(c.p_at_least_as_close), ToDouble(c.p_close));
  }
  out += fmt::format(
      "  close shares: {} of {} (expected under the null {:.2f}); P(at least {} close) = "
      "{:.4g}\n\n",
      test.close_count, test.shares.size(), static_cast<double>(test.expected_close),
      test.close_count, static_cast<double>(test.p_value));
  return out;
}

nlohmann::json TestJson(const audit::RoundNumberTest& test) {
  nlohmann::json shares = nlohmann::json::array();
  for (const audit::ShareCloseness& c : test.shares) {
    shares.push_back({
        {"label", c.share.label},
        {"votes", c.share.votes},
        {"base", c.share.base},
        {"share_percent", FormatPercent(c.share.votes, c.share.base, 6)},
        {"nearest_grid_point_percent", GridPercent(c.nearest_point, test.steps_per_unit)},
        {"distance_votes", Fraction(c.scaled_distance, test.steps_per_unit).ToString()},
        {"distance_votes_decimal", Fraction(c.scaled_distance, test.steps_per_unit).ToDecimal(3)},
        {"close", c.close},
        {"p_at_least_as_close", c.p_at_least_as_close.ToString()},
        {"p_at_least_as_close_decimal", ToDouble(c.p_at_least_as_close)},
        {"p_close", c.p_close.ToString()},
        {"p_close_decimal", ToDouble(c.p_close)},
    });
  }
  return {{"grid", GridName(test.steps_per_unit)},
          {"steps_per_unit", test.steps_per_unit},
          {"close_within_fraction_of_step", fmt::format("1/{}", audit::kCloseDenominator)},
          {"close_count", test.close_count},
          {"share_count", test.shares.size()},
          {"expected_close", static_cast<double>(test.expected_close)},
          {"p_value", static_cast<double>(test.p_value)},
          {"shares", shares}};
}

Status RunAudit(const AuditFlags& flags) {
  const std::string directory = ResolveElectionDirectory(flags.directory);
  ASSIGN_OR_RETURN(io::ElectionData data, io::LoadElectionDirectory(directory));
  if (!data.party_list.has_value()) {
    return InvalidArgumentError(
        fmt::format("{}: election.json names no party-list results table to audit", directory));
  }
  ASSIGN_OR_RETURN(std::vector<audit::PublishedCheck> published_checks,
                   audit::CheckPublishedFigures(data));
  ASSIGN_OR_RETURN(audit::PartyListAudit result,
                   audit::AuditPartyList(data.definition, *data.party_list,
                                         static_cast<long double>(flags.alpha)));
  const std::string national_title =
      result.national_published ? "National (published row)" : "National (sum of the regions)";
  const double threshold = flags.alpha / audit::kAuditTests;
  if (flags.format == "json") {
    nlohmann::json by_region = nlohmann::json::array();
    for (const audit::RegionTests& region : result.by_region) {
      by_region.push_back({{"region", region.region},
                           {"grid_0_1_percent", TestJson(region.grid_01)},
                           {"grid_0_01_percent", TestJson(region.grid_001)}});
    }
    const nlohmann::json json = {
        {"published_checks", audit::PublishedChecksJson(published_checks)},
        {"source", data.party_list->source},
        {"share_base", "votes for party lists + against all"},
        {"national_published", result.national_published},
        {"alpha", flags.alpha},
        {"tests", audit::kAuditTests},
        {"flag_threshold", threshold},
        {"smallest_p", static_cast<double>(result.smallest_p)},
        {"flagged", result.flagged},
        {"national_0_1_percent", TestJson(result.national_01)},
        {"national_0_01_percent", TestJson(result.national_001)},
        {"regions_0_1_percent", TestJson(result.regions_01)},
        {"regions_0_01_percent", TestJson(result.regions_001)},
        {"by_region", by_region},
    };
    std::cout << json.dump(2) << "\n";
    return OkStatus();
  }
  std::cout << audit::PublishedChecksText(published_checks);
  std::cout << fmt::format(
      "Round-number test of {}\n"
      "Shares: each party's votes and against all, of votes for lists + against all (the base\n"
      "of the published percentages). Null: within a grid step every vote count is equally\n"
      "likely (docs/forensics.md). P(as close): a null share lies at least as close to a grid\n"
      "point; P(close): a null share is close. The tail P(at least n close) is exact dynamic\n"
      "programming over the shares.\n\n",
      data.party_list->source);
  std::cout << TestText(national_title, result.national_01);
  std::cout << TestText(national_title, result.national_001);
  std::cout << TestText("Regions pooled", result.regions_01);
  std::cout << TestText("Regions pooled", result.regions_001);
  std::cout << "By region (descriptive; not part of the flag):\n";
  std::cout << fmt::format("  {:<28} {:>15} {:>10} {:>16} {:>10}\n", "region", "close at 0.1 %",
                           "p", "close at 0.01 %", "p");
  for (const audit::RegionTests& region : result.by_region) {
    std::cout << fmt::format(
        "  {:<28} {:>10} of {} {:>10.3g} {:>11} of {} {:>10.3g}\n", region.region,
        region.grid_01.close_count, region.grid_01.shares.size(),
        static_cast<double>(region.grid_01.p_value), region.grid_001.close_count,
        region.grid_001.shares.size(), static_cast<double>(region.grid_001.p_value));
  }
  std::cout << "\n";
  std::cout << fmt::format(
      "Smallest of the {} p-values: {:.4g}; flag threshold alpha / {} = {:.4g}: {}\n",
      audit::kAuditTests, static_cast<double>(result.smallest_p), audit::kAuditTests, threshold,
      result.flagged ? "FLAGGED — more round shares than chance explains"
                     : "not flagged — no more round shares than chance explains");
  return OkStatus();
}

}  // namespace

void AddAuditCommand(CLI::App& app, Action& run) {
  auto flags = std::make_shared<AuditFlags>();
  CLI::App* command = app.add_subcommand(
      "audit",
      "Check an election's published figures against each other and test its published "
      "party-list shares for round numbers.");
  command
      ->add_option("DIR", flags->directory,
                   "election directory holding election.json (or a bundled id such as "
                   "kz-majilis-2023)")
      ->required();
  command->add_option("--alpha", flags->alpha, "nominal level of the whole audit (default 0.01)")
      ->check(CLI::Range(0.0, 1.0));
  command->add_option("--format", flags->format, "text (default) | json")
      ->check(CLI::IsMember({"text", "json"}));
  command->footer(
      "Examples:\n"
      "  esep audit kz-majilis-2023\n"
      "  esep audit data/elections/kz-majilis-2023 --format json > audit.json\n"
      "\n"
      "First checks every published figure against the others it should follow from\n"
      "(percentages within their printed rounding, turnout, sums, the district contests against\n"
      "the party-list contest; docs/forensics-published.md) and lists those that disagree.\n"
      "Then, for the national shares and the regions' shares pooled, at the 0.1 % and 0.01 %\n"
      "grids, shows each share's votes, base, percentage, nearest grid point, distance in votes\n"
      "and the probability of being as close by chance, then the exact probability of at least\n"
      "as many close shares. Flagged when the smallest of the four p-values is at most\n"
      "alpha / 4.\n"
      "Method and limits: docs/forensics.md.");
  command->callback([flags, &run] { run = [flags] { return RunAudit(*flags); }; });
}

}  // namespace esep::cli
