// Db: one PostgreSQL connection (libpqxx 6.4 underneath; only storage/*.cc
// see libpqxx). Every storage function returns Result/Status: SQL errors and
// lost connections are Errors, never exceptions. A broken connection is
// re-opened on the next call.
//
// Ownership: the caller owns the Db. Thread safety: a Db is NOT thread-safe;
// use one per thread.
#pragma once

#include <memory>
#include <string>

#include "common/result.h"

namespace docflow {

class Db {
 public:
  // Connects to url (postgresql://...). Error (retryable) when the server is
  // unreachable; the message never contains the password.
  static Result<std::unique_ptr<Db>> Connect(const std::string& url);
  ~Db();

  // Runs one or more SQL statements without parameters (migrations, admin).
  Status Exec(const std::string& sql);
  // SELECT 1.
  Status Ping();

  const std::string& url() const { return url_; }

  // For storage/*.cc only (see db_internal.h): the libpqxx connection.
  struct Impl;
  Impl& impl() { return *impl_; }

 private:
  explicit Db(std::string url);
  std::string url_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace docflow
