// extract/text_hygiene.h: internal; see extract/extract.h.
// Turns the bytes of an article into the clean text that Article::text
// promises: valid UTF-8, NFKC, "\n" line ends, no invisible characters, no
// mojibake, no newsletter boilerplate lines. Readers call CleanText() on
// what they extracted from the markup, then DropBoilerplateLines().
// Every function here takes any bytes and never throws or crashes.
#pragma once

#include <string>
#include <string_view>

#include "base/status.h"

namespace kg::extract {

// Why a file's bytes cannot become an article (empty when they can).
// Binary data (NUL bytes, mostly control characters) is refused rather than
// turned into a page of U+FFFD that would only produce noise entities.
std::string WhyNotText(std::string_view bytes);

// Makes any bytes valid UTF-8 and drops a leading byte order mark.
// A file with no valid multi-byte UTF-8 sequence but with bytes >= 0x80 is
// decoded as Windows-1252: such files come from legacy Western tools, and
// reading them as Windows-1252 keeps "café" instead of "caf\uFFFD". A file that
// does hold valid multi-byte sequences is UTF-8 with a few damaged bytes;
// each bad byte becomes U+FFFD so the good text survives unchanged.
std::string DecodeToUtf8(std::string_view bytes);

// Repairs UTF-8 that was decoded as Windows-1252, Latin-1 or Windows-1250
// and encoded again ("â€™" -> "’", "Ã©" -> "é", "SĂŁo" -> "São"). A run of
// characters is replaced only when its code-page bytes form one complete,
// valid multi-byte UTF-8 sequence, which ordinary text almost never does.
// REQUIRES: `text` is valid UTF-8.
std::string RepairMojibake(std::string_view text);

// NFKC, default-ignorable code points (zero-width spaces and joiners, soft
// hyphens, BOMs, bidi marks) removed, "\r\n", "\r", U+2028 and U+2029 made
// "\n", other control characters except tab removed.
// REQUIRES: `text` is valid UTF-8.
std::string NormalizeText(std::string_view text);

// DecodeToUtf8, RepairMojibake and NormalizeText in that order (mojibake is
// repaired before NFKC, which would turn the "™" of "â€™" into "TM").
std::string CleanText(std::string_view bytes);

// Replaces each boilerplate line (subscribe calls, share buttons, copyright
// footers, image captions, lone URLs; patterns in data/boilerplate.json) by
// an empty line, and cuts a trailing "Read more" from a line, so that no
// entity comes from them. Other lines keep their text.
std::string DropBoilerplateLines(std::string_view text);

// Whether data/boilerplate.json parsed and compiled (Internal error if not;
// DropBoilerplateLines then drops nothing). For tests.
Status CheckBoilerplateData();

// The date that a header line near the top gives ("August 7, 2019",
// "7 August 2019", "2019-08-07") as YYYY-MM-DD; empty when none.
std::string FindHeaderDate(std::string_view text);

// A date as written in metadata ("2019-08-07T10:00:00Z", "Aug 7, 2019") as
// YYYY-MM-DD; empty when it is not a date.
std::string ParseDate(std::string_view text);

}  // namespace kg::extract
