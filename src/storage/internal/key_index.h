// KeyIndex: a compact hash map from short byte-string keys to a small value, for the millions
// of (commission, contest) keys a store holds. Keys are copied into one arena and the table is
// open-addressed, so an entry costs about 48 bytes and no allocation of its own (a
// std::unordered_map<std::string, V> costs about 120 bytes and two allocations per key). Each
// entry keeps its key's hash, so that growing the table never reads the keys again.
//
// Not thread-safe. Values are default-constructed on insertion; keys are never removed.

#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace esep::storage::internal {

template <typename Value>
class KeyIndex {
 public:
  // The value for `key`, or nullptr.
  Value* Find(std::string_view key) {
    const uint64_t hash = Hash(key);
    for (size_t slot = hash & mask_; !slots_.empty(); slot = (slot + 1) & mask_) {
      const Slot& s = slots_[slot];
      if (s.entry == 0) {
        return nullptr;
      }
      Entry& entry = entries_[s.entry - 1];
      if (s.tag == Tag(hash) && KeyOf(entry) == key) {
        return &entry.value;
      }
    }
    return nullptr;
  }

  // The value for `key`, inserted (default-constructed) if missing.
  Value& FindOrInsert(std::string_view key) { return FindOrInsert(key, Hash(key)); }

  // The same, for a key whose hash (HashOf) the caller computed already, to Prefetch it.
  Value& FindOrInsert(std::string_view key, uint64_t hash) {
    if ((entries_.size() + 1) * 4 > slots_.size() * 3) {
      Grow();
    }
    size_t slot = hash & mask_;
    for (;; slot = (slot + 1) & mask_) {
      const Slot& s = slots_[slot];
      if (s.entry == 0) {
        break;
      }
      Entry& entry = entries_[s.entry - 1];
      if (s.tag == Tag(hash) && KeyOf(entry) == key) {
        return entry.value;
      }
    }
    entries_.push_back(Entry{arena_.size(), key.size(), hash, Value{}});
    arena_.append(key);
    slots_[slot] = Slot{static_cast<uint32_t>(entries_.size()), Tag(hash)};
    return entries_.back().value;
  }

  size_t size() const { return entries_.size(); }

  static uint64_t HashOf(std::string_view key) { return Hash(key); }

  // Asks the processor to load the slot where a look-up of a key of `hash` starts. A table of
  // millions of keys is far larger than the cache, so a look-up otherwise waits for memory at
  // its first slot; a caller that knows its next keys prefetches them a few look-ups ahead. Only
  // a hint: nothing changes, and a stale hash (the table grew since) costs one wasted load.
  void Prefetch(uint64_t hash) const {
    if (!slots_.empty()) {
      __builtin_prefetch(&slots_[hash & mask_]);
    }
  }

  // Calls visit(key, value) for every entry, in order of insertion.
  void ForEach(const std::function<void(std::string_view, const Value&)>& visit) const {
    for (const Entry& entry : entries_) {
      visit(KeyOf(entry), entry.value);
    }
  }

 private:
  struct Entry {
    size_t key_offset;
    size_t key_length;
    uint64_t hash;
    Value value;
  };
  struct Slot {
    uint32_t entry = 0;  // 1-based index into entries_; 0 for an empty slot
    uint32_t tag = 0;    // high bits of the key's hash, to skip most key comparisons
  };

  static uint64_t Hash(std::string_view key) { return std::hash<std::string_view>()(key); }
  static uint32_t Tag(uint64_t hash) { return static_cast<uint32_t>(hash >> 32); }

  std::string_view KeyOf(const Entry& entry) const {
    return std::string_view(arena_).substr(entry.key_offset, entry.key_length);
  }

  void Grow() {
    const size_t size = slots_.empty() ? 1024 : slots_.size() * 2;
    slots_.assign(size, Slot{});
    mask_ = size - 1;
    for (size_t i = 0; i < entries_.size(); ++i) {
      const uint64_t hash = entries_[i].hash;
      size_t slot = hash & mask_;
      while (slots_[slot].entry != 0) {
        slot = (slot + 1) & mask_;
      }
      slots_[slot] = Slot{static_cast<uint32_t>(i + 1), Tag(hash)};
    }
  }

  std::string arena_;  // every key, back to back
  std::vector<Entry> entries_;
  std::vector<Slot> slots_;  // a power of two in size, at most 3/4 full
  size_t mask_ = 0;
};

}  // namespace esep::storage::internal
