#include "common/yaml_json.h"

namespace docflow {

using nlohmann::json;

json YamlToJson(const YAML::Node& n) {
  switch (n.Type()) {
    case YAML::NodeType::Map: {
      json o = json::object();
      for (const auto& kv : n) o[kv.first.Scalar()] = YamlToJson(kv.second);
      return o;
    }
    case YAML::NodeType::Sequence: {
      json a = json::array();
      for (const auto& e : n) a.push_back(YamlToJson(e));
      return a;
    }
    case YAML::NodeType::Scalar:
      return n.Scalar();
    default:
      return nullptr;
  }
}

Result<json> StructuredSetting(const json& value, const std::string& key) {
  if (!value.is_string()) return value;
  const std::string s = value.get<std::string>();
  if (s.find_first_not_of(" \t\r\n") == std::string::npos) return json(nullptr);
  try {
    return YamlToJson(YAML::Load(s));
  } catch (const YAML::Exception& e) {
    return Permanent(key + ": cannot read: " + e.what());
  }
}

}  // namespace docflow
