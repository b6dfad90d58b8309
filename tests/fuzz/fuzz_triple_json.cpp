// libFuzzer target: TripleFromJson on any line. When a line parses, writing
// it and reading it back must give the same line again (the writer rounds
// confidence, so the first write is the fixed point, not the input).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "extract/extract.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view line(reinterpret_cast<const char*>(data), size);
  kg::Result<kg::extract::Triple> triple = kg::extract::TripleFromJson(line);
  if (!triple.ok()) return 0;
  std::string written = kg::extract::TripleToJson(*triple);
  kg::Result<kg::extract::Triple> again = kg::extract::TripleFromJson(written);
  if (!again.ok() || kg::extract::TripleToJson(*again) != written) std::abort();
  return 0;
}
