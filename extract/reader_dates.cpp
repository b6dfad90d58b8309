// Dates in article headers and metadata, normalized to YYYY-MM-DD.
#include <re2/re2.h>

#include <cctype>
#include <cstdio>
#include <string>
#include <string_view>

#include "extract/text_hygiene.h"

namespace kg::extract {
namespace {

// Header lines are short; a long line is prose, where a date is an event.
constexpr size_t kMaxHeaderLineBytes = 80;
constexpr int kHeaderLinesSearched = 5;

constexpr std::string_view kMonthNames[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                            "jul", "aug", "sep", "oct", "nov", "dec"};

int MonthNumber(std::string_view name) {
  if (name.size() < 3) return 0;
  std::string prefix;
  for (char c : name.substr(0, 3)) prefix += static_cast<char>(std::tolower(c));
  for (int i = 0; i < 12; ++i) {
    if (kMonthNames[i] == prefix) return i + 1;
  }
  return 0;
}

bool IsLeapYear(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

std::string FormatDate(int year, int month, int day) {
  constexpr int kDaysInMonth[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (year < 1900 || year > 2199 || month < 1 || month > 12 || day < 1) return "";
  int days = kDaysInMonth[month - 1] + (month == 2 && IsLeapYear(year) ? 1 : 0);
  if (day > days) return "";
  char buffer[48];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", year, month, day);
  return buffer;
}

#define KG_MONTH                                                                   \
  "(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|" \
  "sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"

}  // namespace

std::string ParseDate(std::string_view text) {
  // Not \\b: "2020-10-15T08:00" has no word boundary after the day.
  static const RE2 iso("(?:^|\\D)(\\d{4})-(\\d{2})-(\\d{2})(?:\\D|$)");
  static const RE2 month_day_year("(?i)\\b" KG_MONTH
                                  "\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})\\b");
  static const RE2 day_month_year("(?i)\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+" KG_MONTH
                                  "\\.?,?\\s+(\\d{4})\\b");
  re2::StringPiece input(text.data(), text.size());
  int year = 0, month = 0, day = 0;
  std::string month_name;
  if (RE2::PartialMatch(input, iso, &year, &month, &day)) return FormatDate(year, month, day);
  if (RE2::PartialMatch(input, month_day_year, &month_name, &day, &year)) {
    return FormatDate(year, MonthNumber(month_name), day);
  }
  if (RE2::PartialMatch(input, day_month_year, &day, &month_name, &year)) {
    return FormatDate(year, MonthNumber(month_name), day);
  }
  return "";
}

std::string FindHeaderDate(std::string_view text) {
  int lines_seen = 0;
  while (!text.empty() && lines_seen < kHeaderLinesSearched) {
    size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    bool blank = line.find_first_not_of(" \t") == std::string_view::npos;
    if (!blank) {
      ++lines_seen;
      if (line.size() <= kMaxHeaderLineBytes) {
        std::string date = ParseDate(line);
        if (!date.empty()) return date;
      }
    }
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return "";
}

}  // namespace kg::extract
