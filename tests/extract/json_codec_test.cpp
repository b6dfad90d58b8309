// Specification of the JSON Lines contract of `kg extract` (SCHEMA.md):
// TripleToJson, EntityToJson and TripleFromJson (extract/json_codec.cpp). Dump()
// prints every field, unlike ToString(Triple), so round trips compare all.
#include <doctest/doctest.h>

#include <string>

#include "extract/extract.h"

namespace kg::extract {
namespace {

Triple SampleTriple() {
  Triple triple;
  triple.subject = {"Juntang Zhuang", EntityType::kPerson};
  triple.relation = Relation::kAffiliatedWith;
  triple.object = {"Yale", EntityType::kOrganization};
  triple.doc = "003_87e5efa75a85db55.txt";
  triple.date = "2019-08-07";
  triple.evidence = "Juntang Zhuang and colleagues at Yale proposed AdaBelief.";
  triple.sentence = {100, 157};
  triple.subject_span = {100, 114};
  triple.object_span = {133, 137};
  triple.rule = "colleagues_at";
  triple.confidence = 0.9;
  return triple;
}

std::string Dump(const Triple& t) {
  return std::string(ToString(t.subject.type)) + ":" + t.subject.name + " " +
         std::string(ToString(t.relation)) + " " + std::string(ToString(t.object.type)) + ":" +
         t.object.name + " doc=" + t.doc + " date=" + t.date + " rule=" + t.rule +
         " conf=" + std::to_string(t.confidence) + " s=" + std::to_string(t.subject_span.begin) +
         "," + std::to_string(t.subject_span.end) + " o=" + std::to_string(t.object_span.begin) +
         "," + std::to_string(t.object_span.end) + " sent=" + std::to_string(t.sentence.begin) +
         "," + std::to_string(t.sentence.end) + " ev=" + t.evidence;
}

TEST_CASE("a triple is one compact line with the SCHEMA.md fields in a fixed order") {
  CHECK(TripleToJson(SampleTriple()) ==
        R"({"subject":{"name":"Juntang Zhuang","type":"Person"},"relation":"affiliated_with",)"
        R"("object":{"name":"Yale","type":"Organization"},"doc":"003_87e5efa75a85db55.txt",)"
        R"("evidence":"Juntang Zhuang and colleagues at Yale proposed AdaBelief.",)"
        R"("confidence":0.9,"date":"2019-08-07","rule":"colleagues_at",)"
        R"("subject_span":[100,114],"object_span":[133,137],"sentence_span":[100,157]})");
}

TEST_CASE("an empty date is left out") {
  Triple triple = SampleTriple();
  triple.date.clear();
  CHECK(TripleToJson(triple).find("\"date\"") == std::string::npos);
}

TEST_CASE("confidence has at most three decimals and keeps one") {
  struct Case {
    double confidence;
    const char* expected;
  };
  const Case cases[] = {{1.5, "1.0"},     {-0.2, "0.0"},  {1e308, "1.0"},     {0.9, "0.9"},
                        {1.0, "1.0"},     {0.0, "0.0"},   {0.85714, "0.857"}, {0.9999, "1.0"},
                        {0.125, "0.125"}, {0.1004, "0.1"}};
  for (const Case& c : cases) {
    CAPTURE(c.confidence);
    Triple triple = SampleTriple();
    triple.confidence = c.confidence;
    std::string json = TripleToJson(triple);
    CHECK(json.find(std::string("\"confidence\":") + c.expected + ",") != std::string::npos);
  }
}

TEST_CASE("strings keep UTF-8 as is and escape only what JSON requires") {
  Triple triple = SampleTriple();
  triple.subject.name = "DALL·E";
  triple.object.name = "São Paulo";
  triple.evidence = "He said \"hi\"\\\n\t🤫 שלום\x01";
  std::string json = TripleToJson(triple);
  CHECK(json.find(R"("name":"DALL·E")") != std::string::npos);
  CHECK(json.find(R"("name":"São Paulo")") != std::string::npos);
  CHECK(json.find(R"("evidence":"He said \"hi\"\\\n\t🤫 שלום\u0001")") != std::string::npos);
  CHECK(json.find('\n') == std::string::npos);
}

// The writer copies eight plain bytes at a time: a byte to escape at any
// place of such a block, or after the last one, is still escaped.
TEST_CASE("a byte to escape is escaped wherever it stands in a long string") {
  const std::string plain = "Twenty-three plain ASCII bytes";
  const std::pair<std::string, std::string> marks[] = {
      {"\"", R"(\")"}, {"\\", R"(\\)"}, {"\x1F", R"(\u001f)"}, {"\x7F", "\x7F"}, {"é", "é"}};
  for (size_t at = 0; at <= plain.size(); ++at) {
    for (const auto& [mark, escaped] : marks) {
      CAPTURE(at);
      CAPTURE(mark);
      Triple triple = SampleTriple();
      triple.evidence = plain.substr(0, at) + mark + plain.substr(at);
      std::string expected = plain.substr(0, at) + escaped + plain.substr(at);
      CHECK(TripleToJson(triple).find("\"evidence\":\"" + expected + "\"") != std::string::npos);
    }
  }
}

TEST_CASE("invalid UTF-8 in a field is written as U+FFFD, so the line stays valid JSON") {
  Triple triple = SampleTriple();
  triple.evidence = "bad \xC3( byte";
  CHECK(TripleToJson(triple).find(R"("evidence":"bad �( byte")") != std::string::npos);
}

TEST_CASE("an entity line carries name, type, aliases, doc and mentions") {
  EntityMention mention;
  mention.entity = {"CLIP", EntityType::kTechnique};
  mention.aliases = {"Contrastive Language-Image Pretraining", "C\"LIP"};
  mention.doc = "a.txt";
  mention.mentions = 3;
  CHECK(EntityToJson(mention) ==
        R"({"entity":{"name":"CLIP","type":"Technique","aliases":)"
        R"(["Contrastive Language-Image Pretraining","C\"LIP"]},"doc":"a.txt","mentions":3})");
  mention.aliases.clear();
  CHECK(EntityToJson(mention) ==
        R"({"entity":{"name":"CLIP","type":"Technique","aliases":[]},"doc":"a.txt","mentions":3})");
}

TEST_CASE("TripleFromJson reads back what TripleToJson wrote") {
  const char* evidences[] = {"plain",
                             "quotes \" and \\ backslash",
                             "line\nbreak\r\ttab",
                             "emoji 🤫🚀 and RTL: مرحبا שלום",
                             "controls \x01\x1f",
                             ""};
  for (const char* evidence : evidences) {
    CAPTURE(evidence);
    Triple triple = SampleTriple();
    triple.evidence = evidence;
    Result<Triple> back = TripleFromJson(TripleToJson(triple));
    REQUIRE(back.ok());
    CHECK(Dump(*back) == Dump(triple));
  }
}

TEST_CASE("TripleFromJson accepts the minimal SCHEMA.md form, any field order, extra fields") {
  Result<Triple> triple = TripleFromJson(
      R"( {"extra": [1, {"x": null}], "object": {"type": "technique", "name": "Adam"},)"
      R"( "relation": "BASED_ON", "subject": {"name": "AdaBelief", "type": "Technique"}} )");
  REQUIRE(triple.ok());
  CHECK(Dump(*triple) ==
        "Technique:AdaBelief based_on Technique:Adam doc= date= rule= conf=0.000000 s=0,0 o=0,0 "
        "sent=0,0 ev=");
  Result<Triple> with_escapes = TripleFromJson(
      R"({"subject":{"name":"S\u00e3o \"P\"","type":"Location"},"relation":"located_in",)"
      R"("object":{"name":"\ud83e\udd2b","type":"Location"},"confidence":1})");
  REQUIRE(with_escapes.ok());
  CHECK(with_escapes->subject.name == "São \"P\"");
  CHECK(with_escapes->object.name == "🤫");
  CHECK(with_escapes->confidence == 1.0);
}

TEST_CASE("a line from a CRLF file reads like any other") {
  Result<Triple> triple = TripleFromJson(TripleToJson(SampleTriple()) + "\r");
  REQUIRE(triple.ok());
  CHECK(Dump(*triple) == Dump(SampleTriple()));
}

TEST_CASE("an entity line is NotFound, so that a reader can skip it") {
  Result<Triple> triple = TripleFromJson(
      R"({"entity":{"name":"CLIP","type":"Technique","aliases":[]},"doc":"a.txt","mentions":3})");
  REQUIRE(!triple.ok());
  CHECK(triple.status().code() == Status::Code::kNotFound);
  CHECK(triple.status().message() == "an entity line, not a triple");
}

TEST_CASE("TripleFromJson errors name the field and what is wrong with it") {
  const std::string subject = R"("subject":{"name":"A","type":"Person"})";
  const std::string object = R"("object":{"name":"B","type":"Organization"})";
  const std::string relation = R"("relation":"affiliated_with")";
  const std::string cases[][2] = {
      {"{" + subject + "," + object + "}", R"(field "relation" is missing)"},
      {"{" + relation + "," + object + "}", R"(field "subject" is missing)"},
      {"{" + subject + "," + relation + "}", R"(field "object" is missing)"},
      {"{" + subject + "," + object + R"(,"relation":"foo"})",
       R"(field "relation": unknown relation "foo" (expected affiliated_with, developed, )"
       R"(based_on, uses, trained_on, evaluated_on, outperforms, located_in, part_of))"},
      {"{" + subject + "," + object + R"(,"relation":7})",
       R"(field "relation": expected a string)"},
      {"{" + relation + "," + object + R"(,"subject":{"type":"Person"}})",
       R"(field "subject.name" is missing)"},
      {"{" + relation + "," + object + R"(,"subject":{"name":"A"}})",
       R"(field "subject.type" is missing)"},
      {"{" + relation + "," + subject + R"(,"object":{"name":"B","type":"Organisation"}})",
       R"(field "object.type": unknown entity type "Organisation" (expected Person, )"
       R"(Organization, Technique, Dataset, Location))"},
      {"{" + relation + "," + subject + R"(,"object":"B"})",
       R"(field "object": expected an object {"name": ..., "type": ...})"},
      {"{" + relation + "," + subject + R"(,"object":{"name":"","type":"Person"}})",
       R"(field "object.name": is empty)"},
      {"{" + relation + "," + subject + "," + object + R"(,"confidence":"high"})",
       R"(field "confidence": expected a number)"},
      {"{" + relation + "," + subject + "," + object + R"(,"confidence":1.5})",
       R"(field "confidence": expected a number from 0 to 1)"},
      {"{" + relation + "," + subject + "," + object + R"(,"subject_span":[3]})",
       R"(field "subject_span": expected an array [begin, end] with begin <= end)"},
      {"{" + relation + "," + subject + "," + object + R"(,"object_span":[5,2]})",
       R"(field "object_span": expected an array [begin, end] with begin <= end)"},
      {"{" + relation + "," + subject + "," + object + R"(,"sentence_span":[1,-2]})",
       R"(field "sentence_span": expected an array [begin, end] of two byte offsets)"},
      {"{" + relation + "," + subject + "," + object + R"(,"doc":null})",
       R"(field "doc": expected a string)"},
  };
  for (const auto& c : cases) {
    CAPTURE(c[0]);
    Result<Triple> triple = TripleFromJson(c[0]);
    REQUIRE(!triple.ok());
    CHECK(triple.status().code() == Status::Code::kInvalidArgument);
    CHECK(triple.status().message() == c[1]);
  }
}

TEST_CASE("TripleFromJson refuses what is not one JSON object") {
  const char* lines[] = {"",         "   ",
                         "[1,2]",    "\"text\"",
                         "{",        R"({"subject":)",
                         "not json", R"({"relation":"uses"} trailing)"};
  for (const char* line : lines) {
    CAPTURE(line);
    Result<Triple> triple = TripleFromJson(line);
    REQUIRE(!triple.ok());
    CHECK(triple.status().code() == Status::Code::kInvalidArgument);
    CHECK(triple.status().message().rfind("not a valid JSON object (", 0) == 0);
  }
}

}  // namespace
}  // namespace kg::extract
