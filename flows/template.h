// Template rendering: an operation's options (any JSON from the flow's YAML)
// with "{{ expression }}" placeholders (flows/expression.h), rendered
// against the run's context before the operation runs.
//
//  - a string that is exactly one placeholder ("{{$trigger.record.id}}")
//    becomes the expression's JSON value: a number stays a number, an object
//    an object, null null;
//  - any other string has each placeholder replaced by its value as text
//    ("Invoice {{$trigger.record.invoice_number}}"; null gives "");
//  - an object holding the key "$if" is kept only when "$if" is true: it is
//    dropped from its array or parent object (null at the top level); the
//    "$if" key itself is removed;
//  - object keys, numbers, booleans and null are kept as they are.
//
// Errors: an expression that does not parse or evaluate; the Error names the
// expression.
//
// Thread safety: pure functions.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "common/result.h"

namespace docflow::flows {

Result<nlohmann::json> Render(const nlohmann::json& tmpl, const nlohmann::json& context);

// Renders one string (the rules above): typed when the string is one placeholder.
Result<nlohmann::json> RenderString(const std::string& s, const nlohmann::json& context);

// Syntax check without data, for validating definitions: every placeholder
// parses. Errors name the expression.
Status CheckTemplate(const nlohmann::json& tmpl);

}  // namespace docflow::flows
