#include "pipeline/http/db_pool.h"

#include <algorithm>

namespace docflow::http {

DbPool::DbPool(std::string url, int size) : url_(std::move(url)), size_(std::max(1, size)) {}

Result<DbPool::Lease> DbPool::Acquire() {
  std::unique_lock<std::mutex> lock(mu_);
  cv_.wait(lock, [&] { return !idle_.empty() || open_ < size_; });
  if (!idle_.empty()) {
    auto db = std::move(idle_.back());
    idle_.pop_back();
    return Lease(this, std::move(db));
  }
  ++open_;
  lock.unlock();
  auto db = Db::Connect(url_);
  if (!db) {
    std::lock_guard<std::mutex> again(mu_);
    --open_;
    cv_.notify_one();
    return db.error();
  }
  return Lease(this, std::move(*db));
}

int DbPool::Prewarm(int n) {
  std::vector<Lease> leases;
  for (int i = 0; i < n; ++i) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (open_ >= size_) break;
    }
    auto lease = Acquire();
    if (!lease) break;
    leases.push_back(std::move(*lease));
  }
  return static_cast<int>(leases.size());  // the leases go back to the pool here
}

void DbPool::Return(std::unique_ptr<Db> db) {
  std::lock_guard<std::mutex> lock(mu_);
  idle_.push_back(std::move(db));
  cv_.notify_one();
}

}  // namespace docflow::http
