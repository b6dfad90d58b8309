// query/id_map.h: internal to query/; the public contract is query/query.h.
//
// A hash map keyed by EntityId with open addressing (linear probing) in two
// flat arrays. Searches insert an entry for every entity they reach and look
// one up for every edge they walk; std::unordered_map's allocation per entry
// and pointer chase per lookup were a large part of a query's time. Entity
// id 0 is never a key (it marks an empty slot). Growing moves the values, so
// pointers to values last only until the next insertion.
#pragma once

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "query/query.h"

namespace kg::query::internal {

template <typename Value>
class IdMap {
 public:
  size_t size() const { return size_; }
  bool contains(EntityId id) const { return Slot(id) != kNone; }

  const Value* find(EntityId id) const {
    size_t slot = Slot(id);
    return slot == kNone ? nullptr : &values_[slot];
  }
  Value* find(EntityId id) {
    size_t slot = Slot(id);
    return slot == kNone ? nullptr : &values_[slot];
  }
  // REQUIRES: contains(id)
  const Value& at(EntityId id) const { return values_[Slot(id)]; }

  // Inserts `value` unless `id` is present; returns the entry and whether it
  // was inserted. REQUIRES: id != 0
  std::pair<Value*, bool> try_emplace(EntityId id, Value value = Value()) {
    if (2 * (size_ + 1) > keys_.size()) Grow();
    size_t slot = Home(id);
    for (; keys_[slot] != 0; slot = (slot + 1) & Mask()) {
      if (keys_[slot] == id) return {&values_[slot], false};
    }
    keys_[slot] = id;
    values_[slot] = std::move(value);
    ++size_;
    return {&values_[slot], true};
  }
  Value& operator[](EntityId id) { return *try_emplace(id).first; }

  // Makes room for `entries` without growing: a search that will reach
  // many entities spares the rehashes on the way.
  void reserve(size_t entries) {
    if (2 * entries > keys_.size()) Rehash(std::bit_ceil(std::max(2 * entries, kInitialSlots)));
  }

 private:
  static constexpr size_t kNone = SIZE_MAX;
  static constexpr size_t kInitialSlots = 64;

  size_t Mask() const { return keys_.size() - 1; }
  // Fibonacci hashing: dense ids spread over the table.
  size_t Home(EntityId id) const {
    return static_cast<size_t>((id * 0x9E3779B97F4A7C15ULL) >> 20) & Mask();
  }
  size_t Slot(EntityId id) const {
    if (keys_.empty()) return kNone;
    for (size_t slot = Home(id);; slot = (slot + 1) & Mask()) {
      if (keys_[slot] == id) return slot;
      if (keys_[slot] == 0) return kNone;
    }
  }
  void Grow() { Rehash(keys_.empty() ? kInitialSlots : 2 * keys_.size()); }
  // Moves every entry into a table of `slots` slots (a power of two that
  // holds them at most half full).
  void Rehash(size_t slots) {
    std::vector<EntityId> keys = std::move(keys_);
    std::vector<Value> values = std::move(values_);
    keys_.assign(slots, 0);
    values_.clear();
    values_.resize(slots);
    for (size_t i = 0; i < keys.size(); ++i) {
      if (keys[i] == 0) continue;
      size_t slot = Home(keys[i]);
      while (keys_[slot] != 0) slot = (slot + 1) & Mask();
      keys_[slot] = keys[i];
      values_[slot] = std::move(values[i]);
    }
  }

  std::vector<EntityId> keys_;  // 0: empty
  std::vector<Value> values_;
  size_t size_ = 0;
};

}  // namespace kg::query::internal
