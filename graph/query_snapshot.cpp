// The query snapshot (graph/query_snapshot.h): writing it from a store's
// scans, and reading it in place through mmap. docs/STORAGE.md, "The query
// snapshot", is the format's reference.
#include "graph/query_snapshot.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <bit>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <functional>
#include <numeric>
#include <type_traits>
#include <unordered_map>

#include <fmt/format.h>

#include "graph/codec.h"
#include "graph/rocks_store.h"

namespace kg::graph {
namespace fs = std::filesystem;

namespace snapshot_format {

// The file is read in place, so it is in the writer's byte order; a reader
// of the other order sees kByteOrder reversed and ignores the file.
inline constexpr char kMagic[8] = {'K', 'G', 'Q', 'S', 'N', 'A', 'P', '1'};
inline constexpr uint32_t kByteOrder = 0x01020304;
inline constexpr uint32_t kFormatVersion = 1;

enum SectionIndex : int {
  kText = 0,  // bytes: names, aliases, evidence rows, interned strings
  kEntities,  // EntitySlot per id, 0 .. max id
  kOutStart,  // u64 per id, one more: the id's first slot in kEdges
  kEdges,     // EdgeSlot per edge, in spo key order
  kInStart,   // u64 per id, one more: the id's first slot in kInEdges
  kInEdges,   // EdgeSlot per edge again, in ops key order
  kStrings,   // StringSlot per interned string (rule names, dates)
  kNames,     // NameSlot hash table of normalized names, a power of two
  kSectionCount,
};

struct Section {
  uint64_t offset = 0;  // from the start of the file
  uint64_t count = 0;   // items (bytes for kText)
};

struct Header {
  char magic[8];
  uint32_t byte_order;
  uint32_t format_version;
  uint64_t sequence;   // StoreVersion::sequence
  char identity[64];   // StoreVersion::identity, NUL-padded
  uint64_t file_size;  // a shorter file was cut short
  uint64_t evidence_per_edge;
  Section sections[kSectionCount];
};

struct EntitySlot {
  uint64_t text;  // the name, then each alias as a u32 size and its bytes
  uint64_t mentions;
  uint32_t name_size;
  uint32_t alias_count;
  uint8_t type;  // 0: no entity has this id
  uint8_t unused[7];
};

// An edge's kept rows follow each other in kText, each this header and then
// its document id and sentence: the rows an answer shows of one edge are a
// few hundred contiguous bytes, one page to touch rather than one per field.
// Not aligned: read with memcpy.
struct EvidenceRow {
  double confidence;
  uint32_t subject_begin, subject_end, object_begin, object_end;
  uint32_t rule;  // kStrings indexes
  uint32_t date;
  uint32_t doc_size;
  uint32_t sentence_size;
};

struct StringSlot {
  uint64_t offset;  // in kText
  uint64_t size;
};

struct NameSlot {
  uint64_t text;  // offset of the normalized name in kText
  uint32_t size;  // 0: an empty slot (a normalized name is never empty)
  uint32_t unused;
  uint64_t id;
};

static_assert(sizeof(Header) == 232);
static_assert(sizeof(EntitySlot) == 32 && sizeof(EdgeSlot) == 48 && sizeof(EvidenceRow) == 40 &&
              sizeof(StringSlot) == 16 && sizeof(NameSlot) == 24);
static_assert(std::is_trivially_copyable_v<EvidenceRow>);
static_assert(std::is_trivially_copyable_v<Header>);

// FNV-1a: the name table's hash, fixed by the format.
uint64_t NameHash(std::string_view name) {
  uint64_t hash = 1469598103934665603ULL;
  for (unsigned char c : name) hash = (hash ^ c) * 1099511628211ULL;
  return hash;
}

}  // namespace snapshot_format

using namespace snapshot_format;

// ---- Reading ----

namespace {

// mmap of the whole file; nullptr data on an empty file.
Result<std::pair<const char*, size_t>> MapFile(const fs::path& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return std::pair<const char*, size_t>{nullptr, 0};
    return Status::IOError(fmt::format("opening {}: {}", path.string(), std::strerror(errno)));
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || st.st_size < static_cast<off_t>(sizeof(Header))) {
    ::close(fd);
    return std::pair<const char*, size_t>{nullptr, 0};
  }
  size_t size = static_cast<size_t>(st.st_size);
  void* data = ::mmap(nullptr, size, PROT_READ, MAP_SHARED, fd, 0);
  ::close(fd);  // the mapping keeps the file
  if (data == MAP_FAILED) {
    return Status::IOError(fmt::format("mapping {}: {}", path.string(), std::strerror(errno)));
  }
  return std::pair<const char*, size_t>{static_cast<const char*>(data), size};
}

std::string_view IdentityOf(const Header& h) {
  return std::string_view(h.identity, strnlen(h.identity, sizeof(h.identity)));
}

}  // namespace

Result<std::unique_ptr<QuerySnapshot>> QuerySnapshot::Open(const fs::path& dir,
                                                           const StoreVersion& version) {
  Result<std::pair<const char*, size_t>> mapped = MapFile(dir / kQuerySnapshotFile);
  if (!mapped.ok()) return mapped.status();
  if (mapped->first == nullptr) return std::unique_ptr<QuerySnapshot>();
  std::unique_ptr<QuerySnapshot> snapshot(new QuerySnapshot());
  snapshot->data_ = mapped->first;
  snapshot->size_ = mapped->second;
  snapshot->header_ = reinterpret_cast<const Header*>(snapshot->data_);
  if (!snapshot->Attach(version)) return std::unique_ptr<QuerySnapshot>();
  return snapshot;
}

QuerySnapshot::~QuerySnapshot() {
  if (data_ != nullptr) ::munmap(const_cast<char*>(data_), size_);
}

template <typename T>
std::span<const T> QuerySnapshot::Section(int index) const {
  const snapshot_format::Section& s = header_->sections[index];
  return {reinterpret_cast<const T*>(data_ + s.offset), static_cast<size_t>(s.count)};
}

// Checks the header and points the sections into the mapping; false for a
// file to ignore. Every check is on the header and the ends of the index
// arrays, O(1) work, so that opening a store stays cheap.
bool QuerySnapshot::Attach(const StoreVersion& version) {
  const Header& h = *header_;
  if (std::memcmp(h.magic, kMagic, sizeof(kMagic)) != 0 || h.byte_order != kByteOrder ||
      h.format_version != kFormatVersion || h.file_size != size_ ||
      h.evidence_per_edge != kSnapshotEvidencePerEdge) {
    return false;
  }
  if (h.sequence != version.sequence || IdentityOf(h) != version.identity) return false;
  const size_t item_sizes[kSectionCount] = {1,
                                            sizeof(EntitySlot),
                                            8,
                                            sizeof(EdgeSlot),
                                            8,
                                            sizeof(EdgeSlot),
                                            sizeof(StringSlot),
                                            sizeof(NameSlot)};
  for (int i = 0; i < kSectionCount; ++i) {
    const snapshot_format::Section& s = h.sections[i];
    if (s.offset % 8 != 0 || s.offset > size_ || s.count > (size_ - s.offset) / item_sizes[i]) {
      return false;
    }
  }
  text_ = std::string_view(data_ + h.sections[kText].offset, h.sections[kText].count);
  entities_ = Section<EntitySlot>(kEntities);
  out_start_ = Section<uint64_t>(kOutStart);
  edges_ = Section<EdgeSlot>(kEdges);
  in_start_ = Section<uint64_t>(kInStart);
  in_edges_ = Section<EdgeSlot>(kInEdges);
  strings_ = Section<StringSlot>(kStrings);
  names_ = Section<NameSlot>(kNames);
  return out_start_.size() == entities_.size() + 1 && in_start_.size() == entities_.size() + 1 &&
         out_start_.back() == edges_.size() && in_start_.back() == in_edges_.size() &&
         in_edges_.size() == edges_.size() && !strings_.empty() &&
         std::has_single_bit(names_.size());
}

// Out-of-range offsets (a damaged file) read as empty rather than past the map.
std::string_view QuerySnapshot::Text(uint64_t offset, uint64_t size) const {
  if (offset > text_.size() || size > text_.size() - offset) return {};
  return text_.substr(offset, size);
}

std::string_view QuerySnapshot::String(uint32_t index) const {
  if (index >= strings_.size()) return {};
  return Text(strings_[index].offset, strings_[index].size);
}

std::optional<Entity> QuerySnapshot::GetEntity(EntityId id) const {
  if (id >= entities_.size() || entities_[id].type == 0) return std::nullopt;
  const EntitySlot& slot = entities_[id];
  Entity entity;
  entity.id = id;
  entity.name = Text(slot.text, slot.name_size);
  entity.type = static_cast<EntityType>(slot.type);
  entity.mentions = slot.mentions;
  uint64_t at = slot.text + slot.name_size;
  for (uint32_t i = 0; i < slot.alias_count; ++i) {
    uint32_t size = 0;
    std::string_view bytes = Text(at, sizeof(size));
    if (bytes.size() == sizeof(size)) std::memcpy(&size, bytes.data(), sizeof(size));
    entity.aliases.emplace_back(Text(at + sizeof(size), size));
    at += sizeof(size) + size;
  }
  return entity;
}

std::optional<EntityId> QuerySnapshot::FindNormalizedName(std::string_view normalized) const {
  const size_t mask = names_.size() - 1;
  for (size_t i = NameHash(normalized) & mask;; i = (i + 1) & mask) {
    const NameSlot& slot = names_[i];
    if (slot.size == 0) return std::nullopt;
    if (Text(slot.text, slot.size) == normalized) return slot.id;
  }
}

namespace {

// The slots of `relation` within one entity's slots [first, last), which
// are sorted by relation.
std::pair<size_t, size_t> RelationRange(std::span<const EdgeSlot> slots, size_t first, size_t last,
                                        Relation relation) {
  const uint8_t r = static_cast<uint8_t>(relation);
  auto begin = slots.begin();
  auto lo = std::partition_point(begin + first, begin + last,
                                 [r](const EdgeSlot& e) { return e.relation < r; });
  auto hi =
      std::partition_point(lo, begin + last, [r](const EdgeSlot& e) { return e.relation <= r; });
  return {static_cast<size_t>(lo - begin), static_cast<size_t>(hi - begin)};
}

}  // namespace

std::pair<size_t, size_t> QuerySnapshot::OutRange(EntityId id,
                                                  std::optional<Relation> relation) const {
  if (id >= entities_.size()) return {0, 0};
  size_t first = out_start_[id], last = out_start_[id + 1];
  if (first > last || last > edges_.size()) return {0, 0};
  if (!relation) return {first, last};
  return RelationRange(edges_, first, last, *relation);
}

std::pair<size_t, size_t> QuerySnapshot::InRange(EntityId id,
                                                 std::optional<Relation> relation) const {
  if (id >= entities_.size()) return {0, 0};
  size_t first = in_start_[id], last = in_start_[id + 1];
  if (first > last || last > in_edges_.size()) return {0, 0};
  if (!relation) return {first, last};
  return RelationRange(in_edges_, first, last, *relation);
}

std::optional<size_t> QuerySnapshot::FindEdge(const Edge& edge) const {
  auto [first, last] = OutRange(edge.subject, edge.relation);
  auto begin = edges_.begin();
  auto it = std::partition_point(begin + first, begin + last,
                                 [&](const EdgeSlot& e) { return e.object < edge.object; });
  if (it == begin + last || it->object != edge.object) return std::nullopt;
  return static_cast<size_t>(it - begin);
}

namespace {

// The number of kept rows of `slot` that answer for `limit` rows, or nullopt
// when the snapshot does not keep them all.
std::optional<size_t> KeptRows(const EdgeSlot& slot, size_t limit) {
  if (!slot.all_evidence && (limit == 0 || limit > slot.evidence_rows)) return std::nullopt;
  return limit == 0 ? slot.evidence_rows : std::min<size_t>(limit, slot.evidence_rows);
}

}  // namespace

template <typename Visit>
bool QuerySnapshot::ForEachRow(const EdgeSlot& slot, size_t rows, Visit visit) const {
  uint64_t at = slot.evidence;
  for (size_t i = 0; i < rows; ++i) {
    EvidenceRow row{};
    std::string_view fixed = Text(at, sizeof(row));
    if (fixed.size() != sizeof(row)) return false;  // damaged: let RocksDB answer
    std::memcpy(&row, fixed.data(), sizeof(row));
    at += sizeof(row);
    std::string_view doc = Text(at, row.doc_size);
    at += row.doc_size;
    std::string_view sentence = Text(at, row.sentence_size);
    at += row.sentence_size;
    visit(row, doc, sentence);
  }
  return true;
}

std::optional<std::vector<Evidence>> QuerySnapshot::GetEvidence(const Edge& edge,
                                                                size_t limit) const {
  std::optional<size_t> found = FindEdge(edge);
  if (!found) return std::nullopt;
  const EdgeSlot& slot = edges_[*found];
  std::optional<size_t> rows = KeptRows(slot, limit);
  if (!rows) return std::nullopt;
  std::vector<Evidence> out;
  out.reserve(*rows);
  const bool whole = ForEachRow(
      slot, *rows, [&](const EvidenceRow& row, std::string_view doc, std::string_view sentence) {
        Evidence& e = out.emplace_back();
        e.doc = doc;
        e.sentence = sentence;
        e.subject_span = {row.subject_begin, row.subject_end};
        e.object_span = {row.object_begin, row.object_end};
        e.rule = String(row.rule);
        e.confidence = row.confidence;
        e.date = String(row.date);
      });
  if (!whole) return std::nullopt;
  return out;
}

const EdgeSlot* QuerySnapshot::SlotOf(const Edge& edge, const EdgeSlot* where) const {
  if (where != nullptr) {
    auto inside = [where](std::span<const EdgeSlot> slots) {
      return !slots.empty() && std::less_equal<>()(slots.data(), where) &&
             std::less<>()(where, slots.data() + slots.size());
    };
    if ((inside(edges_) || inside(in_edges_)) && where->subject == edge.subject &&
        where->object == edge.object && where->relation == static_cast<uint8_t>(edge.relation)) {
      return where;
    }
  }
  std::optional<size_t> found = FindEdge(edge);
  return found ? &edges_[*found] : nullptr;
}

bool QuerySnapshot::GetEvidenceText(const Edge& edge, const EdgeSlot* where, size_t limit,
                                    std::vector<EvidenceText>* rows) const {
  rows->clear();
  const EdgeSlot* slot = SlotOf(edge, where);
  if (slot == nullptr) return false;
  std::optional<size_t> count = KeptRows(*slot, limit);
  if (!count) return false;
  return ForEachRow(*slot, *count,
                    [&](const EvidenceRow& row, std::string_view doc, std::string_view sentence) {
                      rows->push_back({doc, sentence, String(row.date)});
                    });
}

bool QuerySnapshot::EdgeDates(const Edge& edge, const EdgeSlot* where, std::string_view* first,
                              std::string_view* last) const {
  const EdgeSlot* slot = SlotOf(edge, where);
  if (slot == nullptr) return false;
  *first = String(slot->first_date);
  *last = String(slot->last_date);
  return true;
}

std::span<const EdgeSlot> QuerySnapshot::Slots(EntityId id, bool out) const {
  auto [first, last] = out ? OutRange(id, std::nullopt) : InRange(id, std::nullopt);
  return (out ? edges_ : in_edges_).subspan(first, last - first);
}

// Walks edge slots [position, end) of kEdges (out-edges) or kInEdges. An
// edge is decoded only when asked for, and its dates (interned strings,
// scattered over the text) only by edge().
class SnapshotEdgeCursor final : public EdgeCursor {
 public:
  SnapshotEdgeCursor(const QuerySnapshot* snapshot, std::pair<size_t, size_t> range, bool in)
      : snapshot_(snapshot),
        slots_(in ? snapshot->in_edges_ : snapshot->edges_),
        position_(range.first),
        end_(range.second) {}
  bool Valid() const override { return position_ < end_; }
  void Next() override {
    ++position_;
    loaded_ = false;
  }
  const Edge& edge() const override {
    if (!loaded_) {
      const EdgeSlot& slot = slots_[position_];
      Fill(slot, &edge_);
      edge_.first_date.assign(snapshot_->String(slot.first_date));
      edge_.last_date.assign(snapshot_->String(slot.last_date));
      loaded_ = true;
    }
    return edge_;
  }
  void EdgeWithoutDates(Edge* out) const override {
    Fill(slots_[position_], out);
    out->first_date.clear();
    out->last_date.clear();
  }
  const EdgeSlot* slot() const override { return &slots_[position_]; }
  Status status() const override { return Status::Ok(); }

 private:
  static void Fill(const EdgeSlot& slot, Edge* out) {
    out->subject = slot.subject;
    out->relation = static_cast<Relation>(slot.relation);
    out->object = slot.object;
    out->weight = slot.weight;
    out->confidence = slot.confidence;
  }

  const QuerySnapshot* snapshot_;
  std::span<const EdgeSlot> slots_;
  size_t position_;
  size_t end_;
  mutable Edge edge_;
  mutable bool loaded_ = false;
};

std::unique_ptr<EdgeCursor> QuerySnapshot::OutEdges(EntityId id,
                                                    std::optional<Relation> relation) const {
  return std::make_unique<SnapshotEdgeCursor>(this, OutRange(id, relation), false);
}

std::unique_ptr<EdgeCursor> QuerySnapshot::InEdges(EntityId id,
                                                   std::optional<Relation> relation) const {
  return std::make_unique<SnapshotEdgeCursor>(this, InRange(id, relation), true);
}

// ---- Writing ----

namespace {

fs::path TempPath(const fs::path& dir) { return dir / (std::string(kQuerySnapshotFile) + ".tmp"); }

// Appends bytes to the file being written, counting its offset.
class FileOut {
 public:
  explicit FileOut(const fs::path& path) : path_(path), file_(std::fopen(path.c_str(), "wb")) {
    if (file_ != nullptr) std::setvbuf(file_, nullptr, _IOFBF, 1 << 20);
  }
  ~FileOut() {
    if (file_ != nullptr) std::fclose(file_);
  }
  FileOut(const FileOut&) = delete;
  FileOut& operator=(const FileOut&) = delete;

  bool ok() const { return file_ != nullptr && !failed_; }
  uint64_t offset() const { return offset_; }
  void Append(const void* data, size_t size) {
    if (!ok() || size == 0) return;
    failed_ = std::fwrite(data, 1, size, file_) != size;
    offset_ += size;
  }
  void PadTo8() {
    static constexpr char kZeros[8] = {};
    Append(kZeros, (8 - offset_ % 8) % 8);
  }
  // Writes `header` at offset 0, flushes and syncs the file, then closes it.
  Status Finish(const Header& header) {
    if (ok()) failed_ = std::fflush(file_) != 0;
    if (ok()) failed_ = ::pwrite(fileno(file_), &header, sizeof(header), 0) != sizeof(header);
    if (ok()) failed_ = ::fsync(fileno(file_)) != 0;
    const int error = errno;
    if (file_ != nullptr && std::fclose(file_) != 0) failed_ = true;
    file_ = nullptr;
    if (!failed_) return Status::Ok();
    return Status::IOError(
        fmt::format("writing the query snapshot {}: {}", path_.string(), std::strerror(error)));
  }

 private:
  fs::path path_;
  std::FILE* file_;
  uint64_t offset_ = 0;
  bool failed_ = false;
};

// Gathers the slots while the store is scanned; text goes straight to the
// file, so memory holds the fixed-size slots only.
class SnapshotBuilder {
 public:
  explicit SnapshotBuilder(FileOut* out) : out_(out) {
    Header blank{};
    out_->Append(&blank, sizeof(blank));  // rewritten by Finish()
    text_start_ = out_->offset();
    strings_.push_back({0, 0});  // index 0: ""
  }

  Status AddEntity(const Entity& entity) {
    if (entity.id >= entities_.size()) entities_.resize(entity.id + 1, EntitySlot{});
    EntitySlot& slot = entities_[entity.id];
    slot.text = AppendText(entity.name);
    slot.name_size = static_cast<uint32_t>(entity.name.size());
    slot.alias_count = static_cast<uint32_t>(entity.aliases.size());
    slot.mentions = entity.mentions;
    slot.type = static_cast<uint8_t>(entity.type);
    for (const std::string& alias : entity.aliases) {
      const uint32_t size = static_cast<uint32_t>(alias.size());
      out_->Append(&size, sizeof(size));
      AppendText(alias);
    }
    return Status::Ok();
  }

  // `rows`: up to kSnapshotEvidencePerEdge + 1, to tell whether there are more.
  Status AddEdge(const Edge& edge, std::span<const Evidence> rows) {
    // An edge's ends are entities; room for both keeps the index arrays
    // whole even in a damaged store whose edge names a missing entity.
    const EntityId last_id = std::max(edge.subject, edge.object);
    if (last_id >= entities_.size()) entities_.resize(last_id + 1, EntitySlot{});
    EdgeSlot slot{};
    slot.subject = edge.subject;
    slot.object = edge.object;
    slot.confidence = edge.confidence;
    slot.weight = edge.weight;
    slot.first_date = Intern(edge.first_date);
    slot.last_date = Intern(edge.last_date);
    slot.relation = static_cast<uint8_t>(edge.relation);
    const size_t kept = std::min(rows.size(), kSnapshotEvidencePerEdge);
    slot.evidence_rows = static_cast<uint8_t>(kept);
    slot.all_evidence = rows.size() <= kSnapshotEvidencePerEdge;
    // Interning may append strings to the text: done first, so that the
    // rows are contiguous.
    std::vector<EvidenceRow> fixed;
    for (const Evidence& e : rows.first(kept)) fixed.push_back(RowOf(e));
    slot.evidence = out_->offset() - text_start_;
    for (size_t i = 0; i < kept; ++i) {
      out_->Append(&fixed[i], sizeof(EvidenceRow));
      AppendText(rows[i].doc);
      AppendText(rows[i].sentence);
    }
    edges_.push_back(slot);
    return Status::Ok();
  }

  void AddName(std::string_view normalized, EntityId id) {
    names_.push_back({AppendText(normalized), static_cast<uint32_t>(normalized.size()), 0, id});
    name_hashes_.push_back(NameHash(normalized));
  }

  Status Finish(const StoreVersion& version) {
    Header header{};
    std::memcpy(header.magic, kMagic, sizeof(kMagic));
    header.byte_order = kByteOrder;
    header.format_version = kFormatVersion;
    header.sequence = version.sequence;
    if (version.identity.size() >= sizeof(header.identity)) {
      return Status::Internal("the RocksDB identity is too long for the query snapshot header");
    }
    std::memcpy(header.identity, version.identity.data(), version.identity.size());
    header.evidence_per_edge = kSnapshotEvidencePerEdge;
    header.sections[kText] = {text_start_, out_->offset() - text_start_};
    if (entities_.empty()) entities_.resize(1, EntitySlot{});
    WriteSection(kEntities, std::span<const EntitySlot>(entities_), &header);
    WriteSection(kOutStart, std::span<const uint64_t>(OutStart()), &header);
    WriteSection(kEdges, std::span<const EdgeSlot>(edges_), &header);
    WriteSection(kInStart, std::span<const uint64_t>(InStart()), &header);
    SortInOpsOrder();  // the last use of edges_ in spo order
    WriteSection(kInEdges, std::span<const EdgeSlot>(edges_), &header);
    WriteSection(kStrings, std::span<const StringSlot>(strings_), &header);
    WriteSection(kNames, std::span<const NameSlot>(NameTable()), &header);
    header.file_size = out_->offset();
    return out_->Finish(header);
  }

 private:
  uint64_t AppendText(std::string_view text) {
    uint64_t at = out_->offset() - text_start_;
    out_->Append(text.data(), text.size());
    return at;
  }

  uint32_t Intern(const std::string& text) {
    if (text.empty()) return 0;
    auto [it, added] = interned_.try_emplace(text, static_cast<uint32_t>(strings_.size()));
    if (added) strings_.push_back({AppendText(text), text.size()});
    return it->second;
  }

  EvidenceRow RowOf(const Evidence& e) {
    EvidenceRow row{};
    row.confidence = e.confidence;
    row.subject_begin = e.subject_span.begin;
    row.subject_end = e.subject_span.end;
    row.object_begin = e.object_span.begin;
    row.object_end = e.object_span.end;
    row.rule = Intern(e.rule);
    row.date = Intern(e.date);
    row.doc_size = static_cast<uint32_t>(e.doc.size());
    row.sentence_size = static_cast<uint32_t>(e.sentence.size());
    return row;
  }

  template <typename T>
  void WriteSection(int index, std::span<const T> items, Header* header) {
    out_->PadTo8();
    header->sections[index] = {out_->offset(), items.size()};
    out_->Append(items.data(), items.size_bytes());
  }

  // Edges come in spo order, so each subject's out-edges are one run.
  std::vector<uint64_t> OutStart() const {
    std::vector<uint64_t> start(entities_.size() + 1, 0);
    for (const EdgeSlot& e : edges_) ++start[e.subject + 1];
    std::partial_sum(start.begin(), start.end(), start.begin());
    return start;
  }

  std::vector<uint64_t> InStart() const {
    std::vector<uint64_t> start(entities_.size() + 1, 0);
    for (const EdgeSlot& e : edges_) ++start[e.object + 1];
    std::partial_sum(start.begin(), start.end(), start.begin());
    return start;
  }

  // In-edges are whole copies rather than indexes into kEdges: a search
  // then reads an entity's in-edges from one run of memory, not from a
  // random place per edge.
  void SortInOpsOrder() {
    std::sort(edges_.begin(), edges_.end(), [](const EdgeSlot& x, const EdgeSlot& y) {
      return std::tie(x.object, x.relation, x.subject) < std::tie(y.object, y.relation, y.subject);
    });
  }

  // Open addressing with linear probing, at most half full.
  std::vector<NameSlot> NameTable() const {
    std::vector<NameSlot> table(std::bit_ceil(std::max<size_t>(2 * names_.size(), 16)), NameSlot{});
    const size_t mask = table.size() - 1;
    for (size_t n = 0; n < names_.size(); ++n) {
      size_t i = name_hashes_[n] & mask;
      while (table[i].size != 0) i = (i + 1) & mask;
      table[i] = names_[n];
    }
    return table;
  }

  FileOut* out_;
  uint64_t text_start_ = 0;
  std::vector<EntitySlot> entities_;
  std::vector<EdgeSlot> edges_;
  std::vector<StringSlot> strings_;
  std::unordered_map<std::string, uint32_t> interned_;
  std::vector<NameSlot> names_;
  std::vector<uint64_t> name_hashes_;
};

// Reads the written file back into the page cache in large pieces. Written
// pages sit in the cache one 4 KiB page each; dropped and read back, they
// come back in large folios, and every query process then maps the pages it
// touches at a fraction of the cost. Read through a mapping advised
// MADV_HUGEPAGE, the kernel reads the file in folios of 2 MiB (Linux 6.x on
// ext4 and xfs), which a query process maps whole, one page-table entry
// each: at 10^6 edges, touching all of a 236 MB snapshot took 266 page
// faults against 457 after read(), and a 2-hop query in a batch of 100 about
// 3% less time (one query in a fresh process, 5%). The kernel may split the
// folios later, under memory pressure. Where the advice is refused
// (transparent huge pages off), the file is read back with read(), whose
// readahead still gives large folios. Only advice: elsewhere the cache is
// merely warm. Skipped for a file larger than half the memory, which the
// cache would not keep anyway.
bool ReadBackInHugeFolios(int fd, size_t size) {
  void* data = ::mmap(nullptr, size, PROT_READ, MAP_SHARED, fd, 0);
  if (data == MAP_FAILED) return false;
  const bool advised = ::madvise(data, size, MADV_HUGEPAGE) == 0;
  if (advised) {
    const auto* bytes = static_cast<const volatile char*>(data);
    constexpr size_t kStride = 64 << 10;  // within every folio of the readahead
    for (size_t at = 0; at < size; at += kStride) (void)bytes[at];
  }
  ::munmap(data, size);
  return advised;
}

void RecacheInLargePieces(const fs::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return;
  struct stat st {};
  const long pages = ::sysconf(_SC_PHYS_PAGES);
  const long page_bytes = ::sysconf(_SC_PAGESIZE);
  const bool fits = ::fstat(fd, &st) == 0 && st.st_size > 0 && pages > 0 && page_bytes > 0 &&
                    static_cast<uint64_t>(st.st_size) <=
                        static_cast<uint64_t>(pages) * static_cast<uint64_t>(page_bytes) / 2;
  if (fits && ::posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED) == 0 &&
      !ReadBackInHugeFolios(fd, static_cast<size_t>(st.st_size))) {
    std::vector<char> buffer(1 << 20);
    while (::read(fd, buffer.data(), buffer.size()) > 0) {
    }
  }
  ::close(fd);
}

}  // namespace

Status WriteQuerySnapshot(const RocksStore& store, const fs::path& dir,
                          const StoreVersion& version) {
  const fs::path final_path = dir / kQuerySnapshotFile;
  const fs::path temp_path = TempPath(dir);
  FileOut out(temp_path);
  if (!out.ok()) {
    return Status::IOError(fmt::format("creating the query snapshot {}: {}", temp_path.string(),
                                       std::strerror(errno)));
  }
  SnapshotBuilder builder(&out);
  KG_RETURN_IF_ERROR(store.ForEachEntity([&](const Entity& e) { return builder.AddEntity(e); }));
  KG_RETURN_IF_ERROR(store.ForEachEdgeWithEvidence(
      kSnapshotEvidencePerEdge + 1, [&](const Edge& edge, std::span<const Evidence> rows) {
        return builder.AddEdge(edge, rows);
      }));
  KG_RETURN_IF_ERROR(
      store.ScanPrefix(kCfNames, "", [&](std::string_view key, std::string_view value) {
        Result<NameValue> name = DecodeName(value);
        if (!name.ok()) return name.status();
        builder.AddName(key, name->id);
        return Status::Ok();
      }));
  KG_RETURN_IF_ERROR(builder.Finish(version));
  std::error_code ec;
  fs::rename(temp_path, final_path, ec);
  if (ec) {
    return Status::IOError(fmt::format("renaming the query snapshot {} to {}: {}",
                                       temp_path.string(), final_path.string(), ec.message()));
  }
  RecacheInLargePieces(final_path);
  return Status::Ok();
}

bool Store::HasQuerySnapshot(const fs::path& dir) {
  std::error_code ec;
  return fs::exists(dir / kQuerySnapshotFile, ec);
}

Status RemoveQuerySnapshot(const fs::path& dir) {
  // The temporary file is what a writer killed while writing one leaves.
  for (const fs::path& path : {dir / kQuerySnapshotFile, TempPath(dir)}) {
    std::error_code ec;
    fs::remove(path, ec);
    if (ec) {
      return Status::IOError(
          fmt::format("removing the stale query snapshot {}: {}", path.string(), ec.message()));
    }
  }
  return Status::Ok();
}

}  // namespace kg::graph
