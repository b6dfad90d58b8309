// OutEdges/InEdges: prefix-bounded cursors over the spo and ops families;
// ForEachEdgeWithEvidence: spo and evidence walked side by side.
#include <fmt/format.h>
#include <rocksdb/db.h>
#include <rocksdb/iterator.h>

#include "graph/codec.h"
#include "graph/rocks_store.h"

namespace kg::graph {
namespace {

// Iterates one prefix of spo (or ops) keys: an entity id and, optionally,
// a relation. iterate_upper_bound stops RocksDB at the prefix's end, so the
// cursor never reads a block past it.
class PrefixEdgeCursor final : public EdgeCursor {
 public:
  PrefixEdgeCursor(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* cf, std::string prefix,
                   bool reversed)
      : prefix_(std::move(prefix)), upper_(PrefixSuccessor(prefix_)), reversed_(reversed) {
    upper_slice_ = rocksdb::Slice(upper_);
    rocksdb::ReadOptions ro;
    if (!upper_.empty()) ro.iterate_upper_bound = &upper_slice_;
    it_.reset(db->NewIterator(ro, cf));
    it_->Seek(prefix_);
    Load();
  }

  bool Valid() const override { return valid_; }
  void Next() override {
    it_->Next();
    Load();
  }
  const Edge& edge() const override { return edge_; }
  Status status() const override {
    if (!status_.ok()) return status_;
    rocksdb::Status s = it_->status();
    if (s.ok()) return Status::Ok();
    return Status::IOError(fmt::format("reading edges: {}", s.ToString()));
  }

 private:
  void Load() {
    valid_ = it_->Valid();
    if (!valid_) return;
    std::string_view key(it_->key().data(), it_->key().size());
    if (key.size() != kEdgeKeySize) return Fail(Status::Corruption("an edge key is not 17 bytes"));
    EdgeKey k = reversed_ ? DecodeOpsKey(key) : DecodeSpoKey(key);
    edge_.subject = k.subject;
    edge_.relation = k.relation;
    edge_.object = k.object;
    std::string_view value(it_->value().data(), it_->value().size());
    if (!DecodeEdgeValue(value, &edge_)) Fail(DecodeEdgeValue(value).status());
  }
  void Fail(Status s) {
    status_ = std::move(s);
    valid_ = false;
  }

  std::string prefix_;
  std::string upper_;
  rocksdb::Slice upper_slice_;
  bool reversed_;
  std::unique_ptr<rocksdb::Iterator> it_;
  bool valid_ = false;
  Edge edge_;
  Status status_;
};

std::string EdgePrefix(EntityId id, std::optional<Relation> relation) {
  std::string prefix;
  PutU64(&prefix, id);
  if (relation) PutU8(&prefix, static_cast<uint8_t>(*relation));
  return prefix;
}

}  // namespace

std::unique_ptr<EdgeCursor> RocksStore::OutEdges(EntityId id,
                                                 std::optional<Relation> relation) const {
  if (snapshot_) return snapshot_->OutEdges(id, relation);
  return std::make_unique<PrefixEdgeCursor>(db_.get(), cf_[kCfSpo], EdgePrefix(id, relation),
                                            false);
}

std::unique_ptr<EdgeCursor> RocksStore::InEdges(EntityId id,
                                                std::optional<Relation> relation) const {
  if (snapshot_) return snapshot_->InEdges(id, relation);
  return std::make_unique<PrefixEdgeCursor>(db_.get(), cf_[kCfOps], EdgePrefix(id, relation), true);
}

namespace {

// Releases a snapshot when the scan ends, however it ends.
class SnapshotGuard {
 public:
  explicit SnapshotGuard(rocksdb::DB* db) : db_(db), snapshot_(db->GetSnapshot()) {}
  ~SnapshotGuard() {
    if (snapshot_ != nullptr) db_->ReleaseSnapshot(snapshot_);
  }
  SnapshotGuard(const SnapshotGuard&) = delete;
  SnapshotGuard& operator=(const SnapshotGuard&) = delete;
  const rocksdb::Snapshot* get() const { return snapshot_; }

 private:
  rocksdb::DB* db_;
  const rocksdb::Snapshot* snapshot_;
};

// Moves `it` to the first key >= `target`. Evidence keys extend spo keys, so
// it is usually there already or a row or two behind (rows past a limit):
// a few Next() calls beat a Seek, which searches the index again.
void CatchUp(rocksdb::Iterator* it, const rocksdb::Slice& target) {
  constexpr int kMaxSteps = 8;
  for (int steps = 0; it->Valid() && it->key().compare(target) < 0; ++steps) {
    if (steps == kMaxSteps) return it->Seek(target);
    it->Next();
  }
}

}  // namespace

// Both iterators read one snapshot, so a concurrent writer cannot make the
// evidence disagree with the edges. A hot loop, longer than usual.
Status RocksStore::ForEachEdgeWithEvidence(
    size_t limit,
    const std::function<Status(const Edge&, std::span<const Evidence>)>& visit) const {
  SnapshotGuard snapshot(db_.get());
  rocksdb::ReadOptions ro;
  ro.snapshot = snapshot.get();
  ro.fill_cache = false;  // a one-off whole scan should not evict the query working set
  ro.readahead_size = 2 << 20;
  std::unique_ptr<rocksdb::Iterator> edges(db_->NewIterator(ro, cf_[kCfSpo]));
  std::unique_ptr<rocksdb::Iterator> evidence(db_->NewIterator(ro, cf_[kCfEvidence]));
  evidence->SeekToFirst();
  std::vector<Evidence> rows;
  for (edges->SeekToFirst(); edges->Valid(); edges->Next()) {
    const rocksdb::Slice key = edges->key();
    if (key.size() != kEdgeKeySize) return Status::Corruption("an edge key is not 17 bytes");
    Result<EdgeValue> v =
        DecodeEdgeValue(std::string_view(edges->value().data(), edges->value().size()));
    if (!v.ok()) return v.status();
    EdgeKey k = DecodeSpoKey(std::string_view(key.data(), key.size()));
    const Edge edge{k.subject,
                    k.relation,
                    k.object,
                    v->weight,
                    v->confidence,
                    std::move(v->first_date),
                    std::move(v->last_date)};
    rows.clear();
    CatchUp(evidence.get(), key);
    for (; evidence->Valid() && evidence->key().starts_with(key); evidence->Next()) {
      if (limit != 0 && rows.size() >= limit) break;
      std::string_view row_key(evidence->key().data(), evidence->key().size());
      Result<Evidence> e =
          DecodeEvidence(EvidenceKeyDoc(row_key),
                         std::string_view(evidence->value().data(), evidence->value().size()));
      if (!e.ok()) return e.status();
      rows.push_back(std::move(*e));
    }
    KG_RETURN_IF_ERROR(visit(edge, rows));
  }
  KG_RETURN_IF_ERROR(Wrap(edges->status(), "scanning the edges of"));
  return Wrap(evidence->status(), "scanning the evidence of");
}

}  // namespace kg::graph
