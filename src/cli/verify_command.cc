// `esep verify --db FILE [--expect-head HASH] [--public-key KEY]`: recompute everything the
// store says and report the first thing that does not recompute exactly — the audit chain
// (every hash, every accepted protocol against its entry, every signature), the definition
// against its SHA-256 and rule set, and every total and seat of every results snapshot ever
// recorded. Exit 0 only when all of it recomputes exactly; 3 (data loss) at the first mismatch.

#include <iostream>
#include <optional>
#include <string>

#include <fmt/format.h>

#include "base/text.h"
#include "cli/commands.h"
#include "service/keys.h"
#include "service/verify.h"
#include "service/verify_export.h"
#include "service/verify_snapshot.h"

namespace esep::cli {

namespace {

struct VerifyFlags {
  std::optional<std::string> db;
  std::optional<std::string> export_path;
  std::optional<std::string> snapshot;
  std::optional<std::string> provenance;
  std::optional<std::string> expect_head;
  std::optional<std::string> public_key;
};

void PrintChain(const service::VerifiedChain& chain, const VerifyFlags& flags) {
  std::cout << fmt::format(
      "Audit chain: {} entries recomputed, rule set {}: ok\nHead: entry {} {}\n",
      GroupThousands(chain.entries), chain.rule_set, chain.entries, chain.head);
  if (chain.expected_head_entry.has_value()) {
    std::cout << fmt::format("Expected head {}: found at entry {}: ok\n", *flags.expect_head,
                             *chain.expected_head_entry);
  }
  if (flags.public_key.has_value()) {
    std::cout << fmt::format("Signatures: {} valid, every entry signed by {}: ok\n",
                             chain.signatures, chain.signed_by);
  } else if (chain.signatures > 0) {
    std::cout << fmt::format(
        "Signatures: {} valid, the last by key {} (give --public-key to require the "
        "commission's own key)\n",
        chain.signatures, chain.signed_by);
  } else {
    std::cout << "Signatures: none (the chain's heads are not signed)\n";
  }
  if (chain.events > 0) {
    std::cout << fmt::format(
        "Audit events: {} (logins, account changes, entries) in the chain: ok\n",
        GroupThousands(chain.events));
  }
  if (chain.scans > 0) {
    std::cout << fmt::format(
        "Scans: {}, each matching its SHA-256 and its scan_uploaded event: ok\n",
        GroupThousands(chain.scans));
  }
  if (chain.turnout_reports > 0) {
    std::cout << fmt::format(
        "Turnout reports: {}, each following the rules and matching its turnout_reports row: "
        "ok\n",
        GroupThousands(chain.turnout_reports));
  }
}

// `--export FILE`: the file against its provenance record, its signature, and the store.
Status RunVerifyExport(const VerifyFlags& flags, const std::optional<std::string>& public_key) {
  ASSIGN_OR_RETURN(const service::ExportCheck check,
                   service::VerifyExport({.export_path = *flags.export_path,
                                          .provenance_path = flags.provenance.value_or(""),
                                          .public_key = public_key,
                                          .store_path = flags.db}));
  const service::ExportProvenance& p = check.provenance;
  if (check.file_matches) {
    std::cout << fmt::format("Export {}: SHA-256 {} as recorded: ok\n", *flags.export_path,
                             p.file_sha256);
    std::cout << fmt::format(
        "Taken from {} (definition {}), results snapshot entry {}, chain head {}\n", p.election_id,
        p.definition_sha256, p.snapshot_entry, p.chain_head);
  }
  if (check.signed_by_expected) {
    std::cout << fmt::format("Signature: valid, by {}: ok\n", *p.public_key);
  } else if (check.signature_valid) {
    std::cout << fmt::format(
        "Signature: valid for key {} (give --public-key to require the commission's own)\n",
        *p.public_key);
  } else if (!p.signature.has_value()) {
    std::cout << "Signature: none\n";
  }
  if (check.store_matches) {
    std::cout << fmt::format(
        "Store {}: verifies, and its snapshot gives this file byte for "
        "byte: ok\n",
        *flags.db);
  }
  if (check.mismatch.has_value()) {
    std::cout << "MISMATCH: " << *check.mismatch << "\n";
    return DataLossError(fmt::format("{}: verification failed", *flags.export_path));
  }
  return OkStatus();
}

// `--snapshot DIR/v/N`: a published version with nothing but its files.
Status RunVerifySnapshot(const std::string& directory,
                         const std::optional<std::string>& public_key) {
  ASSIGN_OR_RETURN(const service::SnapshotCheck check,
                   service::VerifySnapshot({.directory = directory, .public_key = public_key}));
  const publish::Manifest& m = check.manifest;
  std::cout << fmt::format("Snapshot {}: version {} of {}{} ({}), published {}, chain head {}\n",
                           directory, m.version, m.synthetic ? "SYNTHETIC " : "", m.election_id,
                           m.status, m.published_at, m.chain_head);
  if (check.signed_by_expected) {
    std::cout << fmt::format("Signature: valid, by {}: ok\n", *m.public_key);
  } else if (check.signature_valid) {
    std::cout << fmt::format(
        "Signature: valid for key {} (give --public-key to require the commission's own)\n",
        *m.public_key);
  } else if (!m.signature.has_value()) {
    std::cout << "Signature: none (the manifest is not signed)\n";
  }
  if (check.files_checked == static_cast<int64_t>(m.files.size())) {
    std::cout << fmt::format("Files: {} listed, each with its size and SHA-256, no other: ok\n",
                             GroupThousands(check.files_checked));
  }
  if (check.files_recomputed > 0 && !check.mismatch.has_value()) {
    std::cout << fmt::format(
        "Recomputed from the {} published protocols, the {} turnout reports and the definition: "
        "{} files (every total, seat and winner, the turnout by hour, the downloads) byte for "
        "byte: ok\n",
        GroupThousands(check.protocols), GroupThousands(check.turnout_reports),
        GroupThousands(check.files_recomputed));
  }
  if (check.mismatch.has_value()) {
    std::cout << "MISMATCH: " << *check.mismatch << "\n";
    return DataLossError(fmt::format("{}: verification failed", directory));
  }
  return OkStatus();
}

Status RunVerify(const VerifyFlags& flags) {
  std::optional<std::string> public_key;
  if (flags.public_key.has_value()) {
    ASSIGN_OR_RETURN(public_key, service::LoadPublicKey(*flags.public_key));
  }
  if (flags.export_path.has_value()) {
    return RunVerifyExport(flags, public_key);
  }
  if (flags.snapshot.has_value()) {
    return RunVerifySnapshot(*flags.snapshot, public_key);
  }
  if (!flags.db.has_value()) {
    return InvalidArgumentError(
        "give the store to check (--db FILE), an export (--export FILE) or a published version "
        "(--snapshot DIR/v/N)");
  }
  service::VerifyRequest request{
      .store_path = *flags.db, .expected_head = flags.expect_head, .public_key = public_key};
  if (flags.expect_head.has_value() &&
      (flags.expect_head->size() != 64 ||
       flags.expect_head->find_first_not_of("0123456789abcdef") != std::string::npos)) {
    return InvalidArgumentError(fmt::format(
        "--expect-head '{}': a head is 64 lowercase hex digits, as `esep verify` prints it",
        *flags.expect_head));
  }
  ASSIGN_OR_RETURN(const service::VerifyReport report, service::VerifyStore(request));
  if (report.chain.has_value()) {
    PrintChain(*report.chain, flags);
  }
  if (report.definition.has_value()) {
    std::cout << fmt::format("Definition: {} file(s) hash to {}: ok\n", report.definition->files,
                             report.definition->sha256);
  }
  if (report.mismatch.has_value()) {
    const service::VerifyMismatch& m = *report.mismatch;
    std::cout << fmt::format("MISMATCH: {}\n  stored:     {}\n  recomputed: {}\n", m.what, m.stored,
                             m.recomputed);
    return DataLossError(fmt::format("{}: verification failed: {}", *flags.db, m.what));
  }
  RETURN_IF_ERROR(report.stopped);
  if (report.totals.has_value()) {
    const service::VerifiedTotals& totals = *report.totals;
    std::cout << fmt::format(
        "Results snapshots: {} recomputed from the protocols as they stood: ok\n"
        "Latest (entry {}): {} units and {} seats from {} accepted protocols, status {}\n",
        totals.snapshots, totals.last_snapshot_entry, GroupThousands(totals.units),
        GroupThousands(totals.seats), GroupThousands(totals.protocols),
        results::ResultStatusName(totals.status));
  }
  return OkStatus();
}

}  // namespace

void AddVerifyCommand(CLI::App& app, Action& run) {
  auto flags = std::make_shared<VerifyFlags>();
  CLI::App* command = app.add_subcommand(
      "verify",
      "Recompute a store's audit chain, definition, totals and seats; exit 0 only if exact.");
  command->add_option("--db", flags->db, "the store to check (opened read-only)");
  command->add_option("--export", flags->export_path,
                      "an export to check against FILE.provenance.json (and --db, when given)");
  command
      ->add_option("--snapshot", flags->snapshot,
                   "a published version (esep publish): DIR/v/N, checked from its files alone")
      ->excludes("--export")
      ->excludes("--db");
  command->add_option("--provenance", flags->provenance,
                      "the export's provenance record, if not beside it");
  command->add_option("--expect-head", flags->expect_head,
                      "a head noted or published earlier: the chain must contain it");
  command->add_option("--public-key", flags->public_key,
                      "the commission's public key (a .pub file or its 64 hex digits): every "
                      "signature must be by it and the chain must end signed");
  command->footer(
      "Examples:\n"
      "  esep verify --db /tmp/results.db\n"
      "  esep verify --db /tmp/results.db --public-key /tmp/tec-01.key.pub \\\n"
      "      --expect-head 5f0c...e9 (the head printed or published at 23:00)\n"
      "  esep verify --export precincts.csv --public-key tec-01.key.pub [--db /tmp/results.db]\n"
      "  esep verify --snapshot site/v/3 --public-key cec.key.pub   a published version\n"
      "\n"
      "Checks, in order, and stops at the first mismatch (exit status 3):\n"
      "  1. the audit chain: every entry's SHA-256, every accepted protocol against its entry,\n"
      "     entry 1 against the definition, every snapshot's bytes, every signature\n"
      "     (docs/formats/store.md); then the expected head and key, when given;\n"
      "  2. the definition files against their SHA-256 and the rule set entry 1 commits to;\n"
      "  3. every results snapshot ever recorded: every total at every level and every seat,\n"
      "     recomputed from the protocols as they stood when it was taken\n"
      "     (docs/formats/results-snapshot.md).\n"
      "Someone with write access to the file can rewrite it consistently; only a head held\n"
      "outside the store (--expect-head) or the commission's signature (--public-key) shows\n"
      "that. What each can and cannot prove: docs/threat-model.md.\n"
      "\n"
      "--snapshot checks a version written by esep publish with its files alone: the manifest's\n"
      "signature, every file's size and SHA-256 (and no file it does not list), the definition\n"
      "files' SHA-256, then every total, seat, winner and download built again from the\n"
      "published protocols and compared byte for byte (docs/formats/snapshot.md).");
  command->callback([flags, &run] { run = [flags] { return RunVerify(*flags); }; });
}

}  // namespace esep::cli
