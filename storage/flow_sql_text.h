// For tests and diagnostics of the flow engine only: the first column of the
// first row of a query as text (NULL and no row: ""). Tests wrap their
// queries in json_agg(...) to read rows as JSON.
#pragma once

#include <string>

#include "common/result.h"
#include "storage/db.h"

namespace docflow {

Result<std::string> QueryText(Db& db, const std::string& sql);

}  // namespace docflow
