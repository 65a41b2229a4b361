// Filter rules (flows/filter.h: {"status": {"_in": [...]}, "_or": [...]})
// as a parameterised SQL condition on one table, for item reads and updates.
// Every column is checked against the FlowSchema allowlist and quoted; every
// value is a $n parameter (text, typed by PostgreSQL from the column it is
// compared with). Top-level keys are columns; paths into JSON columns are
// refused.
//
// Thread safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/result.h"
#include "storage/flow_schema.h"

namespace docflow {

using SqlParams = std::vector<std::optional<std::string>>;

// "TRUE" for an empty filter. New parameters are appended to params and
// numbered after the ones already there.
Result<std::string> FilterToSql(const FlowSchema& schema, const std::string& table, const nlohmann::json& filter,
                                SqlParams* params);

// A column name as a quoted SQL identifier ("name", "a""b").
std::string QuoteIdent(const std::string& name);

// A JSON value as a text parameter: strings as they are, numbers and
// booleans as SQL reads them, objects and arrays as JSON; null -> nullopt.
std::optional<std::string> SqlParam(const nlohmann::json& v);

// A list as a PostgreSQL array literal: {"a","b\"c",NULL}.
std::string SqlArrayLiteral(const nlohmann::json& list);

}  // namespace docflow
