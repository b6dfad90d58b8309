// ReadArticles and ReadArticleText: files, directories and standard input to
// Articles. The formats themselves are in reader_*.cpp.
#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <system_error>
#include <vector>

#include "extract/extract.h"
#include "extract/reader_formats.h"
#include "extract/text_hygiene.h"

namespace kg::extract {
namespace {

namespace fs = std::filesystem;

// Newsletters are tens of kilobytes; a bigger file is a dump or a mistake,
// and reading it whole would only exhaust memory.
constexpr uintmax_t kMaxFileBytes = 256u << 20;

enum class Format { kText, kMarkdown, kHtml, kJsonLines, kUnknown };

Format FormatOf(std::string_view name) {
  size_t dot = name.rfind('.');
  size_t slash = name.find_last_of("/\\");
  if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash)) {
    return Format::kUnknown;
  }
  std::string extension;
  for (char c : name.substr(dot + 1)) extension += static_cast<char>(std::tolower(c));
  if (extension == "txt" || extension == "text") return Format::kText;
  if (extension == "md" || extension == "markdown") return Format::kMarkdown;
  if (extension == "html" || extension == "htm") return Format::kHtml;
  if (extension == "jsonl" || extension == "ndjson") return Format::kJsonLines;
  return Format::kUnknown;
}

std::string BaseName(std::string_view name) {
  size_t slash = name.find_last_of("/\\");
  return std::string(slash == std::string_view::npos ? name : name.substr(slash + 1));
}

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

std::string_view SkipSpaces(std::string_view bytes) {
  size_t first = bytes.find_first_not_of(" \t\r\n");
  if (bytes.starts_with(kByteOrderMark)) return SkipSpaces(bytes.substr(3));
  return first == std::string_view::npos ? std::string_view() : bytes.substr(first);
}

bool IsBlank(std::string_view text) {
  return text.find_first_not_of(" \t\n") == std::string_view::npos;
}

Result<std::string> ReadFile(const fs::path& path) {
  std::error_code error;
  uintmax_t size = fs::file_size(path, error);
  if (!error && size > kMaxFileBytes) {
    return Status::InvalidArgument("it is " + std::to_string(size >> 20) +
                                   " MB, more than the 256 MB an article file may have; split it");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IOError("cannot open it for reading (check its permissions)");
  // Block reads: a character at a time, a 20 MB file took a tenth of a second.
  std::string bytes;
  if (!error) bytes.reserve(static_cast<size_t>(size));
  char buffer[1 << 16];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    bytes.append(buffer, static_cast<size_t>(in.gcount()));
  }
  if (in.bad()) return Status::IOError("reading it failed");
  return bytes;
}

// Reads the bytes of a one-article file (JSON Lines stream instead: see
// StreamJsonLines); problems go to on_skip.
Status ReadBytes(const std::string& source, std::string_view bytes, const ReadOptions& options,
                 const std::function<Status(Article&&)>& sink) {
  auto skip = [&](const std::string& where, const std::string& reason) {
    if (options.on_skip) options.on_skip(where, reason);
  };
  Result<Article> article = ReadArticleText(source, bytes);
  if (!article.ok()) {
    skip(source, article.status().message());
    return Status::Ok();
  }
  if (IsBlank(article->text)) {
    skip(source, "it holds no text");
    return Status::Ok();
  }
  return sink(std::move(article).value());
}

// JSON Lines stream through a block at a time: a corpus file may be of any
// size, and memory stays bounded.
Status StreamJsonLines(std::istream& in, std::string_view first_bytes, const std::string& source,
                       const ReadOptions& options, const std::function<Status(Article&&)>& sink) {
  auto skip = [&](const std::string& where, const std::string& reason) {
    if (options.on_skip) options.on_skip(where, reason);
  };
  Status status = ReadJsonLinesStream(in, first_bytes, source, sink,
                                      [&](size_t line, const std::string& reason) {
                                        skip(source + ":" + std::to_string(line), reason);
                                      });
  if (status.code() == Status::Code::kIOError) {
    skip(source, "reading it failed part way; the articles before the failure were read");
    return Status::Ok();
  }
  return status;
}

Status ReadOneFile(const fs::path& path, Format format, const ReadOptions& options,
                   const std::function<Status(Article&&)>& sink) {
  if (format == Format::kJsonLines) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      if (options.on_skip)
        options.on_skip(path.string(), "cannot open it for reading (check its permissions)");
      return Status::Ok();
    }
    return StreamJsonLines(in, {}, path.string(), options, sink);
  }
  Result<std::string> bytes = ReadFile(path);
  if (!bytes.ok()) {
    if (options.on_skip) options.on_skip(path.string(), bytes.status().message());
    return Status::Ok();
  }
  return ReadBytes(path.string(), *bytes, options, sink);
}

bool IsHidden(const fs::path& relative) {
  for (const fs::path& part : relative) {
    std::string name = part.string();
    if (name.size() > 1 && name[0] == '.' && name != "..") return true;
  }
  return false;
}

// The article files under `dir`, sorted so that runs are reproducible.
std::vector<fs::path> ListArticleFiles(const fs::path& dir, const ReadOptions& options) {
  std::vector<fs::path> files;
  std::error_code error;
  fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, error);
  for (; !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
    fs::path relative = it->path().lexically_relative(dir);
    if (IsHidden(relative)) {
      if (it->is_directory(error)) it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file(error) && FormatOf(it->path().string()) != Format::kUnknown) {
      files.push_back(it->path());
    }
  }
  if (error && options.on_skip) {
    options.on_skip(dir.string(), "listing the directory failed: " + error.message());
  }
  std::sort(files.begin(), files.end());
  return files;
}

Status ReadStandardInput(const ReadOptions& options, const std::function<Status(Article&&)>& sink) {
  // Up to the first character that is not a space tells JSON Lines ("{")
  // from one plain-text article; JSON Lines then stream.
  std::string bytes;
  for (int c; (c = std::cin.get()) != EOF;) {
    bytes += static_cast<char>(c);
    bool in_byte_order_mark = bytes.size() <= 3 && kByteOrderMark.starts_with(bytes);
    if (!in_byte_order_mark && c != ' ' && c != '\t' && c != '\n' && c != '\r') break;
  }
  bool json_lines = SkipSpaces(bytes).substr(0, 1) == "{";
  if (json_lines) return StreamJsonLines(std::cin, bytes, "-", options, sink);
  bytes.append(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  return ReadBytes("-", bytes, options, [&](Article&& article) {
    article.id = "stdin";
    return sink(std::move(article));
  });
}

// ReadArticleText on a .jsonl: one article, or an error.
Result<Article> ReadSingleJsonLinesArticle(std::string_view bytes, const std::string& source) {
  std::vector<Article> articles;
  std::string first_error;
  Status status = ReadJsonLines(
      bytes, source,
      [&](Article&& article) {
        articles.push_back(std::move(article));
        return Status::Ok();
      },
      [&](size_t line, const std::string& reason) {
        if (first_error.empty()) first_error = "line " + std::to_string(line) + ": " + reason;
      });
  if (!status.ok()) return status;
  if (!first_error.empty()) return Status::InvalidArgument(first_error);
  if (articles.size() != 1) {
    return Status::InvalidArgument(
        "it holds " + std::to_string(articles.size()) +
        " JSON Lines articles where one was expected; read it with ReadArticles");
  }
  return std::move(articles.front());
}

}  // namespace

Article MakeArticle(std::string id, std::string_view raw_text, std::string title, std::string date,
                    std::string source) {
  Article article;
  article.id = std::move(id);
  article.text = DropBoilerplateLines(CleanText(raw_text));
  // After the boilerplate is gone: the date in "Screen Shot 2021-01-13 at
  // 12.32.36 PM" is when an image was made, not when the article was.
  article.date = ParseDate(date);
  if (article.date.empty()) article.date = FindHeaderDate(article.text);
  article.title = CleanText(title);
  article.source = std::move(source);
  return article;
}

Result<Article> ReadArticleText(std::string_view name, std::string_view bytes) {
  std::string why_not = WhyNotText(bytes);
  if (!why_not.empty()) return Status::InvalidArgument(why_not);
  std::string id = BaseName(name);
  std::string source(name);
  switch (FormatOf(name)) {
    case Format::kMarkdown: {
      MarkdownContent markdown = MarkdownToText(DecodeToUtf8(bytes));
      return MakeArticle(id, markdown.text, markdown.title, markdown.date, source);
    }
    case Format::kHtml: {
      HtmlContent html = HtmlToText(DecodeToUtf8(bytes));
      return MakeArticle(id, html.text, html.title, html.date, source);
    }
    case Format::kJsonLines:
      return ReadSingleJsonLinesArticle(bytes, source);
    case Format::kText:
    case Format::kUnknown:
      break;
  }
  return MakeArticle(id, bytes, "", "", source);
}

Status ReadArticles(const std::filesystem::path& path, const ReadOptions& options,
                    const std::function<Status(Article&&)>& sink) {
  if (path == "-") return ReadStandardInput(options, sink);
  std::error_code error;
  fs::file_status status = fs::status(path, error);
  if (!fs::exists(status)) {
    return Status::NotFound(path.string() +
                            ": no such file or directory (give an article file, a directory of "
                            "articles, or - for standard input)");
  }
  if (!fs::is_directory(status)) return ReadOneFile(path, FormatOf(path.string()), options, sink);
  for (const fs::path& file : ListArticleFiles(path, options)) {
    KG_RETURN_IF_ERROR(ReadOneFile(file, FormatOf(file.string()), options, sink));
  }
  return Status::Ok();
}

}  // namespace kg::extract
