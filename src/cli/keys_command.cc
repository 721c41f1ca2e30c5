// `esep keys generate --out FILE`: a commission's Ed25519 key pair for signed chain heads —
// FILE (the secret key, mode 0600, kept by the commission outside the store) and FILE.pub (the
// public key, published so that anyone can check the signatures).

#include <iostream>
#include <memory>
#include <string>

#include <fmt/format.h>

#include "cli/commands.h"
#include "service/keys.h"

namespace esep::cli {

namespace {

Status RunGenerate(const std::string& out) {
  ASSIGN_OR_RETURN(const service::GeneratedKeys keys, service::GenerateKeyFiles(out));
  std::cout << fmt::format(
      "Secret key: {} (mode 600; keep it off the machine that holds the store, and never share "
      "it)\nPublic key: {} ({})\n\nSign imports with:  esep import --sign-key {} --db STORE ...\n"
      "Anyone checks with: esep verify --public-key {} --db STORE\n",
      keys.secret_path, keys.public_path, keys.public_key, keys.secret_path, keys.public_path);
  return OkStatus();
}

}  // namespace

void AddKeysCommand(CLI::App& app, Action& run) {
  CLI::App* keys =
      app.add_subcommand("keys", "A commission's signing keys for the audit chain's heads.");
  keys->require_subcommand(1);
  auto out = std::make_shared<std::string>();
  CLI::App* generate = keys->add_subcommand(
      "generate", "Make a new Ed25519 key pair: FILE (secret) and FILE.pub (public).");
  generate->add_option("--out", *out, "the secret key file to create (never overwritten)")
      ->required();
  generate->footer(
      "Example:\n"
      "  esep keys generate --out /tmp/tec-01.key\n"
      "\n"
      "The secret key signs the chain's head after every import batch and every results\n"
      "snapshot (esep import --sign-key); without it, nobody can produce a valid signed head, so\n"
      "a store rewritten by someone who has only the file fails `esep verify --public-key`.\n"
      "Formats: docs/formats/keys.md; what signatures do and do not prove: docs/threat-model.md.");
  generate->callback([out, &run] { run = [out] { return RunGenerate(*out); }; });
}

}  // namespace esep::cli
