// `esep generate`: a synthetic election, shaped like a real one, for tests, benchmarks and
// forensics validation. Everything it writes is labelled synthetic.

#include <iostream>
#include <memory>
#include <string>

#include <fmt/format.h>

#include "base/text.h"
#include "cli/commands.h"
#include "cli/election_directory.h"
#include "service/generate.h"

namespace esep::cli {

namespace {

struct GenerateFlags {
  std::string like = "kz-majilis-2023";
  int64_t precincts = 10'223;
  uint64_t seed = 1;
  std::string out;
  std::string inject;  // empty: none
  bool summaries = false;
  std::string observers;  // empty: none
  bool force = false;
};

Status RunGenerate(const GenerateFlags& flags) {
  synth::GeneratorOptions options;
  options.precincts = flags.precincts;
  options.seed = flags.seed;
  if (!flags.inject.empty()) {
    ASSIGN_OR_RETURN(options.inject, synth::ParseInjectSpec(flags.inject));
  }
  options.summaries =
      flags.summaries ? synth::SummaryProtocols::kYes : synth::SummaryProtocols::kNo;
  if (!flags.observers.empty()) {
    Result<int64_t> parts = synth::ParsePartsPerBillion(flags.observers);
    if (!parts.has_value()) {
      return InvalidArgumentError(fmt::format(
          "--observers '{}' {}; give the fraction of precincts observed, a decimal from 0 to 1 "
          "with at most 9 decimals (e.g. --observers 0.03)",
          flags.observers, parts.error().message()));
    }
    options.observers_parts_per_billion = *parts;
  }
  ASSIGN_OR_RETURN(
      const service::GenerateOutcome done,
      service::Generate({.like_directory = ResolveElectionDirectory(flags.like),
                         .options = options,
                         .out = flags.out,
                         .overwrite = flags.force ? Overwrite::kAllow : Overwrite::kRefuse}));
  const synth::GeneratorSummary& summary = done.summary;
  std::cout << fmt::format(
      "Wrote a SYNTHETIC election shaped like {} to {}:\n"
      "  {} precincts under {} territorial commissions, {} protocols, {} registered voters, {} "
      "ballots issued (seed {}).\n",
      done.like_id, flags.out, GroupThousands(summary.precincts),
      GroupThousands(summary.territorial_commissions), GroupThousands(summary.protocols),
      GroupThousands(summary.registered_voters), GroupThousands(summary.ballots_issued),
      flags.seed);
  if (summary.summary_protocols > 0) {
    std::cout << fmt::format("  {} of the protocols are summary protocols of higher commissions.\n",
                             GroupThousands(summary.summary_protocols));
  }
  if (options.inject.any()) {
    std::cout << fmt::format(
        "  {} protocols altered on purpose ({}); every one is listed in {}/ground_truth.csv.\n",
        GroupThousands(summary.altered_protocols), options.inject.ToSpec(), flags.out);
  }
  if (options.observers_parts_per_billion > 0) {
    std::cout << fmt::format(
        "  SYNTHETIC observers' records of {} sampled precincts in {}/observers.csv.\n",
        GroupThousands(summary.observed_precincts), flags.out);
  }
  return OkStatus();
}

}  // namespace

void AddGenerateCommand(CLI::App& app, Action& run) {
  auto flags = std::make_shared<GenerateFlags>();
  CLI::App* command = app.add_subcommand(
      "generate", "Write a synthetic election shaped like a real one (labelled synthetic).");
  command->add_option("--like", flags->like,
                      "the real election to imitate: a directory or a bundled id (default "
                      "kz-majilis-2023)");
  command->add_option("--precincts", flags->precincts,
                      "number of precinct commissions, 20 to 1,000,000 (default 10,223)");
  command->add_option("--seed", flags->seed, "the same seed writes the same files (default 1)");
  command->add_option("--out", flags->out, "directory to write: new or empty (created if missing)")
      ->required();
  command->add_flag("--force", flags->force,
                    "write into a non-empty --out, replacing the files generate writes there");
  command->add_option(
      "--inject", flags->inject,
      "irregularities to inject, KIND=FRACTION,...: stuffing, transfer, turnout, "
      "ratios, round, extreme, incremental (fractions of precincts, adding up to 1 or "
      "less), summary (fraction of summary protocols; needs --summaries)");
  command->add_flag("--summaries", flags->summaries,
                    "also write each territorial and district commission's summary protocol");
  command->add_option("--observers", flags->observers,
                      "FRACTION of precincts observed (a simple random sample): writes "
                      "observers.csv with synthetic observers' turnout counts and posted "
                      "protocol copies (docs/formats/observers-csv.md)");
  command->footer(
      "Example:\n"
      "  esep generate --like kz-majilis-2023 --precincts 10223 --seed 1 --out /tmp/synthetic\n"
      "  esep generate --precincts 10223 --seed 1 --out /tmp/irregular --summaries \\\n"
      "      --inject stuffing=0.02,transfer=0.01,turnout=0.01,ratios=0.001,round=0.005,"
      "summary=0.02\n"
      "  esep generate --precincts 10223 --seed 1 --out /tmp/observed --inject turnout=0.05 \\\n"
      "      --observers 0.03\n"
      "\n"
      "Writes election.json, commissions.csv (the commission tree), protocols.csv (one party-list\n"
      "and one district protocol per precinct) and README.md. Regional registered voters equal "
      "the\n"
      "real ones; precinct sizes, turnout and shares vary around the real regional results.\n"
      "The files appear together when all are written. A non-empty --out is refused unless\n"
      "--force is given (then files of these names are replaced, and a ground_truth.csv or\n"
      "observers.csv this run does not write is removed); --out is never the --like directory.\n"
      "\n"
      "--inject alters the given fraction of precincts (of summary protocols for 'summary'),\n"
      "chosen reproducibly from the seed, each precinct at most one way:\n"
      "  stuffing  ballots added for the leader, issued and daytime turnout raised to match\n"
      "  transfer  votes moved from the other lists to the leader, totals unchanged\n"
      "  turnout   ballots issued beyond the real turnout for the leader, daytime turnout kept\n"
      "  ratios    one control ratio broken (e.g. KZ-01: received != issued + unused + spoiled)\n"
      "  round     turnout and/or the leader's share of the ballots found made whole\n"
      "  summary   a summary protocol that differs from the sum of its precincts\n"
      "  extreme   Klimek et al. extreme fraud: x = 1 - |N(0, 0.075)| of the non-voters stuffed\n"
      "            and of the other lists' votes moved to the leader (the top-right corner)\n"
      "  incremental  the same with x = |N(0, 0.25)|: precincts pushed up and to the right\n"
      "Every altered protocol is listed in DIR/ground_truth.csv (docs/formats/ground-truth.md).\n"
      "\n"
      "--observers samples the given fraction of precincts (its own random stream: the protocols\n"
      "and the ground truth do not change) and writes DIR/observers.csv: for each, turnout counted "
      "at 10:00,\n"
      "14:00 and 18:00, the observer's count at the close (the voters who came, up to 0.5 %\n"
      "missed) and the posted copy of the party-list protocol. The copy shows the figures as\n"
      "counted: a precinct altered afterwards (transfer, turnout, ratios, round) shows its true\n"
      "figures, a stuffed one the stuffed ballots.");
  command->callback([flags, &run] { run = [flags] { return RunGenerate(*flags); }; });
}

}  // namespace esep::cli
