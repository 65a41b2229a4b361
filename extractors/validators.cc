#include "extractors/validators.h"

#include <algorithm>
#include <cctype>
#include <iterator>
#include <map>
#include <regex>

namespace docflow::validate {
namespace {

bool IsDigit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }
bool IsAlnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

std::string Digits(std::string_view s) {
  std::string out;
  for (char c : s)
    if (IsDigit(c)) out.push_back(c);
    else if (c != ' ' && c != '.' && c != '-') return "";
  return out;
}

const std::map<std::string, int>& IbanLengths() {
  static const std::map<std::string, int> m = {
      {"AD", 24}, {"AE", 23}, {"AT", 20}, {"BA", 20}, {"BE", 16}, {"BG", 22}, {"BH", 22},
      {"CH", 21}, {"CY", 28}, {"CZ", 24}, {"DE", 22}, {"DK", 18}, {"EE", 20}, {"ES", 24},
      {"FI", 18}, {"FO", 18}, {"FR", 27}, {"GB", 22}, {"GI", 23}, {"GL", 18}, {"GR", 27},
      {"HR", 21}, {"HU", 28}, {"IE", 22}, {"IL", 23}, {"IS", 26}, {"IT", 27}, {"LI", 21},
      {"LT", 20}, {"LU", 20}, {"LV", 21}, {"MC", 27}, {"ME", 22}, {"MK", 19}, {"MT", 31},
      {"NL", 18}, {"NO", 15}, {"PL", 28}, {"PT", 25}, {"RO", 24}, {"RS", 22}, {"SA", 24},
      {"SE", 24}, {"SI", 19}, {"SK", 24}, {"SM", 27}, {"TR", 26}, {"VA", 22}, {"XK", 20}};
  return m;
}

// Format of the part after the prefix, per VAT country prefix.
const std::map<std::string, std::regex>& VatFormats() {
  static const std::map<std::string, std::regex> m = [] {
    std::map<std::string, std::regex> f;
    auto add = [&](const char* cc, const char* re) { f.emplace(cc, std::regex(re)); };
    add("AT", "U\\d{8}");
    add("BE", "[01]\\d{9}");
    add("BG", "\\d{9,10}");
    add("CY", "\\d{8}[A-Z]");
    add("CZ", "\\d{8,10}");
    add("DE", "\\d{9}");
    add("DK", "\\d{8}");
    add("EE", "\\d{9}");
    add("EL", "\\d{9}");
    add("GR", "\\d{9}");
    add("ES", "[A-Z0-9]\\d{7}[A-Z0-9]");
    add("FI", "\\d{8}");
    add("FR", "[0-9A-HJ-NP-Z]{2}\\d{9}");
    add("HR", "\\d{11}");
    add("HU", "\\d{8}");
    add("IE", "\\d{7}[A-W][A-I]?|\\d[A-Z+*]\\d{5}[A-W]");
    add("IT", "\\d{11}");
    add("LT", "\\d{9}|\\d{12}");
    add("LU", "\\d{8}");
    add("LV", "\\d{11}");
    add("MT", "\\d{8}");
    add("NL", "\\d{9}B\\d{2}");
    add("PL", "\\d{10}");
    add("PT", "\\d{9}");
    add("RO", "\\d{2,10}");
    add("SE", "\\d{10}01");
    add("SI", "\\d{8}");
    add("SK", "\\d{10}");
    add("GB", "\\d{9}|\\d{12}|GD\\d{3}|HA\\d{3}");
    add("XI", "\\d{9}|\\d{12}|GD\\d{3}|HA\\d{3}");
    add("CHE", "\\d{9}");
    return f;
  }();
  return m;
}

// Mod 97 of a long decimal string.
int Mod97(std::string_view digits) {
  int r = 0;
  for (char c : digits) r = (r * 10 + (c - '0')) % 97;
  return r;
}

// Groups of letters/digits separated by single spaces, dots or dashes,
// starting at `b`: returns the end of each possible prefix (token ends).
std::vector<size_t> TokenEnds(std::string_view s, size_t b, size_t max_chars) {
  std::vector<size_t> ends;
  size_t i = b, count = 0;
  while (i < s.size()) {
    if (!IsAlnum(s[i])) break;
    while (i < s.size() && IsAlnum(s[i])) {
      ++i;
      ++count;
    }
    ends.push_back(i);
    if (count >= max_chars) break;
    // One separator, then the next group.
    if (i + 1 < s.size() && (s[i] == ' ' || s[i] == '.' || s[i] == '-') && IsAlnum(s[i + 1])) ++i;
    else break;
  }
  return ends;
}

bool WordStart(std::string_view s, size_t i) { return i == 0 || !IsAlnum(s[i - 1]); }

}  // namespace

std::string Compact(std::string_view s) {
  std::string out;
  for (char c : s)
    if (IsAlnum(c)) out.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  return out;
}

bool AbnValid(std::string_view s) {
  const std::string d = Digits(s);
  if (d.size() != 11) return false;
  static const int kWeights[] = {10, 1, 3, 5, 7, 9, 11, 13, 15, 17, 19};
  int sum = 0;
  for (size_t k = 0; k < 11; ++k) sum += kWeights[k] * ((d[k] - '0') - (k == 0 ? 1 : 0));
  return sum % 89 == 0;
}

bool LuhnValid(std::string_view digits) {
  if (digits.empty()) return false;
  int sum = 0;
  bool dbl = false;
  for (size_t i = digits.size(); i-- > 0;) {
    if (!IsDigit(digits[i])) return false;
    int d = digits[i] - '0';
    if (dbl) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    dbl = !dbl;
  }
  return sum % 10 == 0;
}

bool SirenValid(std::string_view s) {
  std::string d = Digits(s);
  return d.size() == 9 && d != "000000000" && LuhnValid(d);
}

bool SiretValid(std::string_view s) {
  std::string d = Digits(s);
  if (d.size() != 14 || d == "00000000000000") return false;
  if (d.compare(0, 9, "356000000") == 0) {  // La Poste establishments
    int sum = 0;
    for (char c : d) sum += c - '0';
    return sum % 5 == 0;
  }
  return LuhnValid(d) && LuhnValid(d.substr(0, 9));
}

bool IbanValid(std::string_view s) {
  std::string c = Compact(s);
  if (c.size() < 15 || c.size() > 34) return false;
  if (!std::isalpha(static_cast<unsigned char>(c[0])) || !std::isalpha(static_cast<unsigned char>(c[1])) ||
      !IsDigit(c[2]) || !IsDigit(c[3]))
    return false;
  auto it = IbanLengths().find(c.substr(0, 2));
  if (it != IbanLengths().end() && static_cast<int>(c.size()) != it->second) return false;
  std::string rotated = c.substr(4) + c.substr(0, 4), digits;
  for (char ch : rotated) {
    if (IsDigit(ch)) digits.push_back(ch);
    else if (ch >= 'A' && ch <= 'Z') digits += std::to_string(ch - 'A' + 10);
    else return false;
  }
  return Mod97(digits) == 1;
}

bool VatValid(std::string_view s) {
  std::string c = Compact(s);
  std::string cc;
  if (c.rfind("CHE", 0) == 0) {
    cc = "CHE";
    // Swiss UID may be followed by MWST/TVA/IVA.
    for (const char* suffix : {"MWST", "TVA", "IVA"})
      if (c.size() > 12 && c.compare(12, std::string::npos, suffix) == 0) c.resize(12);
  } else {
    if (c.size() < 4) return false;
    cc = c.substr(0, 2);
  }
  auto it = VatFormats().find(cc);
  if (it == VatFormats().end()) return false;
  std::string rest = c.substr(cc.size());
  if (!std::regex_match(rest, it->second)) return false;
  if (cc == "FR") {
    std::string siren = rest.substr(2);
    if (IsDigit(rest[0]) && IsDigit(rest[1])) {
      int key = (rest[0] - '0') * 10 + (rest[1] - '0');
      if (key != (12 + 3 * Mod97(siren)) % 97) return false;
    }
  }
  if (cc == "CHE") {  // mod 11 with weights 5 4 3 2 7 6 5 4
    static const int w[] = {5, 4, 3, 2, 7, 6, 5, 4};
    int sum = 0;
    for (int i = 0; i < 8; ++i) sum += (rest[i] - '0') * w[i];
    int check = 11 - sum % 11;
    if (check == 11) check = 0;
    if (check == 10 || check != rest[8] - '0') return false;
  }
  return true;
}

std::vector<CodeMatch> FindIbans(std::string_view s) {
  std::vector<CodeMatch> out;
  for (size_t i = 0; i + 4 < s.size(); ++i) {
    if (!WordStart(s, i) || !std::isupper(static_cast<unsigned char>(s[i])) ||
        !std::isupper(static_cast<unsigned char>(s[i + 1])))
      continue;
    // The check digits may be separated from the country ("FR 76 ...") only
    // by the grouping, which TokenEnds handles.
    auto ends = TokenEnds(s, i, 34);
    // Longest valid prefix ending on a group boundary.
    for (size_t k = ends.size(); k-- > 0;) {
      std::string_view raw = s.substr(i, ends[k] - i);
      std::string c = Compact(raw);
      if (c.size() < 15) break;
      if (c.size() > 34) continue;
      if (IbanValid(c)) {
        out.push_back({c, std::string(raw), i, ends[k]});
        i = ends[k];
        break;
      }
    }
  }
  return out;
}

std::optional<std::string> IbanWithCountryRepaired(std::string_view after_label,
                                                   const std::vector<std::string>& countries) {
  // Characters of the first token group: the garbled pair may hold any
  // character ("0€"); the rest only letters and digits, grouped by spaces.
  size_t i = 0;
  while (i < after_label.size() && (after_label[i] == ' ' || after_label[i] == ':' || after_label[i] == '(' ||
                                    after_label[i] == '[' || after_label[i] == '|' || after_label[i] == '.'))
    ++i;
  std::string_view s = after_label.substr(i);
  // Country letters read right: the error is elsewhere, and guessing
  // another country would only pass mod-97 by chance.
  if (s.size() >= 2 && IbanLengths().count(std::string(s.substr(0, 2)))) return std::nullopt;
  // Skip the first two characters (a UTF-8 sequence counts as one).
  size_t at = 0;
  for (int k = 0; k < 2 && at < s.size(); ++k) {
    if (s[at] == ' ') return std::nullopt;
    ++at;
    while (at < s.size() && (static_cast<unsigned char>(s[at]) & 0xC0) == 0x80) ++at;
  }
  std::string rest;
  for (; at < s.size(); ++at) {
    const char c = s[at];
    if (c == ' ') continue;
    if (!IsDigit(c) && !(c >= 'A' && c <= 'Z')) break;
    rest.push_back(c);
  }
  if (rest.size() < 13 || !IsDigit(rest[0]) || !IsDigit(rest[1])) return std::nullopt;
  std::optional<std::string> found;
  for (const std::string& cc : countries) {
    auto it = IbanLengths().find(cc);
    if (it == IbanLengths().end() || static_cast<size_t>(it->second) > rest.size() + 2) continue;
    const std::string candidate = cc + rest.substr(0, it->second - 2);
    if (!IbanValid(candidate)) continue;
    if (found && *found != candidate) return std::nullopt;  // two countries fit: unsure
    found = candidate;
  }
  return found;
}

std::optional<std::string> IbanWithDigitsRepaired(std::string_view after_label) {
  size_t i = 0;
  while (i < after_label.size() && (after_label[i] == ' ' || after_label[i] == ':' || after_label[i] == '.' ||
                                    after_label[i] == '|'))
    ++i;
  std::string_view s = after_label.substr(i);
  if (s.size() < 2) return std::nullopt;
  const std::string cc(s.substr(0, 2));
  auto length = IbanLengths().find(cc);
  if (length == IbanLengths().end()) return std::nullopt;
  std::string compact = cc;
  for (size_t at = 2; at < s.size() && compact.size() < static_cast<size_t>(length->second); ++at) {
    const char c = s[at];
    if (c == ' ') continue;
    if (!IsDigit(c) && !std::isalpha(static_cast<unsigned char>(c))) break;
    compact.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  }
  if (compact.size() != static_cast<size_t>(length->second) || IbanValid(compact)) return std::nullopt;
  static const std::string kNumericAccounts[] = {"AT", "BE", "CZ", "DE", "DK", "EE", "ES", "FI", "FO", "GL", "HR",
                                                 "HU", "IS", "LT", "ME", "NO", "PL", "PT", "RS", "SE", "SI", "SK"};
  const bool numeric = std::find(std::begin(kNumericAccounts), std::end(kNumericAccounts), cc) != std::end(kNumericAccounts);
  auto digit = [](char c) {
    switch (c) {
      case 'O': case 'D': return '0';
      case 'I': case 'L': return '1';
      case 'Z': return '2';
      case 'S': return '5';
      case 'G': return '6';
      case 'B': return '8';
      default: return c;
    }
  };
  std::string repaired = compact;
  for (size_t k = 2; k < repaired.size() && (k < 4 || numeric); ++k) repaired[k] = digit(repaired[k]);
  if (repaired == compact || !IbanValid(repaired)) return std::nullopt;
  return repaired;
}

bool GbVatDigitsValid(std::string_view s) {
  std::string d;
  for (char c : s) {
    if (IsDigit(c)) d.push_back(c);
    else if (c != ' ') return false;
  }
  if (d.size() != 9) return false;
  int sum = 0;
  for (int k = 0; k < 7; ++k) sum += (d[k] - '0') * (8 - k);
  sum += (d[7] - '0') * 10 + (d[8] - '0');
  return sum % 97 == 0 || (sum + 55) % 97 == 0;
}

std::vector<CodeMatch> FindVats(std::string_view s) {
  std::vector<CodeMatch> out;
  for (size_t i = 0; i + 4 < s.size(); ++i) {
    if (!WordStart(s, i) || !std::isupper(static_cast<unsigned char>(s[i])) ||
        !std::isupper(static_cast<unsigned char>(s[i + 1])))
      continue;
    auto ends = TokenEnds(s, i, 20);
    for (size_t k = ends.size(); k-- > 0;) {
      // The number must end on a word boundary.
      std::string_view raw = s.substr(i, ends[k] - i);
      std::string c = Compact(raw);
      if (c.size() < 7) break;
      if (VatValid(c)) {
        if (c.rfind("CHE", 0) == 0 && c.size() > 12) c.resize(12);
        out.push_back({c, std::string(raw), i, ends[k]});
        i = ends[k];
        break;
      }
    }
  }
  return out;
}

std::vector<CodeMatch> FindSirens(std::string_view s) {
  std::vector<CodeMatch> out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (!WordStart(s, i) || !IsDigit(s[i])) continue;
    auto ends = TokenEnds(s, i, 14);
    // A 14-digit SIRET that fails its check is wrong as a whole: its first
    // nine digits are not reported as a SIREN.
    if (!ends.empty() && Digits(s.substr(i, ends.back() - i)).size() == 14 &&
        !SiretValid(s.substr(i, ends.back() - i))) {
      i = ends.back();
      continue;
    }
    for (size_t k = ends.size(); k-- > 0;) {
      std::string_view raw = s.substr(i, ends[k] - i);
      std::string d = Digits(raw);
      if (d.size() == 14 ? SiretValid(d) : d.size() == 9 ? SirenValid(d) : false) {
        out.push_back({d, std::string(raw), i, ends[k]});
        i = ends[k];
        break;
      }
    }
  }
  return out;
}

}  // namespace docflow::validate
