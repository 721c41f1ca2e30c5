#include "published/party_list_audit_text.h"

#include <fmt/format.h>

#include "base/fraction.h"
#include "base/text.h"

namespace esep::published {

namespace {

std::string GridName(int64_t steps) { return steps == kGrid01Percent ? "0.1 %" : "0.01 %"; }

double ToDouble(const Fraction& f) {
  return static_cast<double>(f.numerator()) / static_cast<double>(f.denominator());
}

std::string TestText(const std::string& title, const RoundNumberTest& test) {
  std::string out = fmt::format("{} — grid {} (close: within 1/{} of a step)\n", title,
                                GridName(test.steps_per_unit), kCloseDenominator);
  out +=
      fmt::format("  {:<36} {:>9} {:>9} {:>9} {:>7} {:>9} {:>5} {:>12} {:>8}\n", "share", "votes",
                  "base", "share %", "grid %", "dist (v)", "close", "P(as close)", "P(close)");
  for (const ShareCloseness& c : test.shares) {
    out += fmt::format(
        "  {:<36} {:>9} {:>9} {:>9} {:>7} {:>9} {:>5} {:>12.6f} {:>8.5f}\n", c.share.label,
        c.share.votes, c.share.base, FormatPercent(c.share.votes, c.share.base, 4),
        GridPointPercent(c.nearest_point, test.steps_per_unit),
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

nlohmann::json TestJson(const RoundNumberTest& test) {
  nlohmann::json shares = nlohmann::json::array();
  for (const ShareCloseness& c : test.shares) {
    shares.push_back({
        {"label", c.share.label},
        {"votes", c.share.votes},
        {"base", c.share.base},
        {"share_percent", FormatPercent(c.share.votes, c.share.base, 6)},
        {"nearest_grid_point_percent", GridPointPercent(c.nearest_point, test.steps_per_unit)},
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
          {"close_within_fraction_of_step", fmt::format("1/{}", kCloseDenominator)},
          {"close_count", test.close_count},
          {"share_count", test.shares.size()},
          {"expected_close", static_cast<double>(test.expected_close)},
          {"p_value", static_cast<double>(test.p_value)},
          {"shares", shares}};
}

}  // namespace

std::string GridPointPercent(int64_t k, int64_t steps_per_unit) {
  return Fraction(k, steps_per_unit / 100).ToDecimal(steps_per_unit == kGrid01Percent ? 1 : 2);
}

std::string PartyListAuditText(const PartyListAudit& result, const std::string& source,
                               double alpha) {
  const std::string national_title =
      result.national_published ? "National (published row)" : "National (sum of the regions)";
  const double threshold = alpha / kAuditTests;
  std::string out = fmt::format(
      "Round-number test of {}\n"
      "Shares: each party's votes and against all, of votes for lists + against all (the base\n"
      "of the published percentages). Null: within a grid step every vote count is equally\n"
      "likely (docs/forensics.md). P(as close): a null share lies at least as close to a grid\n"
      "point; P(close): a null share is close. The tail P(at least n close) is exact dynamic\n"
      "programming over the shares.\n\n",
      source);
  out += TestText(national_title, result.national_01);
  out += TestText(national_title, result.national_001);
  out += TestText("Regions pooled", result.regions_01);
  out += TestText("Regions pooled", result.regions_001);
  out += "By region (descriptive; not part of the flag):\n";
  out += fmt::format("  {:<28} {:>15} {:>10} {:>16} {:>10}\n", "region", "close at 0.1 %", "p",
                     "close at 0.01 %", "p");
  for (const RegionTests& region : result.by_region) {
    out += fmt::format("  {:<28} {:>10} of {} {:>10.3g} {:>11} of {} {:>10.3g}\n", region.region,
                       region.grid_01.close_count, region.grid_01.shares.size(),
                       static_cast<double>(region.grid_01.p_value), region.grid_001.close_count,
                       region.grid_001.shares.size(), static_cast<double>(region.grid_001.p_value));
  }
  out += "\n";
  out +=
      fmt::format("Smallest of the {} p-values: {:.4g}; flag threshold alpha / {} = {:.4g}: {}\n",
                  kAuditTests, static_cast<double>(result.smallest_p), kAuditTests, threshold,
                  result.flagged ? "FLAGGED — more round shares than chance explains"
                                 : "not flagged — no more round shares than chance explains");
  return out;
}

nlohmann::json PartyListAuditJson(const PartyListAudit& result, const std::string& source,
                                  double alpha) {
  nlohmann::json by_region = nlohmann::json::array();
  for (const RegionTests& region : result.by_region) {
    by_region.push_back({{"region", region.region},
                         {"grid_0_1_percent", TestJson(region.grid_01)},
                         {"grid_0_01_percent", TestJson(region.grid_001)}});
  }
  return {
      {"source", source},
      {"share_base", kShareBase},
      {"national_published", result.national_published},
      {"alpha", alpha},
      {"tests", kAuditTests},
      {"flag_threshold", alpha / kAuditTests},
      {"smallest_p", static_cast<double>(result.smallest_p)},
      {"flagged", result.flagged},
      {"national_0_1_percent", TestJson(result.national_01)},
      {"national_0_01_percent", TestJson(result.national_001)},
      {"regions_0_1_percent", TestJson(result.regions_01)},
      {"regions_0_01_percent", TestJson(result.regions_001)},
      {"by_region", by_region},
  };
}

}  // namespace esep::published
