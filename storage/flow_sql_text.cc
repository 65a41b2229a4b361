#include "storage/flow_sql_text.h"

#include "storage/db_internal.h"

namespace docflow {

Result<std::string> QueryText(Db& db, const std::string& sql) {
  return storage_internal::Transact(db, [&](pqxx::work& w) -> std::string {
    auto r = w.exec(sql);
    if (r.empty() || r[0][0].is_null()) return "";
    return r[0][0].as<std::string>();
  });
}

}  // namespace docflow
