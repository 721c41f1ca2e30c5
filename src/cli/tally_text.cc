#include "cli/tally_text.h"

#include <optional>

#include <fmt/format.h>

#include "base/text.h"
#include "cli/result_text.h"
#include "io/protocol_jsonl.h"
#include "report/allocation_report.h"

namespace esep::cli {

namespace {

// The sums as JSON: each one a protocol as in JSON Lines (docs/formats/protocols-jsonl.md) with
// its progress, for scripts (bench/run.sh compares them with other tools' sums).
nlohmann::ordered_json SumJson(const tabulation::Tally& tally) {
  std::string line;
  io::AppendProtocolJsonl(tally.sum, std::nullopt, line);
  nlohmann::ordered_json json = nlohmann::ordered_json::parse(line);
  json["protocols"] = tally.protocols;
  json["expected"] = tally.expected;
  return json;
}

int64_t PerSecond(int64_t count, double seconds) {
  return seconds > 0 ? static_cast<int64_t>(static_cast<double>(count) / seconds) : 0;
}

}  // namespace

std::string TallyText(const service::TallyOutcome& tally, int64_t max_reasons) {
  std::string text;
  const model::ElectionDefinition& definition = *tally.definition;
  const tabulation::Tabulator& tabulator = tally.router->tabulator();
  const service::TallyTimings& t = tally.timings;
  const int64_t read = tally.accepted + tally.rejected;
  text += fmt::format(
      "{}\n{} protocols accepted, {} rejected, {} warnings ({:.2f} s: the definition {:.2f} s, "
      "the protocols {:.2f} s, {} protocols/s on one thread, {:.2f} s of processor time).\n\n",
      definition.LabelledTitle(), GroupThousands(tally.accepted), GroupThousands(tally.rejected),
      GroupThousands(tally.warnings), t.seconds, t.seconds - t.protocol_seconds, t.protocol_seconds,
      GroupThousands(PerSecond(read, t.protocol_seconds)), t.protocol_cpu_seconds);
  const tabulation::Tally& nation = tabulator.national();
  text += fmt::format("Party-list protocols: {} ({}).\n", Progress(nation),
                      nation.complete() ? "complete" : "preliminary: protocols missing");
  text += RegionTable(definition, tabulator) + "\n";
  if (tally.seats.list.has_value()) {
    text += report::AllocationText(*tally.seats.list) + "\n";
  } else if (tally.rule_set.list.seats > 0 && nation.protocols > 0) {
    text += "No allocation: " + tally.seats.list_unavailable + "\n\n";
  }
  if (!tabulator.districts().empty()) {
    text += "Single-member districts:\n" + DistrictTable(tabulator, tally.seats);
  }
  int64_t differing = 0;
  for (const tabulation::Reconciliation& reconciliation : tally.reconciliations) {
    if (!reconciliation.matches() && ++differing <= max_reasons) {
      text += "  " + reconciliation.Describe() + "\n";
    }
  }
  if (!tally.reconciliations.empty()) {
    text += fmt::format(
        "Summary protocols of higher commissions: {} reconciled, {} differ from the sum of "
        "their precincts.\n",
        GroupThousands(static_cast<int64_t>(tally.reconciliations.size())),
        GroupThousands(differing));
  }
  return text;
}

nlohmann::ordered_json TallyJson(const service::TallyOutcome& tally) {
  const service::TallyTimings& t = tally.timings;
  const tabulation::Tabulator& tabulator = tally.router->tabulator();
  nlohmann::ordered_json json;
  json["title"] = tally.definition->LabelledTitle();
  json["accepted"] = tally.accepted;
  json["rejected"] = tally.rejected;
  json["warnings"] = tally.warnings;
  json["seconds"] = t.seconds;
  json["protocol_seconds"] = t.protocol_seconds;
  json["protocol_cpu_seconds"] = t.protocol_cpu_seconds;
  json["protocols_per_second"] = PerSecond(tally.accepted + tally.rejected, t.protocol_seconds);
  json["national"] = SumJson(tabulator.national());
  json["districts"] = nlohmann::ordered_json::array();
  for (const tabulation::Tally& district : tabulator.districts()) {
    json["districts"].push_back(SumJson(district));
  }
  return json;
}

}  // namespace esep::cli
