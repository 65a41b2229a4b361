#include "flows/flow_definition.h"

#include <yaml-cpp/yaml.h>

#include <functional>
#include <regex>
#include <set>

#include "flows/cron.h"
#include "flows/filter.h"
#include "flows/operation.h"
#include "flows/template.h"
#include "flows/time_text.h"

namespace docflow::flows {
using nlohmann::json;

const char* TriggerTypeName(TriggerType t) {
  switch (t) {
    case TriggerType::kEvent: return "event";
    case TriggerType::kSchedule: return "schedule";
    case TriggerType::kDate: return "date";
    case TriggerType::kWebhook: return "webhook";
    case TriggerType::kManual: return "manual";
  }
  return "?";
}

const OperationSpec* FlowDefinition::Find(const std::string& key) const {
  for (const auto& op : operations)
    if (op.key == key) return &op;
  return nullptr;
}

namespace {

json Scalar(const YAML::Node& n) {
  const std::string& s = n.Scalar();
  if (n.Tag() == "!") return s;  // quoted: text
  static const std::regex kInt(R"([-+]?\d{1,15})");
  static const std::regex kFloat(R"([-+]?(\d+\.\d*|\.\d+|\d+)([eE][-+]?\d+)?)");
  if (s == "~" || s == "null" || s == "Null" || s == "NULL" || s.empty()) return nullptr;
  if (s == "true" || s == "True" || s == "TRUE") return true;
  if (s == "false" || s == "False" || s == "FALSE") return false;
  if (std::regex_match(s, kInt)) return std::stoll(s);
  if (std::regex_match(s, kFloat)) return std::stod(s);
  return s;
}

json Convert(const YAML::Node& n) {
  switch (n.Type()) {
    case YAML::NodeType::Map: {
      json o = json::object();
      for (const auto& kv : n) o[kv.first.as<std::string>()] = Convert(kv.second);
      return o;
    }
    case YAML::NodeType::Sequence: {
      json a = json::array();
      for (const auto& e : n) a.push_back(Convert(e));
      return a;
    }
    case YAML::NodeType::Scalar:
      return Scalar(n);
    default:
      return nullptr;
  }
}

// A list of names from a string or a list of strings.
Result<std::vector<std::string>> Names(const json& v, const std::string& where) {
  std::vector<std::string> out;
  if (v.is_null()) return out;
  if (v.is_string()) {
    out.push_back(v.get<std::string>());
    return out;
  }
  if (!v.is_array()) return Permanent(where + ": expected a name or a list of names");
  for (const json& e : v) {
    if (!e.is_string()) return Permanent(where + ": expected a name or a list of names");
    out.push_back(e.get<std::string>());
  }
  return out;
}

Status KnownKeys(const json& o, const std::set<std::string>& keys, const std::string& where) {
  for (auto it = o.begin(); it != o.end(); ++it)
    if (!keys.count(it.key())) return Permanent((where.empty() ? "" : where + ".") + it.key() + ": unknown key");
  return Ok();
}

Result<TriggerSpec> ParseTrigger(const json& t) {
  TriggerSpec spec;
  if (!t.is_object()) return Permanent("trigger: expected a mapping with a type");
  if (!t.contains("type") || !t["type"].is_string()) return Permanent("trigger.type: required (event | schedule | date | webhook | manual)");
  std::string type = t["type"];
  if (type == "event") {
    spec.type = TriggerType::kEvent;
    if (auto s = KnownKeys(t, {"type", "collection", "action", "actions", "filter"}, "trigger"); !s) return s.error();
    if (!t.contains("collection") || !t["collection"].is_string() || t["collection"].get<std::string>().empty())
      return Permanent("trigger.collection: required (a table name, e.g. invoices)");
    spec.collection = t["collection"];
    auto actions = Names(t.contains("actions") ? t["actions"] : t.value("action", json("create")), "trigger.actions");
    if (!actions) return actions.error();
    static const std::regex kAction(R"([a-z][a-z_]*)");
    for (const auto& a : *actions)
      if (!std::regex_match(a, kAction))
        return Permanent("trigger.actions: '" + a + "' is not an action (create, update, delete, match, ...)");
    spec.actions = *actions;
  } else if (type == "schedule") {
    spec.type = TriggerType::kSchedule;
    if (auto s = KnownKeys(t, {"type", "cron"}, "trigger"); !s) return s.error();
    if (!t.contains("cron") || !t["cron"].is_string()) return Permanent("trigger.cron: required, e.g. \"0 6 * * *\"");
    spec.cron = t["cron"];
    if (auto c = CronSchedule::Parse(spec.cron); !c) return Permanent("trigger.cron: " + c.error().message);
  } else if (type == "date") {
    spec.type = TriggerType::kDate;
    if (auto s = KnownKeys(t, {"type", "collection", "field", "offset", "offsets", "filter", "past"}, "trigger"); !s)
      return s.error();
    if (!t.contains("collection") || !t["collection"].is_string())
      return Permanent("trigger.collection: required (the table holding the date)");
    if (!t.contains("field") || !t["field"].is_string()) return Permanent("trigger.field: required (a date column)");
    spec.collection = t["collection"];
    spec.field = t["field"];
    json offs = t.contains("offsets") ? t["offsets"] : json::array({t.value("offset", json("0 days"))});
    if (!offs.is_array() || offs.empty()) return Permanent("trigger.offsets: expected a list such as [\"-30 days\"]");
    for (const json& o : offs) {
      std::string text = o.is_string() ? o.get<std::string>() : o.is_number() ? std::to_string(o.get<long long>()) : "";
      auto d = ParseDuration(text);
      if (!d) return Permanent("trigger.offsets: " + d.error().message);
      spec.offsets.push_back(DateOffset{d->n, d->unit, text});
    }
    std::string past = t.value("past", json("skip")).is_string() ? t.value("past", std::string("skip")) : "";
    if (past != "skip" && past != "fire") return Permanent("trigger.past: skip or fire");
    spec.fire_past = past == "fire";
  } else if (type == "webhook" || type == "manual") {
    spec.type = type == "webhook" ? TriggerType::kWebhook : TriggerType::kManual;
    if (auto s = KnownKeys(t, {"type"}, "trigger"); !s) return s.error();
  } else {
    return Permanent("trigger.type: '" + type + "' is not event, schedule, date, webhook or manual");
  }
  if (t.contains("filter")) {
    spec.filter = t["filter"];
    if (auto s = CheckFilter(spec.filter); !s) return Permanent("trigger.filter: " + s.error().message);
    if (auto s = CheckTemplate(spec.filter); !s) return Permanent("trigger.filter: " + s.error().message);
  }
  return spec;
}

Result<FlowDefinition> Parse(const json& src) {
  FlowDefinition d;
  if (!src.is_object()) return Permanent("expected a mapping (name, trigger, operations)");
  if (auto s = KnownKeys(src, {"name", "description", "enabled", "max_depth", "trigger", "start", "operations"}, "");
      !s)
    return s.error();
  static const std::regex kName(R"([a-z0-9][a-z0-9_.-]*)");
  if (!src.contains("name") || !src["name"].is_string()) return Permanent("name: required");
  d.name = src["name"];
  if (!std::regex_match(d.name, kName)) return Permanent("name: '" + d.name + "' must match [a-z0-9][a-z0-9_.-]*");
  if (src.contains("description")) d.description = src["description"].is_string() ? src["description"].get<std::string>() : "";
  if (src.contains("enabled")) {
    if (!src["enabled"].is_boolean()) return Permanent("enabled: true or false");
    d.enabled = src["enabled"];
  }
  if (src.contains("max_depth")) {
    if (!src["max_depth"].is_number_integer() || src["max_depth"].get<int>() < 1)
      return Permanent("max_depth: a whole number >= 1");
    d.max_depth = src["max_depth"];
  }
  if (!src.contains("trigger")) return Permanent("trigger: required");
  auto trig = ParseTrigger(src["trigger"]);
  if (!trig) return trig.error();
  d.trigger = *trig;

  if (!src.contains("operations") || !src["operations"].is_object() || src["operations"].empty())
    return Permanent("operations: required (a mapping of key: operation)");
  static const std::regex kKey(R"([a-z_][a-z0-9_]*)");
  for (auto it = src["operations"].begin(); it != src["operations"].end(); ++it) {
    std::string where = "operations." + it.key();
    if (!std::regex_match(it.key(), kKey))
      return Permanent(where + ": keys are lower case letters, digits and _ (they are template names)");
    if (!it.value().is_object()) return Permanent(where + ": expected a mapping with a type");
    OperationSpec op;
    op.key = it.key();
    const json& o = it.value();
    if (!o.contains("type") || !o["type"].is_string()) return Permanent(where + ".type: required");
    op.type = o["type"];
    const Operation* impl = FindOperation(op.type);
    if (!impl) {
      std::string known;
      for (const auto& t : OperationTypes()) known += (known.empty() ? "" : ", ") + t;
      return Permanent(where + ".type: unknown operation '" + op.type + "' (" + known + ")");
    }
    auto resolve = Names(o.value("resolve", json(nullptr)), where + ".resolve");
    if (!resolve) return resolve.error();
    auto reject = Names(o.value("reject", json(nullptr)), where + ".reject");
    if (!reject) return reject.error();
    op.resolve = *resolve;
    op.reject = *reject;
    if (o.contains("retries")) {
      if (!o["retries"].is_number_integer() || o["retries"].get<int>() < 1)
        return Permanent(where + ".retries: a whole number >= 1 (attempts)");
      op.max_attempts = o["retries"];
    }
    op.options = json::object();
    for (auto k = o.begin(); k != o.end(); ++k)
      if (k.key() != "type" && k.key() != "resolve" && k.key() != "reject" && k.key() != "retries")
        op.options[k.key()] = k.value();
    if (auto s = impl->Validate(op.options); !s) return Permanent(where + "." + s.error().message);
    if (auto s = CheckTemplate(op.options); !s) return Permanent(where + ": " + s.error().message);
    d.operations.push_back(std::move(op));
  }
  auto start = Names(src.value("start", json(nullptr)), "start");
  if (!start) return start.error();
  if (start->empty()) {
    // JSON objects keep no order: without start, only a lone operation is the obvious one.
    // (YAML files get start = their first operation when they are read.)
    if (d.operations.size() > 1) return Permanent("start: required (the first operation to run)");
    start->push_back(d.operations.front().key);
  }
  d.start = *start;

  // Every edge names an operation; every operation is reached; no cycle.
  // An operation may be reached from several places (the two sides of a
  // condition meeting again): it runs once, on the first arrival.
  std::map<std::string, std::vector<std::string>> next;
  std::set<std::string> reached_from_somewhere;
  for (const auto& s : d.start)
    if (!d.Find(s)) return Permanent("start: no operation '" + s + "'");
  for (const auto& op : d.operations) {
    for (const auto* edges : {&op.resolve, &op.reject}) {
      const char* edge = edges == &op.resolve ? "resolve" : "reject";
      for (const auto& n : *edges) {
        if (!d.Find(n)) return Permanent("operations." + op.key + "." + edge + ": no operation '" + n + "'");
        next[op.key].push_back(n);
      }
    }
  }
  std::map<std::string, int> color;  // 0 unseen, 1 on the path, 2 done
  std::function<Status(const std::string&)> visit = [&](const std::string& k) -> Status {
    color[k] = 1;
    for (const auto& n : next[k]) {
      if (color[n] == 1) return Permanent("operations." + k + ": leads back to " + n + " (a cycle)");
      if (color[n] == 0)
        if (auto s = visit(n); !s) return s;
    }
    color[k] = 2;
    return Ok();
  };
  for (const auto& s : d.start)
    if (color[s] == 0)
      if (auto st = visit(s); !st) return st.error();
  for (const auto& op : d.operations)
    if (color[op.key] == 0) return Permanent("operations." + op.key + ": never reached (not in start, resolve or reject)");
  d.source = src;
  return d;
}

}  // namespace

Result<FlowDefinition> ParseFlow(const json& source, const std::string& origin) {
  auto d = Parse(source);
  if (!d) return Permanent(origin + ": " + d.error().message);
  d->origin = origin;
  return d;
}

Result<json> YamlToJson(const std::string& yaml_text) {
  try {
    YAML::Node root = YAML::Load(yaml_text);
    return Convert(root);
  } catch (const YAML::Exception& e) {
    return Permanent(std::string("YAML: ") + e.what());
  }
}

namespace {
// A flow file without start begins with its first operation, in file order.
json WithStart(const YAML::Node& root) {
  json j = Convert(root);
  if (j.is_object() && !j.contains("start") && root["operations"] && root["operations"].IsMap() &&
      root["operations"].size() > 0)
    j["start"] = root["operations"].begin()->first.as<std::string>();
  return j;
}
}  // namespace

Result<FlowDefinition> ParseFlowYaml(const std::string& yaml_text, const std::string& origin) {
  try {
    return ParseFlow(WithStart(YAML::Load(yaml_text)), origin);
  } catch (const YAML::Exception& e) {
    return Permanent(origin + ": " + e.what());
  }
}

Result<FlowDefinition> LoadFlowFile(const std::string& path) {
  YAML::Node root;
  try {
    root = YAML::LoadFile(path);
  } catch (const YAML::Exception& e) {
    return Permanent(path + ": " + e.what());
  }
  return ParseFlow(WithStart(root), path);
}

}  // namespace docflow::flows
