// Private to storage/: runs a function inside one pqxx transaction and turns
// every libpqxx exception into an Error. Not part of the public API.
#pragma once

#include <pqxx/pqxx>

#include <type_traits>

#include "common/log.h"
#include "storage/db.h"

namespace docflow::storage_internal {

// The live connection of db, re-opened when broken.
Result<pqxx::connection*> ConnectionOf(Db& db);

template <typename T> struct IsResult : std::false_type {};
// The live connection of db, re-opened when broken.
Result<pqxx::connection*> ConnectionOf(Db& db);

template <typename T> struct IsResult<Result<T>> : std::true_type {};

// f(pqxx::work&) -> T or Result<T>. Commits when f returns a value (or an OK
// Result); otherwise the transaction is rolled back.
template <typename F>
auto Transact(Db& db, F&& f) {
  using Raw = std::invoke_result_t<F, pqxx::work&>;
  using Out = std::conditional_t<std::is_void_v<Raw>, Status,
                                 std::conditional_t<IsResult<Raw>::value, Raw, Result<Raw>>>;
  auto conn = ConnectionOf(db);
  if (!conn) return Out(conn.error());
  try {
    pqxx::work w(**conn);
    if constexpr (std::is_void_v<Raw>) {
      f(w);
      w.commit();
      return Out();
    } else {
      Raw r = f(w);
      if constexpr (IsResult<Raw>::value) {
        if (!r.ok()) return Out(std::move(r));  // the destructor rolls back
      }
      w.commit();
      return Out(std::move(r));
    }
  } catch (const pqxx::broken_connection& e) {
    return Out(Transient(std::string("database connection lost: ") + e.what()));
  } catch (const pqxx::sql_error& e) {
    return Out(Transient(std::string("database error: ") + e.what()));
  } catch (const std::exception& e) {
    return Out(Transient(std::string("database error: ") + e.what()));
  }
}

}  // namespace docflow::storage_internal
