// BODYSTRUCTURE and skeleton messages; see imap_bodystructure.h.
#include "pipeline/mail/imap_bodystructure.h"

#include <algorithm>
#include <cctype>

namespace docflow::mail {
namespace {

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string ChildPath(const std::string& path, size_t index) {
  return path.empty() ? std::to_string(index) : path + "." + std::to_string(index);
}

bool IsTokenChar(char c) {
  unsigned char u = static_cast<unsigned char>(c);
  if (u <= 0x20 || u >= 0x7f) return false;
  return std::string_view("()<>@,;:\\\"/[]?=").find(c) == std::string_view::npos;
}

bool IsToken(std::string_view s) { return !s.empty() && std::all_of(s.begin(), s.end(), IsTokenChar); }

// attr-char of RFC 2231 (token characters without '*', '\'' and '%').
bool IsAttrChar(char c) { return IsTokenChar(c) && c != '*' && c != '\'' && c != '%'; }

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

Result<std::vector<std::pair<std::string, std::string>>> Params(const ImapValue& v) {
  std::vector<std::pair<std::string, std::string>> out;
  if (v.kind == ImapValue::kNil) return out;
  if (!v.IsList() || v.items.size() % 2 != 0) return Permanent("BODYSTRUCTURE: bad parameter list");
  for (size_t i = 0; i + 1 < v.items.size(); i += 2) {
    if (v.items[i].IsList() || v.items[i + 1].IsList()) return Permanent("BODYSTRUCTURE: bad parameter");
    out.emplace_back(Lower(v.items[i].Str()), v.items[i + 1].Str());
  }
  return out;
}

Status Disposition(const ImapValue& v, ImapBodyPart& part) {
  if (v.kind == ImapValue::kNil) return Ok();
  if (!v.IsList() || v.items.empty() || v.items[0].IsList()) return Permanent("BODYSTRUCTURE: bad disposition");
  part.disposition = Lower(v.items[0].Str());
  if (v.items.size() > 1) {
    auto p = Params(v.items[1]);
    if (!p) return p.error();
    part.disposition_params = std::move(*p);
  }
  return Ok();
}

Result<ImapBodyPart> ParsePart(const ImapValue& v, const std::string& path, int depth) {
  if (depth > kMaxImapDepth) return Permanent("BODYSTRUCTURE: nested too deeply");
  if (!v.IsList() || v.items.empty()) return Permanent("BODYSTRUCTURE: expected a list");
  ImapBodyPart part;
  const auto& it = v.items;
  if (it[0].IsList()) {  // multipart: children, subtype, [params [disposition ...]]
    part.path = path;
    part.type = "multipart";
    size_t i = 0;
    for (; i < it.size() && it[i].IsList(); ++i) {
      auto child = ParsePart(it[i], ChildPath(path, i + 1), depth + 1);
      if (!child) return child.error();
      part.children.push_back(std::move(*child));
    }
    if (i >= it.size()) return Permanent("BODYSTRUCTURE: multipart without subtype");
    part.subtype = Lower(it[i].Str());
    if (i + 1 < it.size()) {
      auto p = Params(it[i + 1]);
      if (!p) return p.error();
      part.params = std::move(*p);
    }
    if (i + 2 < it.size()) {
      if (auto s = Disposition(it[i + 2], part); !s) return s.error();
    }
    return part;
  }
  if (it.size() < 7) return Permanent("BODYSTRUCTURE: part with too few fields");
  for (int k : {0, 1, 5, 6})
    if (it[k].IsList()) return Permanent("BODYSTRUCTURE: bad part fields");
  part.path = path.empty() ? "1" : path;
  part.type = Lower(it[0].Str());
  part.subtype = Lower(it[1].Str());
  auto params = Params(it[2]);
  if (!params) return params.error();
  part.params = std::move(*params);
  part.encoding = Lower(it[5].Str());
  part.size = std::max(0LL, it[6].Number());
  size_t ext = 7;  // first field after body-fields (and the type-specific ones)
  if (part.IsMessage() && it.size() >= 10 && it[8].IsList()) {
    const ImapValue& inner = it[8];
    bool inner_multipart = !inner.items.empty() && inner.items[0].IsList();
    auto child = ParsePart(inner, inner_multipart ? part.path : part.path + ".1", depth + 1);
    if (!child) return child.error();
    part.children.push_back(std::move(*child));
    ext = 10;
  } else if (part.IsMessage()) {
    ext = std::min<size_t>(it.size(), 10);
  } else if (part.type == "text") {
    ext = 8;
  }
  // body-ext-1part: md5, disposition, ...
  if (ext + 1 < it.size()) {
    if (auto s = Disposition(it[ext + 1], part); !s) return s.error();
  }
  return part;
}

// A parameter for a header field: "; name=value", or "" when unusable.
std::string ParamText(const std::string& name, const std::string& value) {
  if (!IsToken(name)) return "";
  if (name.back() == '*') {
    // RFC 2231 extended value: charset'language'percent-encoded (servers may
    // report joined continuations with raw characters): re-encode.
    size_t q1 = value.find('\'');
    size_t q2 = q1 == std::string::npos ? std::string::npos : value.find('\'', q1 + 1);
    std::string charset = q1 == std::string::npos ? "" : value.substr(0, q1);
    if (q2 != std::string::npos && (charset.empty() || IsToken(charset))) {
      std::string decoded;
      for (size_t i = q2 + 1; i < value.size(); ++i) {
        if (value[i] == '%' && i + 2 < value.size() && HexValue(value[i + 1]) >= 0 && HexValue(value[i + 2]) >= 0) {
          decoded += static_cast<char>(HexValue(value[i + 1]) * 16 + HexValue(value[i + 2]));
          i += 2;
        } else {
          decoded += value[i];
        }
      }
      std::string encoded;
      static const char* kHex = "0123456789ABCDEF";
      for (char c : decoded) {
        if (IsAttrChar(c)) {
          encoded += c;
        } else {
          unsigned char u = static_cast<unsigned char>(c);
          encoded += '%';
          encoded += kHex[u >> 4];
          encoded += kHex[u & 15];
        }
      }
      std::string lang = value.substr(q1 + 1, q2 - q1 - 1);
      if (!lang.empty() && !IsToken(lang)) lang.clear();
      return "; " + name + "=" + charset + "'" + lang + "'" + encoded;
    }
    return ParamText(name.substr(0, name.size() - 1), value);
  }
  std::string quoted = "\"";
  for (char c : value) {
    if (c == '\r' || c == '\n' || c == '\0') continue;
    if (c == '"' || c == '\\') quoted += '\\';
    quoted += c;
  }
  quoted += '"';
  return "; " + name + "=" + quoted;
}

class SkeletonWriter {
 public:
  std::string Part(const ImapBodyPart& p) {
    std::string type = IsToken(p.type) && IsToken(p.subtype) ? p.type + "/" + p.subtype : "application/octet-stream";
    std::string boundary;
    std::string head = "Content-Type: " + type;
    for (const auto& [k, v] : p.params) {
      if (p.IsMultipart() && k == "boundary") continue;
      head += ParamText(k, v);
    }
    if (p.IsMultipart()) {
      boundary = "=_docflow_skeleton_" + std::to_string(++boundaries_);
      head += "; boundary=\"" + boundary + "\"";
    }
    head += "\r\n";
    if (!p.disposition.empty() && IsToken(p.disposition)) {
      head += "Content-Disposition: " + p.disposition;
      for (const auto& [k, v] : p.disposition_params) head += ParamText(k, v);
      head += "\r\n";
    }
    head += "\r\n";
    if (p.IsMultipart()) {
      std::string body;
      for (const auto& c : p.children) body += "--" + boundary + "\r\n" + Part(c) + "\r\n";
      body += "--" + boundary + "--\r\n";
      return head + body;
    }
    if (p.IsMessage() && !p.children.empty()) return head + "MIME-Version: 1.0\r\n" + Part(p.children.front());
    return head + (p.size > 0 ? "x" : "");
  }

 private:
  int boundaries_ = 0;
};

bool HasName(const ImapBodyPart& p) {
  for (const auto& [k, v] : p.params)
    if (k == "name" || k == "name*") return true;
  for (const auto& [k, v] : p.disposition_params)
    if (k.rfind("filename", 0) == 0) return true;
  return false;
}

}  // namespace

Result<ImapBodyPart> ParseBodyStructure(const ImapValue& value) { return ParsePart(value, "", 0); }

std::string SkeletonMessage(std::string_view header_fields, const ImapBodyPart& body) {
  std::string out;
  // The fetched header fields end with the blank line that ends a header: drop it.
  std::string_view h = header_fields;
  while (!h.empty() && (h.back() == '\r' || h.back() == '\n')) h.remove_suffix(1);
  if (!h.empty()) {
    out.append(h);
    out += "\r\n";
  }
  out += "MIME-Version: 1.0\r\n";
  SkeletonWriter writer;
  out += writer.Part(body);
  return out;
}

std::map<std::string, long long> LeafSizes(const ImapBodyPart& body) {
  std::map<std::string, long long> out;
  if (body.children.empty()) {
    out[body.path] = body.size;
    return out;
  }
  for (const auto& c : body.children) out.merge(LeafSizes(c));
  return out;
}

bool HasOpaqueContent(const ImapBodyPart& body, long long text_bytes) {
  if (body.IsMessage()) {
    if (body.children.empty() || (body.encoding != "7bit" && body.encoding != "8bit" && body.encoding != "binary" &&
                                  !body.encoding.empty()))
      return true;
  }
  if (!body.children.empty()) {
    return std::any_of(body.children.begin(), body.children.end(),
                       [&](const ImapBodyPart& c) { return HasOpaqueContent(c, text_bytes); });
  }
  return body.type == "text" && body.disposition != "attachment" && !HasName(body) && body.size >= text_bytes;
}

}  // namespace docflow::mail
