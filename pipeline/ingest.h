// Accepting a document: its bytes go into the content-addressed blob store
// (fsynced) and THEN its document and job rows are committed; only after both
// may the caller acknowledge the sender or move the file. The same bytes
// again return the first document, flagged duplicate.
//
// Thread safety: as Db (one Db per thread); the blob store is process-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/blob_store.h"
#include "common/result.h"
#include "storage/db.h"
#include "storage/document_batch.h"
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

// Ingest in two halves, for callers that commit many documents in one
// transaction (the HTTP API's group commit, pipeline/http/ingest_batcher.h):
// StoreIngestBytes checks the size and puts the bytes into the blob store
// (durable when it returns) and gives the row to record; RecordIngested
// commits the rows of many such documents at once (storage/document_batch.h).
// The caller may acknowledge a document only after both, as with Ingest.
Result<NewDocument> StoreIngestBytes(const BlobStore& blobs, const IngestRequest& request);
Result<std::vector<IngestReceipt>> RecordIngested(Db& db, const std::vector<NewDocument>& documents);

// Reads path and ingests it (filename = the path's last component).
Result<IngestReceipt> IngestPath(Db& db, const BlobStore& blobs, const std::string& path, const std::string& source,
                                 int max_attempts, long long max_bytes);

}  // namespace docflow
