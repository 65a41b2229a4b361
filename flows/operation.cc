#include "flows/operation.h"

#include <algorithm>

#include "flows/ops/ops.h"

namespace docflow::flows {
using nlohmann::json;

namespace {
const std::vector<const Operation*>& All() {
  static const std::vector<const Operation*> kAll = {
      &ops::Condition(),  &ops::Transform(), &ops::Log(),      &ops::ItemCreate(),  &ops::ItemRead(),
      &ops::ItemUpdate(), &ops::Notify(),    &ops::Assign(),   &ops::Schedule(),    &ops::TriggerFlow(),
      &ops::Request(),    &ops::Mail()};
  return kAll;
}
}  // namespace

const Operation* FindOperation(const std::string& type) {
  for (const Operation* op : All())
    if (type == op->type()) return op;
  return nullptr;
}

std::vector<std::string> OperationTypes() {
  std::vector<std::string> out;
  for (const Operation* op : All()) out.push_back(op->type());
  return out;
}

Status RequireOption(const json& options, const std::string& key) {
  if (!options.contains(key) || options[key].is_null()) return Permanent(key + ": required");
  return Ok();
}

Status OptionalString(const json& options, const std::string& key) {
  if (options.contains(key) && !options[key].is_string() && !options[key].is_null())
    return Permanent(key + ": expected text");
  return Ok();
}

Status AllowedOptions(const json& options, const std::vector<std::string>& keys) {
  for (auto it = options.begin(); it != options.end(); ++it)
    if (std::find(keys.begin(), keys.end(), it.key()) == keys.end()) {
      std::string known;
      for (const auto& k : keys) known += (known.empty() ? "" : ", ") + k;
      return Permanent(it.key() + ": unknown option (" + known + ")");
    }
  return Ok();
}

}  // namespace docflow::flows
