#include "extractors/vcard.h"

#include <iconv.h>

#include <algorithm>
#include <cctype>
#include <regex>

#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include "classifiers/text_norm.h"

namespace docflow::vcard {
namespace {

std::string Upper(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool IEquals(std::string_view a, std::string_view b) { return Upper(a) == Upper(b); }

size_t CountDigits(std::string_view s) {
  return static_cast<size_t>(std::count_if(s.begin(), s.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }));
}

// Joins the non-empty, trimmed parts with sep.
std::string JoinNonEmpty(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (const auto& p : parts) {
    std::string t = text::CollapseSpaces(p);
    if (t.empty()) continue;
    if (!out.empty()) out += sep;
    out += t;
  }
  return out;
}

// Splits on `sep` not preceded by a backslash escape (escapes are kept).
std::vector<std::string> SplitUnescaped(std::string_view s, char sep) {
  std::vector<std::string> out(1);
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size()) {
      out.back() += s[i];
      out.back() += s[++i];
    } else if (s[i] == sep) {
      out.emplace_back();
    } else {
      out.back() += s[i];
    }
  }
  return out;
}

// \n \N -> newline, \\ \, \; \: -> the character; other backslashes stay.
std::string Unescape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size()) {
      char n = s[i + 1];
      if (n == 'n' || n == 'N') {
        out += '\n';
        ++i;
        continue;
      }
      if (n == '\\' || n == ',' || n == ';' || n == ':') {
        out += n;
        ++i;
        continue;
      }
    }
    out += s[i];
  }
  return out;
}

// A text value's lines, trimmed, empty ones dropped.
std::vector<std::string> ValueLines(std::string_view unescaped) {
  std::vector<std::string> out;
  for (auto& l : text::SplitLines(unescaped)) {
    std::string t = text::CollapseSpaces(l);
    if (!t.empty()) out.push_back(t);
  }
  return out;
}

// One-line form of a text value ("Suite 1\nMain St" -> "Suite 1, Main St").
std::string OneLine(std::string_view unescaped) { return JoinNonEmpty(ValueLines(unescaped), ", "); }

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

std::string DecodeQuotedPrintable(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '=' && i + 2 < s.size() && HexValue(s[i + 1]) >= 0 && HexValue(s[i + 2]) >= 0) {
      out += static_cast<char>(HexValue(s[i + 1]) * 16 + HexValue(s[i + 2]));
      i += 2;
    } else if (s[i] == '=' && i + 1 < s.size() && s[i + 1] == '\n') {
      ++i;  // soft line break left in the value
    } else if (s[i] == '=' && i + 1 == s.size()) {
      // trailing soft break
    } else {
      out += s[i];
    }
  }
  return out;
}

// `in` converted from `charset` to UTF-8 by iconv; nullopt when the charset
// is unknown or the bytes are not valid in it.
std::optional<std::string> Iconv(const std::string& in, const std::string& charset) {
  iconv_t cd = iconv_open("UTF-8", charset.c_str());
  if (cd == reinterpret_cast<iconv_t>(-1)) return std::nullopt;
  std::string out(in.size() * 4 + 16, '\0');
  char* src = const_cast<char*>(in.data());
  size_t src_left = in.size();
  char* dst = out.data();
  size_t dst_left = out.size();
  size_t r = iconv(cd, &src, &src_left, &dst, &dst_left);
  iconv_close(cd);
  if (r == static_cast<size_t>(-1)) return std::nullopt;
  out.resize(out.size() - dst_left);
  return out;
}

// A value in the card's CHARSET, as UTF-8. The text of a file in a
// single-byte charset reaches the parser already as UTF-8, so only bytes
// that are not valid UTF-8 (those quoted-printable decoding gave back) are
// converted: "TITLE;CHARSET=ISO-8859-1:Directeur général" is not converted
// twice. The input unchanged when the charset is unknown or does not fit.
std::string ToUtf8(const std::string& in, const std::string& charset) {
  std::string cs = Upper(charset);
  if (cs.empty() || cs == "UTF-8" || cs == "UTF8" || cs == "US-ASCII" || cs == "ASCII") return in;
  if (Iconv(in, "UTF-8")) return in;
  return Iconv(in, cs).value_or(in);
}

const std::regex& EmailAddressRe() {
  static const std::regex re(R"([A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)");
  return re;
}

std::string EmailAddressIn(const std::string& value) {
  std::smatch m;
  return std::regex_search(value, m, EmailAddressRe()) ? m.str() : std::string();
}

// "tel:+1-418-656-9254;ext=102" -> "+1-418-656-9254".
std::string CleanTel(std::string v) {
  v = text::Trim(v);
  if (v.size() > 4 && IEquals(v.substr(0, 4), "tel:")) v = v.substr(4);
  size_t semi = v.find(';');
  if (semi != std::string::npos) v = v.substr(0, semi);
  return text::Trim(v);
}

void AddTel(Card& c, const std::string& raw, std::vector<std::string> types) {
  std::string v = CleanTel(raw);
  if (CountDigits(v) < 6) return;  // "TEL:1" placeholders are not numbers
  c.phones.push_back(Tel{v, std::move(types)});
}

void AddEmail(Card& c, const std::string& raw) {
  std::string e = EmailAddressIn(raw);
  if (!e.empty()) c.emails.push_back(e);
}

void AddUrl(Card& c, const std::string& raw) {
  std::string u = text::Trim(raw);
  if (!u.empty()) c.urls.push_back(u);
}

// N components (family, given, additional, prefix, suffix; each may be a
// list) -> "prefix given additional family suffix".
std::string NameFromParts(const std::vector<std::string>& n) {
  auto at = [&](size_t i) { return i < n.size() ? n[i] : std::string(); };
  return JoinNonEmpty({at(3), at(1), at(2), at(0), at(4)}, " ");
}

// ---------------------------------------------------------------- vCard text

struct Property {
  std::string name;  // upper case, group removed
  std::vector<std::string> types;
  std::string encoding, charset;
  std::string value;  // decoded (QP, charset) but still escaped
};

// Index of the ':' that ends name and parameters (not inside quotes), or npos.
size_t ValueColon(std::string_view line) {
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '"') quoted = !quoted;
    else if (line[i] == ':' && !quoted) return i;
  }
  return std::string_view::npos;
}

std::optional<Property> ParseProperty(std::string_view line) {
  size_t colon = ValueColon(line);
  if (colon == std::string_view::npos || colon == 0) return std::nullopt;
  std::vector<std::string> head;
  {
    bool quoted = false;
    head.emplace_back();
    for (char c : line.substr(0, colon)) {
      if (c == '"') quoted = !quoted;
      if (c == ';' && !quoted) head.emplace_back();
      else head.back() += c;
    }
  }
  Property p;
  std::string name = Upper(text::Trim(head[0]));
  size_t dot = name.rfind('.');
  if (dot != std::string::npos) name = name.substr(dot + 1);  // item1.EMAIL
  p.name = name;
  for (size_t i = 1; i < head.size(); ++i) {
    std::string param = text::Trim(head[i]);
    size_t eq = param.find('=');
    if (eq == std::string::npos) {
      std::string u = Upper(param);
      if (u == "QUOTED-PRINTABLE" || u == "BASE64" || u == "B" || u == "8BIT" || u == "7BIT")
        p.encoding = u;
      else if (!u.empty())
        p.types.push_back(Lower(param));
      continue;
    }
    std::string key = Upper(text::Trim(param.substr(0, eq)));
    std::string val = text::Trim(param.substr(eq + 1));
    val.erase(std::remove(val.begin(), val.end(), '"'), val.end());
    if (key == "ENCODING") p.encoding = Upper(val);
    else if (key == "CHARSET") p.charset = val;
    else if (key == "TYPE")
      for (auto& t : SplitUnescaped(val, ',')) {
        std::string tt = Lower(text::Trim(t));
        if (!tt.empty()) p.types.push_back(tt);
      }
    else if (key == "PREF") p.types.push_back("pref");
  }
  std::string value(line.substr(colon + 1));
  if (p.encoding == "QUOTED-PRINTABLE") value = DecodeQuotedPrintable(value);
  if (!p.charset.empty()) value = ToUtf8(value, p.charset);
  p.value = std::move(value);
  return p;
}

bool IsQuotedPrintableLine(std::string_view line) {
  size_t colon = ValueColon(line);
  if (colon == std::string_view::npos) return false;
  return Upper(line.substr(0, colon)).find("QUOTED-PRINTABLE") != std::string::npos;
}

// Physical lines -> logical lines (folding and QP soft breaks undone).
std::vector<std::string> LogicalLines(std::string_view text) {
  std::vector<std::string> out;
  bool v21 = false;
  bool qp_open = false;  // last logical line is QP and ended with '='
  for (std::string& l : text::SplitLines(text)) {
    if (qp_open && !out.empty()) {
      out.back().pop_back();  // the soft-break '='
      out.back() += l;
    } else if (!l.empty() && (l[0] == ' ' || l[0] == '\t') && !out.empty()) {
      out.back() += v21 ? l : l.substr(1);
    } else {
      out.push_back(l);
      if (IEquals(text::Trim(l), "VERSION:2.1")) v21 = true;
      else if (Upper(l).rfind("VERSION:", 0) == 0) v21 = false;
    }
    qp_open = !out.empty() && !out.back().empty() && out.back().back() == '=' &&
              IsQuotedPrintableLine(out.back());
  }
  return out;
}

void ApplyProperty(Card& c, const Property& p, std::string& n_name) {
  const std::string& n = p.name;
  if (p.encoding == "BASE64" || p.encoding == "B") return;  // photos, keys
  if (n == "VERSION") {
    c.format = "vcard-" + text::Trim(p.value);
  } else if (n == "FN") {
    if (c.full_name.empty()) c.full_name = OneLine(Unescape(p.value));
  } else if (n == "N") {
    if (n_name.empty()) {
      std::vector<std::string> parts;
      for (auto& comp : SplitUnescaped(p.value, ';')) {
        std::vector<std::string> items;
        for (auto& it : SplitUnescaped(comp, ',')) items.push_back(Unescape(it));
        parts.push_back(JoinNonEmpty(items, " "));
      }
      n_name = NameFromParts(parts);
    }
  } else if (n == "ORG") {
    if (c.company.empty() && c.org_units.empty()) {
      auto comps = SplitUnescaped(p.value, ';');
      c.company = OneLine(Unescape(comps[0]));
      for (size_t i = 1; i < comps.size(); ++i) {
        std::string u = OneLine(Unescape(comps[i]));
        if (!u.empty()) c.org_units.push_back(u);
      }
    }
  } else if (n == "TITLE") {
    if (c.job_title.empty()) c.job_title = OneLine(Unescape(p.value));
  } else if (n == "TEL") {
    AddTel(c, Unescape(p.value), p.types);
  } else if (n == "EMAIL") {
    AddEmail(c, Unescape(p.value));
  } else if (n == "URL") {
    AddUrl(c, Unescape(p.value));
  } else if (n == "ADR") {
    std::vector<std::string> parts;
    for (auto& comp : SplitUnescaped(p.value, ';'))
      for (auto& item : SplitUnescaped(comp, ','))
        for (auto& line : ValueLines(Unescape(item))) parts.push_back(line);
    std::string a = JoinNonEmpty(parts, ", ");
    if (!a.empty()) c.addresses.push_back(a);
  } else if (n == "LABEL") {
    if (c.label.empty()) c.label = OneLine(Unescape(p.value));
  }
}

// ------------------------------------------------------------------- jCard

std::string JsonText(const nlohmann::json& j) {
  if (j.is_string()) return j.get<std::string>();
  if (j.is_array()) {
    std::vector<std::string> parts;
    for (const auto& e : j) parts.push_back(JsonText(e));
    return JoinNonEmpty(parts, ", ");
  }
  if (j.is_number()) return j.dump();
  return "";
}

std::vector<std::string> JsonTypes(const nlohmann::json& params) {
  std::vector<std::string> out;
  if (!params.is_object()) return out;
  auto add = [&](const nlohmann::json& v) {
    if (v.is_string())
      for (auto& t : SplitUnescaped(v.get<std::string>(), ',')) out.push_back(Lower(text::Trim(t)));
  };
  if (params.contains("type")) {
    const auto& t = params["type"];
    if (t.is_array())
      for (const auto& e : t) add(e);
    else
      add(t);
  }
  if (params.contains("pref")) out.push_back("pref");
  return out;
}

std::optional<Card> CardFromJCard(const nlohmann::json& vcard) {
  if (!vcard.is_array() || vcard.size() < 2 || !vcard[0].is_string() || vcard[0] != "vcard" ||
      !vcard[1].is_array())
    return std::nullopt;
  Card c;
  c.format = "jcard";
  std::string n_name;
  for (const auto& prop : vcard[1]) {
    if (!prop.is_array() || prop.size() < 4 || !prop[0].is_string()) continue;
    std::string name = Lower(prop[0].get<std::string>());
    const auto& params = prop[1];
    const auto& v = prop[3];
    if (name == "fn" && c.full_name.empty()) {
      c.full_name = OneLine(JsonText(v));
    } else if (name == "n" && n_name.empty()) {
      std::vector<std::string> parts;
      if (v.is_array())
        for (const auto& e : v) {
          std::vector<std::string> items;
          if (e.is_array())
            for (const auto& x : e) items.push_back(JsonText(x));
          else
            items.push_back(JsonText(e));
          parts.push_back(JoinNonEmpty(items, " "));
        }
      else
        parts.push_back(JsonText(v));
      n_name = NameFromParts(parts);
    } else if (name == "org" && c.company.empty()) {
      if (v.is_array()) {
        for (size_t i = 0; i < v.size(); ++i) {
          if (i == 0) c.company = OneLine(JsonText(v[i]));
          else if (!JsonText(v[i]).empty()) c.org_units.push_back(OneLine(JsonText(v[i])));
        }
      } else {
        c.company = OneLine(JsonText(v));
      }
    } else if (name == "title" && c.job_title.empty()) {
      c.job_title = OneLine(JsonText(v));
    } else if (name == "tel") {
      AddTel(c, JsonText(v), JsonTypes(params));
    } else if (name == "email") {
      AddEmail(c, JsonText(v));
    } else if (name == "url") {
      AddUrl(c, JsonText(v));
    } else if (name == "adr") {
      std::vector<std::string> parts;
      if (v.is_array())
        for (const auto& e : v)
          for (auto& line : ValueLines(JsonText(e))) parts.push_back(line);
      std::string a = JoinNonEmpty(parts, ", ");
      if (!a.empty()) c.addresses.push_back(a);
    }
  }
  if (c.full_name.empty()) c.full_name = n_name;
  return c;
}

// ------------------------------------------------------------------- xCard

std::string LocalName(const char* name) {
  std::string n = name;
  size_t colon = n.find(':');
  return Lower(colon == std::string::npos ? n : n.substr(colon + 1));
}

pugi::xml_node FindLocal(pugi::xml_node node, const std::string& local) {
  for (pugi::xml_node n = node.first_child(); n; n = n.next_sibling())
    if (n.type() == pugi::node_element && LocalName(n.name()) == local) return n;
  return {};
}

pugi::xml_node FindVCardElement(pugi::xml_node node, int depth = 0) {
  if (depth > 6) return {};
  for (pugi::xml_node n = node.first_child(); n; n = n.next_sibling()) {
    if (n.type() != pugi::node_element) continue;
    if (LocalName(n.name()) == "vcard") return n;
    if (pugi::xml_node found = FindVCardElement(n, depth + 1)) return found;
  }
  return {};
}

// Text of the value children of a property (<text>, <uri>, or the named
// structured parts), in document order; parameters are skipped.
std::vector<std::string> XmlValues(pugi::xml_node prop, const char* only = nullptr) {
  std::vector<std::string> out;
  for (pugi::xml_node n = prop.first_child(); n; n = n.next_sibling()) {
    if (n.type() != pugi::node_element) continue;
    std::string local = LocalName(n.name());
    if (local == "parameters") continue;
    if (only != nullptr && local != only) continue;
    out.push_back(n.text().as_string());
  }
  return out;
}

std::vector<std::string> XmlTypes(pugi::xml_node prop) {
  std::vector<std::string> out;
  pugi::xml_node params = FindLocal(prop, "parameters");
  if (!params) return out;
  if (pugi::xml_node type = FindLocal(params, "type"))
    for (auto& t : XmlValues(type)) out.push_back(Lower(text::Trim(t)));
  if (FindLocal(params, "pref")) out.push_back("pref");
  return out;
}

std::vector<std::string> XmlPart(pugi::xml_node prop, const char* part) {
  std::vector<std::string> out;
  for (pugi::xml_node n = prop.first_child(); n; n = n.next_sibling())
    if (n.type() == pugi::node_element && LocalName(n.name()) == part) out.push_back(n.text().as_string());
  return out;
}

// --------------------------------------------------------------- MECARD

std::string MeUnescape(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size()) out += s[++i];
    else out += s[i];
  }
  return text::Trim(out);
}

}  // namespace

std::string Card::phone() const {
  for (const auto& t : phones) {
    bool voice = true;
    for (const auto& ty : t.types)
      if (ty == "fax" || ty == "pager") voice = false;
    for (const auto& ty : t.types)
      if (ty == "voice" || ty == "cell" || ty == "text") voice = true;
    if (voice) return t.value;
  }
  return phones.empty() ? std::string() : phones.front().value;
}

std::string Card::email() const { return emails.empty() ? std::string() : emails.front(); }
std::string Card::website() const { return urls.empty() ? std::string() : urls.front(); }
std::string Card::address() const { return addresses.empty() ? label : addresses.front(); }

bool Card::empty() const {
  return full_name.empty() && company.empty() && job_title.empty() && phones.empty() &&
         emails.empty() && urls.empty() && addresses.empty();
}

std::vector<Card> ParseVCardText(std::string_view text) {
  std::vector<Card> out;
  Card card;
  std::string n_name;
  int depth = 0;
  for (const std::string& raw : LogicalLines(text)) {
    std::string line = text::Trim(raw);
    std::string u = Upper(line);
    if (u == "BEGIN:VCARD" || (depth > 0 && u.find(":BEGIN:VCARD") != std::string::npos)) {
      if (depth++ == 0) {
        card = Card{};
        card.format = "vcard";
        n_name.clear();
      }
      continue;
    }
    if (u == "END:VCARD") {
      if (depth > 0 && --depth == 0) {
        if (card.full_name.empty()) card.full_name = n_name;
        out.push_back(std::move(card));
      }
      continue;
    }
    if (depth != 1) continue;  // outside a card, or inside a nested one
    if (auto p = ParseProperty(raw)) ApplyProperty(card, *p, n_name);
  }
  return out;
}

std::optional<Card> ParseJCard(std::string_view text) {
  nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_array() || j.empty()) return std::nullopt;
  if (j[0].is_string()) return CardFromJCard(j);
  for (const auto& e : j)
    if (auto c = CardFromJCard(e)) return c;
  return std::nullopt;
}

std::optional<Card> ParseXCard(std::string_view text) {
  pugi::xml_document doc;
  // pugixml never reads DTDs or external entities.
  if (!doc.load_buffer(text.data(), text.size(), pugi::parse_default)) return std::nullopt;
  pugi::xml_node v = FindVCardElement(doc);
  if (!v) return std::nullopt;
  Card c;
  c.format = "xcard";
  std::string n_name;
  for (pugi::xml_node prop = v.first_child(); prop; prop = prop.next_sibling()) {
    if (prop.type() != pugi::node_element) continue;
    std::string name = LocalName(prop.name());
    auto values = XmlValues(prop);
    std::string first = values.empty() ? std::string() : values.front();
    if (name == "fn" && c.full_name.empty()) {
      c.full_name = OneLine(first);
    } else if (name == "n" && n_name.empty()) {
      std::vector<std::string> parts;
      for (const char* part : {"surname", "given", "additional", "prefix", "suffix"})
        parts.push_back(JoinNonEmpty(XmlPart(prop, part), " "));
      n_name = NameFromParts(parts);
    } else if (name == "org" && c.company.empty()) {
      for (size_t i = 0; i < values.size(); ++i) {
        if (i == 0) c.company = OneLine(values[i]);
        else if (!OneLine(values[i]).empty()) c.org_units.push_back(OneLine(values[i]));
      }
    } else if (name == "title" && c.job_title.empty()) {
      c.job_title = OneLine(first);
    } else if (name == "tel") {
      AddTel(c, first, XmlTypes(prop));
    } else if (name == "email") {
      AddEmail(c, first);
    } else if (name == "url") {
      AddUrl(c, first);
    } else if (name == "adr") {
      std::vector<std::string> parts;
      for (const char* part : {"pobox", "ext", "street", "locality", "region", "code", "country"})
        for (const auto& s : XmlPart(prop, part))
          for (auto& line : ValueLines(s)) parts.push_back(line);
      std::string a = JoinNonEmpty(parts, ", ");
      if (!a.empty()) c.addresses.push_back(a);
    }
  }
  if (c.full_name.empty()) c.full_name = n_name;
  return c;
}

std::optional<Card> ParseMeCard(std::string_view raw) {
  std::string s = text::Trim(raw);
  std::string u = Upper(s.substr(0, 8));
  bool bizcard = false;
  if (u.rfind("MECARD:", 0) == 0) {
    s = s.substr(7);
  } else if (u.rfind("BIZCARD:", 0) == 0) {
    s = s.substr(8);
    bizcard = true;
  } else {
    return std::nullopt;
  }
  Card c;
  c.format = bizcard ? "bizcard" : "mecard";
  std::string first_name, last_name;
  for (const auto& item : SplitUnescaped(s, ';')) {
    size_t colon = item.find(':');
    if (colon == std::string::npos) continue;
    std::string key = Upper(text::Trim(item.substr(0, colon)));
    std::string value = MeUnescape(item.substr(colon + 1));
    if (value.empty()) continue;
    if (!bizcard) {
      if (key == "N" && c.full_name.empty()) {
        // "Last,First" (the Docomo order) -> "First Last".
        auto parts = SplitUnescaped(item.substr(colon + 1), ',');
        if (parts.size() >= 2)
          c.full_name = JoinNonEmpty({MeUnescape(parts[1]), MeUnescape(parts[0])}, " ");
        else
          c.full_name = value;
      } else if (key == "TEL" || key == "TEL-AV") {
        AddTel(c, value, {});
      } else if (key == "EMAIL") {
        AddEmail(c, value);
      } else if (key == "URL") {
        AddUrl(c, value);
      } else if (key == "ORG" && c.company.empty()) {
        c.company = value;
      } else if (key == "TITLE" && c.job_title.empty()) {
        c.job_title = value;
      } else if (key == "ADR") {
        std::vector<std::string> parts;
        for (auto& p : SplitUnescaped(item.substr(colon + 1), ',')) parts.push_back(MeUnescape(p));
        std::string a = JoinNonEmpty(parts, ", ");
        if (!a.empty()) c.addresses.push_back(a);
      }
    } else {
      // BIZCARD: N first name, X last name, T title, C company, A address, B phone, E e-mail.
      if (key == "N") first_name = value;
      else if (key == "X") last_name = value;
      else if (key == "T") c.job_title = value;
      else if (key == "C") c.company = value;
      else if (key == "A") c.addresses.push_back(value);
      else if (key == "B" || key == "M") AddTel(c, value, {});
      else if (key == "E") AddEmail(c, value);
    }
  }
  if (bizcard) c.full_name = JoinNonEmpty({first_name, last_name}, " ");
  return c;
}

std::optional<Card> ParseAnyCard(std::string_view text) {
  std::string head = Upper(text.substr(0, 4096));
  if (Upper(text).find("BEGIN:VCARD") != std::string::npos) {
    auto cards = ParseVCardText(text);
    const Card* best = nullptr;
    for (const auto& c : cards) {
      if (c.empty()) continue;
      if (best == nullptr) best = &c;
      if (!c.full_name.empty()) {
        best = &c;
        break;
      }
    }
    if (best != nullptr) return *best;
  }
  std::string trimmed = text::Trim(text.substr(0, 256));
  if (!trimmed.empty() && trimmed[0] == '[' && head.find("\"VCARD\"") != std::string::npos)
    if (auto c = ParseJCard(text); c && !c->empty()) return c;
  if (head.find("URN:IETF:PARAMS:XML:NS:VCARD-4.0") != std::string::npos || head.find("<VCARD") != std::string::npos)
    if (auto c = ParseXCard(text); c && !c->empty()) return c;
  size_t me = head.find("MECARD:");
  if (me == std::string::npos) me = head.find("BIZCARD:");
  if (me != std::string::npos)
    if (auto c = ParseMeCard(text.substr(me)); c && !c->empty()) return c;
  return std::nullopt;
}

}  // namespace docflow::vcard
