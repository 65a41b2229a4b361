// Group commit for the HTTP upload. Request threads put their files' bytes
// into the blob store themselves (in parallel: the file system batches their
// fsyncs), then hand the rows to record to Record(), which blocks until a
// committer thread has recorded them - together with every other upload
// waiting at that moment, up to max_batch documents - in ONE transaction
// (pipeline/ingest.h RecordIngested). One commit, one WAL flush and a
// handful of statements then serve a whole batch of uploads. The documents
// of one call are always in the same transaction.
//
// Each committer has its own PostgreSQL connection (none is taken from the
// request threads' pool, so a full pool cannot block a commit).
//
// Ownership: the batcher owns its threads and connections. Thread safety:
// Record may be called from any number of threads.
#pragma once

#include <condition_variable>
#include <deque>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "common/result.h"
#include "storage/db.h"
#include "storage/document_batch.h"
#include "storage/documents.h"

namespace docflow::http {

class IngestBatcher {
 public:
  IngestBatcher(std::string database_url, int committers = 2, int max_batch = 128);
  ~IngestBatcher();  // waiting callers get an error

  // Receipts in the order of documents, once they are committed; the
  // transaction's Error (transient) otherwise.
  Result<std::vector<IngestReceipt>> Record(std::vector<NewDocument> documents);

 private:
  struct Pending {
    std::vector<NewDocument> documents;
    std::promise<Result<std::vector<IngestReceipt>>> done;
  };
  void Loop();

  const std::string url_;
  const size_t max_batch_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Pending*> queue_;
  bool stop_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace docflow::http
