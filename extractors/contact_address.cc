#include "extractors/contact_address.h"

#include <array>
#include <cctype>
#include <regex>

#include "classifiers/text_norm.h"

namespace docflow::contact {
namespace {

// Patterns run on the accent-folded line with its case kept (ASCII), and
// matches are mapped back to the original bytes.
constexpr const char* kCityWord = R"([A-Z][A-Za-z'\-]*)";
constexpr const char* kUsStates =
    "AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|"
    "NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY";
constexpr const char* kCaProvinces =
    "AB|BC|MB|NB|NL|NS|NT|NU|ON|PE|QC|SK|YT|Quebec|Ontario|Alberta|Manitoba|Saskatchewan|Nouveau-Brunswick|"
    "New Brunswick|Nova Scotia|Nouvelle-Ecosse|British Columbia|Colombie-Britannique";
// OCR reads a 0 as O: "EC1R ODU" is accepted (kept as printed).
constexpr const char* kUkPostcode = R"([A-Z]{1,2}\d[A-Z\d]? ?[\dO][ABD-HJLNP-UW-Z]{2})";

// A multi-word city: capitalised words, French linking words allowed
// ("Saint-Denis", "Boulogne-Billancourt", "Aix en Provence", "Le Mans").
std::string CityPattern(int max_words) {
  return std::string("(") + kCityWord + "(?:[ ](?:" + kCityWord + "|sur|sous|en|le|la|les|de|du|des|et|aux?)){0," +
         std::to_string(max_words - 1) + "})";
}

const std::regex& FrRe() {
  // "75008 Paris", "F-69002 LYON CEDEX 02", "FR-75001 Paris".
  static const std::regex re("(?:^|[^\\w-])((?:FR?-\\s?)?(\\d{5}))[ ]+" + CityPattern(4) +
                             "((?: (?:CEDEX|Cedex|cedex)(?: \\d{1,2})?)?)[ ]*(?=$|[^A-Za-z0-9 '\\-]| [-|] )");
  return re;
}
const std::regex& UkCityFirstRe() {
  static const std::regex re(CityPattern(3) + ",?[ ]+(" + kUkPostcode + ")\\b");
  return re;
}
const std::regex& UkPostcodeFirstRe() {
  static const std::regex re(std::string("\\b(") + kUkPostcode + ")[ ]+" + CityPattern(3) + "[ ]*(?=$|[,;|])");
  return re;
}
const std::regex& UkPostcodeAloneRe() {
  static const std::regex re(std::string("^[ ]*(") + kUkPostcode + ")[ ]*$");
  return re;
}
const std::regex& UsRe() {
  static const std::regex re(R"(([A-Z][A-Za-z.'\-]*(?:[ ][A-Z][A-Za-z.'\-]*){0,3}),?[ ]+()" + std::string(kUsStates) +
                             R"()[ ]+(\d{5}(?:-\d{4})?)\b)");
  return re;
}
const std::regex& CaRe() {
  // "Toronto, ON M5V 2T6", "Montreal (Quebec) H3G 1P1".
  static const std::regex re(R"(([A-Z][A-Za-z.'\-]*(?:[ ][A-Z][A-Za-z.'\-]*){0,3}),?[ ]+\(?()" +
                             std::string(kCaProvinces) + R"()\)?[ ,]+([A-Z]\d[A-Z] ?\d[A-Z]\d)\b)");
  return re;
}
// A four-digit postcode before its town (Belgium, Switzerland, Luxembourg,
// Austria, Denmark: "1000 Bruxelles", "CH-1007 Lausanne", "L-2318
// Luxembourg"), alone on its line or after the street and a comma, and
// nothing after it but a country: four digits and a capitalised word are
// as often a house number and a street ("1427 Alabama Street").
const std::regex& FourDigitRe() {
  static const std::regex re(std::string(R"((?:^|, )((?:(?:B|BE|CH|L|LU|A|AT|DK)-\s?)?(\d{4}))[ ]+)") +
                             CityPattern(3) + R"([ ]*(?=$|, [A-Z][A-Za-z]+$| - [A-Z][A-Za-z]+$))");
  return re;
}
const std::regex& NlRe() {
  static const std::regex re(std::string(R"((?:^|[^\w-])(\d{4} ?[A-Z]{2})[ ]+)") + CityPattern(3) + "[ ]*(?=$|[,;|])");
  return re;
}

constexpr std::array<const char*, 12> kMonths{{"january", "february", "march", "april", "june", "july",
                                               "august", "september", "october", "november", "december",
                                               "janvier"}};

// Words that make a line a street / building / PO-box line (folded).
constexpr std::array<const char*, 58> kStreetWords{{
    "rue", "avenue", "av", "ave", "bd", "boulevard", "boul", "quai", "place", "pl", "chemin", "allee",
    "impasse", "route", "rte", "cours", "passage", "square", "faubourg", "fbg", "voie", "lieu-dit",
    "zi", "za", "zac", "parc", "batiment", "bat", "immeuble", "residence", "etage", "bp", "cs",
    "street", "st", "road", "rd", "lane", "ln", "drive", "dr", "way", "court", "ct", "terrace",
    "crescent", "close", "highway", "hwy", "suite", "ste", "floor", "building", "unit", "po box",
    "p.o. box", "house", "strasse"}};

constexpr std::array<const char*, 36> kCountryNames{{
    "france", "united kingdom", "uk", "u.k.", "great britain", "england", "scotland", "wales",
    "northern ireland", "royaume-uni", "usa", "u.s.a.", "united states", "united states of america",
    "etats-unis", "canada", "germany", "deutschland", "allemagne", "belgique", "belgium", "belgie",
    "suisse", "switzerland", "schweiz", "luxembourg", "ireland", "irlande", "spain", "espagne",
    "espana", "italy", "italie", "italia", "netherlands", "pays-bas"}};

std::optional<CityLine> Build(const text::Folded& f, std::string_view original, size_t fb, size_t fe,
                              std::string postcode, std::string city, const char* region) {
  auto [b, e] = text::OriginalRange(f, fb, fe);
  CityLine c;
  c.begin = b;
  c.end = e;
  c.postcode = std::move(postcode);
  c.city = std::move(city);
  c.region = region;
  // City and postcode are reported as printed (accents kept).
  auto orig = [&](const std::string& folded_part) -> std::string {
    size_t p = f.text.find(folded_part, fb);
    if (p == std::string::npos || folded_part.empty()) return folded_part;
    auto [ob, oe] = text::OriginalRange(f, p, p + folded_part.size());
    return std::string(original.substr(ob, oe - ob));
  };
  c.city = orig(c.city);
  c.postcode = orig(c.postcode);
  c.postcode_read = c.postcode;
  if (c.region == "GB" && c.postcode_read.size() >= 3) {
    // The inward code is the last three characters: digit, letter, letter.
    char& d = c.postcode_read[c.postcode_read.size() - 3];
    if (d == 'O') d = '0';
  }
  return c;
}

bool DigitBefore(const std::string& s, size_t pos) {
  while (pos > 0 && s[pos - 1] == ' ') --pos;
  return pos > 0 && (std::isdigit(static_cast<unsigned char>(s[pos - 1])) || s[pos - 1] == '.' || s[pos - 1] == '/');
}

// Words that are not cities after a 5-digit number, and words before a
// number that make it a reference rather than a postcode (folded).
constexpr std::array<const char*, 16> kNotCity{{"total", "ttc", "ht", "eur", "usd", "gbp", "date", "page",
                                                "tel", "fax", "invoice", "facture", "order", "ref",
                                                "euros", "pieces"}};
constexpr std::array<const char*, 14> kReferenceWords{{"n", "no", "nr", "ref", "facture", "invoice", "order",
                                                       "commande", "total", "siret", "siren", "client",
                                                       "account", "compte"}};

bool IsReference(const std::string& folded_line, size_t number_pos, const std::string& city) {
  std::string first = text::FoldText(city.substr(0, city.find(' ')));
  for (const char* w : kNotCity)
    if (first == w) return true;
  size_t e = number_pos;
  while (e > 0 && !std::isalpha(static_cast<unsigned char>(folded_line[e - 1]))) --e;
  size_t b = e;
  while (b > 0 && std::isalpha(static_cast<unsigned char>(folded_line[b - 1]))) --b;
  std::string prev = text::FoldText(std::string_view(folded_line).substr(b, e - b));
  if (number_pos - e > 4) return false;  // "Facture:   ...", far: not adjacent
  for (const char* w : kReferenceWords)
    if (prev == w) return true;
  return false;
}

bool MentionsMonth(std::string_view folded) {
  for (const char* m : kMonths)
    if (text::FindWord(folded, m) != std::string_view::npos) return true;
  return false;
}

}  // namespace

std::optional<CityLine> FindCityLine(std::string_view line) {
  if (line.size() > 300) return std::nullopt;
  text::Folded f = text::Fold(line, /*lower=*/false);
  const std::string& s = f.text;
  if (s.find('@') != std::string::npos) return std::nullopt;
  std::smatch m;
  if (std::regex_search(s, m, UkCityFirstRe()))
    return Build(f, line, m.position(1), m.position(0) + m.length(0), m[2].str(), m[1].str(), "GB");
  if (std::regex_search(s, m, UkPostcodeFirstRe()))
    return Build(f, line, m.position(1), m.position(0) + m.length(0), m[1].str(), m[2].str(), "GB");
  if (std::regex_search(s, m, UsRe()))
    return Build(f, line, m.position(1), m.position(0) + m.length(0), m[2].str() + " " + m[3].str(), m[1].str(), "US");
  if (std::regex_search(s, m, CaRe()))
    return Build(f, line, m.position(1), m.position(0) + m.length(0), m[3].str(), m[1].str(), "CA");
  for (auto it = std::sregex_iterator(s.begin(), s.end(), FrRe()); it != std::sregex_iterator(); ++it) {
    const std::smatch& fm = *it;
    if (DigitBefore(s, fm.position(1))) continue;  // "812 345 674 00021", "1 234 56789 Paris"
    std::string city = fm[3].str();
    if (MentionsMonth(text::FoldText(city)) || IsReference(s, fm.position(1), city)) continue;
    size_t end = fm.position(3) + fm.length(3) + fm.length(4);
    return Build(f, line, fm.position(1), end, fm[2].str(), city, "");
  }
  if (std::regex_search(s, m, NlRe()) && !DigitBefore(s, m.position(1)))
    return Build(f, line, m.position(1), m.position(0) + m.length(0), m[1].str(), m[2].str(), "NL");
  if (std::regex_search(s, m, FourDigitRe())) {
    const std::string town = text::FoldText(m[3].str());
    bool street = false;  // "1427 Alabama Street", "2200 Alder Creek Parkway"
    for (const char* w : {"street", "st", "road", "rd", "avenue", "ave", "av", "boulevard", "blvd", "lane", "ln",
                          "drive", "dr", "way", "parkway", "court", "place", "square", "rue", "chemin", "route",
                          "strasse", "weg", "suite", "floor"})
      street = street || text::FindWord(town, w) != std::string_view::npos;
    if (!street && !MentionsMonth(town))
      return Build(f, line, m.position(1), m.position(3) + m.length(3), m[2].str(), m[3].str(), "");
  }
  if (std::regex_search(s, m, UkPostcodeAloneRe()))
    return Build(f, line, m.position(1), m.position(1) + m.length(1), m[1].str(), "", "GB");
  return std::nullopt;
}

bool IsStreetLine(std::string_view line) {
  std::string folded = text::CollapseSpaces(text::FoldText(line));
  if (folded.empty() || folded.size() > 120) return false;
  if (folded.find('@') != std::string::npos || folded.find("www.") != std::string::npos ||
      folded.find("http") != std::string::npos)
    return false;
  size_t digits = 0, letters = 0;
  for (char c : folded) {
    if (std::isdigit(static_cast<unsigned char>(c))) ++digits;
    else if (std::isalpha(static_cast<unsigned char>(c))) ++letters;
  }
  if (letters < 2 || digits > letters + 4) return false;  // phone numbers, references
  for (const char* w : {"tel", "phone", "fax", "mobile", "portable", "siret", "siren", "tva", "vat",
                        "iban", "rcs", "capital", "total", "invoice", "facture"})
    if (text::FindWord(folded, w) != std::string_view::npos) return false;
  const bool digit = text::HasDigit(folded);
  for (const char* w : kStreetWords) {
    if (text::FindWord(folded, w) == std::string_view::npos) continue;
    // Also a doctor's or a saint's title: "Dr. Klaus Weber", "St Mary's Hospital".
    const std::string_view sw(w);
    if (!digit && (sw == "dr" || sw == "st" || sw == "ste")) continue;
    return true;
  }
  if (digit && HasCompoundStreetName(folded)) return true;
  // "18 Curtain Road", "221B Baker Street", "12 bis, Grande Rue": a house number then a word.
  static const std::regex numbered(R"(^(?:[a-z]+ \d+[a-z]?, )?\d{1,5}[a-z]?(?: ?(?:bis|ter))?,? [a-z][a-z'\-]+)");
  if (std::regex_search(folded, numbered) && !MentionsMonth(folded)) return true;
  return false;
}

bool HasCompoundStreetName(std::string_view f) {
  static const char* const kEnds[] = {"strasse", "str.", "straat", "gracht", "plein", "gasse", "platz",
                                      "steenweg", "laan", "allee", "weg", "kade", "dijk"};
  size_t i = 0;
  while (i < f.size()) {
    while (i < f.size() && (f[i] == ' ' || f[i] == ',')) ++i;
    size_t e = f.find_first_of(" ,", i);
    if (e == std::string_view::npos) e = f.size();
    const std::string_view w = f.substr(i, e - i);
    for (const char* end : kEnds) {
      const size_t n = std::char_traits<char>::length(end);
      if (w.size() >= n + 3 && w.substr(w.size() - n) == end) return true;
    }
    i = e;
  }
  return false;
}

std::string CountryLine(std::string_view line) {
  std::string t = text::CollapseSpaces(line);
  while (!t.empty() && (t.back() == '.' || t.back() == ',')) {
    if (t.size() > 2 && t[t.size() - 2] == 'A' && t.back() == '.') break;  // "U.S.A."
    t.pop_back();
  }
  std::string folded = text::FoldText(t);
  for (const char* c : kCountryNames)
    if (folded == c) return t;
  return "";
}

}  // namespace docflow::contact
