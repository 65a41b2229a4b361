#include "flows/template.h"

#include <optional>

#include "flows/expression.h"

namespace docflow::flows {
using nlohmann::json;

namespace {

std::string Trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n"), e = s.find_last_not_of(" \t\r\n");
  return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

// Calls f(expression) for each placeholder and appends literal text and f's
// text to out. Returns the error of the first failing f.
template <typename F>
Status Scan(const std::string& s, std::string* out, F&& f) {
  size_t pos = 0;
  while (pos < s.size()) {
    size_t open = s.find("{{", pos);
    if (open == std::string::npos) {
      if (out) out->append(s, pos, std::string::npos);
      break;
    }
    size_t close = s.find("}}", open + 2);
    if (close == std::string::npos) return Permanent("unclosed '{{' in \"" + s + "\"");
    if (out) out->append(s, pos, open - pos);
    auto text = f(Trim(s.substr(open + 2, close - open - 2)));
    if (!text) return text.error();
    if (out) out->append(*text);
    pos = close + 2;
  }
  return Ok();
}

// nullopt: the value is dropped ("$if" false).
Result<std::optional<json>> RenderNode(const json& t, const json& ctx) {
  if (t.is_string()) {
    auto v = RenderString(t.get_ref<const std::string&>(), ctx);
    if (!v) return v.error();
    return std::optional<json>(std::move(*v));
  }
  if (t.is_array()) {
    json out = json::array();
    for (const json& e : t) {
      auto v = RenderNode(e, ctx);
      if (!v) return v;
      if (*v) out.push_back(std::move(**v));
    }
    return std::optional<json>(std::move(out));
  }
  if (t.is_object()) {
    if (auto it = t.find("$if"); it != t.end()) {
      auto cond = RenderNode(*it, ctx);
      if (!cond) return cond;
      if (!*cond || !Truthy(**cond)) return std::optional<json>();
    }
    json out = json::object();
    for (auto it = t.begin(); it != t.end(); ++it) {
      if (it.key() == "$if") continue;
      auto v = RenderNode(it.value(), ctx);
      if (!v) return v;
      if (*v) out[it.key()] = std::move(**v);
    }
    return std::optional<json>(std::move(out));
  }
  return std::optional<json>(t);
}

}  // namespace

Result<json> RenderString(const std::string& s, const json& ctx) {
  if (s.find("{{") == std::string::npos) return json(s);
  // Exactly one placeholder spanning the whole string: a typed value.
  std::string trimmed = Trim(s);
  if (trimmed.size() >= 4 && trimmed.compare(0, 2, "{{") == 0 && trimmed.compare(trimmed.size() - 2, 2, "}}") == 0 &&
      trimmed.find("{{", 2) == std::string::npos && trimmed.find("}}") == trimmed.size() - 2)
    return Evaluate(Trim(trimmed.substr(2, trimmed.size() - 4)), ctx);
  std::string out;
  auto s2 = Scan(s, &out, [&](const std::string& expr) -> Result<std::string> {
    auto v = Evaluate(expr, ctx);
    if (!v) return v.error();
    return ToText(*v);
  });
  if (!s2) return s2.error();
  return json(out);
}

Result<json> Render(const json& tmpl, const json& ctx) {
  auto v = RenderNode(tmpl, ctx);
  if (!v) return v.error();
  return *v ? std::move(**v) : json(nullptr);
}

Status CheckTemplate(const json& t) {
  if (t.is_string()) {
    // Evaluating against an empty context checks the syntax; a function
    // applied to null may still complain, which is not a syntax error, so
    // only parse errors count here.
    return Scan(t.get_ref<const std::string&>(), nullptr, [](const std::string& expr) -> Result<std::string> {
      auto v = Evaluate(expr, json::object());
      if (!v && (v.error().message.find("unexpected") != std::string::npos ||
                 v.error().message.find("expected") != std::string::npos ||
                 v.error().message.find("unknown function") != std::string::npos ||
                 v.error().message.find("unterminated") != std::string::npos ||
                 v.error().message.find("argument(s)") != std::string::npos))
        return v.error();
      return std::string();
    });
  }
  if (t.is_array() || t.is_object()) {
    for (const json& e : t)
      if (auto s = CheckTemplate(e); !s) return s;
  }
  return Ok();
}

}  // namespace docflow::flows
