// `esep verify --db FILE`: recompute everything the store says and report the first thing that
// does not recompute exactly — the audit chain (every hash, every accepted protocol against
// its entry), the definition against its SHA-256, and every total at every level and every
// seat against the results snapshot recorded when they were published. Exit 0 only when all
// of it recomputes exactly; 3 (data loss) at the first mismatch.

#include <iostream>

#include <fmt/format.h>

#include "base/text.h"
#include "cli/commands.h"
#include "service/verify.h"

namespace esep::cli {

namespace {

struct VerifyFlags {
  std::string db;
};

Status RunVerify(const VerifyFlags& flags) {
  ASSIGN_OR_RETURN(const service::VerifyReport report, service::VerifyStore(flags.db));
  if (report.chain.has_value()) {
    std::cout << fmt::format("Audit chain: {} entries recomputed, head {}: ok\n",
                             GroupThousands(report.chain->entries), report.chain->head);
  }
  if (report.definition.has_value()) {
    std::cout << fmt::format("Definition: {} file(s) hash to {}: ok\n", report.definition->files,
                             report.definition->sha256);
  }
  if (report.mismatch.has_value()) {
    const service::VerifyMismatch& m = *report.mismatch;
    std::cout << fmt::format("MISMATCH: {}\n  stored:     {}\n  recomputed: {}\n", m.what, m.stored,
                             m.recomputed);
    return DataLossError(fmt::format("{}: verification failed: {}", flags.db, m.what));
  }
  RETURN_IF_ERROR(report.stopped);
  if (report.totals.has_value()) {
    std::cout << fmt::format(
        "Totals and seats: {} units and {} seats recomputed from {} accepted protocols: ok\n"
        "Status: {}\n",
        GroupThousands(report.totals->units), GroupThousands(report.totals->seats),
        GroupThousands(report.totals->protocols), results::ResultStatusName(report.totals->status));
  }
  return OkStatus();
}

}  // namespace

void AddVerifyCommand(CLI::App& app, Action& run) {
  auto flags = std::make_shared<VerifyFlags>();
  CLI::App* command = app.add_subcommand(
      "verify",
      "Recompute a store's audit chain, definition, totals and seats; exit 0 only if exact.");
  command->add_option("--db", flags->db, "the store to check")->required();
  command->footer(
      "Example:\n"
      "  esep verify --db /tmp/results.db\n"
      "\n"
      "Checks, in order, and stops at the first mismatch (exit status 3):\n"
      "  1. the audit chain: every entry's SHA-256 and every accepted protocol against its entry\n"
      "     (docs/formats/store.md);\n"
      "  2. the definition files against their recorded SHA-256;\n"
      "  3. every total at every level and every seat, recomputed from the accepted protocols,\n"
      "     against the results recorded when they were published "
      "(docs/formats/results-snapshot.md).\n"
      "Publish the audit chain head it prints: a later head that does not extend it means the log\n"
      "was rewritten.");
  command->callback([flags, &run] { run = [flags] { return RunVerify(*flags); }; });
}

}  // namespace esep::cli
