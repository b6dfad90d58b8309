// JSON Lines articles: one {"id", "text", "title"?, "date"?, "url"?} per line.
#include <simdjson.h>

#include <algorithm>
#include <istream>
#include <string>
#include <string_view>

#include "extract/reader_formats.h"
#include "extract/text_hygiene.h"

namespace kg::extract {
namespace {

struct ArticleFields {
  std::string id, text, title, date, url;
  bool has_id = false;
  bool has_text = false;
};

// Reads one string field into *out; the error names the field.
Status ReadStringField(simdjson::ondemand::value value, std::string_view key, std::string* out) {
  std::string_view text;
  if (value.get_string().get(text) != simdjson::SUCCESS) {
    return Status::InvalidArgument("field \"" + std::string(key) + "\" is not a string");
  }
  // The bytes came through the JSON parser, which accepts only UTF-8, but
  // an escaped lone surrogate can still slip in: DecodeToUtf8 settles it.
  *out = std::string(text);
  return Status::Ok();
}

// Whether the parser consumed the whole line: simdjson 3.0 reports the
// position of any token left after the object, and an error at the end.
bool AtEnd(simdjson::ondemand::document& doc) {
  const char* location = nullptr;
  return doc.current_location().get(location) != simdjson::SUCCESS;
}

Status ParseArticleLine(std::string_view line, ArticleFields* fields) {
  thread_local simdjson::ondemand::parser parser;
  simdjson::padded_string padded(line);
  simdjson::ondemand::document doc;
  simdjson::ondemand::object object;
  simdjson::error_code error = parser.iterate(padded).get(doc);
  if (error != simdjson::SUCCESS) {
    return Status::InvalidArgument(std::string("not valid JSON (") +
                                   simdjson::error_message(error) + ")");
  }
  error = doc.get_object().get(object);
  if (error == simdjson::INCORRECT_TYPE) return Status::InvalidArgument("not a JSON object");
  if (error != simdjson::SUCCESS) {
    return Status::InvalidArgument(std::string("not valid JSON (") +
                                   simdjson::error_message(error) + ")");
  }
  for (auto field : object) {
    std::string_view key;
    if (field.unescaped_key().get(key) != simdjson::SUCCESS) {
      return Status::InvalidArgument("not valid JSON (a key is malformed)");
    }
    simdjson::ondemand::value value;
    if (field.value().get(value) != simdjson::SUCCESS) {
      return Status::InvalidArgument("not valid JSON (after key \"" + std::string(key) + "\")");
    }
    if (key == "id") {
      KG_RETURN_IF_ERROR(ReadStringField(value, key, &fields->id));
      fields->has_id = true;
    } else if (key == "text") {
      KG_RETURN_IF_ERROR(ReadStringField(value, key, &fields->text));
      fields->has_text = true;
    } else if (key == "title") {
      KG_RETURN_IF_ERROR(ReadStringField(value, key, &fields->title));
    } else if (key == "date") {
      KG_RETURN_IF_ERROR(ReadStringField(value, key, &fields->date));
    } else if (key == "url") {
      KG_RETURN_IF_ERROR(ReadStringField(value, key, &fields->url));
    }
  }
  if (!AtEnd(doc)) return Status::InvalidArgument("not valid JSON (text after the object)");
  if (!fields->has_id) return Status::InvalidArgument("field \"id\" is missing");
  if (!fields->has_text) return Status::InvalidArgument("field \"text\" is missing");
  if (fields->id.empty()) return Status::InvalidArgument("field \"id\" is empty");
  return Status::Ok();
}

}  // namespace

namespace {

// One line's article, or its problem reported to `on_bad_line`.
Status ReadOneLine(std::string_view line, size_t line_number, const std::string& source,
                   const std::function<Status(Article&&)>& on_article,
                   const std::function<void(size_t, const std::string&)>& on_bad_line) {
  if (line.find_first_not_of(" \t\r") == std::string_view::npos) return Status::Ok();
  ArticleFields fields;
  Status parsed = ParseArticleLine(line, &fields);
  if (!parsed.ok()) {
    on_bad_line(line_number,
                parsed.message() + " (each line needs {\"id\": ..., \"text\": ...}); line skipped");
    return Status::Ok();
  }
  Article article = MakeArticle(DecodeToUtf8(fields.id), fields.text, std::move(fields.title),
                                std::move(fields.date), source);
  article.url = DecodeToUtf8(fields.url);
  if (article.text.find_first_not_of(" \t\n") == std::string::npos) {
    on_bad_line(line_number, "field \"text\" holds no text; line skipped");
    return Status::Ok();
  }
  return on_article(std::move(article));
}

std::string TooLong(size_t max_line_bytes) {
  return "longer than " + std::to_string(max_line_bytes) + " bytes; line skipped";
}

}  // namespace

Status ReadJsonLines(
    std::string_view bytes, const std::string& source,
    const std::function<Status(Article&&)>& on_article,
    const std::function<void(size_t line, const std::string& reason)>& on_bad_line) {
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);
  size_t line_number = 0;
  while (!bytes.empty()) {
    ++line_number;
    size_t end = bytes.find('\n');
    std::string_view line = bytes.substr(0, end);
    bytes.remove_prefix(end == std::string_view::npos ? bytes.size() : end + 1);
    KG_RETURN_IF_ERROR(ReadOneLine(line, line_number, source, on_article, on_bad_line));
  }
  return Status::Ok();
}

Status ReadJsonLinesStream(
    std::istream& in, std::string_view first_bytes, const std::string& source,
    const std::function<Status(Article&&)>& on_article,
    const std::function<void(size_t line, const std::string& reason)>& on_bad_line,
    size_t block_bytes, size_t max_line_bytes) {
  std::string pending(first_bytes);  // the start of a line whose end is not read yet
  std::string block(std::max<size_t>(block_bytes, 1), '\0');
  size_t line_number = 0;
  bool bom_checked = false;
  bool skipping_long_line = false;  // inside a line too long to hold; dropped up to its end
  while (true) {
    in.read(block.data(), static_cast<std::streamsize>(block.size()));
    size_t got = static_cast<size_t>(in.gcount());
    bool at_end = got < block.size();
    if (in.bad()) return Status::IOError(source + ": reading it failed");
    pending.append(block, 0, got);
    if (!bom_checked && (pending.size() >= 3 || at_end)) {
      if (pending.starts_with("\xEF\xBB\xBF")) pending.erase(0, 3);
      bom_checked = true;
    }
    size_t start = 0;
    for (size_t end; (end = pending.find('\n', start)) != std::string::npos; start = end + 1) {
      ++line_number;
      if (skipping_long_line) {
        skipping_long_line = false;
        continue;
      }
      if (end - start > max_line_bytes) {
        on_bad_line(line_number, TooLong(max_line_bytes));
        continue;
      }
      std::string_view line(pending.data() + start, end - start);
      KG_RETURN_IF_ERROR(ReadOneLine(line, line_number, source, on_article, on_bad_line));
    }
    pending.erase(0, start);
    if (pending.size() > max_line_bytes) {
      if (!skipping_long_line) {
        on_bad_line(line_number + 1, TooLong(max_line_bytes));
      }
      skipping_long_line = true;
      pending.clear();
    }
    if (at_end) break;
  }
  if (!pending.empty() && !skipping_long_line) {
    KG_RETURN_IF_ERROR(ReadOneLine(pending, line_number + 1, source, on_article, on_bad_line));
  }
  return Status::Ok();
}

}  // namespace kg::extract
