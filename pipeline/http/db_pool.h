// A bounded pool of PostgreSQL connections shared by the HTTP server's
// threads. Connections are opened on demand (at most `size`), handed out one
// per request and returned when the lease goes away; a request waits when all
// are in use. A connection that failed is dropped (Db re-opens it anyway).
//
// Ownership: the pool owns its connections; a Lease must not outlive it.
// Thread safety: Acquire may be called from any thread.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "common/result.h"
#include "storage/db.h"

namespace docflow::http {

class DbPool {
 public:
  DbPool(std::string url, int size);

  class Lease {
   public:
    Lease(DbPool* pool, std::unique_ptr<Db> db) : pool_(pool), db_(std::move(db)) {}
    Lease(Lease&&) = default;
    ~Lease() {
      if (pool_ && db_) pool_->Return(std::move(db_));
    }
    Db& operator*() { return *db_; }
    Db* operator->() { return db_.get(); }

   private:
    DbPool* pool_;
    std::unique_ptr<Db> db_;
  };

  // A connection (waits while `size` are in use). Error when a new one
  // cannot be opened.
  Result<Lease> Acquire();

  // Opens up to n connections now (so that the first requests do not wait
  // for PostgreSQL to start a backend each); returns how many are open.
  // Connections that cannot be opened are left to Acquire.
  int Prewarm(int n);

 private:
  void Return(std::unique_ptr<Db> db);
  const std::string url_;
  const int size_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<Db>> idle_;
  int open_ = 0;  // connections handed out or idle
};

}  // namespace docflow::http
