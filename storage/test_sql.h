// For tests and diagnostics only: one integer from a query (count(*) ...).
#pragma once

#include <string>

#include "common/result.h"
#include "storage/db.h"

namespace docflow {

Result<long long> QueryScalar(Db& db, const std::string& sql);

}  // namespace docflow
