// A fresh, migrated PostgreSQL database for one test, in the cluster named by
// DOCFLOW_TEST_DATABASE_URL (set by ./docflow.sh test); dropped afterwards.
// Without that variable the test fails with a message saying how to run it:
// tests against a real database are never skipped.
#pragma once

#include <memory>
#include <string>

#include "storage/db.h"

namespace docflow::testing {

class TestDatabase {
 public:
  TestDatabase();  // ADD_FAILURE()s and leaves ok() false when it cannot
  ~TestDatabase();
  bool ok() const { return ok_; }
  const std::string& url() const { return url_; }
  // A new connection to the test database.
  std::unique_ptr<Db> Connect() const;
  // Runs a query returning one integer (test assertions).
  long long Scalar(const std::string& sql) const;

 private:
  std::string admin_url_, name_, url_;
  bool ok_ = false;
};

// A fresh temporary directory (removed in the destructor).
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// A TCP port free on 127.0.0.1 right now.
int FreePort();

}  // namespace docflow::testing
