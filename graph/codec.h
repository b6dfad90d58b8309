// graph/codec.h: internal to graph/ (see graph/graph.h). Binary encoding of
// keys and values, as documented in docs/STORAGE.md.
//
// Integers in keys are big-endian and fixed-width so that byte order is
// numeric order and one entity's edges form a contiguous prefix. Values use
// the same fixed-width integers and u32-length-prefixed strings.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace kg::graph {

void PutU8(std::string* out, uint8_t v);
void PutU32(std::string* out, uint32_t v);
void PutU64(std::string* out, uint64_t v);
void PutI64(std::string* out, int64_t v);
void PutDouble(std::string* out, double v);
void PutString(std::string* out, std::string_view s);  // u32 length, then bytes

// Reads what the Put functions wrote. A read past the end sets failed() and
// yields zeros, so a decoder checks failed() once at the end.
class Decoder {
 public:
  explicit Decoder(std::string_view in) : in_(in) {}
  uint8_t U8();
  uint32_t U32();
  uint64_t U64();
  int64_t I64();
  double Double();
  std::string String();
  std::string_view Rest() const { return in_; }
  bool failed() const { return failed_; }
  bool done() const { return in_.empty(); }

 private:
  bool Take(size_t n, std::string_view* bytes);
  std::string_view in_;
  bool failed_ = false;
};

// Big-endian u64 from the first 8 bytes of `bytes`. REQUIRES: size() >= 8
uint64_t ReadU64(std::string_view bytes);

}  // namespace kg::graph
