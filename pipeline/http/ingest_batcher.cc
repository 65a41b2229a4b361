#include "pipeline/http/ingest_batcher.h"

#include <algorithm>

#include "common/log.h"
#include "pipeline/ingest.h"

namespace docflow::http {

IngestBatcher::IngestBatcher(std::string database_url, int committers, int max_batch)
    : url_(std::move(database_url)), max_batch_(static_cast<size_t>(std::max(1, max_batch))) {
  for (int i = 0; i < std::max(1, committers); ++i) threads_.emplace_back([this] { Loop(); });
}

IngestBatcher::~IngestBatcher() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  for (auto& t : threads_) t.join();
  for (Pending* p : queue_) p->done.set_value(Transient("the server is stopping"));
}

Result<std::vector<IngestReceipt>> IngestBatcher::Record(std::vector<NewDocument> documents) {
  Pending p;
  p.documents = std::move(documents);
  auto result = p.done.get_future();
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stop_) return Transient("the server is stopping");
    queue_.push_back(&p);
  }
  cv_.notify_one();
  return result.get();
}

void IngestBatcher::Loop() {
  std::unique_ptr<Db> db;
  if (auto c = Db::Connect(url_); c) db = std::move(*c);  // ready before the first upload
  while (true) {
    std::vector<Pending*> batch;
    {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait(lock, [&] { return stop_ || !queue_.empty(); });
      if (stop_) return;
      size_t n = 0;
      while (!queue_.empty() && (batch.empty() || n + queue_.front()->documents.size() <= max_batch_)) {
        n += queue_.front()->documents.size();
        batch.push_back(queue_.front());
        queue_.pop_front();
      }
    }
    std::vector<NewDocument> all;
    for (Pending* p : batch)
      for (const auto& d : p->documents) all.push_back(d);
    Result<std::vector<IngestReceipt>> receipts = Transient("no database connection");
    if (!db) {
      auto c = Db::Connect(url_);
      if (c) db = std::move(*c);
      else receipts = c.error();
    }
    if (db) receipts = RecordIngested(*db, all);
    if (!receipts) spdlog::error("recording {} upload(s): {}", all.size(), receipts.error().message);
    size_t at = 0;
    for (Pending* p : batch) {
      if (!receipts) {
        p->done.set_value(receipts.error());
        continue;
      }
      std::vector<IngestReceipt> mine(receipts->begin() + static_cast<long>(at),
                                      receipts->begin() + static_cast<long>(at + p->documents.size()));
      at += p->documents.size();
      p->done.set_value(std::move(mine));
    }
  }
}

}  // namespace docflow::http
