// libphonenumber adapter: the only file that talks to it.
#include "extractors/phone.h"

#include <phonenumbers/logger.h>
#include <phonenumbers/phonenumber.pb.h>
#include <phonenumbers/phonenumbermatch.h>
#include <phonenumbers/phonenumbermatcher.h>
#include <phonenumbers/phonenumberutil.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <set>
#include <tuple>
#include <mutex>
#include <regex>

#include "classifiers/text_norm.h"

namespace docflow::phone {
namespace {

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberMatch;
using i18n::phonenumbers::PhoneNumberMatcher;
using i18n::phonenumbers::PhoneNumberUtil;

const PhoneNumberUtil& Util() {
  static std::once_flag once;
  PhoneNumberUtil* util = PhoneNumberUtil::GetInstance();
  // libphonenumber logs parse failures to stderr by default; failures are
  // values here. The util takes ownership of the logger.
  std::call_once(once, [util] { util->SetLogger(new i18n::phonenumbers::NullLogger()); });
  return *util;
}

std::string Upper(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// The region of an international calling code written after '+', reading at
// most 3 digits (calling codes are prefix-free). "" when none.
std::string RegionOfCallingCode(std::string_view digits) {
  const PhoneNumberUtil& util = Util();
  for (size_t len = 1; len <= 3 && len <= digits.size(); ++len) {
    int code = std::stoi(std::string(digits.substr(0, len)));
    std::string region;
    util.GetRegionCodeForCountryCode(code, &region);
    if (region != "ZZ" && !region.empty()) return region;
  }
  return "";
}

struct CountryName {
  const char* folded;  // text::FoldText form
  const char* region;
};

constexpr std::array<CountryName, 30> kCountries{{
    {"france", "FR"},          {"united kingdom", "GB"}, {"royaume-uni", "GB"},
    {"england", "GB"},         {"scotland", "GB"},       {"wales", "GB"},
    {"uk", "GB"},              {"great britain", "GB"},  {"usa", "US"},
    {"u.s.a.", "US"},          {"united states", "US"},  {"etats-unis", "US"},
    {"canada", "CA"},          {"germany", "DE"},        {"deutschland", "DE"},
    {"allemagne", "DE"},       {"belgique", "BE"},       {"belgium", "BE"},
    {"belgie", "BE"},          {"suisse", "CH"},         {"switzerland", "CH"},
    {"schweiz", "CH"},         {"luxembourg", "LU"},     {"ireland", "IE"},
    {"espana", "ES"},          {"spain", "ES"},          {"italia", "IT"},
    {"italy", "IT"},           {"nederland", "NL"},      {"australia", "AU"},
}};

// Function words that tell the language of a text apart.
// "Tel" is not a French word here: English cards print "Tel:" too.
constexpr std::array<const char*, 13> kFrenchWords{{"le", "la", "les", "des", "du", "et", "rue",
                                                    "avenue", "portable", "societe",
                                                    "directeur", "directrice", "cordialement"}};
constexpr std::array<const char*, 19> kEnglishWords{{"the", "and", "of", "street", "road", "st", "drive",
                                                     "floor", "building", "inc", "llc", "ltd",
                                                     "phone", "mobile", "suite", "regards",
                                                     "manager", "director", "office"}};
constexpr std::array<const char*, 6> kGermanWords{{"und", "der", "die", "strasse", "mit",
                                                   "geschaftsfuhrer"}};

int CountWords(std::string_view folded, const char* const* words, size_t n) {
  int total = 0;
  for (size_t i = 0; i < n; ++i) total += std::min(text::CountWord(folded, words[i]), 5);
  return total;
}

// "tel:+1-418-656-9254;ext=102" -> "+1-418-656-9254"; "+33 (0)1 42" -> "+33 1 42".
std::string CleanRaw(std::string_view raw) {
  std::string s = text::Trim(raw);
  if (s.size() > 4 && Upper(s.substr(0, 4)) == "TEL:") s = s.substr(4);
  for (const char* ext : {";ext=", ";EXT=", ";isub=", ";phone-context="}) {
    size_t p = s.find(ext);
    if (p != std::string::npos) s = s.substr(0, p);
  }
  if (!s.empty() && s[0] == '+') {
    size_t p = s.find("(0)");
    if (p != std::string::npos && p < 8) s.erase(p, 3);
  }
  return s;
}

bool HasLetters(std::string_view s) {
  // "x"/"ext" extensions are handled by libphonenumber; other letters are not phone text.
  std::string u = Upper(s);
  for (const char* ext : {"EXT.", "EXT", "X"}) {
    size_t p = u.find(ext);
    if (p != std::string::npos && p > 0) {
      u = u.substr(0, p);
      break;
    }
  }
  for (char c : u)
    if (std::isalpha(static_cast<unsigned char>(c))) return true;
  return false;
}

Normalized Describe(const PhoneNumber& n) {
  const PhoneNumberUtil& util = Util();
  Normalized out;
  util.Format(n, PhoneNumberUtil::E164, &out.e164);
  out.valid = util.IsValidNumber(n);
  util.GetRegionCodeForNumber(n, &out.region);
  if (out.region == "ZZ") out.region.clear();
  auto type = util.GetNumberType(n);
  out.mobile = type == PhoneNumberUtil::MOBILE || type == PhoneNumberUtil::FIXED_LINE_OR_MOBILE;
  return out;
}

bool IsDigitLike(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

// O->0 and l/I/|->1 inside runs that are mostly digits ("O6 l2 34 56 78"),
// byte for byte so offsets stay valid.
std::string RepairOcrDigits(std::string_view text) {
  std::string out(text);
  auto confusable = [](char c) { return c == 'O' || c == 'o' || c == 'l' || c == 'I' || c == '|'; };
  for (size_t i = 0; i < out.size(); ++i) {
    if (!confusable(out[i])) continue;
    // A token is a maximal run of non-space characters.
    size_t b = i, e = i;
    while (b > 0 && out[b - 1] != ' ' && out[b - 1] != '\n' && out[b - 1] != '\t') --b;
    while (e < out.size() && out[e] != ' ' && out[e] != '\n' && out[e] != '\t') ++e;
    size_t digits = 0, others = 0;
    for (size_t k = b; k < e; ++k) {
      if (IsDigitLike(out[k])) ++digits;
      else if (std::isalpha(static_cast<unsigned char>(out[k])) && !confusable(out[k])) ++others;
    }
    // Short tokens of phone groups ("O6", "l2", "2O7"): a digit, and no
    // letter that could not be a misread digit.
    if (digits >= 1 && others == 0 && e - b <= 6) {
      for (size_t k = b; k < e; ++k)
        if (confusable(out[k])) out[k] = (out[k] == 'O' || out[k] == 'o') ? '0' : '1';
    }
    i = e;
  }
  return out;
}

}  // namespace

std::string GuessRegion(std::string_view raw_text) {
  std::map<std::string, double> score;
  // International prefixes.
  std::string text(raw_text);
  static const std::regex plus(R"((?:^|[^\w+])\+\s?(\d{1,3}))");
  int prefixes = 0;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), plus);
       it != std::sregex_iterator() && prefixes < 10; ++it, ++prefixes) {
    std::string region = RegionOfCallingCode((*it)[1].str());
    if (!region.empty()) score[region] += 3;
  }
  // Country names, outside e-mail addresses and web addresses ("x.co.uk" is not the UK).
  static const std::regex address_like(R"([A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+|(?:https?://|www\.)[^\s]+|\b[a-z0-9-]+\.(?:co\.uk|com|fr|de|org|net|eu)\b)");
  const std::string folded = text::FoldText(std::regex_replace(text, address_like, " "));
  for (const auto& c : kCountries)
    if (text::FindWord(folded, c.folded) != std::string_view::npos) score[c.region] += 3;
  // Postcode shapes (on the original case).
  static const std::regex uk(R"(\b(?:[A-Z]{1,2}\d[A-Z\d]?) \d[ABD-HJLNP-UW-Z]{2}\b)");
  static const std::regex us(
      R"(\b(?:AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY),? \d{5}(?:-\d{4})?\b)");
  if (std::regex_search(text, uk)) score["GB"] += 2;
  if (std::regex_search(text, us)) score["US"] += 2;
  // Language.
  int fr = CountWords(folded, kFrenchWords.data(), kFrenchWords.size());
  int en = CountWords(folded, kEnglishWords.data(), kEnglishWords.size());
  int de = CountWords(folded, kGermanWords.data(), kGermanWords.size());
  // The country a domain's top level names ("laurence@verhaegen-dubois.be",
  // "www.voltige-events.ch"), when the text's language is spoken there (a
  // French signature with a ".co.uk" address is no British one).
  const char* lang = fr > en && fr >= de ? "fr" : en > fr && en >= de ? "en" : de > fr && de > en ? "de" : "";
  static const std::regex cc_domain(R"([a-z0-9-]+\.(be|ch|fr|de|nl|lu|at|uk|ca|ie)\b(?![.-]))");
  static const std::tuple<const char*, const char*, const char*> kTlds[] = {
      {"be", "BE", "fr de"}, {"ch", "CH", "fr de"}, {"fr", "FR", "fr"}, {"de", "DE", "de"}, {"nl", "NL", ""},
      {"lu", "LU", "fr de"}, {"at", "AT", "de"},    {"uk", "GB", "en"}, {"ca", "CA", "en fr"}, {"ie", "IE", "en"}};
  std::set<std::string> tld_regions;
  const std::string lower = text::FoldText(text);
  for (auto it = std::sregex_iterator(lower.begin(), lower.end(), cc_domain); it != std::sregex_iterator(); ++it) {
    for (const auto& [tld, region, langs] : kTlds) {
      if ((*it)[1].str() != tld) continue;
      if (*lang == '\0' || std::string_view(langs).find(lang) != std::string_view::npos) tld_regions.insert(region);
    }
  }
  for (const auto& r : tld_regions) score[r] += 2.0;
  if (fr > en && fr >= de && fr > 0) score["FR"] += 1.5;
  else if (de > en && de > fr) score["DE"] += 1.5;
  else score["US"] += 1;
  auto best = std::max_element(score.begin(), score.end(),
                               [](const auto& a, const auto& b) { return a.second < b.second; });
  return best->first;
}

std::optional<Normalized> Normalize(std::string_view raw, std::string_view default_region) {
  std::string s = CleanRaw(raw);
  if (s.empty() || HasLetters(s)) return std::nullopt;
  size_t digits = std::count_if(s.begin(), s.end(), IsDigitLike);
  if (digits < 6 || digits > 17) return std::nullopt;
  const PhoneNumberUtil& util = Util();
  PhoneNumber n;
  if (util.Parse(s, std::string(default_region), &n) != PhoneNumberUtil::NO_PARSING_ERROR)
    return std::nullopt;
  if (!util.IsPossibleNumber(n)) return std::nullopt;
  return Describe(n);
}

namespace {

std::vector<Match> Find(std::string_view text, std::string_view default_region,
                        PhoneNumberMatcher::Leniency leniency) {
  std::vector<Match> out;
  const std::string repaired = RepairOcrDigits(text);
  PhoneNumberMatcher matcher(Util(), repaired, std::string(default_region), leniency, /*max_tries=*/200);
  size_t from = 0;
  while (matcher.HasNext()) {
    PhoneNumberMatch m;
    if (!matcher.Next(&m)) break;
    size_t at = repaired.find(m.raw_string(), from);
    if (at == std::string::npos) at = repaired.find(m.raw_string());
    if (at == std::string::npos) continue;
    from = at + m.raw_string().size();
    Match match;
    match.raw = std::string(text.substr(at, m.raw_string().size()));
    match.offset = at;
    match.number = Describe(m.number());
    out.push_back(std::move(match));
  }
  return out;
}

}  // namespace

std::vector<Match> FindPhones(std::string_view text, std::string_view default_region) {
  return Find(text, default_region, PhoneNumberMatcher::VALID);
}

std::vector<Match> FindPossiblePhones(std::string_view text, std::string_view default_region) {
  return Find(text, default_region, PhoneNumberMatcher::POSSIBLE);
}

}  // namespace docflow::phone
