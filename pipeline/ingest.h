// Accepting a document: its bytes go into the content-addressed blob store
// (fsynced) and THEN its document and job rows are committed; only after both
// may the caller acknowledge the sender or move the file. The same bytes
// again return the first document, flagged duplicate.
//
// Thread safety: as Db (one Db per thread); the blob store is process-safe.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "common/blob_store.h"
#include "common/result.h"
#include "storage/db.h"
#include "storage/documents.h"

namespace docflow {

struct IngestRequest {
  std::string_view bytes;
  std::string filename;  // as given by the sender; sanitised here
  std::string source;    // inbox | cli | http | mail
  nlohmann::json detail = nlohmann::json::object();
  int max_attempts = 3;
  long long max_bytes = 100LL << 20;  // larger: permanent error, nothing stored
};

Result<IngestReceipt> Ingest(Db& db, const BlobStore& blobs, const IngestRequest& request);

// Reads path and ingests it (filename = the path's last component).
Result<IngestReceipt> IngestPath(Db& db, const BlobStore& blobs, const std::string& path, const std::string& source,
                                 int max_attempts, long long max_bytes);

}  // namespace docflow
