// Filter rules, the same shape Directus uses, evaluated in memory against a
// JSON value (a condition operation's context, an event trigger's data).
//
//   {"record": {"total_gross": {"_gt": 5000}}}          nested keys are a path
//   {"record.status": {"_in": ["received", "approved"]}} a dotted key too
//   {"_and": [rule, ...]}  {"_or": [rule, ...]}          all / any
//   several keys in one object: all must hold
//
// Operators on a value: _eq _neq _gt _gte _lt _lte _in _nin _contains
// _ncontains _icontains _starts_with _ieq (case-insensitive equality)
// _null (true: is null; false: is not) _nnull _empty _nempty. Numbers compare
// numerically (numeric texts too), texts lexicographically (ISO dates sort);
// a comparison with null is false (except _eq null, _neq null, _null).
// storage/flow_sql_filter.h turns the same rules into SQL for item reads.
//
// Errors: an unknown operator or a malformed rule (e.g. _and not a list).
//
// Thread safety: pure functions.
#pragma once

#include <nlohmann/json.hpp>

#include "common/result.h"

namespace docflow::flows {

Result<bool> MatchesFilter(const nlohmann::json& filter, const nlohmann::json& data);

// Structure check without data (definitions are validated when loaded).
Status CheckFilter(const nlohmann::json& filter);

}  // namespace docflow::flows
