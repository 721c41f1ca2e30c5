// The fast path of EncodeEntryState (storage/entry_state_codec.h): the same bytes as the JSON
// library's dump (keys in ascending byte order, no whitespace), written straight into one string
// instead of building a JSON document first — the state is encoded at every double-entry
// command, on the group committer's one thread (docs/benchmarks.md, issue 12).
//
// Only for states whose every string is printable ASCII other than '"' and '\': those need no
// escaping, so the bytes cannot differ from the library's. Anything else (a decision's reason in
// Kazakh, say) is left to the library: nullopt.
//
// Pure function; thread-safe.

#pragma once

#include <optional>
#include <string>

#include "data_entry/protocol_entry_state.h"

namespace esep::storage::internal {

// The encoding of `state`, byte for byte the JSON library's; nullopt when a string would need
// escaping or is not ASCII.
std::optional<std::string> WritePlainEntryState(const data_entry::ProtocolEntryState& state);

}  // namespace esep::storage::internal
