#include "classifiers/text_norm.h"

#include <cctype>

namespace docflow::text {
namespace {

// Decodes one UTF-8 code point at s[i]; sets len. Invalid bytes decode as
// themselves with len 1 (so Latin-1 input degrades gracefully).
char32_t Decode(std::string_view s, size_t i, size_t& len) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  auto cont = [&](size_t k) {
    return i + k < s.size() && (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
  };
  if (c < 0x80) { len = 1; return c; }
  if ((c & 0xE0) == 0xC0 && cont(1)) {
    len = 2;
    return ((c & 0x1F) << 6) | (s[i + 1] & 0x3F);
  }
  if ((c & 0xF0) == 0xE0 && cont(1) && cont(2)) {
    len = 3;
    return ((c & 0x0F) << 12) | ((s[i + 1] & 0x3F) << 6) | (s[i + 2] & 0x3F);
  }
  if ((c & 0xF8) == 0xF0 && cont(1) && cont(2) && cont(3)) {
    len = 4;
    return ((c & 0x07) << 18) | ((s[i + 1] & 0x3F) << 12) | ((s[i + 2] & 0x3F) << 6) |
           (s[i + 3] & 0x3F);
  }
  len = 1;
  return c;  // stray byte: Latin-1 guess
}

// ASCII replacement for a code point, or nullptr to keep the bytes as-is.
const char* Replacement(char32_t cp) {
  switch (cp) {
    case U'à': case U'á': case U'â': case U'ã': case U'ä': case U'å': case U'ā':
    case U'À': case U'Á': case U'Â': case U'Ã': case U'Ä': case U'Å': case U'Ā':
      return "a";
    case U'æ': case U'Æ': return "ae";
    case U'ç': case U'Ç': case U'ć': case U'Ć': case U'č': case U'Č': return "c";
    case U'è': case U'é': case U'ê': case U'ë': case U'ē': case U'ę': case U'ě':
    case U'È': case U'É': case U'Ê': case U'Ë': case U'Ē': case U'Ę': case U'Ě':
      return "e";
    case U'ì': case U'í': case U'î': case U'ï': case U'Ì': case U'Í': case U'Î': case U'Ï':
      return "i";
    case U'ñ': case U'Ñ': case U'ń': case U'Ń': return "n";
    case U'ò': case U'ó': case U'ô': case U'õ': case U'ö': case U'ø':
    case U'Ò': case U'Ó': case U'Ô': case U'Õ': case U'Ö': case U'Ø':
      return "o";
    case U'œ': case U'Œ': return "oe";
    case U'ù': case U'ú': case U'û': case U'ü': case U'Ù': case U'Ú': case U'Û': case U'Ü':
      return "u";
    case U'ý': case U'ÿ': case U'Ý': return "y";
    case U'ß': return "ss";
    case U'š': case U'Š': return "s";
    case U'ž': case U'Ž': return "z";
    case U'ł': case U'Ł': return "l";
    case U'°': case U'º': return "o";  // "N°" -> "no"
    case U'‘': case U'’': case U'‚': case U'′': return "'";
    case U'“': case U'”': case U'„': case U'«': case U'»': return "\"";
    case U'‐': case U'‑': case U'‒': case U'–': case U'—': case U'−': return "-";
    case 0x00A0: case 0x202F: case 0x2009: case 0x2007: case 0x2002: case 0x2003:
      return " ";
    default: return nullptr;
  }
}

}  // namespace

Folded Fold(std::string_view s, bool lower) {
  Folded f;
  f.text.reserve(s.size());
  f.orig.reserve(s.size() + 1);
  for (size_t i = 0; i < s.size();) {
    size_t len = 1;
    char32_t cp = Decode(s, i, len);
    if (cp < 0x80) {
      f.text.push_back(lower ? static_cast<char>(std::tolower(static_cast<unsigned char>(cp)))
                             : static_cast<char>(cp));
      f.orig.push_back(i);
    } else if (const char* r = Replacement(cp)) {
      // Keep upper case for capital letters when asked ("É" -> "E").
      bool upper = !lower && ((cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) || cp == U'Œ' ||
                              cp == U'Š' || cp == U'Ž' || cp == U'Ł' || cp == U'Ć' ||
                              cp == U'Č' || cp == U'Ń' || cp == U'Ē' || cp == U'Ę' ||
                              cp == U'Ě' || cp == U'Ā');
      for (const char* p = r; *p; ++p) {
        f.text.push_back(upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(*p))) : *p);
        f.orig.push_back(i);
      }
    } else {
      for (size_t k = 0; k < len; ++k) {
        f.text.push_back(s[i + k]);
        f.orig.push_back(i + k);
      }
    }
    i += len;
  }
  f.orig.push_back(s.size());
  return f;
}

std::string FoldText(std::string_view s) { return Fold(s).text; }

std::pair<size_t, size_t> OriginalRange(const Folded& f, size_t begin, size_t end) {
  if (begin > f.text.size()) begin = f.text.size();
  if (end > f.text.size()) end = f.text.size();
  size_t b = f.orig[begin];
  // End: the original offset just after the source char of folded byte end-1.
  size_t e = end == 0 ? 0 : f.orig[end];
  if (end > 0 && end < f.text.size() && f.orig[end] == f.orig[end - 1]) {
    // Folded byte `end` comes from the same source char: advance to its end.
    size_t k = end;
    while (k < f.text.size() && f.orig[k] == f.orig[end - 1]) ++k;
    e = f.orig[k];
  }
  return {b, e};
}

std::vector<std::string> SplitLines(std::string_view s) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : s) {
    if (c == '\n' || c == '\f') {
      if (!cur.empty() && cur.back() == '\r') cur.pop_back();
      out.push_back(std::move(cur));
      cur.clear();
    } else {
      cur.push_back(c);
    }
  }
  if (!cur.empty() && cur.back() == '\r') cur.pop_back();
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

std::string Trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

std::vector<std::string> SplitWords(std::string_view s) {
  std::vector<std::string> out;
  std::string w;
  for (char c : s) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      if (!w.empty()) out.push_back(std::move(w));
      w.clear();
    } else {
      w.push_back(c);
    }
  }
  if (!w.empty()) out.push_back(std::move(w));
  return out;
}

std::string CollapseSpaces(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = true;
    } else {
      if (space && !out.empty()) out.push_back(' ');
      space = false;
      out.push_back(c);
    }
  }
  return out;
}

bool IsAlnum(char c) {
  unsigned char u = static_cast<unsigned char>(c);
  return std::isalnum(u) || u >= 0x80;
}

bool HasDigit(std::string_view s) {
  for (char c : s)
    if (std::isdigit(static_cast<unsigned char>(c))) return true;
  return false;
}

size_t Utf8Length(std::string_view s) {
  size_t n = 0;
  for (char c : s)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  return n;
}

size_t FindWord(std::string_view hay, std::string_view needle, size_t from) {
  if (needle.empty()) return std::string_view::npos;
  bool nb = IsAlnum(needle.front()), ne = IsAlnum(needle.back());
  for (size_t p = hay.find(needle, from); p != std::string_view::npos;
       p = hay.find(needle, p + 1)) {
    bool left_ok = !nb || p == 0 || !IsAlnum(hay[p - 1]);
    size_t end = p + needle.size();
    bool right_ok = !ne || end >= hay.size() || !IsAlnum(hay[end]);
    if (left_ok && right_ok) return p;
  }
  return std::string_view::npos;
}

int CountWord(std::string_view hay, std::string_view needle) {
  int n = 0;
  for (size_t p = FindWord(hay, needle, 0); p != std::string_view::npos;
       p = FindWord(hay, needle, p + needle.size()))
    ++n;
  return n;
}

}  // namespace docflow::text
