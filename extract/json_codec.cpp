// The JSON Lines contract of `kg extract` (SCHEMA.md). Writing is by hand:
// the field order and number format are part of the contract, and a
// library's pretty-printer or \u-escaping would break byte-for-byte tests.
// Reading uses simdjson's on-demand parser: it is the bulk-import hot path.
#include <simdjson.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>

#include "extract/extract.h"
#include "extract/reader_utf8.h"

namespace kg::extract {
namespace {

constexpr uint64_t kEveryByte = 0x0101010101010101ull;
constexpr uint64_t kTopBits = kEveryByte * 0x80;

// Whether one of eight bytes is zero (exact as a whole; borrows only blur
// which one).
bool HasZeroByte(uint64_t eight) { return ((eight - kEveryByte) & ~eight & kTopBits) != 0; }

// Whether text[pos, pos + 8) is plain ASCII, copied without escaping: no
// byte beyond ASCII, below 0x20 (adding 0x60 sets the top bit of every
// other ASCII byte, without carry), '"' or '\\'.
bool Plain8(std::string_view text, size_t pos) {
  uint64_t eight;
  std::memcpy(&eight, text.data() + pos, 8);
  return (eight & kTopBits) == 0 && ((eight + kEveryByte * 0x60) & kTopBits) == kTopBits &&
         !HasZeroByte(eight ^ (kEveryByte * '"')) && !HasZeroByte(eight ^ (kEveryByte * '\\'));
}

// Appends `text` as a JSON string: UTF-8 kept as is, controls escaped,
// invalid bytes replaced by U+FFFD so that the line is always valid JSON.
// The writer's hot loop, hence one longer function.
void AppendJsonString(std::string_view text, std::string* out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out->push_back('"');
  for (size_t pos = 0; pos < text.size();) {
    // Most text needs no escaping: copy each plain ASCII run at once.
    size_t run = pos;
    while (run + 8 <= text.size() && Plain8(text, run)) run += 8;
    while (run < text.size()) {
      auto c = static_cast<unsigned char>(text[run]);
      if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') break;
      ++run;
    }
    if (run > pos) {
      out->append(text.data() + pos, run - pos);
      pos = run;
      if (pos == text.size()) break;
    }
    auto byte = static_cast<unsigned char>(text[pos]);
    if (byte >= 0x80) {
      char32_t cp = 0;
      size_t length = DecodeUtf8(text, pos, &cp);
      if (length == 0) {
        AppendUtf8(kReplacementCharacter, out);
        pos += 1;
      } else {
        out->append(text.substr(pos, length));
        pos += length;
      }
      continue;
    }
    switch (byte) {
      case '"':
        *out += "\\\"";
        break;
      case '\\':
        *out += "\\\\";
        break;
      case '\n':
        *out += "\\n";
        break;
      case '\r':
        *out += "\\r";
        break;
      case '\t':
        *out += "\\t";
        break;
      case '\b':
        *out += "\\b";
        break;
      case '\f':
        *out += "\\f";
        break;
      default:
        if (byte < 0x20) {
          *out += "\\u00";
          *out += kHex[byte >> 4];
          *out += kHex[byte & 0xF];
        } else {
          *out += static_cast<char>(byte);
        }
    }
    ++pos;
  }
  out->push_back('"');
}

// At most three decimals, trailing zeros dropped but one kept: 0.9, 1.0, 0.857.
// A confidence is a probability: clamped to [0, 1], which also bounds the
// printed length.
void AppendConfidence(double value, std::string* out) {
  if (!std::isfinite(value) || value < 0.0) value = 0.0;
  if (value > 1.0) value = 1.0;
  char buffer[32];
  int length = std::snprintf(buffer, sizeof buffer, "%.3f", value);
  std::string_view text(buffer, static_cast<size_t>(length));
  while (text.size() > 1 && text.back() == '0' && text[text.size() - 2] != '.') {
    text.remove_suffix(1);
  }
  if (text == "-0.0") text = "0.0";
  out->append(text);
}

void AppendEntity(const EntityRef& entity, std::string* out) {
  *out += "{\"name\":";
  AppendJsonString(entity.name, out);
  *out += ",\"type\":";
  AppendJsonString(ToString(entity.type), out);
  *out += '}';
}

void AppendSpan(std::string_view key, const Span& span, std::string* out) {
  *out += ",\"";
  *out += key;
  *out += "\":[";
  *out += std::to_string(span.begin);
  *out += ',';
  *out += std::to_string(span.end);
  *out += ']';
}

}  // namespace

std::string TripleToJson(const Triple& triple) {
  std::string out;
  out.reserve(256 + triple.evidence.size());
  out += "{\"subject\":";
  AppendEntity(triple.subject, &out);
  out += ",\"relation\":";
  AppendJsonString(ToString(triple.relation), &out);
  out += ",\"object\":";
  AppendEntity(triple.object, &out);
  out += ",\"doc\":";
  AppendJsonString(triple.doc, &out);
  out += ",\"evidence\":";
  AppendJsonString(triple.evidence, &out);
  out += ",\"confidence\":";
  AppendConfidence(triple.confidence, &out);
  if (!triple.date.empty()) {
    out += ",\"date\":";
    AppendJsonString(triple.date, &out);
  }
  out += ",\"rule\":";
  AppendJsonString(triple.rule, &out);
  AppendSpan("subject_span", triple.subject_span, &out);
  AppendSpan("object_span", triple.object_span, &out);
  AppendSpan("sentence_span", triple.sentence, &out);
  out += '}';
  return out;
}

std::string EntityToJson(const EntityMention& mention) {
  std::string out = "{\"entity\":{\"name\":";
  AppendJsonString(mention.entity.name, &out);
  out += ",\"type\":";
  AppendJsonString(ToString(mention.entity.type), &out);
  out += ",\"aliases\":[";
  for (size_t i = 0; i < mention.aliases.size(); ++i) {
    if (i > 0) out += ',';
    AppendJsonString(mention.aliases[i], &out);
  }
  out += "]},\"doc\":";
  AppendJsonString(mention.doc, &out);
  out += ",\"mentions\":";
  out += std::to_string(mention.mentions);
  out += '}';
  return out;
}

namespace {

using simdjson::ondemand::value;

Status FieldError(std::string_view field, std::string_view what) {
  return Status::InvalidArgument("field \"" + std::string(field) + "\": " + std::string(what));
}

Status ReadString(value json, std::string_view field, std::string* out) {
  std::string_view text;
  if (json.get_string().get(text) != simdjson::SUCCESS) {
    return FieldError(field, "expected a string");
  }
  out->assign(text);
  return Status::Ok();
}

// {"name": ..., "type": ...}; `field` is "subject" or "object".
Status ReadEntity(value json, std::string_view field, EntityRef* out) {
  simdjson::ondemand::object object;
  if (json.get_object().get(object) != simdjson::SUCCESS) {
    return FieldError(field, "expected an object {\"name\": ..., \"type\": ...}");
  }
  bool has_name = false;
  bool has_type = false;
  std::string path(field);
  for (auto member : object) {
    std::string_view key;
    value member_value;
    if (member.unescaped_key().get(key) != simdjson::SUCCESS ||
        member.value().get(member_value) != simdjson::SUCCESS) {
      return FieldError(field, "not valid JSON");
    }
    if (key == "name") {
      KG_RETURN_IF_ERROR(ReadString(member_value, path + ".name", &out->name));
      has_name = true;
    } else if (key == "type") {
      std::string type;
      KG_RETURN_IF_ERROR(ReadString(member_value, path + ".type", &type));
      Result<EntityType> parsed = ParseEntityType(type);
      if (!parsed.ok()) return FieldError(path + ".type", parsed.status().message());
      out->type = *parsed;
      has_type = true;
    }
  }
  if (!has_name) return Status::InvalidArgument("field \"" + path + ".name\" is missing");
  if (!has_type) return Status::InvalidArgument("field \"" + path + ".type\" is missing");
  if (out->name.empty()) return FieldError(path + ".name", "is empty");
  return Status::Ok();
}

// [begin, end], byte offsets.
Status ReadSpan(value json, std::string_view field, Span* out) {
  simdjson::ondemand::array array;
  if (json.get_array().get(array) != simdjson::SUCCESS) {
    return FieldError(field, "expected an array [begin, end]");
  }
  uint64_t bounds[2] = {0, 0};
  size_t count = 0;
  for (auto element : array) {
    uint64_t bound = 0;
    if (element.get_uint64().get(bound) != simdjson::SUCCESS || bound > UINT32_MAX || count >= 2) {
      return FieldError(field, "expected an array [begin, end] of two byte offsets");
    }
    bounds[count++] = bound;
  }
  if (count != 2 || bounds[0] > bounds[1]) {
    return FieldError(field, "expected an array [begin, end] with begin <= end");
  }
  out->begin = static_cast<uint32_t>(bounds[0]);
  out->end = static_cast<uint32_t>(bounds[1]);
  return Status::Ok();
}

struct Seen {
  bool subject = false, relation = false, object = false;
};

// Reads one top-level field into the triple; unknown fields are ignored
// (SCHEMA.md: extra fields are allowed).
Status ReadTripleField(std::string_view key, value json, Triple* triple, Seen* seen) {
  if (key == "subject") {
    seen->subject = true;
    return ReadEntity(json, key, &triple->subject);
  }
  if (key == "object") {
    seen->object = true;
    return ReadEntity(json, key, &triple->object);
  }
  if (key == "relation") {
    seen->relation = true;
    std::string name;
    KG_RETURN_IF_ERROR(ReadString(json, key, &name));
    Result<Relation> relation = ParseRelation(name);
    if (!relation.ok()) return FieldError(key, relation.status().message());
    triple->relation = *relation;
    return Status::Ok();
  }
  if (key == "confidence") {
    if (json.get_double().get(triple->confidence) != simdjson::SUCCESS) {
      return FieldError(key, "expected a number");
    }
    if (!(triple->confidence >= 0.0 && triple->confidence <= 1.0)) {
      return FieldError(key, "expected a number from 0 to 1");
    }
    return Status::Ok();
  }
  if (key == "doc") return ReadString(json, key, &triple->doc);
  if (key == "evidence") return ReadString(json, key, &triple->evidence);
  if (key == "date") return ReadString(json, key, &triple->date);
  if (key == "rule") return ReadString(json, key, &triple->rule);
  if (key == "subject_span") return ReadSpan(json, key, &triple->subject_span);
  if (key == "object_span") return ReadSpan(json, key, &triple->object_span);
  if (key == "sentence_span") return ReadSpan(json, key, &triple->sentence);
  return Status::Ok();
}

// Whether the parser consumed the whole line: simdjson 3.0 reports the
// position of any token left after the object, and an error at the end.
bool AtEnd(simdjson::ondemand::document& doc) {
  const char* location = nullptr;
  return doc.current_location().get(location) != simdjson::SUCCESS;
}

Status NotJson(simdjson::error_code error) {
  return Status::InvalidArgument(std::string("not a valid JSON object (") +
                                 simdjson::error_message(error) + ")");
}

}  // namespace

Result<Triple> TripleFromJson(std::string_view line) {
  // One parser and buffer per thread: no allocation per line once warm.
  thread_local simdjson::ondemand::parser parser;
  thread_local std::string buffer;
  buffer.reserve(line.size() + simdjson::SIMDJSON_PADDING);
  buffer.assign(line.data(), line.size());
  simdjson::ondemand::document doc;
  simdjson::ondemand::object object;
  simdjson::error_code error =
      parser.iterate(buffer.data(), line.size(), buffer.capacity()).get(doc);
  if (error == simdjson::SUCCESS) error = doc.get_object().get(object);
  if (error != simdjson::SUCCESS) return NotJson(error);
  Triple triple;
  Seen seen;
  for (auto field : object) {
    std::string_view key;
    value json;
    if ((error = field.unescaped_key().get(key)) != simdjson::SUCCESS ||
        (error = field.value().get(json)) != simdjson::SUCCESS) {
      return NotJson(error);
    }
    if (key == "entity") return Status::NotFound("an entity line, not a triple");
    KG_RETURN_IF_ERROR(ReadTripleField(key, json, &triple, &seen));
  }
  if (!AtEnd(doc)) return Status::InvalidArgument("not a valid JSON object (text after it)");
  if (!seen.subject) return Status::InvalidArgument("field \"subject\" is missing");
  if (!seen.relation) return Status::InvalidArgument("field \"relation\" is missing");
  if (!seen.object) return Status::InvalidArgument("field \"object\" is missing");
  return triple;
}

}  // namespace kg::extract
