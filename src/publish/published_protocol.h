// A protocol as the public snapshot carries it (docs/formats/snapshot.md): every version the
// store accepted, oldest first, each with the decision that authorised it, where it came from
// and the control-ratio findings it was accepted with; whether a correction is under way; and
// the hashes of its scans. The precinct files of a snapshot are lists of these, and `esep
// verify --snapshot` recomputes the whole result from them alone.
//
// Example:
//   nlohmann::ordered_json json = PublishedProtocolJson(protocol);
//   ASSIGN_OR_RETURN(PublishedProtocol back, ParsePublishedProtocol(json, "precincts/TEC-1.json"));

#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/result.h"
#include "protocol/decision.h"
#include "protocol/protocol.h"
#include "protocol/validation.h"

namespace esep::publish {

struct PublishedVersion {
  int version = 1;  // the store's version number: 1, 2, ...
  protocol::Protocol protocol;
  std::optional<protocol::Decision> decision;  // the decision behind a correction
  std::string source;                          // "file.csv:17", "server: approved by …"
  std::vector<protocol::Finding> findings;     // warnings it was accepted with (no errors)
};

struct PublishedScan {
  std::string sha256;
  std::string media_type;  // "image/jpeg", "image/png", "application/pdf"
  int64_t bytes = 0;

  friend bool operator==(const PublishedScan&, const PublishedScan&) = default;
};

struct PublishedProtocol {
  std::string commission_id;
  protocol::ContestRef contest;
  std::vector<PublishedVersion> versions;  // accepted, oldest first; the last one counts
  bool open_correction = false;            // a correction was submitted without a decision
  std::vector<PublishedScan> scans;        // in order of upload
};

nlohmann::ordered_json PublishedProtocolJson(const PublishedProtocol& published);

// The reverse of PublishedProtocolJson. kInvalidArgument naming `where`, the key and the rule for
// anything else: a missing or unknown key, a protocol that is not one (the rules of
// docs/formats/protocols-jsonl.md), versions out of order or of another commission or contest.
Result<PublishedProtocol> ParsePublishedProtocol(const nlohmann::json& json,
                                                 std::string_view where);

}  // namespace esep::publish
