// Documents and their read side: recording an accepted file (document + job
// rows, deduplicated by SHA-256) and reading back what the pipeline made of it.
//
// Thread safety: same as Db (one per thread).
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/result.h"
#include "storage/db.h"

namespace docflow {

struct IngestReceipt {
  long long document_id = 0;
  long long job_id = 0;
  bool duplicate = false;  // the same bytes were accepted before
  std::string sha256;
};

struct DocumentInfo {
  long long document_id = 0;
  std::string sha256, filename, source, mime;
  long long size = 0;
};

// Records a document whose bytes are ALREADY durably in the blob store, and
// its job (state queued), in one transaction. The same sha256 again returns
// the existing document and its job with duplicate = true.
Result<IngestReceipt> RecordDocument(Db& db, const std::string& sha256, long long size, const std::string& filename,
                                     const std::string& source, const nlohmann::json& source_detail,
                                     int max_attempts);

Result<DocumentInfo> GetDocument(Db& db, long long document_id);

// What a job made: {"job_id", "document_id", "file", "state", "error", "class",
// "confidence", "fields": {name: {value, confidence}}, "record": {"table", "id"} | null}.
Result<nlohmann::json> JobSummary(Db& db, long long job_id);

}  // namespace docflow

namespace docflow {
// Job ids in creation order, those after `after_job_id`.
Result<std::vector<long long>> ListJobIds(Db& db, long long after_job_id = 0);
}  // namespace docflow
