#include "storage/test_sql.h"

#include "storage/db_internal.h"

namespace docflow {

Result<long long> QueryScalar(Db& db, const std::string& sql) {
  return storage_internal::Transact(db, [&](pqxx::work& w) -> Result<long long> {
    auto r = w.exec(sql);
    if (r.empty() || r[0][0].is_null()) return Permanent("no value from: " + sql);
    return r[0][0].as<long long>();
  });
}

}  // namespace docflow
