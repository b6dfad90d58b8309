// Specification of text hygiene (extract/text_hygiene.h): encodings,
// mojibake, Unicode normalization, boilerplate lines and header dates.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "extract/builtin_data.h"
#include "extract/text_hygiene.h"

namespace kg::extract {
namespace {

TEST_CASE("valid UTF-8 passes through DecodeToUtf8 unchanged, minus a leading BOM") {
  CHECK(DecodeToUtf8("São Paulo 🤫 DALL·E") == "São Paulo 🤫 DALL·E");
  CHECK(DecodeToUtf8("\xEF\xBB\xBFOpenAI") == "OpenAI");
  CHECK(DecodeToUtf8("") == "");
}

TEST_CASE("a file with no valid multi-byte sequence is read as Windows-1252") {
  // "café" and curly quotes as a legacy Windows editor saves them.
  CHECK(DecodeToUtf8("caf\xE9 \x93quoted\x94 \x80 5") == "café “quoted” € 5");
  // 0x81 is undefined in Windows-1252: it becomes U+0081, as in browsers.
  CHECK(DecodeToUtf8("a\x81z") == "a\xC2\x81z");
}

TEST_CASE("damaged bytes in a UTF-8 file become U+FFFD and the rest survives") {
  struct Case {
    const char* bytes;
    const char* expected;
  };
  const Case cases[] = {
      {"São \xFF Paulo", "São � Paulo"},
      {"é\xC3", "é�"},                   // truncated sequence at the end
      {"é \xC0\xAF", "é ��"},            // overlong "/"
      {"é \xED\xA0\x80", "é ���"},       // UTF-16 surrogate
      {"é \xF4\x90\x80\x80", "é ����"},  // above U+10FFFF
      {"é \xE2\x80 x", "é �� x"},        // sequence cut short
  };
  for (const Case& c : cases) {
    CAPTURE(c.bytes);
    CHECK(DecodeToUtf8(c.bytes) == c.expected);
  }
}

TEST_CASE("mojibake from Windows-1252, Latin-1 and Windows-1250 is repaired") {
  struct Case {
    const char* text;
    const char* expected;
  };
  const Case cases[] = {
      {"itâ€™s", "it’s"},
      {"â€œquotedâ€\xC2\x9D", "“quoted”"},  // U+009D: 0x9D is undefined in Windows-1252
      {"cafÃ©", "café"},
      {"SĂŁo Paulo", "São Paulo"},
      {"Ã¼ber and Ã‰cole", "über and École"},
      {"emoji ðŸ¤«", "emoji 🤫"},
      {"ZÃ¼rich and itâ€™s", "Zürich and it’s"},
      {"twice: Ã¢â‚¬â„¢", "twice: ’"},  // encoded wrongly two times
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    CHECK(RepairMojibake(c.text) == c.expected);
  }
}

TEST_CASE("ordinary non-ASCII text is not taken for mojibake") {
  const char* texts[] = {"café",
                         "São Paulo",
                         "DALL·E",
                         "“quoted” – it’s",
                         "Łódź and Kraków",
                         "Ångström",
                         "naïve résumé",
                         "Москва",
                         "東京",
                         "שלום",
                         "© 2020",
                         "Ã alone",
                         "¿Qué?",
                         "½ and ¾"};
  for (const char* text : texts) {
    CAPTURE(text);
    CHECK(RepairMojibake(text) == text);
  }
}

TEST_CASE("NormalizeText applies NFKC and keeps the middle dot and curly quotes") {
  struct Case {
    const char* text;
    const char* expected;
  };
  const Case cases[] = {
      {"DALL·E", "DALL·E"},
      {"it’s “quoted”", "it’s “quoted”"},
      {"ﬁne ＡＩ", "fine AI"},   // ligature and full-width letters
      {"Cafe\xCC\x81", "Café"},  // combining accent composed
      {"a\xC2\xA0"
       "b",
       "a b"},  // no-break space
      {"x²", "x2"},
      {"zero\xE2\x80\x8Bwidth", "zerowidth"},  // U+200B
      {"soft\xC2\xADhyphen", "softhyphen"},    // U+00AD
      {"\xEF\xBB\xBFstart", "start"},          // BOM inside text
      {"join\xE2\x80\x8D"
       "er",
       "joiner"},  // U+200D
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    CHECK(NormalizeText(c.text) == c.expected);
  }
}

TEST_CASE("line ends become \\n and control characters other than tab go") {
  CHECK(NormalizeText("a\r\nb\rc\nd") == "a\nb\nc\nd");
  CHECK(NormalizeText("a\xE2\x80\xA8"
                      "b\xE2\x80\xA9"
                      "c") == "a\nb\n\nc");
  CHECK(NormalizeText("t\tab\x01\x1B\x7F ok") == "t\tab ok");
}

// The passes read eight bytes at a time where they can: a mark at any
// place of such a block, or in the bytes after the last one, is still seen.
TEST_CASE("marks are found at every place of a long ASCII text") {
  const std::string plain = "Twenty-three plain ASCII bytes";
  for (size_t at = 0; at <= plain.size(); ++at) {
    CAPTURE(at);
    std::string before = plain.substr(0, at);
    std::string after = plain.substr(at);
    for (const char* control : {"\x01", "\x1F", "\x7F"})
      CHECK(NormalizeText(before + control + after) == plain);
    CHECK(NormalizeText(before + "\r\n" + after) == before + "\n" + after);
    CHECK(RepairMojibake(before + "Itâ€™s" + after) == before + "It’s" + after);
    CHECK(DecodeToUtf8(before + "caf\xE9" + after) == before + "café" + after);
    CHECK(DecodeToUtf8(before + "café" + after) == before + "café" + after);
  }
}

TEST_CASE("CleanText repairs mojibake before NFKC would break it") {
  // NFKC alone would turn the "™" of "â€™" into "TM".
  CHECK(CleanText("Itâ€™s here\r\n") == "It’s here\n");
  CHECK(CleanText("\xEF\xBB\xBF"
                  "caf\xE9") == "café");
}

TEST_CASE("WhyNotText refuses binary data and accepts any text") {
  CHECK(WhyNotText("plain text\n") == "");
  CHECK(WhyNotText("") == "");
  CHECK(WhyNotText("caf\xE9") == "");
  CHECK(WhyNotText(std::string("PK\x03\x04\0\0", 6)) ==
        "it holds NUL bytes, so it looks like a binary file, not text");
  CHECK(WhyNotText("\x01\x02\x03\x04 abc") ==
        "more than 10% of its first bytes are control characters, so it looks like a binary "
        "file, not text");
}

TEST_CASE("the built-in boilerplate patterns compile") {
  Status status = CheckBoilerplateData();
  CHECK_MESSAGE(status.ok(), status.ToString());
}

// data/boilerplate.json carries its own examples: each must change, each
// counter-example must pass through untouched.
TEST_CASE("every boilerplate pattern handles its own examples and counter-examples") {
  std::string_view content;
  for (int i = 0; i < kBuiltinFileCount; ++i) {
    if (std::string_view(kBuiltinFiles[i].path) == "boilerplate.json") {
      content = kBuiltinFiles[i].content;
    }
  }
  REQUIRE(!content.empty());
  nlohmann::json json = nlohmann::json::parse(content);
  for (const nlohmann::json& pattern : json.at("patterns")) {
    std::string name = pattern.at("name").get<std::string>();
    CAPTURE(name);
    for (const nlohmann::json& example : pattern.at("examples")) {
      std::string line = example.get<std::string>();
      CAPTURE(line);
      CHECK(DropBoilerplateLines(line) != line);
    }
    for (const nlohmann::json& counter : pattern.at("counter_examples")) {
      std::string line = counter.get<std::string>();
      CAPTURE(line);
      CHECK(DropBoilerplateLines(line) == line);
    }
  }
}

TEST_CASE("boilerplate lines become empty and the other lines stay as they were") {
  const std::string text =
      "September 16, 2020\n"
      "Screen Shot 2020-09-16 at 10.03.38 AM\n"
      "  Microsoft upgraded DeepSpeed.  \n"
      "ezgif.com-resize (12)\n"
      "He explains how. Read more\n"
      "Share\n"
      "Copyright 2020  DeepLearning.AI, 195 Page Mill Road, Palo Alto, CA 94306. All rights "
      "reserved.\n"
      "Image credit: Getty Images\n"
      "https://www.deeplearning.ai/the-batch/\n"
      "Click here to learn more.\n"
      "Stay updated with weekly AI News and Insights delivered to your inbox\n"
      "Keep learning!";
  CHECK(DropBoilerplateLines(text) ==
        "September 16, 2020\n"
        "\n"
        "  Microsoft upgraded DeepSpeed.  \n"
        "\n"
        "He explains how.\n"
        "\n"
        "DeepLearning.AI, 195 Page Mill Road, Palo Alto, CA 94306.\n"
        "\n"
        "\n"
        "\n"
        "\n"
        "Keep learning!");
}

TEST_CASE("a very long line is never boilerplate") {
  std::string line = "Share " + std::string(400, 'x');
  CHECK(DropBoilerplateLines(line) == line);
}

TEST_CASE("dates in metadata and header lines become YYYY-MM-DD") {
  struct Case {
    const char* text;
    const char* expected;
  };
  const Case cases[] = {
      {"August 7, 2019", "2019-08-07"},
      {"September 16, 2020 ", "2020-09-16"},
      {"Wednesday, Jan. 13th, 2021", "2021-01-13"},
      {"Sept 1 2020", "2020-09-01"},
      {"7 August 2019", "2019-08-07"},
      {"2020-10-15T08:00:00Z", "2020-10-15"},
      {"February 29, 2020", "2020-02-29"},
      {"February 29, 2021", ""},  // not a leap year
      {"April 31, 2020", ""},
      {"2020-13-01", ""},
      {"Mayday 5, 2020", ""},
      {"no date here", ""},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    CHECK(ParseDate(c.text) == c.expected);
  }
}

TEST_CASE("a header date is looked for in the first five non-empty short lines") {
  CHECK(FindHeaderDate("The Batch\nAugust 7, 2019\n\nDear friends,") == "2019-08-07");
  CHECK(FindHeaderDate("\n\n \nSeptember 16, 2020 \n") == "2020-09-16");
  CHECK(FindHeaderDate("a\nb\nc\nd\ne\nAugust 7, 2019") == "");
  // A long line is prose: the date there is an event, not the article's.
  CHECK(FindHeaderDate("Join us on February 16, 2022, at 10 a.m. Pacific Time for a live "
                       "session with a founder.") == "");
  CHECK(FindHeaderDate("") == "");
}

}  // namespace
}  // namespace kg::extract
