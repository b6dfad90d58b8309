// extract/tables.h: internal; see extract/extract.h.
// Score tables in article text: a header line of names and rows of numbers.
#pragma once

#include <string_view>
#include <vector>

#include "extract/extract.h"

namespace kg::extract {

struct TableRow {
  Span line;                // the whole line, without its line break
  std::vector<Span> cells;  // trimmed, left to right
};

// A header ("| Benchmark | Tülu 3 70B | Llama 3.1 70B |" or "Benchmark   Claude 3
// Opus   GPT-4") and the rows right below it with as many cells, each cell
// after the first a score ("93.5", "86.8%", "--"), at least one with a digit.
struct Table {
  TableRow header;
  std::vector<TableRow> rows;
};

// Cells are separated by "|" when a line has two or more, else by runs of
// two or more spaces or a tab. Markdown separator lines ("|---|:--:|") are
// skipped. Spans are byte offsets into `text`.
std::vector<Table> FindTables(std::string_view text);

// A table of records between "|"s: a header naming each column and rows with
// as many cells, some of them names ("| 1 | Claude Sonnet 4.5 | Anthropic |
// 77.2 |"). Tables FindTables() finds (every cell after the first a score)
// are not repeated here.
std::vector<Table> FindRecordTables(std::string_view text);

// "93.5", "86.8%", "--": a score or a missing one.
bool IsScore(std::string_view cell);
// Whether a cell holds a digit (a score, not a missing one).
bool HasDigit(std::string_view cell);

}  // namespace kg::extract
