// JsonWriter (query/json_writer.h): the layout of nlohmann's dump(), compact
// and pretty, so answers read the same as when they were built as trees.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <string>

#include <nlohmann/json.hpp>

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

}  // namespace
}  // namespace kg::query::internal
