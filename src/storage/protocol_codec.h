// The canonical serialization of a Protocol: one JSON array with a fixed order of values,
// integers only and no whitespace, so that equal protocols have equal bytes. The store compares,
// stores and hashes these bytes; docs/formats/store.md specifies them.
//
// Pure functions; thread-safe.
//
// Example:
//   std::string text = EncodeProtocol(protocol);
//   ASSIGN_OR_RETURN(protocol::Protocol back, DecodeProtocol(text));  // back == protocol

#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "base/result.h"
#include "protocol/protocol.h"

namespace esep::storage {

// The canonical text of `protocol`:
//   ["PEC 1","list",0,1000,12,1010,600,20,5,385,5,598,19,7,610,[400,150,50],10,590]
// (commission id, contest, district, the twelve counts of the ballot account, the choices,
// against all, the turnout reported during the day or null). Lossless when the commission id
// is well-formed UTF-8 (bytes that are not are replaced by U+FFFD; the store rejects such
// protocols).
std::string EncodeProtocol(const protocol::Protocol& protocol);
// The same, appended to `out`.
void AppendProtocol(std::string& out, const protocol::Protocol& protocol);

// Parses canonical text back. Anything EncodeProtocol would not have written — whitespace,
// a missing or extra value, a leading zero — is kDataLoss naming the byte offset where
// reading stopped.
Result<protocol::Protocol> DecodeProtocol(std::string_view text);

namespace internal {
class CanonicalReader;
// Reads one canonical protocol at the reader's position (for texts that embed one).
Result<protocol::Protocol> ReadProtocol(CanonicalReader& reader);
}  // namespace internal

// "list" or "district": the contest kind as stored.
std::string_view ContestKindKey(protocol::ContestRef::Kind kind);
std::optional<protocol::ContestRef::Kind> ContestKindFromKey(std::string_view key);

// The key of a figure, as in the canonical protocol ("ballots_received"); kSumOfChoices is
// "sum_of_choices".
std::string_view FigureKey(protocol::Figure figure);
std::optional<protocol::Figure> FigureFromKey(std::string_view key);

}  // namespace esep::storage
