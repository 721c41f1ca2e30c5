// The part of storing a submission that needs no database: the validation findings, any reason
// to reject it, and its entry's content but for the head. SqliteStore prepares one chunk on a
// helper thread while it writes the previous one; PendingRow is the row a submission then becomes.
// Pure functions; thread-safe.

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

// One submission's work that needs no database: validation, and its entry's content but for
// the head (AppendEntryHead: the entry's number, outcome and version, which the store decides).
struct Prepared {
  // In PreparedChunk::texts, back to back from `offset`: the entry's body (AppendEntryBody,
  // which begins with the canonical protocol) and its tail (AppendEntryTail with `reason`).
  size_t offset = 0;
  size_t protocol_length = 0;
  size_t body_length = 0;
  size_t tail_length = 0;
  std::vector<protocol::Finding> findings;
  std::string reason;  // non-empty: rejected whatever the store holds
};

struct PreparedChunk {
  std::string texts;  // the items' bodies and tails, back to back
  std::vector<Prepared> items;

  std::string_view protocol_text(size_t i) const {
    return std::string_view(texts).substr(items[i].offset, items[i].protocol_length);
  }
  std::string_view body(size_t i) const {
    return std::string_view(texts).substr(items[i].offset, items[i].body_length);
  }
  // The body and the tail together: the entry's content after its head.
  std::string_view body_and_tail(size_t i) const {
    return std::string_view(texts).substr(items[i].offset,
                                          items[i].body_length + items[i].tail_length);
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

// Validates every submission of `chunk` against the control `ratios` and writes its entry's
// body and tail.
PreparedChunk PrepareChunk(std::span<const protocol::Submission> chunk,
                           std::span<const protocol::ControlRatio> ratios);

}  // namespace esep::storage::internal
