// extract/builtin_data.h: internal; see extract/extract.h.
// The default rule and gazetteer files, compiled in from extract/data/ by
// cmake/embed_files.cmake so that the binary works wherever it is copied.
#pragma once

#include <string_view>

namespace kg::extract {

struct BuiltinFile {
  const char* path;  // relative to extract/data/, e.g. "rules/affiliation.json"
  std::string_view content;
};

extern const BuiltinFile kBuiltinFiles[];
extern const int kBuiltinFileCount;

}  // namespace kg::extract
