// JsonWriter (query/json_writer.h): the layout of nlohmann's dump(), compact
// and pretty, so answers read the same as when they were built as trees.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "query/escape.h"
#include "query/json_writer.h"

namespace kg::query::internal {
namespace {

using Ordered = nlohmann::ordered_json;

// The same document, written by JsonWriter and by nlohmann at `indent`.
void WriteSample(JsonWriter* out) {
  out->BeginObject();
  out->Member("name", "Yale \"University\"\n");
  out->Key("id");
  out->UInt(18446744073709551615ULL);
  out->Key("depth");
  out->Int(-2);
  out->Key("confidence");
  out->Double(0.85);
  out->Key("whole");
  out->Double(1.0);
  out->Key("rows");
  out->BeginArray();
  out->BeginObject();
  out->Key("evidence");
  out->BeginArray();
  out->EndArray();
  out->Key("inferred");
  out->Bool(true);
  out->EndObject();
  out->BeginObject();
  out->EndObject();
  out->Null();
  out->EndArray();
  out->EndObject();
}

Ordered SampleTree() {
  Ordered row = Ordered::object();
  row["evidence"] = Ordered::array();
  row["inferred"] = true;
  Ordered rows = Ordered::array({row, Ordered::object(), nullptr});
  Ordered doc = Ordered::object();
  doc["name"] = "Yale \"University\"\n";
  doc["id"] = 18446744073709551615ULL;
  doc["depth"] = -2;
  doc["confidence"] = 0.85;
  doc["whole"] = 1.0;
  doc["rows"] = rows;
  return doc;
}

TEST_CASE("compact and pretty output match nlohmann's dump byte for byte") {
  for (int indent : {-1, 2, 4}) {
    std::string text;
    JsonWriter out(&text, indent);
    WriteSample(&out);
    CHECK(text == SampleTree().dump(indent));
  }
}

TEST_CASE("invalid UTF-8 becomes U+FFFD and non-finite numbers become null") {
  std::string text;
  JsonWriter out(&text);
  out.BeginArray();
  out.String(std::string("caf\xC3", 4));
  out.Double(std::numeric_limits<double>::quiet_NaN());
  out.Double(std::numeric_limits<double>::infinity());
  out.Double(1e-7);
  out.EndArray();
  CHECK(text == "[\"caf\xEF\xBF\xBD\",null,null,1e-07]");
  nlohmann::json parsed = nlohmann::json::parse(text);
  CHECK(parsed[3].get<double>() == doctest::Approx(1e-7));
}

// Strings JsonWriter writes as nlohmann does: quotes, backslashes, the
// control characters with a one-letter escape, non-ASCII UTF-8, each at
// every place around the 16-byte steps of the scan for plain bytes.
std::vector<std::string> TrickyStrings() {
  std::vector<std::string> strings = {"",
                                      "plain",
                                      "Yale \"University\"",
                                      "C:\\path\\",
                                      "tab\there",
                                      "line\nbreak\r\n",
                                      "\b\f",
                                      "caf\xC3\xA9 M\xC3\xBCller",
                                      "\xE4\xB8\xAD\xE6\x96\x87",
                                      "emoji \xF0\x9F\x98\x80 end",
                                      "\xEF\xBF\xBD"};
  for (const char* special : {"\"", "\\", "\n", "\xC3\xA9", "\xF0\x9F\x98\x80"}) {
    for (size_t at = 0; at <= 40; ++at) {
      for (size_t length : {at, at + 1, size_t{15}, size_t{16}, size_t{17}, size_t{33}}) {
        std::string text(std::max(length, at), 'x');
        strings.push_back(text.insert(at, special));
      }
    }
  }
  strings.push_back(std::string(5000, 'y') + "\"\\\n\xC3\xA9");  // longer than the buffer
  return strings;
}

TEST_CASE("strings, keys and nesting match nlohmann's dump byte for byte") {
  for (int indent : {-1, 2}) {
    std::string text;
    JsonWriter out(&text, indent);
    Ordered tree = Ordered::array();
    out.BeginArray();
    for (const std::string& s : TrickyStrings()) {
      out.String(s);
      tree.push_back(s);
      out.BeginObject();
      out.EscapedKey(s);
      out.Int(1);
      out.Key("plain_key");
      out.String(s);
      out.EndObject();
      tree.push_back(Ordered::object({{s, 1}, {"plain_key", s}}));
    }
    // Deeper than the indentation written in one copy.
    for (int depth = 0; depth < 40; ++depth) {
      out.BeginObject();
      out.Key("k");
    }
    out.BeginArray();
    out.EndArray();
    for (int depth = 0; depth < 40; ++depth) out.EndObject();
    Ordered nested = Ordered::array();
    for (int depth = 0; depth < 40; ++depth) nested = Ordered::object({{"k", nested}});
    tree.push_back(nested);
    out.EndArray();
    CHECK(text == tree.dump(indent));
  }
}

// Where JsonWriter differs from nlohmann, on purpose, as it always has:
// escapes in capitals, DEL and U+2028/9 escaped, and invalid UTF-8 (which
// nlohmann would throw on) written as U+FFFD, one for each byte that does
// not start a valid sequence.
TEST_CASE("control characters, DEL, U+2028 and invalid UTF-8 as kg has always written them") {
  const std::string fffd = "\xEF\xBF\xBD";
  const std::pair<std::string, std::string> cases[] = {
      {"\x01\x1F\x7F", "\"\\u0001\\u001F\\u007F\""},
      {"a\xE2\x80\xA8z\xE2\x80\xA9", "\"a\\u2028z\\u2029\""},
      {"caf\xC3", "\"caf" + fffd + "\""},                             // cut short
      {"\xC0\xAF", "\"" + fffd + fffd + "\""},                        // overlong '/'
      {"\xED\xA0\x80", "\"" + fffd + fffd + fffd + "\""},             // a surrogate
      {"\xF4\x90\x80\x80", "\"" + fffd + fffd + fffd + fffd + "\""},  // past U+10FFFF
      {"\x80x\xFF", "\"" + fffd + "x" + fffd + "\""},
      {std::string(20, 'a') + "\xC3(" + std::string(20, 'b'),
       "\"" + std::string(20, 'a') + fffd + "(" + std::string(20, 'b') + "\""},
  };
  for (const auto& [input, expected] : cases) {
    std::string text;
    JsonWriter out(&text);
    out.String(input);
    CHECK(text == expected);
  }
}

TEST_CASE("WriteJsonString writes what AppendJsonString appends") {
  std::mt19937 random(7);
  const std::string bytes =
      "ab \"\\\n\x01\x1F\x7F\x80\xBF\xC3\xA9\xE2\xA8\xED\xA0\xF0\x9F\x98\xF4\xFF";
  for (int i = 0; i < 20000; ++i) {
    std::string text;
    for (size_t n = random() % 40; n > 0; --n) text.push_back(bytes[random() % bytes.size()]);
    std::string appended;
    AppendJsonString(text, &appended);
    std::string written(MaxJsonStringBytes(text.size()), '\0');
    written.resize(static_cast<size_t>(WriteJsonString(text, written.data()) - written.data()));
    REQUIRE(written == appended);
  }
}

TEST_CASE("the text reaches the output when the outermost value ends, or on Flush()") {
  std::string text;
  JsonWriter out(&text, 2);
  out.BeginObject();
  out.Key("a");
  out.Int(1);
  CHECK(text.empty());
  out.Flush();
  CHECK(text == "{\n  \"a\": 1");
  out.Key("b");
  out.BeginArray();
  out.EndArray();
  CHECK(text == "{\n  \"a\": 1");
  out.EndObject();
  CHECK(text == "{\n  \"a\": 1,\n  \"b\": []\n}");
}

// An array's items written by writers of their own (on other threads), then
// joined: the same text as one writer writing them all.
TEST_CASE("items written by item writers join to what one writer writes") {
  for (int indent : {-1, 2}) {
    CAPTURE(indent);
    std::string whole;
    JsonWriter one(&whole, indent);
    one.BeginObject();
    one.Key("results");
    one.BeginArray();
    for (int i = 0; i < 3; ++i) WriteSample(&one);
    one.EndArray();
    one.EndObject();

    std::string joined;
    JsonWriter outer(&joined, indent);
    outer.BeginObject();
    outer.Key("results");
    outer.BeginArray();
    outer.Flush();
    for (size_t i = 0; i < 3; ++i) {
      std::string item;
      JsonWriter writer(&item, indent, 2, i);
      WriteSample(&writer);
      writer.Flush();
      joined += item;
    }
    outer.ItemsWrittenElsewhere(3);
    outer.EndArray();
    outer.EndObject();
    CHECK(joined == whole);

    std::string empty_whole, empty_joined;
    JsonWriter a(&empty_whole, indent), b(&empty_joined, indent);
    for (JsonWriter* w : {&a, &b}) {
      w->BeginObject();
      w->Key("results");
      w->BeginArray();
    }
    b.ItemsWrittenElsewhere(0);
    for (JsonWriter* w : {&a, &b}) {
      w->EndArray();
      w->EndObject();
    }
    CHECK(empty_joined == empty_whole);
  }
}

}  // namespace
}  // namespace kg::query::internal
