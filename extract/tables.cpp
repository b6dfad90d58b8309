#include "extract/tables.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <optional>

namespace kg::extract {
namespace {

constexpr size_t kMinCells = 3;  // a label column and two score columns

bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

Span Trim(std::string_view text, Span s) {
  while (s.begin < s.end && IsBlank(text[s.begin])) ++s.begin;
  while (s.end > s.begin && IsBlank(text[s.end - 1])) --s.end;
  return s;
}

std::vector<Span> SplitOnPipes(std::string_view text, Span line) {
  std::vector<Span> cells;
  uint32_t start = line.begin;
  for (uint32_t i = line.begin; i <= line.end; ++i) {
    if (i < line.end && text[i] != '|') continue;
    Span cell = Trim(text, {start, i});
    // The empty cells outside a leading or trailing "|" are no cells.
    bool outer = (start == line.begin || i == line.end) && cell.begin == cell.end;
    if (!outer) cells.push_back(cell);
    start = i + 1;
  }
  return cells;
}

std::vector<Span> SplitOnGaps(std::string_view text, Span line) {
  std::vector<Span> cells;
  uint32_t start = line.begin;
  uint32_t i = line.begin;
  while (i < line.end) {
    uint32_t gap = i;
    while (gap < line.end && IsBlank(text[gap])) ++gap;
    bool separates = gap - i >= 2 || (gap > i && text[i] == '\t');
    if (separates) {
      Span cell = Trim(text, {start, i});
      if (cell.begin < cell.end) cells.push_back(cell);
      start = gap;
    }
    i = gap > i ? gap : i + 1;
  }
  Span last = Trim(text, {start, line.end});
  if (last.begin < last.end) cells.push_back(last);
  return cells;
}

std::vector<Span> Cells(std::string_view text, Span line) {
  std::string_view s = text.substr(line.begin, line.end - line.begin);
  if (std::count(s.begin(), s.end(), '|') >= 2) return SplitOnPipes(text, line);
  return SplitOnGaps(text, line);
}

bool IsSeparator(std::string_view line) {
  bool dash = false;
  for (char c : line) {
    if (c == '-') dash = true;
    if (c != '-' && c != '|' && c != ':' && !IsBlank(c)) return false;
  }
  return dash;
}

}  // namespace

// "93.5", "86.8%", "±1.2", "--", "n/a": a score or a missing one.
bool IsScore(std::string_view cell) {
  if (cell == "--" || cell == "-" || cell == "n/a" || cell == "N/A" || cell == "\xE2\x80\x94")
    return true;
  bool digit = false;
  for (char c : cell) {
    if (std::isdigit(static_cast<unsigned char>(c))) {
      digit = true;
    } else if (std::string_view(".,%+-/()x ").find(c) == std::string_view::npos &&
               static_cast<unsigned char>(c) < 0x80) {
      return false;
    }
  }
  return digit;
}

bool HasDigit(std::string_view cell) {
  return std::any_of(cell.begin(), cell.end(),
                     [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
}

namespace {

std::vector<Span> Lines(std::string_view text) {
  std::vector<Span> lines;
  uint32_t start = 0;
  for (size_t end; (end = text.find('\n', start)) != std::string_view::npos;) {
    lines.push_back({start, static_cast<uint32_t>(end)});
    start = static_cast<uint32_t>(end + 1);
  }
  lines.push_back({start, static_cast<uint32_t>(text.size())});
  return lines;
}

constexpr uint64_t kEveryByte = 0x0101010101010101ull;

// The top bit of each byte of `eight` that equals `byte`, and no other bit
// (no carry crosses from byte to byte).
uint64_t BytesEqual(uint64_t eight, char byte) {
  constexpr uint64_t kLow7 = kEveryByte * 0x7F;
  uint64_t x = eight ^ (kEveryByte * static_cast<unsigned char>(byte));  // 0 where equal
  return ~(((x & kLow7) + kLow7) | x | kLow7);
}

// Whether a line may hold cells: a "|", a tab or two spaces in a row. Most
// lines are prose with none: eight bytes at a time, where a search for each
// read the line thrice.
bool MayHoldCells(std::string_view line) {
  size_t i = 0;
  for (; i + 9 <= line.size(); i += 8) {
    uint64_t eight, next;  // next: the same bytes shifted by one
    std::memcpy(&eight, line.data() + i, 8);
    std::memcpy(&next, line.data() + i + 1, 8);
    if (BytesEqual(eight, '|') | BytesEqual(eight, '\t') |
        (BytesEqual(eight, ' ') & BytesEqual(next, ' ')))
      return true;
  }
  bool space_before = i > 0 && line[i - 1] == ' ';
  for (; i < line.size(); ++i) {
    char c = line[i];
    if (c == '|' || c == '\t' || (c == ' ' && space_before)) return true;
    space_before = c == ' ';
  }
  return false;
}

std::string_view Slice(std::string_view text, Span s) {
  return text.substr(s.begin, s.end - s.begin);
}

// A row of `width` cells whose cells after the first are scores, one with a digit.
std::optional<TableRow> ScoreRow(std::string_view text, Span line, size_t width) {
  TableRow row{line, Cells(text, line)};
  if (row.cells.size() != width) return std::nullopt;
  bool any_digit = false;
  for (size_t c = 1; c < row.cells.size(); ++c) {
    std::string_view cell = Slice(text, row.cells[c]);
    if (!IsScore(cell)) return std::nullopt;
    any_digit = any_digit || HasDigit(cell);
  }
  if (!any_digit) return std::nullopt;
  return row;
}

bool HasPipes(std::string_view line) { return std::count(line.begin(), line.end(), '|') >= 2; }

// Whether a header names its columns: none of its cells after the first is a score.
bool NamesColumns(std::string_view text, const TableRow& header) {
  return std::none_of(header.cells.begin() + 1, header.cells.end(),
                      [&](Span c) { return IsScore(Slice(text, c)); });
}

}  // namespace

std::vector<Table> FindRecordTables(std::string_view text) {
  std::vector<Table> tables;
  std::vector<Span> lines = Lines(text);
  for (size_t i = 0; i + 1 < lines.size(); ++i) {
    if (!HasPipes(Slice(text, lines[i]))) continue;
    TableRow header{lines[i], SplitOnPipes(text, lines[i])};
    if (header.cells.size() < kMinCells || !NamesColumns(text, header)) continue;
    size_t next = i + 1;
    if (IsSeparator(Slice(text, lines[next]))) ++next;
    Table table{header, {}};
    bool all_scores = true;  // FindTables' kind: every row's cells after the first scores
    for (; next < lines.size() && HasPipes(Slice(text, lines[next])); ++next) {
      TableRow row{lines[next], SplitOnPipes(text, lines[next])};
      if (row.cells.size() != header.cells.size()) break;
      all_scores = all_scores && std::all_of(row.cells.begin() + 1, row.cells.end(),
                                             [&](Span c) { return IsScore(Slice(text, c)); });
      table.rows.push_back(std::move(row));
    }
    if (!table.rows.empty() && !all_scores) tables.push_back(std::move(table));
    i = std::max(i, next - 1);
  }
  return tables;
}

std::vector<Table> FindTables(std::string_view text) {
  std::vector<Table> tables;
  std::vector<Span> lines = Lines(text);
  for (size_t i = 0; i + 1 < lines.size(); ++i) {
    // Most lines are prose: no "|", tab or run of spaces, no table.
    if (!MayHoldCells(Slice(text, lines[i]))) continue;
    TableRow header{lines[i], Cells(text, lines[i])};
    if (header.cells.size() < kMinCells) continue;
    // A header names its columns: no header cell after the first is a score.
    bool names = std::none_of(header.cells.begin() + 1, header.cells.end(),
                              [&](Span c) { return IsScore(Slice(text, c)); });
    if (!names) continue;
    size_t next = i + 1;
    if (IsSeparator(Slice(text, lines[next]))) ++next;
    Table table{header, {}};
    while (next < lines.size()) {
      std::optional<TableRow> row = ScoreRow(text, lines[next], header.cells.size());
      if (!row) break;
      table.rows.push_back(std::move(*row));
      ++next;
    }
    if (table.rows.empty()) continue;
    tables.push_back(std::move(table));
    i = next - 1;
  }
  return tables;
}

}  // namespace kg::extract
