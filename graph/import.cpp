// Import: bulk-loading `kg extract` JSON Lines.
//
// Into an empty store a BulkLoader streams the files once into compact
// records, sorts them, and the families are written as SST files (on two
// threads) and ingested in one atomic step, the pattern of Oxigraph's bulk
// loader. Into a store that already holds data it goes through WriteBatches
// of many documents each.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>
#include <unordered_map>

#include <fmt/format.h>
#include <rocksdb/sst_file_writer.h>

#include "graph/bulk_load.h"
#include "graph/rocks_store.h"

namespace kg::graph {
namespace fs = std::filesystem;

struct PendingDoc {
  DocumentRecord record;
  extract::Extraction extraction;
  uint64_t hash = 14695981039346656037ull;  // FNV-1a over the document's lines

  void HashLine(std::string_view line) {
    for (char c : line) hash = (hash ^ static_cast<uint8_t>(c)) * 1099511628211ull;
    hash = (hash ^ '\n') * 1099511628211ull;
  }
};

namespace {

// A fallback batch holds this many triples: large enough to amortize the
// write, small enough that memory stays bounded.
constexpr size_t kTriplesPerBatch = 100000;

Result<std::string> ReadWholeFile(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    return Status::NotFound(
        fmt::format("{}: cannot open the file; check the path and permissions", file.string()));
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) return Status::IOError(fmt::format("{}: read failed", file.string()));
  return std::move(buffer).str();
}

bool IsBlank(std::string_view line) {
  return line.find_first_not_of(" \t\r") == std::string_view::npos;
}

// Reads one file into `docs`, grouping lines by their "doc" field.
Status ReadFile(const fs::path& file, std::vector<PendingDoc>* docs,
                std::unordered_map<std::string, size_t>* index, ImportStats* stats) {
  Result<std::string> text = ReadWholeFile(file);
  if (!text.ok()) return text.status();
  std::string_view rest = *text;
  for (uint64_t line_no = 1; !rest.empty(); ++line_no) {
    size_t end = rest.find('\n');
    std::string_view line = rest.substr(0, end);
    rest.remove_prefix(end == std::string_view::npos ? rest.size() : end + 1);
    ++stats->lines;
    if (IsBlank(line)) {
      ++stats->skipped_lines;
      continue;
    }
    Result<extract::Triple> triple = extract::TripleFromJson(line);
    if (!triple.ok() && triple.status().code() == Status::Code::kNotFound) {
      ++stats->skipped_lines;  // an entity line
      continue;
    }
    if (!triple.ok()) {
      return Status::InvalidArgument(
          fmt::format("{}:{}: {}", file.string(), line_no, triple.status().message()));
    }
    std::string doc_id = triple->doc.empty() ? file.string() : triple->doc;
    auto [it, added] = index->emplace(doc_id, docs->size());
    if (added) {
      docs->emplace_back();
      docs->back().record.id = doc_id;
      docs->back().record.source = file.string();
      docs->back().record.date = triple->date;
    }
    PendingDoc& doc = (*docs)[it->second];
    doc.HashLine(line);
    doc.extraction.triples.push_back(std::move(*triple));
    ++stats->triples;
  }
  return Status::Ok();
}

int64_t NowSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

Result<ImportStats> RocksStore::Import(std::span<const fs::path> files) {
  KG_RETURN_IF_ERROR(CheckWritable());
  std::lock_guard<std::mutex> lock(mu_);
  ImportStats stats;
  if (counters_.documents > 0 || counters_.entities > 0) {
    std::vector<PendingDoc> docs;
    std::unordered_map<std::string, size_t> index;
    for (const fs::path& file : files) KG_RETURN_IF_ERROR(ReadFile(file, &docs, &index, &stats));
    stats.documents = docs.size();
    const int64_t now = NowSeconds();
    for (PendingDoc& doc : docs) {
      doc.record.content_hash = fmt::format("{:016x}", doc.hash);
      doc.record.ingest_time = now;
    }
    KG_RETURN_IF_ERROR(ImportIntoExisting(docs));
  } else {
    BulkLoader loader(counters_);
    for (const fs::path& file : files) KG_RETURN_IF_ERROR(loader.AddFile(file, &stats));
    stats.documents = loader.documents();
    loader.Finish(NowSeconds());
    KG_RETURN_IF_ERROR(DropQuerySnapshot());
    KG_RETURN_IF_ERROR(IngestSstFiles(loader));
  }
  return stats;
}

// Documents already stored with the same content are skipped; changed ones
// are replaced. Each batch holds whole documents, so a crash leaves whole
// documents only.
Status RocksStore::ImportIntoExisting(std::vector<PendingDoc>& docs) {
  size_t next = 0;
  while (next < docs.size()) {
    Changes changes(this, counters_);
    size_t triples = 0;
    for (; next < docs.size() && triples < kTriplesPerBatch; ++next) {
      PendingDoc& doc = docs[next];
      Result<std::optional<DocumentRecord>> old = GetDocument(doc.record.id);
      if (!old.ok()) return old.status();
      if (*old && (*old)->content_hash == doc.record.content_hash) continue;
      if (*old) KG_RETURN_IF_ERROR(changes.RemoveDocument(doc.record.id));
      KG_RETURN_IF_ERROR(changes.AddDocument(doc.record, doc.extraction));
      triples += doc.extraction.triples.size();
    }
    KG_RETURN_IF_ERROR(changes.Finish());
    KG_RETURN_IF_ERROR(Commit(changes));
  }
  return Status::Ok();
}

namespace {

// The families in the order two threads take them, most work first, so
// that they finish together: evidence (most of the bytes) on one, the edge
// families and the contributions on the other, the small ones at the end.
constexpr Cf kWriteOrder[] = {kCfEvidence, kCfOps,       kCfSpo,  kCfDocEdges, kCfNames,
                              kCfEntities, kCfDocuments, kCfMeta, kCfDefault,  kCfMerges};
static_assert(std::size(kWriteOrder) == kCfCount);

}  // namespace

Status RocksStore::WriteSstFile(const BulkLoader& loader, Cf cf, const fs::path& path,
                                bool* empty) const {
  rocksdb::Options options(rocksdb::DBOptions(), ColumnFamilyOptionsFor(cf));
  // The store's evidence files are ZSTD-compressed (bottommost), but ZSTD
  // took a third of the time of writing them: an import writes LZ4, 10%
  // larger, and compactions rewrite it with ZSTD as the store changes.
  options.bottommost_compression = rocksdb::kDisableCompressionOption;
  rocksdb::SstFileWriter writer(rocksdb::EnvOptions(), options, cf_[cf]);
  KG_RETURN_IF_ERROR(Wrap(writer.Open(path.string()), "writing an import file for"));
  uint64_t rows = 0;
  KG_RETURN_IF_ERROR(loader.EmitFamily(cf, [&](std::string_view key, std::string_view value) {
    ++rows;
    return Wrap(writer.Put(rocksdb::Slice(key.data(), key.size()),
                           rocksdb::Slice(value.data(), value.size())),
                "writing an import file for");
  }));
  *empty = rows == 0;
  if (*empty) return Status::Ok();  // SstFileWriter refuses to finish an empty file
  return Wrap(writer.Finish(), "writing an import file for");
}

// All families in one IngestExternalFiles call: RocksDB records the ingestion
// atomically, so a crash leaves either the whole import or nothing.
Status RocksStore::IngestSstFiles(const BulkLoader& loader) {
  fs::path tmp = dir_ / "import.tmp";
  std::error_code ec;
  fs::remove_all(tmp, ec);
  fs::create_directories(tmp, ec);
  if (ec) return Status::IOError(fmt::format("{}: cannot create: {}", tmp.string(), ec.message()));
  std::array<Status, kCfCount> written;
  std::array<bool, kCfCount> empty{};
  std::atomic<size_t> next{0};
  auto write = [&] {
    for (size_t i; (i = next.fetch_add(1)) < std::size(kWriteOrder);) {
      const Cf cf = kWriteOrder[i];
      fs::path path = tmp / (std::string(kColumnFamilyNames[cf]) + ".sst");
      written[cf] = WriteSstFile(loader, cf, path, &empty[cf]);
    }
  };
  std::thread helper(write);
  write();
  helper.join();
  std::vector<rocksdb::IngestExternalFileArg> args;
  for (int cf = 0; cf < kCfCount; ++cf) {
    if (!written[cf].ok()) return written[cf];
    if (empty[cf]) continue;
    rocksdb::IngestExternalFileArg arg;
    arg.column_family = cf_[cf];
    arg.external_files = {(tmp / (std::string(kColumnFamilyNames[cf]) + ".sst")).string()};
    arg.options.move_files = true;
    args.push_back(std::move(arg));
  }
  Status s = Wrap(db_->IngestExternalFiles(args), "ingesting import files into");
  fs::remove_all(tmp, ec);
  if (!s.ok()) return s;
  counters_ = loader.counters();
  return Status::Ok();
}

}  // namespace kg::graph
