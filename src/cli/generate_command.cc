// `esep generate`: a synthetic election, shaped like a real one, for tests, benchmarks and
// forensics validation. Everything it writes is labelled synthetic.

#include <iostream>
#include <memory>
#include <string>

#include <fmt/format.h>

#include "base/text.h"
#include "cli/commands.h"
#include "cli/election_directory.h"
#include "io/election_data.h"
#include "synth/generator.h"

namespace esep::cli {

namespace {

struct GenerateFlags {
  std::string like = "kz-majilis-2023";
  int64_t precincts = 10'223;
  uint64_t seed = 1;
  std::string out;
};

Status RunGenerate(const GenerateFlags& flags) {
  ASSIGN_OR_RETURN(io::ElectionData like,
                   io::LoadElectionDirectory(ResolveElectionDirectory(flags.like)));
  synth::GeneratorOptions options;
  options.precincts = flags.precincts;
  options.seed = flags.seed;
  ASSIGN_OR_RETURN(synth::GeneratorSummary summary,
                   synth::GenerateElection(like, options, flags.out));
  std::cout << fmt::format(
      "Wrote a SYNTHETIC election shaped like {} to {}:\n"
      "  {} precincts under {} territorial commissions, {} protocols, {} registered voters, {} "
      "ballots issued (seed {}).\n",
      like.definition.id, flags.out, GroupThousands(summary.precincts),
      GroupThousands(summary.territorial_commissions), GroupThousands(summary.protocols),
      GroupThousands(summary.registered_voters), GroupThousands(summary.ballots_issued),
      flags.seed);
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
  command->add_option("--out", flags->out, "directory to write (created if missing)")->required();
  command->footer(
      "Example:\n"
      "  esep generate --like kz-majilis-2023 --precincts 10223 --seed 1 --out /tmp/synthetic\n"
      "\n"
      "Writes election.json, commissions.csv (the commission tree), protocols.csv (one party-list\n"
      "and one district protocol per precinct) and README.md. Regional registered voters equal "
      "the\n"
      "real ones; precinct sizes, turnout and shares vary around the real regional results.");
  command->callback([flags, &run] { run = [flags] { return RunGenerate(*flags); }; });
}

}  // namespace esep::cli
