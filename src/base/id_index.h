// IdIndex: a hash index from string ids to positions (0, 1, ...) in a table the caller owns,
// for the million-row lookups of the commission tree and the tabulator. It stores no strings:
// each slot holds a 32-bit hash tag and a position, and a lookup compares the id at that
// position through the caller's `key_of(position)`. One probe sequence per lookup, no
// allocation per id. Not thread-safe for writes; concurrent Finds are safe.
//
// Example:
//   IdIndex index;
//   auto key_of = [&](uint32_t p) -> std::string_view { return commissions[p].id; };
//   index.Insert(commissions[0].id, 0, key_of);
//   std::optional<uint32_t> position = index.Find("PEC-1", key_of);

#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

namespace esep {

class IdIndex {
 public:
  IdIndex() = default;

  // Makes room for `count` ids without rehashing.
  void Reserve(size_t count) {
    size_t wanted = 16;
    while (wanted < count * 2) {
      wanted *= 2;
    }
    if (wanted > slots_.size()) {
      Rehash(wanted);
    }
  }

  size_t size() const { return size_; }

  // The position of `id`, if it was inserted. `key_of(position)` returns the id stored at a
  // position of the caller's table.
  template <class KeyOf>
  std::optional<uint32_t> Find(std::string_view id, const KeyOf& key_of) const {
    if (slots_.empty()) {
      return std::nullopt;
    }
    const uint32_t tag = Tag(id);
    for (size_t slot = tag & mask_;; slot = (slot + 1) & mask_) {
      const uint64_t entry = slots_[slot];
      if (entry == 0) {
        return std::nullopt;
      }
      const auto position = static_cast<uint32_t>(entry) - 1;
      if (static_cast<uint32_t>(entry >> 32) == tag && key_of(position) == id) {
        return position;
      }
    }
  }

  // Inserts `id` at `position` unless it is already there. Returns the position it has and
  // whether it was inserted (false: a duplicate, the returned position is the earlier one).
  // REQUIRES: position < 2^32 - 1.
  template <class KeyOf>
  std::pair<uint32_t, bool> Insert(std::string_view id, uint32_t position, const KeyOf& key_of) {
    if ((size_ + 1) * 2 > slots_.size()) {
      Rehash(slots_.empty() ? 16 : slots_.size() * 2);
    }
    const uint32_t tag = Tag(id);
    for (size_t slot = tag & mask_;; slot = (slot + 1) & mask_) {
      const uint64_t entry = slots_[slot];
      if (entry == 0) {
        slots_[slot] = (static_cast<uint64_t>(tag) << 32) | (position + 1);
        ++size_;
        return {position, true};
      }
      const auto existing = static_cast<uint32_t>(entry) - 1;
      if (static_cast<uint32_t>(entry >> 32) == tag && key_of(existing) == id) {
        return {existing, false};
      }
    }
  }

 private:
  static uint32_t Tag(std::string_view id) {
    const uint64_t hash = std::hash<std::string_view>{}(id);
    return static_cast<uint32_t>(hash ^ (hash >> 32));
  }

  // The bucket of an entry is its tag's low bits, so the table grows without the ids.
  void Rehash(size_t slot_count) {
    std::vector<uint64_t> old = std::move(slots_);
    slots_.assign(slot_count, 0);
    mask_ = slot_count - 1;
    for (const uint64_t entry : old) {
      if (entry == 0) {
        continue;
      }
      size_t slot = static_cast<uint32_t>(entry >> 32) & mask_;
      while (slots_[slot] != 0) {
        slot = (slot + 1) & mask_;
      }
      slots_[slot] = entry;
    }
  }

  std::vector<uint64_t> slots_;  // (tag << 32) | (position + 1); 0 = empty
  size_t mask_ = 0;
  size_t size_ = 0;
};

}  // namespace esep
