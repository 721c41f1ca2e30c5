#include "service/verify_export.h"

#include <filesystem>

#include <fmt/format.h>
#include <unistd.h>

#include "base/sha256.h"
#include "io/csv.h"
#include "service/export.h"
#include "service/stored_election.h"

namespace esep::service {

namespace {

// With the store: its chain verifies (with the key, when given), and the export written again
// from the snapshot the record names is byte for byte the file.
Status CheckAgainstStore(const VerifyExportRequest& request, ExportCheck& check) {
  ASSIGN_OR_RETURN(std::unique_ptr<storage::Store> store, OpenExistingStore(*request.store_path));
  ASSIGN_OR_RETURN(const storage::ChainReport chain,
                   store->VerifyChain({check.provenance.chain_head, request.public_key}));
  if (!chain.ok()) {
    check.mismatch = fmt::format("{}: the store does not verify: entry {}: {}", *request.store_path,
                                 chain.mismatch->entry, chain.mismatch->what);
    return OkStatus();
  }
  if (chain.expected_head_entry != check.provenance.snapshot_entry - 1) {
    check.mismatch =
        fmt::format("{}: the export's chain head is not the head before snapshot entry {}",
                    *request.store_path, check.provenance.snapshot_entry);
    return OkStatus();
  }
  const std::string scratch = std::filesystem::temp_directory_path() /
                              fmt::format("esep-reexport-{}-{}", ::getpid(), check.provenance.file);
  ASSIGN_OR_RETURN(const std::string sha256,
                   ReexportSha256(*store, *request.store_path, check.provenance, scratch));
  if (sha256 != check.provenance.file_sha256) {
    check.mismatch = fmt::format(
        "the store's snapshot at entry {} gives an export with SHA-256 {}, not {}: the file does "
        "not say what the store says",
        check.provenance.snapshot_entry, sha256, check.provenance.file_sha256);
    return OkStatus();
  }
  check.store_matches = true;
  return OkStatus();
}

}  // namespace

Result<ExportCheck> VerifyExport(const VerifyExportRequest& request) {
  const std::string provenance_path = request.provenance_path.empty()
                                          ? request.export_path + std::string(kProvenanceSuffix)
                                          : request.provenance_path;
  ASSIGN_OR_RETURN(const std::string text, io::ReadTextFile(provenance_path));
  ExportCheck check;
  ASSIGN_OR_RETURN(check.provenance, ExportProvenance::FromJson(text, provenance_path));
  ASSIGN_OR_RETURN(const std::string sha256, Sha256HexOfFile(request.export_path));
  check.file_matches = sha256 == check.provenance.file_sha256;
  if (!check.file_matches) {
    check.mismatch =
        fmt::format("{}: its SHA-256 is {}, but {} records {}: the file was changed",
                    request.export_path, sha256, provenance_path, check.provenance.file_sha256);
    return check;
  }
  check.signature_valid = check.provenance.SignatureValid();
  if (check.provenance.signature.has_value() && !check.signature_valid) {
    check.mismatch = fmt::format(
        "{}: the signature is not valid for the key it names: the record "
        "was changed after it was signed",
        provenance_path);
    return check;
  }
  if (request.public_key.has_value()) {
    check.signed_by_expected =
        check.signature_valid && check.provenance.public_key == *request.public_key;
    if (!check.signed_by_expected) {
      check.mismatch = fmt::format(
          "{}: {}", provenance_path,
          check.signature_valid ? "signed by another key than the one given"
                                : "not signed, so nothing shows the commission vouched for it");
      return check;
    }
  }
  if (request.store_path.has_value()) {
    RETURN_IF_ERROR(CheckAgainstStore(request, check));
  }
  return check;
}

}  // namespace esep::service
