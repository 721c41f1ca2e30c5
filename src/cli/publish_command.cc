// `esep publish --db FILE --out DIR [--sign-key KEY] [--every SECONDS]`: a new version of the
// public snapshot (docs/formats/snapshot.md) under DIR/v/N, DIR/current.json moved to it once it
// is complete. With --every, again on that cadence until Ctrl-C or SIGTERM, skipping a round when
// nothing in the store changed.

#include <chrono>
#include <csignal>
#include <iostream>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include <fmt/format.h>

#include "base/text.h"
#include "cli/commands.h"
#include "service/keys.h"
#include "service/publish.h"
#include "service/publish_schedule.h"

namespace esep::cli {

namespace {

struct PublishFlags {
  std::string db;
  std::string out;
  std::optional<std::string> sign_key;
  int every = 0;  // seconds; 0: once
  bool no_audit = false;
};

void PrintOutcome(const service::PublishOutcome& done, const PublishFlags& flags) {
  const publish::Manifest& manifest = done.manifest;
  if (done.unchanged) {
    std::cout << fmt::format("Nothing changed since version {} (chain head {}): no new version.\n",
                             done.version, manifest.chain_head)
              << std::flush;
    return;
  }
  std::cout << fmt::format(
                   "Published version {} of {}{} ({}): {} files, {} bytes, {}\n"
                   "  {}/manifest.json{}; chain head {}\n"
                   "  {}/current.json now points at it.\n"
                   "Check it with: esep verify --snapshot {}{}\n",
                   done.version, manifest.synthetic ? "SYNTHETIC " : "", manifest.election_id,
                   manifest.status, manifest.files.size() + 1, GroupThousands(done.bytes),
                   manifest.published_at, done.directory,
                   manifest.signature.has_value() ? " (signed)" : " (not signed)",
                   manifest.chain_head, flags.out, done.directory,
                   manifest.signature.has_value() ? " --public-key KEY.pub" : "")
            << std::flush;
}

Status RunPublish(const PublishFlags& flags) {
  if (flags.every < 0) {
    return InvalidArgumentError("--every: the cadence must be 1 second or more (or 0: once)");
  }
  service::PublishRequest request{
      .store_path = flags.db, .out_dir = flags.out, .with_audit = !flags.no_audit};
  if (flags.sign_key.has_value()) {
    ASSIGN_OR_RETURN(request.signing_key, service::LoadSigningKey(*flags.sign_key));
  }
  if (flags.every == 0) {
    ASSIGN_OR_RETURN(const service::PublishOutcome done, service::Publish(request));
    PrintOutcome(done, flags);
    return OkStatus();
  }
  // On a cadence: the signals wait in a mask for the sigwait below; the schedule's thread
  // inherits the mask. A round in progress when one arrives stops before it writes, or finishes
  // writing: no version is left half written.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::cout << fmt::format("Publishing every {} s into {}; stop with Ctrl-C or SIGTERM.\n",
                           flags.every, flags.out)
            << std::flush;
  std::mutex printing;
  service::PublishSchedule schedule(request, std::chrono::seconds(flags.every),
                                    [&](const Result<service::PublishOutcome>& round) {
                                      const std::lock_guard<std::mutex> lock(printing);
                                      if (round.has_value()) {
                                        PrintOutcome(*round, flags);
                                      } else if (round.status().code() != StatusCode::kCancelled) {
                                        std::cout
                                            << "This round failed (the next one tries again): "
                                            << round.status().message() << "\n"
                                            << std::flush;
                                      }
                                    });
  int received = 0;
  sigwait(&signals, &received);
  schedule.Stop();
  std::cout << "Stopped; the last version published stays current.\n";
  return OkStatus();
}

}  // namespace

void AddPublishCommand(CLI::App& app, Action& run) {
  auto flags = std::make_shared<PublishFlags>();
  CLI::App* command = app.add_subcommand(
      "publish",
      "Write a signed, versioned public snapshot of a store: every protocol and every result.");
  command->add_option("--db", flags->db, "the store (read-only; a running esep serve may share it)")
      ->required();
  command->add_option("--out", flags->out, "the site directory: versions go to OUT/v/N")
      ->required();
  command->add_option("--sign-key", flags->sign_key,
                      "the commission's secret key (esep keys generate): sign the manifest");
  command
      ->add_option("--every", flags->every,
                   "publish again every SECONDS until stopped (skipping rounds with no change)")
      ->default_val(0);
  command->add_flag("--no-audit", flags->no_audit,
                    "leave out audit.json (the forensic audit takes longest on a large election)");
  command->footer(
      "Examples:\n"
      "  esep publish --db results.db --out site --sign-key cec.key\n"
      "  esep publish --db results.db --out site --sign-key cec.key --every 300   election night\n"
      "  esep verify --snapshot site/v/1 --public-key cec.key.pub\n"
      "\n"
      "A version holds one JSON file per unit (national.json, regions/, districts/,\n"
      "territorial/), every protocol with its versions, decisions, findings and scan hashes\n"
      "(precincts/<territorial commission>.json, summaries.json), the progress, the audit, the\n"
      "definition files and downloads (CSV, JSON, JSON Lines, NIST ERR v2), and manifest.json:\n"
      "every file's SHA-256, the store's chain head, signed. It is written beside OUT/v and\n"
      "renamed into place, then OUT/current.json is moved to it, so a reader never sees half a\n"
      "version; versions are never changed afterwards. Serve OUT/v/ as immutable and\n"
      "current.json as short-lived (deploy/). Layout: docs/formats/snapshot.md.");
  command->callback([flags, &run] { run = [flags] { return RunPublish(*flags); }; });
}

}  // namespace esep::cli
