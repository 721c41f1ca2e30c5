// `esep audit`: on an election's published tables, the checks of the published figures against
// each other (docs/forensics-published.md) and the round-number test (docs/forensics.md) with
// every step of the computation; and the precinct-level suite (cli/audit_precincts.h,
// docs/forensics-indicators.md) on precinct protocols from an election directory, a store
// (--db) or any CSV with a column mapping (--precincts, --mapping).

#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "audit/party_list_audit.h"
#include "audit/precinct_sources.h"
#include "audit/published_checks.h"
#include "audit/published_checks_text.h"
#include "base/fraction.h"
#include "cli/audit_precincts.h"
#include "cli/audit_report_writer.h"
#include "cli/commands.h"
#include "cli/election_directory.h"
#include "io/election_data.h"

namespace esep::cli {

namespace {

struct AuditFlags {
  std::string directory;
  double alpha = 0.01;
  std::string format = "text";
  PrecinctSource precincts;  // --db, or --precincts with --mapping
  size_t max_listed = 20;
  std::string report;  // --report DIR: report.json + report.html (cli/audit_report_writer.h)
};

// --report DIR: the JSON document and its HTML report, whatever --format says.
Status ReportIfAsked(const AuditFlags& flags, const nlohmann::json& json) {
  return flags.report.empty() ? OkStatus() : WriteAuditReport(flags.report, json);
}

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

// The precinct-level suite alone, on `source`.
Status RunPrecinctAudit(const AuditFlags& flags, const PrecinctSource& source) {
  ASSIGN_OR_RETURN(const audit::PrecinctTable table, LoadPrecinctTable(source));
  const PrecinctSuiteFlags suite_flags{flags.alpha, flags.max_listed};
  if (flags.format == "json" || !flags.report.empty()) {
    const nlohmann::json json = {{"precinct_suite", PrecinctSuiteJsonFor(table, suite_flags)}};
    RETURN_IF_ERROR(ReportIfAsked(flags, json));
    if (flags.format == "json") {
      std::cout << json.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
      return OkStatus();
    }
  }
  std::cout << PrecinctSuiteTextFor(table, suite_flags);
  return OkStatus();
}

Status RunAudit(const AuditFlags& flags) {
  const int sources = (flags.directory.empty() ? 0 : 1) + (flags.precincts.db.empty() ? 0 : 1) +
                      (flags.precincts.csv.empty() ? 0 : 1);
  if (sources != 1) {
    return InvalidArgumentError(
        "esep audit takes one source: an election directory (DIR), --db FILE, or --precincts "
        "FILE.csv --mapping MAP.json (see esep audit --help)");
  }
  if (flags.precincts.csv.empty() != flags.precincts.mapping.empty()) {
    return InvalidArgumentError(
        "--precincts and --mapping go together: the mapping says which column of the CSV holds "
        "what (docs/formats/column-mapping.md; example: data/mappings/ru-cik-example.json)");
  }
  if (flags.directory.empty()) {
    return RunPrecinctAudit(flags, flags.precincts);
  }
  const std::string directory = ResolveElectionDirectory(flags.directory);
  ASSIGN_OR_RETURN(io::ElectionData data, io::LoadElectionDirectory(directory));
  // An election directory with protocols (`esep generate` writes one) also gets the
  // precinct-level suite; one without a published table gets only that.
  std::optional<audit::PrecinctTable> precincts;
  if (audit::DirectoryHasProtocols(directory)) {
    PrecinctSource source;
    source.directory = directory;
    ASSIGN_OR_RETURN(precincts, LoadPrecinctTable(source));
  }
  const PrecinctSuiteFlags suite_flags{flags.alpha, flags.max_listed};
  if (!data.party_list.has_value() && precincts.has_value()) {
    if (flags.format == "json" || !flags.report.empty()) {
      const nlohmann::json json = {
          {"precinct_suite", PrecinctSuiteJsonFor(*precincts, suite_flags)}};
      RETURN_IF_ERROR(ReportIfAsked(flags, json));
      if (flags.format == "json") {
        std::cout << json.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
        return OkStatus();
      }
    }
    std::cout << PrecinctSuiteTextFor(*precincts, suite_flags);
    return OkStatus();
  }
  if (!data.party_list.has_value()) {
    return InvalidArgumentError(
        fmt::format("{}: election.json names no party-list results table to audit, and the "
                    "directory holds no protocols.csv",
                    directory));
  }
  ASSIGN_OR_RETURN(std::vector<audit::PublishedCheck> published_checks,
                   audit::CheckPublishedFigures(data));
  ASSIGN_OR_RETURN(audit::PartyListAudit result,
                   audit::AuditPartyList(data.definition, *data.party_list,
                                         static_cast<long double>(flags.alpha)));
  const std::string national_title =
      result.national_published ? "National (published row)" : "National (sum of the regions)";
  const double threshold = flags.alpha / audit::kAuditTests;
  if (flags.format == "json" || !flags.report.empty()) {
    nlohmann::json by_region = nlohmann::json::array();
    for (const audit::RegionTests& region : result.by_region) {
      by_region.push_back({{"region", region.region},
                           {"grid_0_1_percent", TestJson(region.grid_01)},
                           {"grid_0_01_percent", TestJson(region.grid_001)}});
    }
    nlohmann::json json = {
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
    if (precincts.has_value()) {
      json["precinct_suite"] = PrecinctSuiteJsonFor(*precincts, suite_flags);
    }
    RETURN_IF_ERROR(ReportIfAsked(flags, json));
    if (flags.format == "json") {
      std::cout << json.dump(2) << "\n";
      return OkStatus();
    }
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
  if (precincts.has_value()) {
    std::cout << "\n" << PrecinctSuiteTextFor(*precincts, suite_flags);
  }
  return OkStatus();
}

}  // namespace

void AddAuditCommand(CLI::App& app, Action& run) {
  auto flags = std::make_shared<AuditFlags>();
  CLI::App* command = app.add_subcommand(
      "audit",
      "Election forensics: published figures checked against each other, round numbers in "
      "published shares, precinct-level fingerprints.");
  command->add_option("DIR", flags->directory,
                      "election directory holding election.json (or a bundled id such as "
                      "kz-majilis-2023); with protocols.csv, the precinct suite runs too");
  command->add_option("--db", flags->precincts.db,
                      "a store (esep import): the precinct suite on its accepted protocols");
  command->add_option("--precincts", flags->precincts.csv,
                      "any commission's per-precinct CSV, read through --mapping");
  command->add_option("--mapping", flags->precincts.mapping,
                      "the column mapping of --precincts (docs/formats/column-mapping.md)");
  command->add_flag("--strict", flags->precincts.strict,
                    "with --precincts: stop at the first bad row instead of skipping and "
                    "listing it");
  command->add_flag("--synthetic", flags->precincts.synthetic,
                    "with --precincts: the CSV is made-up data; every output says SYNTHETIC");
  command
      ->add_option("--max-listed", flags->max_listed,
                   "rows (precincts, commissions, skipped rows) a text section lists "
                   "(default 20; JSON lists all)")
      ->check(CLI::Range(size_t{1}, size_t{1000000}));
  command
      ->add_option("--alpha", flags->alpha,
                   "nominal level (default 0.01) of the round-number test as a whole and of each "
                   "precinct section")
      ->check(CLI::Range(0.0, 1.0));
  command->add_option("--format", flags->format, "text (default) | json")
      ->check(CLI::IsMember({"text", "json"}));
  command->add_option("--report", flags->report,
                      "also write DIR/report.json (the --format json document) and "
                      "DIR/report.html (findings and figures; docs/formats/audit-report.md)");
  command->footer(
      "One source per run:\n"
      "  esep audit DIR                       published tables (and precincts, if DIR has "
      "protocols.csv)\n"
      "  esep audit --db FILE                 the precincts of a store's accepted protocols\n"
      "  esep audit --precincts F.csv --mapping M.json   any commission's per-precinct CSV\n"
      "\n"
      "Examples:\n"
      "  esep audit kz-majilis-2023\n"
      "  esep audit data/elections/kz-majilis-2023 --format json > audit.json\n"
      "  esep generate --precincts 10223 --seed 1 --inject stuffing=0.02 --out /tmp/irregular\n"
      "  esep audit /tmp/irregular                      # its protocols: the precinct suite\n"
      "  esep import --db /tmp/results.db /tmp/irregular && esep audit --db /tmp/results.db\n"
      "  esep audit --precincts uik.csv --mapping data/mappings/ru-cik-example.json\n"
      "\n"
      "Published tables: first checks every published figure against the others it should follow\n"
      "from (percentages within their printed rounding, turnout, sums, the district contests\n"
      "against the party-list contest; docs/forensics-published.md) and lists those that\n"
      "disagree. Then, for the national shares and the regions' shares pooled, at the 0.1 %\n"
      "and 0.01 % grids, shows each share's votes, base, percentage, nearest grid point,\n"
      "distance in votes and the probability of being as close by chance, then the exact\n"
      "probability of at least as many close shares. Flagged when the smallest of the four\n"
      "p-values is at most alpha / 4. Method and limits: docs/forensics.md.\n"
      "\n"
      "Precincts: election-day additions and mobile-box voting per precinct (the precincts far\n"
      "above the rest, and whether they report more turnout and leader votes), and each\n"
      "territorial commission's turnout distribution against its region's (Kolmogorov-Smirnov,\n"
      "Holm). A CSV row that cannot be used is skipped and listed with its file, line, column\n"
      "and rule (--strict: stop instead). Method and limits: docs/forensics-indicators.md;\n"
      "mapping format: docs/formats/column-mapping.md.");
  command->callback([flags, &run] { run = [flags] { return RunAudit(*flags); }; });
}

}  // namespace esep::cli
