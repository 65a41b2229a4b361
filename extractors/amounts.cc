#include "extractors/amounts.h"

#include <cstdio>

#include <cctype>
#include <map>
#include <regex>
#include <set>

#include "classifiers/text_norm.h"

namespace docflow::amounts {
namespace {

bool IsDigit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

// Replaces multi-byte spaces (NBSP, narrow NBSP, thin space) by one ASCII
// space; map[i] is the source offset of output byte i (map.back() == size).
std::string AsciiSpaces(std::string_view s, std::vector<size_t>* map = nullptr) {
  std::string out;
  out.reserve(s.size());
  if (map) map->clear();
  for (size_t i = 0; i < s.size();) {
    unsigned char a = s[i];
    size_t len = 0;
    if (a == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0) len = 2;
    else if (a == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x80 &&
             (static_cast<unsigned char>(s[i + 2]) == 0xAF ||
              static_cast<unsigned char>(s[i + 2]) == 0x89))
      len = 3;
    if (map) map->push_back(i);
    if (len) {
      out.push_back(' ');
      i += len;
    } else {
      out.push_back(s[i]);
      ++i;
    }
  }
  if (map) map->push_back(s.size());
  return out;
}

// Canonicalises a bare number with separators (no currency, no sign).
std::optional<std::string> ParseNumber(std::string_view s, bool& has_decimals) {
  std::string digits;
  // Separator candidates with positions.
  std::vector<std::pair<char, size_t>> seps;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (IsDigit(c)) continue;
    if (c == '.' || c == ',' || c == ' ' || c == '\'') seps.push_back({c, i});
    else return std::nullopt;
  }
  if (s.empty() || !IsDigit(s.front()) || !IsDigit(s.back())) return std::nullopt;
  // Decide the decimal separator: the last '.' or ',' if followed by 1-2
  // digits, or by 3+ digits when both kinds appear and it is the last one.
  int dec = -1;
  if (!seps.empty()) {
    auto [c, pos] = seps.back();
    size_t after = s.size() - pos - 1;
    bool both = false;
    int count_same = 0;
    for (auto& [k, p] : seps) {
      if ((k == '.' || k == ',') && k != c) both = true;
      if (k == c) ++count_same;
    }
    if (c == '.' || c == ',') {
      if (after <= 2) dec = static_cast<int>(pos);
      else if (pos == 1 && s[0] == '0' && seps.size() == 1) dec = 1;  // "0.025": no group starts a number with 0
      else if (after != 3 && count_same == 1) dec = static_cast<int>(pos);  // 1.2345
      else if (both && after == 3 && count_same == 1 && c != seps.front().first) {
        // "1.234,567": unusual; treat the last as decimal.
        dec = static_cast<int>(pos);
      }
    }
  }
  // Thousands groups must be 3 digits between separators.
  size_t end_int = dec >= 0 ? static_cast<size_t>(dec) : s.size();
  size_t group = 0;
  bool first_group = true;
  for (size_t i = 0; i < end_int; ++i) {
    if (IsDigit(s[i])) {
      ++group;
    } else {
      if ((first_group && (group == 0 || group > 3)) || (!first_group && group != 3))
        return std::nullopt;
      first_group = false;
      group = 0;
    }
  }
  if (!first_group && group != 3) return std::nullopt;
  std::string int_part, frac;
  for (size_t i = 0; i < end_int; ++i)
    if (IsDigit(s[i])) int_part.push_back(s[i]);
  if (dec >= 0) frac = std::string(s.substr(dec + 1));
  has_decimals = dec >= 0;
  while (frac.size() < 2) frac.push_back('0');
  // Strip leading zeros of the integer part (keep one).
  size_t nz = 0;
  while (nz + 1 < int_part.size() && int_part[nz] == '0') ++nz;
  int_part = int_part.substr(nz);
  if (int_part.empty()) int_part = "0";
  return int_part + "." + frac;
}

const std::regex& AmountRegex() {
  // sign? currency? sign? number currency? sign? A number never stops before
  // a digit: "3,9000" is 3.9 (four decimals), not 3,900 followed by a 0.
  static const std::regex re(
      R"((\(|-\s?)?((?:€|\$|£|US\$|EUR|USD|GBP|CHF|RM|Fr\.)\s?)?(-\s?)?)"
      R"((\d{1,3}(?:[ '.,]\d{3})+(?:[.,]\d{1,4})?(?!\d)|\d+(?:[.,]\d{1,4})?(?!\d)))"
      R"((\s?(?:€|\$|£|EUR|USD|GBP|CHF|MYR|euros?|Euros?|EUROS?)(?![A-Za-z]))?(\)|-)?)");
  return re;
}

}  // namespace

std::string CurrencyCode(std::string_view mark) {
  std::string m = text::FoldText(text::Trim(mark));
  if (m == "€" || m == "eur" || m == "euro" || m == "euros") return "EUR";
  if (m == "$" || m == "usd" || m == "us$") return "USD";
  if (m == "£" || m == "gbp") return "GBP";
  if (m == "chf" || m == "fr.") return "CHF";
  if (m == "rm" || m == "myr") return "MYR";
  static const char* kCodes[] = {"cad", "aud", "jpy", "sek", "nok", "dkk", "pln",
                                 "czk", "sgd", "inr", "cny", "hkd"};
  for (const char* c : kCodes)
    if (m == c) {
      std::string u(m);
      for (auto& ch : u) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
      return u;
    }
  return "";
}

std::optional<std::string> ParseAmount(std::string_view in) {
  std::string s = text::Trim(AsciiSpaces(in));
  std::smatch m;
  if (!std::regex_match(s, m, AmountRegex())) return std::nullopt;
  bool dec = false;
  std::string num = m[4].str();
  auto v = ParseNumber(num, dec);
  if (!v) return std::nullopt;
  bool neg = m[1].matched || m[3].matched || (m[6].matched && m[6].str() == "-");
  if (m[1].matched && m[1].str() == "(" && !(m[6].matched && m[6].str() == ")")) return std::nullopt;
  if (neg && *v != "0.00") return "-" + *v;
  return v;
}

std::vector<AmountMatch> FindAmounts(std::string_view line_in) {
  std::vector<AmountMatch> out;
  std::vector<size_t> map;
  const std::string line = AsciiSpaces(line_in, &map);
  const std::regex& re = AmountRegex();
  for (auto it = std::sregex_iterator(line.begin(), line.end(), re); it != std::sregex_iterator();
       ++it) {
    const std::smatch& m = *it;
    size_t b = m.position(0), e = b + m.length(0);
    // Trim trailing/leading spaces from the match.
    while (e > b && line[e - 1] == ' ') --e;
    while (b < e && line[b] == ' ') ++b;
    size_t nb = m.position(4), ne = nb + m.length(4);
    // Context checks on the number itself.
    char before = nb > 0 ? line[nb - 1] : ' ';
    char after = ne < line.size() ? line[ne] : ' ';
    char after2 = ne + 1 < line.size() ? line[ne + 1] : ' ';
    if (!m[1].matched && !m[2].matched && !m[3].matched &&
        (std::isalpha(static_cast<unsigned char>(before)) || before == '/' || before == '_' ||
         before == '#' || before == '.' || before == ':'))
      continue;
    {
      size_t s0 = m.position(0);
      char pre = s0 > 0 ? line[s0 - 1] : ' ';
      if (std::isalnum(static_cast<unsigned char>(pre)) || pre == '-' || pre == '/' ||
          pre == '.' || pre == '_' || pre == '#')
        continue;  // part of a code such as "FA-2024-0042" or "N°12"
    }
    if (std::isalpha(static_cast<unsigned char>(after)) && !m[5].matched) {
      // "12kg", "3x" - not money; but allow "12.00EUR" (matched as currency).
      continue;
    }
    if (after == '%' || (after == ' ' && after2 == '%')) continue;
    if ((after == '/' || after == ':' || after == '-' || after == '.') &&
        std::isdigit(static_cast<unsigned char>(after2)))
      continue;  // dates, times, ranges, codes
    if (after == ':' || before == ':') continue;
    bool dec = false;
    auto v = ParseNumber(m[4].str(), dec);
    if (!v) continue;
    AmountMatch a;
    const bool open_paren = m[1].matched && m[1].str() == "(";
    const bool close_paren = m[6].matched && m[6].str() == ")";
    bool neg = m[3].matched || (m[1].matched && !open_paren) || (open_paren && close_paren) ||
               (m[6].matched && m[6].str() == "-" &&
                !(e < line.size() && std::isdigit(static_cast<unsigned char>(line[e]))));
    a.value = neg && *v != "0.00" ? "-" + *v : *v;
    a.has_decimals = dec;
    a.begin = b;
    a.end = e;
    // Do not swallow an unmatched "(" or trailing "-" into raw.
    if (open_paren && !close_paren)
      a.begin = m[2].matched ? static_cast<size_t>(m.position(2)) : nb;
    if (close_paren && !open_paren) a.end = static_cast<size_t>(m.position(6));
    a.begin = map[a.begin];
    a.end = map[a.end];
    a.raw = std::string(line_in.substr(a.begin, a.end - a.begin));
    if (m[2].matched) a.currency = CurrencyCode(m[2].str());
    else if (m[5].matched) a.currency = CurrencyCode(m[5].str());
    a.number = std::stod(a.value);
    out.push_back(std::move(a));
  }
  return out;
}

std::string DetectCurrency(std::string_view t) {
  text::Folded f = text::Fold(t);
  const std::string& s = f.text;
  std::map<std::string, int> codes, symbols;
  static const std::regex code_re(
      R"(\b(eur|usd|gbp|chf|myr|cad|aud|jpy|sek|nok|dkk|pln|czk|sgd|inr|cny|hkd)\b)");
  for (auto it = std::sregex_iterator(s.begin(), s.end(), code_re); it != std::sregex_iterator(); ++it) {
    std::string c = (*it)[1].str();
    for (auto& ch : c) ch = std::toupper(static_cast<unsigned char>(ch));
    ++codes[c];
  }
  static const std::regex rm_re(R"(\brm\s?\d)");
  for (auto it = std::sregex_iterator(s.begin(), s.end(), rm_re); it != std::sregex_iterator(); ++it)
    ++symbols["MYR"];
  for (size_t p = 0; (p = s.find("€", p)) != std::string::npos; p += 3) ++symbols["EUR"];
  for (size_t p = 0; (p = s.find("£", p)) != std::string::npos; p += 2) ++symbols["GBP"];
  for (size_t p = 0; (p = s.find("$", p)) != std::string::npos; ++p) ++symbols["USD"];
  if (text::CountWord(s, "euro") + text::CountWord(s, "euros")) symbols["EUR"] += 1;
  auto best = [](const std::map<std::string, int>& m) {
    std::string b;
    int n = 0;
    for (auto& [k, v] : m)
      if (v > n) { b = k; n = v; }
    return b;
  };
  std::string c = best(codes);
  if (!c.empty()) {
    // "$" with an explicit non-USD dollar code (CAD, AUD...) -> that code.
    return c;
  }
  return best(symbols);
}

std::string DollarCode(std::string_view t) {
  const std::string s = text::Fold(t).text;
  // Codes and prefixed signs, by the letter they start with.
  static const std::regex code_re(R"(\b(usd|us\$|cad|ca\$|c\$|aud|au\$|a\$|sgd|s\$|hkd|hk\$|nzd|nz\$)(?![a-z]))");
  auto code = [](char first) -> const char* {
    switch (first) {
      case 'u': return "USD";
      case 'c': return "CAD";
      case 'a': return "AUD";
      case 's': return "SGD";
      case 'h': return "HKD";
      default: return "NZD";
    }
  };
  std::set<std::string_view> seen;
  for (auto it = std::sregex_iterator(s.begin(), s.end(), code_re); it != std::sregex_iterator(); ++it)
    seen.insert(code(*(*it)[1].first));
  if (!seen.empty()) return seen.size() == 1 ? std::string(*seen.begin()) : "USD";
  // No code: the country's own taxes and addresses. Canada: GST/HST, the
  // Quebec TPS/TVQ/QST, or a postal code ("H3A 1S8") with a province or a
  // city; Australia: an ABN, or a Pty Ltd charging GST.
  static const std::regex canada_postcode(R"(\b[a-z]\d[a-z] ?\d[a-z]\d\b)");
  auto any_word = [&](std::initializer_list<std::string_view> words) {
    for (std::string_view w : words)
      if (text::FindWord(s, w) != std::string::npos) return true;
    return false;
  };
  if (any_word({"tps", "tvq", "qst", "hst"}) ||
      (any_word({"canada", "quebec", "qc", "ontario", "alberta", "british columbia", "colombie-britannique",
                 "manitoba", "saskatchewan", "nova scotia", "nouvelle-ecosse", "new brunswick", "nouveau-brunswick",
                 "montreal", "toronto", "vancouver", "ottawa", "calgary", "edmonton", "winnipeg", "gatineau",
                 "laval"}) &&
       std::regex_search(s, canada_postcode)))
    return "CAD";
  if (any_word({"abn"}) || (any_word({"pty ltd"}) && any_word({"gst"}))) return "AUD";
  return "USD";
}

std::string FormatAmount(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

}  // namespace docflow::amounts
