// The provenance of an export: which store state it was taken from, written beside the export
// as FILE.provenance.json (docs/formats/export-provenance.md), signed when the commission's key
// is given. A CSV cannot carry it inside without breaking CSV readers, so every format gets the
// same separate record; JSON and ERR also carry the hash, head and snapshot entry inside.
//
// `esep verify --export FILE` checks the file against it, the signature against a public key,
// and, with the store, that the file is exactly what the store's snapshot gives.
//
// Example:
//   ExportProvenance provenance = ...;
//   provenance.Sign(key);
//   std::string text = provenance.ToJson();

#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/ed25519.h"
#include "base/result.h"

namespace esep::service {

inline constexpr std::string_view kProvenanceSuffix = ".provenance.json";

struct ExportProvenance {
  std::string file;         // the export's file name, without its directory
  std::string file_sha256;  // of the export's bytes
  std::string format;       // csv, json or err
  std::string level;        // csv and json: the level written; err: "election"
  std::string election_id;
  std::string definition_sha256;
  int64_t snapshot_entry = 0;   // the results entry of the chain the export was taken from
  std::string snapshot_sha256;  // of that snapshot's bytes
  std::string chain_head;       // the head the snapshot was taken at (the entry before it)
  std::string generated_date;   // err: its GeneratedDate, so that it can be written again
  std::optional<std::string> public_key;
  std::optional<std::string> signature;

  // What the signature signs: every field above but the key and the signature, one per line.
  std::string SignedMessage() const;
  void Sign(const SigningKey& key);
  // True when the record carries a signature valid for its own key.
  bool SignatureValid() const;

  std::string ToJson() const;
  // kInvalidArgument naming `source` and the field for anything that is not such a record.
  static Result<ExportProvenance> FromJson(std::string_view text, std::string_view source);
};

}  // namespace esep::service
