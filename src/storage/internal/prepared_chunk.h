// The part of storing a submission that needs no database: the canonical protocol text, the
// validation findings and any reason to reject it. SqliteStore prepares one chunk on a helper
// thread while it writes the previous one; PendingRow is the row a submission then becomes. Pure
// functions; thread-safe.

#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "protocol/submission.h"
#include "protocol/validation.h"

namespace esep::storage::internal {

// One submission's work that needs no database: validation and encoding.
struct Prepared {
  size_t protocol_offset = 0;  // the canonical protocol, in PreparedChunk::texts
  size_t protocol_length = 0;
  std::vector<protocol::Finding> findings;
  std::string findings_text;
  std::string reason;  // non-empty: rejected whatever the store holds
};

struct PreparedChunk {
  std::string texts;  // the canonical protocols, back to back
  std::vector<Prepared> items;

  std::string_view protocol_text(size_t i) const {
    return std::string_view(texts).substr(items[i].protocol_offset, items[i].protocol_length);
  }
};

// A submission's row, decided by SqliteStore on the caller's thread and waiting to be chained
// (its hash) and inserted, both on the helper thread.
struct PendingRow {
  int64_t id = 0;
  std::string content;
  std::array<char, 64> hash{};
  size_t protocol_offset = 0;  // where the canonical protocol is in `content`
  size_t protocol_length = 0;
};

// Validates and encodes every submission of `chunk` against the control `ratios`.
PreparedChunk PrepareChunk(std::span<const protocol::Submission> chunk,
                           std::span<const protocol::ControlRatio> ratios);

}  // namespace esep::storage::internal
