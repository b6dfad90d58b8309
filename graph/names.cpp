// SuggestNames and MergeReasons: questions about the name index.
#include <algorithm>
#include <tuple>

#include <fmt/format.h>

#include "graph/rocks_store.h"

namespace kg::graph {
namespace {

// A "did you mean" looks at this many index entries at most, so that a typo
// costs milliseconds even in a store of millions of names.
constexpr size_t kMaxSuggestScan = 50000;

// Levenshtein distance over bytes, giving up (returning max + 1) once every
// cell of a row exceeds `max`.
size_t EditDistance(std::string_view a, std::string_view b, size_t max) {
  if (a.size() > b.size() + max || b.size() > a.size() + max) return max + 1;
  std::vector<size_t> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    size_t best = row[0];
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
      best = std::min(best, row[j]);
    }
    if (best > max) return max + 1;
  }
  return row[b.size()];
}

struct Candidate {
  size_t distance;
  size_t length_gap;
  std::string normalized;
  std::string surface;
  bool operator<(const Candidate& o) const {
    return std::tie(distance, length_gap, normalized) <
           std::tie(o.distance, o.length_gap, o.normalized);
  }
};

}  // namespace

// Candidates share the query's first byte: typos at the start of a name are
// rare, and the restriction keeps the scan to one slice of the index. A name
// that extends the query counts as distance 1 however long it is.
std::vector<std::string> RocksStore::SuggestNames(std::string_view name, size_t limit) const {
  std::string query = NormalizeName(name);
  if (query.empty() || limit == 0) return {};
  const size_t max_distance = std::max<size_t>(1, query.size() / 3);
  std::vector<Candidate> found;
  size_t scanned = 0;
  static const Status kStop = Status::Internal("suggestion scan budget reached");
  (void)ScanPrefix(kCfNames, query.substr(0, 1), [&](std::string_view key, std::string_view value) {
    if (++scanned > kMaxSuggestScan) return kStop;
    size_t distance = key.starts_with(query) ? std::min<size_t>(key == query ? 0 : 1, 1)
                                             : EditDistance(query, key, max_distance);
    if (distance > max_distance) return Status::Ok();
    Result<NameValue> entry = DecodeName(value);
    if (!entry.ok()) return Status::Ok();
    size_t gap = key.size() > query.size() ? key.size() - query.size() : query.size() - key.size();
    found.push_back({distance, gap, std::string(key), entry->surface});
    return Status::Ok();
  });
  std::sort(found.begin(), found.end());
  std::vector<std::string> out;
  for (const Candidate& c : found) {
    if (out.size() >= limit) break;
    if (std::find(out.begin(), out.end(), c.surface) == out.end()) out.push_back(c.surface);
  }
  return out;
}

Result<std::vector<std::string>> RocksStore::MergeReasons(std::string_view a,
                                                          std::string_view b) const {
  Result<std::optional<Entity>> ea = FindEntity(a);
  if (!ea.ok()) return ea.status();
  Result<std::optional<Entity>> eb = FindEntity(b);
  if (!eb.ok()) return eb.status();
  for (const auto& [name, entity] : {std::pair{a, &*ea}, std::pair{b, &*eb}}) {
    if (!*entity) return Status::NotFound(fmt::format("no entity named \"{}\"", name));
  }
  if ((*ea)->id != (*eb)->id) return std::vector<std::string>();
  const Entity& entity = **ea;
  const std::string canonical = NormalizeName(entity.name);
  std::vector<std::string> reasons;
  auto add = [&](std::string reason) {
    if (std::find(reasons.begin(), reasons.end(), reason) == reasons.end()) {
      reasons.push_back(std::move(reason));
    }
  };
  for (std::string_view name : {a, b}) {
    std::string normalized = NormalizeName(name);
    if (normalized == canonical) {
      if (name != entity.name) {
        add(fmt::format("\"{}\" and \"{}\" have the same normalized name \"{}\"", name, entity.name,
                        normalized));
      }
      continue;
    }
    Status s = ScanPrefix(kCfMerges, MergePrefix(entity.id, normalized),
                          [&](std::string_view, std::string_view value) {
                            add(std::string(value));
                            return Status::Ok();
                          });
    if (!s.ok()) return s;
  }
  if (reasons.empty() && a != b) {
    add(fmt::format("\"{}\" and \"{}\" have the same normalized name \"{}\"", a, b,
                    NormalizeName(a)));
  }
  return reasons;
}

}  // namespace kg::graph
