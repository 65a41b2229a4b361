// The expression language inside flow templates: what goes between "{{" and
// "}}". Small on purpose; it reads values out of the run's context and does
// the arithmetic and tests the default flows need (amounts, scores, dates).
//
//   paths      $trigger.record.id   $last.status   payment.id   items[0].name
//              (a missing key or index gives null, never an error)
//   literals   12  3.5  'text'  "text"  true  false  null  [1, 'a']
//   operators  ! -x  * / %  + -  < <= > >=  == !=  &&  ||  a ?? b  c ? a : b
//              + joins text when either side is text; == compares JSON values
//              (1 == 1.0); < on two texts compares them (ISO dates sort)
//   functions  see kFunctions in expression.cc and flows/README.md: min max
//              round floor ceil abs number string lower upper trim len
//              contains matches starts_with domain split join coalesce
//              first last pluck sum fixed today now date date_add days_between
//
// Truthiness (!, &&, ||, ?:, conditions): null, false, 0, "", [] and {} are
// false; everything else is true. Dates are ISO 8601 texts, UTC.
//
// Errors: a syntax error, an unknown function or a wrong argument count is
// an Error naming the expression; a type mismatch in arithmetic (a text
// times a number) is an Error too. Division by zero gives null.
//
// Thread safety: pure functions.
#pragma once

#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "common/result.h"

namespace docflow::flows {

// Evaluates `expression` against `context` (an object whose keys are the
// roots: "$trigger", "$last", "$settings", "$run" and each operation key).
Result<nlohmann::json> Evaluate(const std::string& expression, const nlohmann::json& context);

// Truthiness as defined above.
bool Truthy(const nlohmann::json& v);

// Ordering and equality as the operators use them: numbers numerically
// (numeric texts too), texts lexicographically; CompareValues is nullopt when
// the two cannot be ordered (null, or unlike values).
std::optional<int> CompareValues(const nlohmann::json& a, const nlohmann::json& b);
bool EqualValues(const nlohmann::json& a, const nlohmann::json& b);

// A JSON value as template text: strings as they are, integers without a
// decimal point, null as "", others as compact JSON.
std::string ToText(const nlohmann::json& v);

}  // namespace docflow::flows
