// VerifyExport: check an export against its provenance record (service/export_provenance.h):
// the file's SHA-256, the signature (against the commission's public key, when given), and,
// with the store, that the store's chain verifies and that writing the export again from the
// snapshot it names gives the same bytes. What `esep verify --export` does: a journalist with
// the file, its record and the public key can check it; one with the store too can check that
// it says what the store says.
//
// Example:
//   ASSIGN_OR_RETURN(ExportCheck check, VerifyExport({.export_path = "precincts.csv"}));
//   if (check.mismatch) { ... }

#pragma once

#include <optional>
#include <string>

#include "base/result.h"
#include "service/export_provenance.h"

namespace esep::service {

struct VerifyExportRequest {
  std::string export_path;
  std::string provenance_path;            // empty: export_path + ".provenance.json"
  std::optional<std::string> public_key;  // 64 hex digits
  std::optional<std::string> store_path;
};

struct ExportCheck {
  ExportProvenance provenance;
  bool file_matches = false;            // the file's SHA-256 is the recorded one
  bool signature_valid = false;         // signed, and valid for the key it names
  bool signed_by_expected = false;      // ... and that key is the one given
  bool store_matches = false;           // with a store: the re-export gives the same bytes
  std::optional<std::string> mismatch;  // the first thing that does not hold

  bool ok() const { return !mismatch.has_value(); }
};

// Errors only when a file cannot be read or the provenance record is malformed.
Result<ExportCheck> VerifyExport(const VerifyExportRequest& request);

}  // namespace esep::service
