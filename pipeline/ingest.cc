#include "pipeline/ingest.h"

#include <sys/stat.h>

#include "common/paths.h"

namespace docflow {

Result<IngestReceipt> Ingest(Db& db, const BlobStore& blobs, const IngestRequest& r) {
  if (static_cast<long long>(r.bytes.size()) > r.max_bytes)
    return Permanent("file too large: " + std::to_string(r.bytes.size()) + " bytes (limit " +
                     std::to_string(r.max_bytes) + ")");
  auto sha = blobs.Put(r.bytes);
  if (!sha) return sha.error();
  return RecordDocument(db, *sha, static_cast<long long>(r.bytes.size()), SanitizeFilename(r.filename), r.source,
                        r.detail, r.max_attempts);
}

Result<NewDocument> StoreIngestBytes(const BlobStore& blobs, const IngestRequest& r) {
  if (static_cast<long long>(r.bytes.size()) > r.max_bytes)
    return Permanent("file too large: " + std::to_string(r.bytes.size()) + " bytes (limit " +
                     std::to_string(r.max_bytes) + ")");
  auto sha = blobs.Put(r.bytes);
  if (!sha) return sha.error();
  return NewDocument{*sha, static_cast<long long>(r.bytes.size()), SanitizeFilename(r.filename), r.source, r.detail,
                     r.max_attempts};
}

Result<std::vector<IngestReceipt>> RecordIngested(Db& db, const std::vector<NewDocument>& documents) {
  return RecordDocuments(db, documents);
}

Result<IngestReceipt> IngestPath(Db& db, const BlobStore& blobs, const std::string& path, const std::string& source,
                                 int max_attempts, long long max_bytes) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) return Permanent("cannot read " + path);
  if (!S_ISREG(st.st_mode)) return Permanent("not a regular file: " + path);
  if (st.st_size > max_bytes)
    return Permanent("file too large: " + std::to_string(st.st_size) + " bytes (limit " + std::to_string(max_bytes) +
                     ")");
  auto bytes = ReadFile(path);
  if (!bytes) return bytes.error();
  IngestRequest req;
  req.bytes = *bytes;
  req.filename = path;
  req.source = source;
  req.detail = {{"path", AbsolutePath(path)}};
  req.max_attempts = max_attempts;
  req.max_bytes = max_bytes;
  return Ingest(db, blobs, req);
}

}  // namespace docflow
