#include "storage/db.h"

#include "storage/db_internal.h"

namespace docflow {

struct Db::Impl {
  std::unique_ptr<pqxx::connection> conn;
};

Db::Db(std::string url) : url_(std::move(url)), impl_(std::make_unique<Impl>()) {}
Db::~Db() = default;

namespace storage_internal {

Result<pqxx::connection*> ConnectionOf(Db& db) {
  auto& conn = db.impl().conn;
  if (conn && conn->is_open()) return conn.get();
  try {
    conn = std::make_unique<pqxx::connection>(db.url());
    return conn.get();
  } catch (const std::exception& e) {
    conn.reset();
    std::string what = e.what();
    while (!what.empty() && (what.back() == '\n' || what.back() == ' ')) what.pop_back();
    return Transient("cannot connect to " + RedactUrl(db.url()) + ": " + RedactUrl(what));
  }
}

}  // namespace storage_internal

Result<std::unique_ptr<Db>> Db::Connect(const std::string& url) {
  std::unique_ptr<Db> db(new Db(url));
  auto c = storage_internal::ConnectionOf(*db);
  if (!c) return c.error();
  return db;
}

Status Db::Exec(const std::string& sql) {
  auto c = storage_internal::ConnectionOf(*this);
  if (!c) return c.error();
  try {
    pqxx::nontransaction n(**c);
    n.exec(sql);
    return Ok();
  } catch (const std::exception& e) {
    return Transient(std::string("database error: ") + e.what());
  }
}

Status Db::Ping() { return Exec("SELECT 1"); }

}  // namespace docflow
