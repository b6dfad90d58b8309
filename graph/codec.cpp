// Binary encoding helpers; the formats are in docs/STORAGE.md.
#include "graph/codec.h"

#include <bit>
#include <cstring>

namespace kg::graph {

uint64_t ReadU64(std::string_view bytes) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | static_cast<uint8_t>(bytes[i]);
  return v;
}

bool Decoder::Take(size_t n, std::string_view* bytes) {
  if (failed_ || in_.size() < n) {
    failed_ = true;
    return false;
  }
  *bytes = in_.substr(0, n);
  in_.remove_prefix(n);
  return true;
}

uint8_t Decoder::U8() {
  std::string_view b;
  return Take(1, &b) ? static_cast<uint8_t>(b[0]) : 0;
}

uint32_t Decoder::U32() {
  std::string_view b;
  if (!Take(4, &b)) return 0;
  uint32_t v = 0;
  for (char c : b) v = (v << 8) | static_cast<uint8_t>(c);
  return v;
}

uint64_t Decoder::U64() {
  std::string_view b;
  return Take(8, &b) ? ReadU64(b) : 0;
}

int64_t Decoder::I64() { return static_cast<int64_t>(U64()); }

double Decoder::Double() { return std::bit_cast<double>(U64()); }

std::string Decoder::String() {
  uint32_t n = U32();
  std::string_view b;
  if (!Take(n, &b)) return {};
  return std::string(b);
}

}  // namespace kg::graph
