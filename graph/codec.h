// graph/codec.h: internal to graph/ (see graph/graph.h). Binary encoding of
// keys and values, as documented in docs/STORAGE.md.
//
// Integers in keys are big-endian and fixed-width so that byte order is
// numeric order and one entity's edges form a contiguous prefix. Values use
// the same fixed-width integers and u32-length-prefixed strings.
#pragma once

#include <bit>
#include <cstdint>
#include <string>
#include <string_view>

namespace kg::graph {

// Inline: a bulk import calls these tens of millions of times. `String` is
// std::string or a std::basic_string<char> with another allocator.
template <typename String>
inline void PutU8(String* out, uint8_t v) {
  out->push_back(static_cast<char>(v));
}

template <typename String>
inline void PutU32(String* out, uint32_t v) {
  char buf[4];
  for (int i = 3; i >= 0; --i, v >>= 8) buf[i] = static_cast<char>(v & 0xff);
  out->append(buf, 4);
}

template <typename String>
inline void PutU64(String* out, uint64_t v) {
  char buf[8];
  for (int i = 7; i >= 0; --i, v >>= 8) buf[i] = static_cast<char>(v & 0xff);
  out->append(buf, 8);
}

template <typename String>
inline void PutI64(String* out, int64_t v) {
  PutU64(out, static_cast<uint64_t>(v));
}

template <typename String>
inline void PutDouble(String* out, double v) {
  PutU64(out, std::bit_cast<uint64_t>(v));
}

// u32 length, then bytes
template <typename String>
inline void PutString(String* out, std::string_view s) {
  PutU32(out, static_cast<uint32_t>(s.size()));
  out->append(s.data(), s.size());
}

// Big-endian u64 from the first 8 bytes of `bytes`. REQUIRES: size() >= 8
inline uint64_t ReadU64(std::string_view bytes) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | static_cast<uint8_t>(bytes[i]);
  return v;
}

// Reads what the Put functions wrote. A read past the end sets failed() and
// yields zeros, so a decoder checks failed() once at the end. Inline: a
// query decodes an edge value for every edge it walks.
class Decoder {
 public:
  explicit Decoder(std::string_view in) : in_(in) {}
  uint8_t U8() {
    std::string_view b;
    return Take(1, &b) ? static_cast<uint8_t>(b[0]) : 0;
  }
  uint32_t U32() {
    std::string_view b;
    if (!Take(4, &b)) return 0;
    uint32_t v = 0;
    for (char c : b) v = (v << 8) | static_cast<uint8_t>(c);
    return v;
  }
  uint64_t U64() {
    std::string_view b;
    return Take(8, &b) ? ReadU64(b) : 0;
  }
  int64_t I64() { return static_cast<int64_t>(U64()); }
  double Double() { return std::bit_cast<double>(U64()); }
  std::string String() { return std::string(StringView()); }
  // A view into the input: valid while the input is.
  std::string_view StringView() {
    uint32_t n = U32();
    std::string_view b;
    return Take(n, &b) ? b : std::string_view();
  }
  std::string_view Rest() const { return in_; }
  bool failed() const { return failed_; }
  bool done() const { return in_.empty(); }

 private:
  bool Take(size_t n, std::string_view* bytes) {
    if (failed_ || in_.size() < n) {
      failed_ = true;
      return false;
    }
    *bytes = in_.substr(0, n);
    in_.remove_prefix(n);
    return true;
  }
  std::string_view in_;
  bool failed_ = false;
};

}  // namespace kg::graph
