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
#include <utility>
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

// The row a chunk of submissions becomes: decided by SqliteStore on the caller's thread, entry
// by entry, then chained (its hash) and inserted, both on the helper thread.
struct PendingRow {
  int64_t first = 0;    // the number of its first entry
  std::string content;  // "[entry,entry,...]", closed (CloseRow) before it is handed over
  std::array<char, 64> hash{};
  // Where each entry's canonical protocol is in `content` (offset, length), in entry order.
  std::vector<std::pair<size_t, size_t>> protocols;

  size_t entries() const { return protocols.size(); }
  int64_t last() const { return first + static_cast<int64_t>(protocols.size()) - 1; }
  void Clear() {
    first = 0;
    content.clear();
    protocols.clear();
  }
};

// Validates and encodes every submission of `chunk` against the control `ratios`.
PreparedChunk PrepareChunk(std::span<const protocol::Submission> chunk,
                           std::span<const protocol::ControlRatio> ratios);

}  // namespace esep::storage::internal
