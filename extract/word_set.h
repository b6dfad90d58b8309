// extract/word_set.h: internal; see extract/extract.h.
// Sets and maps of short strings (words, gazetteer keys) for lookups made
// for nearly every token, most of which find nothing: a hash bit answers
// those before a hash table is asked.
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "extract/tokens.h"

namespace kg::extract {

// Hashes std::string and std::string_view alike, so that a container
// declared with it looks up a string_view without building a string.
struct TransparentHash {
  using is_transparent = void;
  size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
};
template <typename Value>
using StringMap = std::unordered_map<std::string, Value, TransparentHash, std::equal_to<>>;
using StringSet = std::unordered_set<std::string, TransparentHash, std::equal_to<>>;

// Eight bytes at a time, overlapping loads for the rest: a word is hashed in
// a few steps, where FNV-1a took a multiplication a byte. Spread enough for
// a filter.
inline uint64_t ShortHash(std::string_view text) {
  auto load = [](const char* p, size_t n) {
    uint64_t bytes = 0;
    std::memcpy(&bytes, p, n);
    return bytes;
  };
  const char* p = text.data();
  size_t n = text.size();
  uint64_t hash = 0x9E3779B97F4A7C15ull * (n + 1);
  for (; n > 8; p += 8, n -= 8) hash = (hash ^ load(p, 8)) * 0xBF58476D1CE4E5B9ull;
  uint64_t rest = 0;
  if (n >= 4) {
    rest = load(p, 4) << 32 | load(p + n - 4, 4);
  } else if (n > 0) {
    rest = static_cast<uint64_t>(static_cast<unsigned char>(p[0])) << 16 |
           static_cast<uint64_t>(static_cast<unsigned char>(p[n / 2])) << 8 |
           static_cast<unsigned char>(p[n - 1]);
  }
  hash = (hash ^ rest) * 0x94D049BB133111EBull;
  return hash ^ (hash >> 31);
}

// A set of strings as one bit per hash in 8 KB: MayContain() is false for
// nearly every string never added, and true for every string added. It
// spares a hash table lookup (a cache miss or two) for strings that are
// looked up often and rarely found.
class HashFilter {
 public:
  void Add(std::string_view text) {
    size_t bit = Bit(text);
    words_[bit / 64] |= uint64_t{1} << (bit % 64);
  }
  bool MayContain(std::string_view text) const { return MayContainHash(ShortHash(text)); }
  // The same for a string whose ShortHash() is `hash`.
  bool MayContainHash(uint64_t hash) const {
    size_t bit = Bit(hash);
    return (words_[bit / 64] >> (bit % 64)) & 1;
  }

 private:
  static size_t Bit(std::string_view text) { return Bit(ShortHash(text)); }
  static size_t Bit(uint64_t hash) {
    return static_cast<size_t>(hash ^ (hash >> 32)) % (std::tuple_size_v<decltype(words_)> * 64);
  }
  std::array<uint64_t, 1024> words_{};
};

// A word list of the lexicon, with a filter in front: the answers of a plain
// set, for less work on the words it does not hold.
class WordSet {
 public:
  void insert(std::string word) {
    filter_.Add(word);
    words_.insert(std::move(word));
  }
  bool contains(std::string_view word) const {
    return filter_.MayContain(word) && words_.contains(word);
  }
  size_t count(std::string_view word) const { return contains(word) ? 1 : 0; }
  // A token's word, with the hash its tokenizer computed.
  bool contains(const Token& token) const {
    return filter_.MayContainHash(token.hash) && words_.contains(token.lower);
  }
  size_t count(const Token& token) const { return contains(token) ? 1 : 0; }

 private:
  StringSet words_;
  HashFilter filter_;
};

// The same for a map ("startup" -> Organization).
template <typename Value>
class WordMap {
 public:
  using const_iterator = typename StringMap<Value>::const_iterator;
  Value& operator[](const std::string& word) {
    filter_.Add(word);
    return words_[word];
  }
  const_iterator find(std::string_view word) const {
    return filter_.MayContain(word) ? words_.find(word) : words_.end();
  }
  const_iterator find(const Token& token) const {
    return filter_.MayContainHash(token.hash) ? words_.find(token.lower) : words_.end();
  }
  const_iterator end() const { return words_.end(); }
  size_t count(std::string_view word) const { return find(word) != end() ? 1 : 0; }
  size_t count(const Token& token) const { return find(token) != end() ? 1 : 0; }

 private:
  StringMap<Value> words_;
  HashFilter filter_;
};

}  // namespace kg::extract
