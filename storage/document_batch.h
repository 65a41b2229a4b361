// Recording many accepted documents in ONE transaction (group commit): the
// same rows and answers as RecordDocument (storage/documents.h) for each -
// a document row, a queued job and its first event, or, for bytes accepted
// before (also twice in the same batch), the existing document and its
// latest job with duplicate = true - at the cost of one commit (one WAL
// flush) for the whole batch and a handful of statements.
//
// Every document's bytes must ALREADY be durable in the blob store.
// Errors: database errors (transient); nothing of the batch is recorded then.
// Thread safety: same as Db (one per thread).
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/result.h"
#include "storage/db.h"
#include "storage/documents.h"

namespace docflow {

struct NewDocument {
  std::string sha256;
  long long size = 0;
  std::string filename;  // sanitised
  std::string source;
  nlohmann::json detail = nlohmann::json::object();
  int max_attempts = 3;
};

// One receipt per document, in the order given.
Result<std::vector<IngestReceipt>> RecordDocuments(Db& db, const std::vector<NewDocument>& documents);

}  // namespace docflow
