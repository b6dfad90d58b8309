// Opening the RocksDB store, committing changes, and the read paths.
#include "graph/rocks_store.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <numeric>
#include <system_error>

#include <fmt/format.h>
#include <rocksdb/cache.h>
#include <rocksdb/convenience.h>
#include <rocksdb/env.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/table.h>
#include <rocksdb/write_batch.h>

#include "graph/codec.h"

namespace kg::graph {
namespace fs = std::filesystem;

namespace {

Status Damaged(const fs::path& dir, std::string_view what) {
  return Status::Corruption(
      fmt::format("database {} is damaged ({}); restore it from a copy, or re-ingest the articles "
                  "into a new directory (`kg check --repair` mends indexes and counters, not lost "
                  "or broken files)",
                  dir.string(), what));
}

}  // namespace

Status FromRocks(const rocksdb::Status& s, const fs::path& dir, std::string_view doing) {
  if (s.ok()) return Status::Ok();
  std::string detail = s.ToString();
  // A full disk or a permission the user can grant is theirs to fix: exit 1.
  if (s.IsNoSpace() || detail.find("No space left") != std::string::npos) {
    return Status::InvalidArgument(
        fmt::format("{} database {}: the disk is full ({}); free some space and run the command "
                    "again (a document is written whole or not at all)",
                    doing, dir.string(), detail));
  }
  if (detail.find("Permission denied") != std::string::npos) {
    return Status::InvalidArgument(
        fmt::format("{} database {}: permission denied ({}); run kg as a user who may read and "
                    "write the directory and its files, or give another --db",
                    doing, dir.string(), detail));
  }
  // "While lock file: DIR/LOCK: Resource temporarily unavailable"
  if (s.IsIOError() &&
      (detail.find("lock file") != std::string::npos || detail.find("LOCK") != std::string::npos)) {
    return Status::Busy(fmt::format(
        "database {} is in use by another kg process ({}); wait for it to finish, or open the "
        "database read-only",
        dir.string(), detail));
  }
  if (s.IsCorruption()) return Damaged(dir, fmt::format("{} it: {}", doing, detail));
  std::string msg = fmt::format("{} database {}: {}", doing, dir.string(), detail);
  if (s.IsNotFound()) return Status::NotFound(msg);
  return Status::IOError(msg);
}

namespace {

Status NotFullyCreated(const fs::path& dir) {
  return Status::NotFound(
      fmt::format("the kg database at {} was not fully created (its writer stopped early); run `kg "
                  "ingest` to finish creating it",
                  dir.string()));
}

// What the files in a database directory say about how far it got.
struct DirFiles {
  bool any = false;
  bool manifest = false;
  // Only what a writer killed while RocksDB creates a database leaves (LOCK,
  // LOG, IDENTITY, a first MANIFEST), with no CURRENT yet.
  bool only_creation_leftovers = true;
  // Table files or a non-empty write-ahead log: a store that has held data,
  // which a killed creation never leaves.
  bool holds_data = false;
};

DirFiles ScanDir(const fs::path& dir) {
  DirFiles files;
  std::error_code ec;
  for (const fs::directory_entry& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    files.any = true;
    files.manifest = files.manifest || name.starts_with("MANIFEST-");
    const bool leftover = name == "LOCK" || name == "IDENTITY" || name.starts_with("LOG") ||
                          name.starts_with("MANIFEST-") || name.starts_with("OPTIONS-") ||
                          name.ends_with(".log") || name.ends_with(".dbtmp");
    files.only_creation_leftovers =
        files.only_creation_leftovers && leftover && entry.is_regular_file(ec);
    files.holds_data = files.holds_data || name.ends_with(".sst") ||
                       (name.ends_with(".log") && entry.file_size(ec) > 0);
  }
  if (ec) files.only_creation_leftovers = false;
  return files;
}

// A writer creates files in the directory, or the directory itself: say so
// before RocksDB fails on its first file with a less direct message.
Status CheckCanWrite(const fs::path& dir) {
  std::error_code ec;
  fs::path probe = dir;
  while (!probe.empty() && !fs::exists(probe, ec) && probe != probe.parent_path()) {
    probe = probe.parent_path();
  }
  if (probe.empty()) probe = ".";
  if (faccessat(AT_FDCWD, probe.c_str(), W_OK | X_OK, AT_EACCESS) == 0) return Status::Ok();
  const int error = errno;
  if (error != EACCES && error != EROFS && error != EPERM) return Status::Ok();
  if (probe == dir) {
    return Status::InvalidArgument(
        fmt::format("cannot write to database {}: {}; run kg as a user who may write there "
                    "(or grant it: chmod -R u+w {}), or give another --db",
                    dir.string(), std::strerror(error), dir.string()));
  }
  return Status::InvalidArgument(
      fmt::format("cannot create database {}: {} is not writable ({}); give another --db, or run "
                  "kg as a user who may write there",
                  dir.string(), probe.string(), std::strerror(error)));
}

// Decides whether `dir` may be opened; returns whether a database is there.
Result<bool> CheckPath(const fs::path& dir, const StoreOptions& options) {
  std::error_code ec;
  fs::file_status st = fs::status(dir, ec);
  bool missing = !fs::exists(st);
  if (!missing && !fs::is_directory(st)) {
    return Status::InvalidArgument(fmt::format(
        "{} is a file, not a kg database directory; give the path of a directory (it is "
        "created if missing)",
        dir.string()));
  }
  bool has_db = !missing && fs::exists(dir / "CURRENT", ec);
  if (has_db) return true;
  const DirFiles files = missing ? DirFiles{} : ScanDir(dir);
  if (files.manifest && files.holds_data) return Damaged(dir, "its CURRENT file is missing");
  if (files.any && files.only_creation_leftovers) {
    if (!options.read_only) return false;  // RocksDB's create_if_missing finishes it
    return NotFullyCreated(dir);
  }
  if (!missing && !fs::is_empty(dir, ec)) {
    return Status::InvalidArgument(fmt::format(
        "{} is not a kg database and is not empty; give a new or empty directory", dir.string()));
  }
  if (options.read_only || !options.create_if_missing) {
    return Status::NotFound(
        fmt::format("no kg database at {}; run `kg ingest` first to create it", dir.string()));
  }
  return false;
}

// One block cache for every column family: the working set of a query is
// entities, names and edges, whichever family they live in.
std::shared_ptr<rocksdb::Cache> SharedCache() {
  static std::shared_ptr<rocksdb::Cache> cache = rocksdb::NewLRUCache(128 << 20);
  return cache;
}

bool Supports(rocksdb::CompressionType type) {
  for (rocksdb::CompressionType t : rocksdb::GetSupportedCompressions()) {
    if (t == type) return true;
  }
  return false;
}

}  // namespace

rocksdb::ColumnFamilyOptions ColumnFamilyOptionsFor(Cf cf) {
  rocksdb::ColumnFamilyOptions o;
  rocksdb::BlockBasedTableOptions table;
  table.block_cache = SharedCache();
  table.format_version = 5;
  // Point lookups by name and id dominate these families; a bloom filter
  // answers most misses ("did you mean") without reading a block.
  if (cf == kCfNames || cf == kCfEntities || cf == kCfDocuments || cf == kCfDocEdges ||
      cf == kCfMeta || cf == kCfSpo) {
    table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  }
  // Index and filter blocks live in the block cache, split into partitions
  // read on first use behind a small pinned top level: opening a table
  // then reads a few KiB instead of its whole index and filter (megabytes
  // for a million edges), which kept a fresh `kg neighbours` at 200+ ms.
  table.cache_index_and_filter_blocks = true;
  table.pin_top_level_index_and_filter = true;
  table.index_type = rocksdb::BlockBasedTableOptions::kTwoLevelIndexSearch;
  table.partition_filters = table.filter_policy != nullptr;
  table.metadata_block_size = 4096;
  // Evidence is read as whole rows of sentences: bigger blocks compress
  // better and keep its index small.
  if (cf == kCfEvidence) table.block_size = 16 << 10;
  o.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  // Entities are looked up by ids read from edges, so a lookup always hits:
  // the filter could only confirm what is known. Skipping it on the last
  // level (where a bulk import puts everything) saves a filter partition
  // read and a probe per entity.
  o.optimize_filters_for_hits = cf == kCfEntities;
  // Evidence is sentences: text compresses well and is read rarely.
  o.compression =
      Supports(rocksdb::kLZ4Compression) ? rocksdb::kLZ4Compression : rocksdb::kSnappyCompression;
  if (cf == kCfEvidence && Supports(rocksdb::kZSTD)) o.bottommost_compression = rocksdb::kZSTD;
  return o;
}

namespace {

// Discards RocksDB's informational log (read-only opens).
class SilentLogger final : public rocksdb::Logger {
 public:
  using rocksdb::Logger::Logv;
  void Logv(const char* /*format*/, va_list /*ap*/) override {}
};

std::vector<rocksdb::ColumnFamilyDescriptor> Descriptors() {
  std::vector<rocksdb::ColumnFamilyDescriptor> out;
  for (int cf = 0; cf < kCfCount; ++cf) {
    out.emplace_back(kColumnFamilyNames[cf], ColumnFamilyOptionsFor(static_cast<Cf>(cf)));
  }
  return out;
}

}  // namespace

Result<std::unique_ptr<Store>> Store::Open(const StoreOptions& options, const fs::path& dir) {
  return RocksStore::Open(options, dir);
}

Result<std::unique_ptr<Store>> RocksStore::Open(const StoreOptions& options, const fs::path& dir,
                                                rocksdb::Env* env) {
  Result<bool> existed = CheckPath(dir, options);
  if (!existed.ok()) return existed.status();
  if (!options.read_only) KG_RETURN_IF_ERROR(CheckCanWrite(dir));
  std::unique_ptr<RocksStore> store(new RocksStore(dir, options.read_only));
  store->env_ = env;
  KG_RETURN_IF_ERROR(store->Init(*existed, options.use_query_snapshot));
  return std::unique_ptr<Store>(std::move(store));
}

// The families are created one by one when a store is first opened, so a
// writer killed then leaves only some. A writable Open creates the rest; a
// reader cannot, and reports the store as not yet created.
Status RocksStore::CheckFamilies() const {
  std::vector<std::string> families;
  rocksdb::Status s =
      rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), dir_.string(), &families);
  if (!s.ok()) return FromRocks(s, dir_, "listing the column families of");
  auto has = [&](const char* name) {
    return std::find(families.begin(), families.end(), name) != families.end();
  };
  const bool interrupted = families.size() == 1 && has("default");
  // A MANIFEST cut short reads as one that lists only "default" too.
  if (interrupted && ScanDir(dir_).holds_data) {
    return Damaged(dir_, "its MANIFEST lists none of the kg column families, yet it holds data");
  }
  if (!has("meta") && !interrupted) {
    return Status::InvalidArgument(fmt::format(
        "{} is a RocksDB database but not a kg database (it has no \"meta\" column family); "
        "give a new or empty directory",
        dir_.string()));
  }
  if (!read_only_) return Status::Ok();
  for (const char* name : kColumnFamilyNames) {
    if (!has(name)) {
      return NotFullyCreated(dir_);
    }
  }
  return Status::Ok();
}

Status RocksStore::Init(bool existed, bool use_query_snapshot) {
  rocksdb::DBOptions db_options;
  db_options.create_if_missing = !read_only_;
  db_options.create_missing_column_families = !read_only_;
  db_options.max_background_jobs = 2;
  db_options.keep_log_file_num = 3;
  // A bounded table cache opens SST files when first read; the default (-1)
  // opens every file, with its index and filter, inside Open().
  db_options.max_open_files = 512;
  // Open() loads the first tables of each family with up to this many new
  // threads per family; for our one or few files per family, starting ten
  // times sixteen threads cost more than the reads they overlap.
  db_options.max_file_opening_threads = 1;
  // Nothing in Open() should read more than the MANIFEST: no per-file size
  // checks or statistics, no periodic dumps.
  db_options.skip_stats_update_on_db_open = true;
  db_options.skip_checking_sst_file_sizes_on_db_open = true;
  db_options.stats_dump_period_sec = 0;
  db_options.stats_persist_period_sec = 0;
  // A reader writes nothing into the directory: its own LOG would rotate
  // the writer's away, and dumping ten families' options costs milliseconds.
  if (read_only_) db_options.info_log = std::make_shared<SilentLogger>();
  if (env_ != nullptr) db_options.env = env_;
  if (existed) KG_RETURN_IF_ERROR(CheckFamilies());
  rocksdb::DB* raw = nullptr;
  rocksdb::Status s =
      read_only_
          ? rocksdb::DB::OpenForReadOnly(db_options, dir_.string(), Descriptors(), &handles_, &raw)
          : rocksdb::DB::Open(db_options, dir_.string(), Descriptors(), &handles_, &raw);
  if (!s.ok()) return FromRocks(s, dir_, "opening");
  db_.reset(raw);
  for (int cf = 0; cf < kCfCount; ++cf) cf_[cf] = handles_[cf];
  KG_RETURN_IF_ERROR(LoadMeta(existed));
  if (!read_only_ || !use_query_snapshot) return Status::Ok();
  Result<StoreVersion> version = Version();
  if (!version.ok()) return version.status();
  // A snapshot that cannot be read is only a missed speed-up: RocksDB holds
  // the same data, so the store reads that instead of failing.
  Result<std::unique_ptr<QuerySnapshot>> snapshot = QuerySnapshot::Open(dir_, *version);
  if (snapshot.ok()) snapshot_ = std::move(*snapshot);
  return Status::Ok();
}

// Every write raises the sequence number; a new database gets a new
// identity, so a snapshot from a deleted and re-created store is not taken
// for this one's.
Result<StoreVersion> RocksStore::Version() const {
  StoreVersion version;
  KG_RETURN_IF_ERROR(Wrap(db_->GetDbIdentity(version.identity), "reading the identity of"));
  version.sequence = db_->GetLatestSequenceNumber();
  return version;
}

Status RocksStore::DropQuerySnapshot() {
  if (snapshot_dropped_) return Status::Ok();
  KG_RETURN_IF_ERROR(RemoveQuerySnapshot(dir_));
  snapshot_dropped_ = true;
  return Status::Ok();
}

Status RocksStore::WriteQuerySnapshot() {
  KG_RETURN_IF_ERROR(CheckWritable());
  std::lock_guard<std::mutex> lock(mu_);
  return WriteQuerySnapshotLocked();
}

Status RocksStore::WriteQuerySnapshotLocked() {
  Result<StoreVersion> version = Version();
  if (!version.ok()) return version.status();
  KG_RETURN_IF_ERROR(graph::WriteQuerySnapshot(*this, dir_, *version));
  snapshot_dropped_ = false;  // the next write makes this one stale
  return Status::Ok();
}

Status RocksStore::LoadMeta(bool existed) {
  Result<std::optional<std::string>> version = Get(kCfMeta, kMetaSchemaVersion);
  if (!version.ok()) return version.status();
  if (!*version) {
    // Only kg creates these column families, so a store that has them all
    // but no schema version is one whose first writer was killed before it
    // wrote the version: unfinished, not foreign.
    if (existed && read_only_) return NotFullyCreated(dir_);
    std::string v;
    PutU32(&v, kSchemaVersion);
    rocksdb::WriteBatch batch;
    batch.Put(cf_[kCfMeta], std::string(kMetaSchemaVersion), v);
    batch.Put(cf_[kCfMeta], std::string(kMetaCounters), EncodeCounters(Counters{}));
    return Wrap(db_->Write(rocksdb::WriteOptions(), &batch), "initializing");
  }
  Decoder d(**version);
  uint32_t stored = d.U32();
  if (d.failed()) {
    return Status::Corruption(
        fmt::format("database {}: the schema version does not decode", dir_.string()));
  }
  if (stored != kSchemaVersion) {
    return Status::InvalidArgument(
        fmt::format("database {} has schema version {}, but this kg reads schema version {}; {}",
                    dir_.string(), stored, kSchemaVersion,
                    stored > kSchemaVersion ? "upgrade kg to open it"
                                            : "rebuild it with `kg ingest` into a new directory"));
  }
  Result<std::optional<std::string>> counters = Get(kCfMeta, kMetaCounters);
  if (!counters.ok()) return counters.status();
  if (!*counters)
    return Status::Corruption(fmt::format("database {}: counters are missing", dir_.string()));
  Result<Counters> decoded = DecodeCounters(**counters);
  if (!decoded.ok()) return decoded.status().Annotate(fmt::format("database {}", dir_.string()));
  counters_ = *decoded;
  return Status::Ok();
}

// A writer with much unflushed data flushes on close so that the next Open
// (often a reader, which must replay the log) stays fast; below the
// threshold replaying is cheaper than the fsyncs of a flush.
RocksStore::~RocksStore() {
  if (!db_) return;
  constexpr uint64_t kFlushOnCloseBytes = 8 << 20;
  uint64_t unflushed = 0;
  if (!read_only_ && db_->GetAggregatedIntProperty("rocksdb.cur-size-all-mem-tables", &unflushed) &&
      unflushed > kFlushOnCloseBytes) {
    (void)db_->Flush(rocksdb::FlushOptions(), handles_);
  }
  for (rocksdb::ColumnFamilyHandle* h : handles_) (void)db_->DestroyColumnFamilyHandle(h);
  (void)db_->Close();
}

Status RocksStore::Wrap(const rocksdb::Status& s, std::string_view doing) const {
  return FromRocks(s, dir_, doing);
}

Status RocksStore::CheckWritable() const {
  if (!read_only_) return Status::Ok();
  return Status::InvalidArgument(fmt::format(
      "database {} was opened read-only; open it without read_only to change it", dir_.string()));
}

Result<std::optional<std::string>> RocksStore::Get(Cf cf, std::string_view key) const {
  std::string value;
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), cf_[cf], key, &value);
  if (s.IsNotFound()) return std::optional<std::string>();
  if (!s.ok()) return Wrap(s, "reading");
  return std::optional<std::string>(std::move(value));
}

Status RocksStore::ScanPrefix(
    Cf cf, std::string_view prefix,
    const std::function<Status(std::string_view key, std::string_view value)>& visit) const {
  std::string upper = PrefixSuccessor(std::string(prefix));
  rocksdb::Slice upper_slice(upper);
  rocksdb::ReadOptions ro;
  if (!upper.empty()) ro.iterate_upper_bound = &upper_slice;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(ro, cf_[cf]));
  for (it->Seek(prefix); it->Valid(); it->Next()) {
    KG_RETURN_IF_ERROR(visit(std::string_view(it->key().data(), it->key().size()),
                             std::string_view(it->value().data(), it->value().size())));
  }
  return Wrap(it->status(), "scanning");
}

// One WriteBatch: the whole set of changes or nothing, counters included.
Status RocksStore::Commit(Changes& changes) {
  KG_RETURN_IF_ERROR(DropQuerySnapshot());
  rocksdb::WriteBatch batch;
  for (int cf = 0; cf < kCfCount; ++cf) {
    for (WriteOp& op : changes.ops()[cf]) {
      if (op.value) {
        batch.Put(cf_[cf], op.key, *op.value);
      } else {
        batch.Delete(cf_[cf], op.key);
      }
    }
  }
  batch.Put(cf_[kCfMeta], std::string(kMetaCounters), EncodeCounters(changes.counters()));
  KG_RETURN_IF_ERROR(Wrap(db_->Write(rocksdb::WriteOptions(), &batch), "writing to"));
  counters_ = changes.counters();
  return Status::Ok();
}

Result<std::optional<DocumentRecord>> RocksStore::GetDocument(std::string_view id) const {
  Result<std::optional<std::string>> value = Get(kCfDocuments, id);
  if (!value.ok()) return value.status();
  if (!*value) return std::optional<DocumentRecord>();
  Result<DocumentRecord> doc = DecodeDocument(id, **value);
  if (!doc.ok()) return doc.status();
  return std::optional<DocumentRecord>(std::move(*doc));
}

Result<IngestOutcome> RocksStore::IngestDocument(const DocumentRecord& doc,
                                                 const extract::Extraction& extraction) {
  KG_RETURN_IF_ERROR(CheckWritable());
  std::lock_guard<std::mutex> lock(mu_);
  Result<std::optional<DocumentRecord>> old = GetDocument(doc.id);
  if (!old.ok()) return old.status();
  if (*old && (*old)->content_hash == doc.content_hash) return IngestOutcome::kUnchanged;
  DocumentRecord record = doc;
  if (record.ingest_time == 0) {
    record.ingest_time = std::chrono::duration_cast<std::chrono::seconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count();
  }
  Changes changes(this, counters_);
  if (*old) KG_RETURN_IF_ERROR(changes.RemoveDocument(doc.id));
  KG_RETURN_IF_ERROR(changes.AddDocument(record, extraction));
  KG_RETURN_IF_ERROR(changes.Finish());
  KG_RETURN_IF_ERROR(Commit(changes));
  return *old ? IngestOutcome::kReplaced : IngestOutcome::kAdded;
}

Status RocksStore::RemoveDocument(std::string_view doc_id) {
  KG_RETURN_IF_ERROR(CheckWritable());
  std::lock_guard<std::mutex> lock(mu_);
  Changes changes(this, counters_);
  KG_RETURN_IF_ERROR(changes.RemoveDocument(doc_id));
  KG_RETURN_IF_ERROR(changes.Finish());
  return Commit(changes);
}

Result<std::vector<DocumentRecord>> RocksStore::ListDocuments() const {
  std::vector<DocumentRecord> docs;
  Status s = ScanPrefix(kCfDocuments, "", [&](std::string_view key, std::string_view value) {
    Result<DocumentRecord> doc = DecodeDocument(key, value);
    if (!doc.ok()) return doc.status();
    docs.push_back(std::move(*doc));
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return docs;
}

std::optional<Entity> EntityCache::Find(EntityId id) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = entities_.find(id);
  if (it == entities_.end()) return std::nullopt;
  return it->second;
}

void EntityCache::Add(const Entity& entity) {
  std::lock_guard<std::mutex> lock(mu_);
  if (entities_.size() == kMaxEntities) entities_.clear();
  entities_.emplace(entity.id, entity);
}

Result<Entity> RocksStore::GetEntity(EntityId id) const {
  if (snapshot_) {
    std::optional<Entity> entity = snapshot_->GetEntity(id);
    if (!entity) return Status::NotFound(fmt::format("no entity with id {}", id));
    return std::move(*entity);
  }
  if (read_only_) {
    if (std::optional<Entity> cached = entities_.Find(id)) return std::move(*cached);
  }
  Result<std::optional<std::string>> value = Get(kCfEntities, EntityKey(id));
  if (!value.ok()) return value.status();
  if (!*value) return Status::NotFound(fmt::format("no entity with id {}", id));
  Result<EntityRecord> record = DecodeEntity(id, **value);
  if (!record.ok()) return record.status();
  Entity entity = record->ToEntity();
  if (read_only_) entities_.Add(entity);
  return entity;
}

Result<std::vector<Entity>> RocksStore::GetEntities(std::span<const EntityId> ids) const {
  if (snapshot_) return GetEntitiesFromSnapshot(ids);
  std::vector<std::optional<Entity>> found(ids.size());
  std::vector<size_t> missing;  // indexes into ids
  for (size_t i = 0; i < ids.size(); ++i) {
    if (read_only_) found[i] = entities_.Find(ids[i]);
    if (!found[i]) missing.push_back(i);
  }
  KG_RETURN_IF_ERROR(ReadEntities(ids, missing, &found));
  std::vector<Entity> entities;
  entities.reserve(ids.size());
  for (size_t i = 0; i < ids.size(); ++i) {
    if (!found[i]) return Status::NotFound(fmt::format("no entity with id {}", ids[i]));
    entities.push_back(std::move(*found[i]));
  }
  return entities;
}

// Reads the entities ids[i] for i in `which` with one MultiGet into
// (*found)[i]; a missing one stays nullopt. Fails with the first other error.
Status RocksStore::ReadEntities(std::span<const EntityId> ids, std::span<const size_t> which,
                                std::vector<std::optional<Entity>>* found) const {
  if (which.empty()) return Status::Ok();
  std::vector<std::string> keys;
  keys.reserve(which.size());
  for (size_t i : which) keys.push_back(EntityKey(ids[i]));
  std::vector<rocksdb::Slice> slices(keys.begin(), keys.end());
  std::vector<rocksdb::PinnableSlice> values(which.size());
  std::vector<rocksdb::Status> statuses(which.size());
  db_->MultiGet(rocksdb::ReadOptions(), cf_[kCfEntities], which.size(), slices.data(),
                values.data(), statuses.data());
  for (size_t k = 0; k < which.size(); ++k) {
    if (statuses[k].IsNotFound()) continue;
    if (!statuses[k].ok()) return Wrap(statuses[k], "reading");
    const EntityId id = ids[which[k]];
    Result<EntityRecord> record =
        DecodeEntity(id, std::string_view(values[k].data(), values[k].size()));
    if (!record.ok()) return record.status();
    (*found)[which[k]] = record->ToEntity();
    if (read_only_) entities_.Add(*(*found)[which[k]]);
  }
  return Status::Ok();
}

Result<std::optional<Entity>> RocksStore::FindEntity(std::string_view name) const {
  std::string normalized = NormalizeName(name);
  if (normalized.empty()) return std::optional<Entity>();
  if (snapshot_) {
    std::optional<EntityId> id = snapshot_->FindNormalizedName(normalized);
    if (!id) return std::optional<Entity>();
    Result<Entity> entity = GetEntity(*id);
    if (!entity.ok()) return entity.status();
    return std::optional<Entity>(std::move(*entity));
  }
  Result<std::optional<std::string>> value = Get(kCfNames, normalized);
  if (!value.ok()) return value.status();
  if (!*value) return std::optional<Entity>();
  Result<NameValue> entry = DecodeName(**value);
  if (!entry.ok()) return entry.status();
  Result<Entity> entity = GetEntity(entry->id);
  if (!entity.ok()) return entity.status();
  return std::optional<Entity>(std::move(*entity));
}

Result<std::vector<Evidence>> RocksStore::GetEvidence(const Edge& edge, size_t limit) const {
  if (snapshot_) {
    if (std::optional<std::vector<Evidence>> rows = snapshot_->GetEvidence(edge, limit)) {
      return std::move(*rows);
    }
  }
  std::vector<Evidence> rows;
  EdgeKey key{edge.subject, edge.relation, edge.object};
  static const Status kEnough = Status::Internal("enough rows");
  Status s = ScanPrefix(kCfEvidence, SpoKey(key), [&](std::string_view k, std::string_view v) {
    if (limit != 0 && rows.size() >= limit) return kEnough;
    Result<Evidence> e = DecodeEvidence(EvidenceKeyDoc(k), v);
    if (!e.ok()) return e.status();
    rows.push_back(std::move(*e));
    return Status::Ok();
  });
  if (!s.ok() && s.message() != kEnough.message()) return s;
  return rows;
}

namespace {

// Appends the evidence rows of the edge `prefix` (its spo key) that `it`
// reaches from a Seek(prefix), up to `limit` (all when 0): no Next() past
// the last wanted row.
Status ReadEvidenceRows(rocksdb::Iterator* it, std::string_view prefix, size_t limit,
                        std::vector<Evidence>* rows) {
  for (; it->Valid(); it->Next()) {
    std::string_view key(it->key().data(), it->key().size());
    if (!key.starts_with(prefix)) break;
    Result<Evidence> e = DecodeEvidence(EvidenceKeyDoc(key),
                                        std::string_view(it->value().data(), it->value().size()));
    if (!e.ok()) return e.status();
    rows->push_back(std::move(*e));
    if (limit != 0 && rows->size() == limit) break;
  }
  return Status::Ok();
}

}  // namespace

Result<std::vector<std::vector<Evidence>>> RocksStore::GetEvidenceBatch(std::span<const Edge> edges,
                                                                        size_t limit) const {
  if (snapshot_) {
    if (std::optional<std::vector<std::vector<Evidence>>> rows =
            EvidenceFromSnapshot(edges, limit)) {
      return std::move(*rows);
    }
  }
  auto key_of = [&](size_t i) {
    return EdgeKey{edges[i].subject, edges[i].relation, edges[i].object};
  };
  std::vector<size_t> order(edges.size());
  std::iota(order.begin(), order.end(), size_t{0});
  // Key order: the iterator only moves forward, and a repeated edge is read once.
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return key_of(a) < key_of(b); });
  std::vector<std::vector<Evidence>> rows(edges.size());
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions(), cf_[kCfEvidence]));
  for (size_t n = 0; n < order.size(); ++n) {
    const size_t i = order[n];
    if (n > 0 && key_of(order[n - 1]) == key_of(i)) {
      rows[i] = rows[order[n - 1]];
      continue;
    }
    const std::string prefix = SpoKey(key_of(i));
    it->Seek(prefix);
    KG_RETURN_IF_ERROR(ReadEvidenceRows(it.get(), prefix, limit, &rows[i]));
    // A failed read ends the iterator; the next Seek would clear the error.
    if (!it->Valid()) KG_RETURN_IF_ERROR(Wrap(it->status(), "scanning"));
  }
  return rows;
}

bool RocksStore::GetEvidenceText(const Edge& edge, const SnapshotEdgeSlot* where, size_t limit,
                                 std::vector<EvidenceText>* rows) const {
  return snapshot_ && snapshot_->GetEvidenceText(edge, where, limit, rows);
}

std::optional<std::span<const SnapshotEdgeSlot>> RocksStore::EdgesInPlace(EntityId id,
                                                                          bool out) const {
  if (!snapshot_) return std::nullopt;
  return snapshot_->Slots(id, out);
}

Status RocksStore::ReadEdgeDates(Edge* edge, const SnapshotEdgeSlot* where) const {
  if (snapshot_) {
    std::string_view first, last;
    if (snapshot_->EdgeDates(*edge, where, &first, &last)) {
      edge->first_date.assign(first);
      edge->last_date.assign(last);
      return Status::Ok();
    }
  }
  Result<std::optional<std::string>> value =
      Get(kCfSpo, SpoKey(EdgeKey{edge->subject, edge->relation, edge->object}));
  if (!value.ok()) return value.status();
  if (!*value) {
    return Status::NotFound(fmt::format("no edge {} -{}-> {}", edge->subject,
                                        extract::ToString(edge->relation), edge->object));
  }
  Result<EdgeValue> decoded = DecodeEdgeValue(**value);
  if (!decoded.ok()) return decoded.status();
  edge->first_date = std::move(decoded->first_date);
  edge->last_date = std::move(decoded->last_date);
  return Status::Ok();
}

Result<std::vector<Entity>> RocksStore::GetEntitiesFromSnapshot(
    std::span<const EntityId> ids) const {
  std::vector<Entity> entities;
  entities.reserve(ids.size());
  for (EntityId id : ids) {
    std::optional<Entity> entity = snapshot_->GetEntity(id);
    if (!entity) return Status::NotFound(fmt::format("no entity with id {}", id));
    entities.push_back(std::move(*entity));
  }
  return entities;
}

// All edges' rows from the snapshot, or nullopt if it lacks any of them (the
// batch then reads RocksDB, as one read is no dearer than part of one).
std::optional<std::vector<std::vector<Evidence>>> RocksStore::EvidenceFromSnapshot(
    std::span<const Edge> edges, size_t limit) const {
  std::vector<std::vector<Evidence>> rows;
  rows.reserve(edges.size());
  for (const Edge& edge : edges) {
    std::optional<std::vector<Evidence>> edge_rows = snapshot_->GetEvidence(edge, limit);
    if (!edge_rows) return std::nullopt;
    rows.push_back(std::move(*edge_rows));
  }
  return rows;
}

Status RocksStore::ForEachEntity(const std::function<Status(const Entity&)>& visit) const {
  return ScanPrefix(kCfEntities, "", [&](std::string_view key, std::string_view value) {
    if (key.size() != 8) return Status::Corruption("an entity key is not 8 bytes");
    Result<EntityRecord> record = DecodeEntity(ReadU64(key), value);
    if (!record.ok()) return record.status();
    return visit(record->ToEntity());
  });
}

Status RocksStore::ForEachEdge(const std::function<Status(const Edge&)>& visit) const {
  return ScanPrefix(kCfSpo, "", [&](std::string_view key, std::string_view value) {
    if (key.size() != kEdgeKeySize) return Status::Corruption("an edge key is not 17 bytes");
    Result<EdgeValue> v = DecodeEdgeValue(value);
    if (!v.ok()) return v.status();
    EdgeKey k = DecodeSpoKey(key);
    return visit(Edge{k.subject, k.relation, k.object, v->weight, v->confidence,
                      std::move(v->first_date), std::move(v->last_date)});
  });
}

Result<StoreStats> RocksStore::Stats() const {
  Counters c;
  {
    std::lock_guard<std::mutex> lock(mu_);
    c = counters_;
  }
  StoreStats stats;
  stats.entities = c.entities;
  stats.edges = c.edges;
  stats.evidence = c.evidence;
  stats.documents = c.documents;
  for (EntityType t : extract::kAllEntityTypes) {
    stats.entities_by_type.emplace_back(t, c.entities_by_type[TypeIndex(t)]);
  }
  for (Relation r : extract::kAllRelations) {
    stats.edges_by_relation.emplace_back(r, c.edges_by_relation[RelationIndex(r)]);
  }
  std::error_code ec;
  for (const auto& entry : fs::recursive_directory_iterator(dir_, ec)) {
    if (entry.is_regular_file(ec)) stats.bytes_on_disk += entry.file_size(ec);
  }
  return stats;
}

}  // namespace kg::graph
