// TimeRange (query/query.h): date validation and the per-edge test used by
// StoreGraph and DescribeEntity.
#include <fmt/format.h>

#include "query/store_graph.h"

namespace kg::query {
namespace {

bool Digits(std::string_view s) {
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

int Number(std::string_view s) {
  int n = 0;
  for (char c : s) n = n * 10 + (c - '0');
  return n;
}

// Dates compare as text; a stored date may carry a time after the day.
std::string_view Day(const std::string& date) {
  return std::string_view(date).substr(0, std::min<size_t>(date.size(), 10));
}

}  // namespace

Status ValidateDate(std::string_view date, std::string_view name) {
  const bool shaped = date.size() == 10 && date[4] == '-' && date[7] == '-' &&
                      Digits(date.substr(0, 4)) && Digits(date.substr(5, 2)) &&
                      Digits(date.substr(8, 2));
  if (shaped) {
    int month = Number(date.substr(5, 2));
    int day = Number(date.substr(8, 2));
    if (month >= 1 && month <= 12 && day >= 1 && day <= 31) return Status::Ok();
  }
  return Status::InvalidArgument(
      fmt::format("{} \"{}\" is not a date; expected YYYY-MM-DD, e.g. 2021-03-01", name, date));
}

Status ValidateTimeRange(const TimeRange& range) {
  if (range.since) KG_RETURN_IF_ERROR(ValidateDate(*range.since, "since"));
  if (range.until) KG_RETURN_IF_ERROR(ValidateDate(*range.until, "until"));
  if (range.since && range.until && *range.since > *range.until) {
    return Status::InvalidArgument(fmt::format(
        "since {} is after until {}; give the earlier date as since", *range.since, *range.until));
  }
  return Status::Ok();
}

namespace internal {

Result<bool> InTimeRange(const Store& store, const Edge& edge, const TimeRange& range) {
  if (range.unbounded()) return true;
  if (edge.first_date.empty() || edge.last_date.empty()) return false;  // no dated evidence
  auto inside = [&](std::string_view day) {
    return (!range.since || day >= *range.since) && (!range.until || day <= *range.until);
  };
  std::string_view first = Day(edge.first_date), last = Day(edge.last_date);
  if (inside(first) || inside(last)) return true;
  if ((range.since && last < *range.since) || (range.until && first > *range.until)) return false;
  // The range lies strictly between the first and last dates: ask the rows.
  Result<std::vector<graph::Evidence>> rows = store.GetEvidence(edge, 0);
  if (!rows.ok()) return rows.status();
  for (const graph::Evidence& row : *rows) {
    if (!row.date.empty() && inside(Day(row.date))) return true;
  }
  return false;
}

}  // namespace internal
}  // namespace kg::query
