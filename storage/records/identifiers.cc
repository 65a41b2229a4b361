#include "storage/records/identifiers.h"

#include <cctype>
#include <regex>
#include <set>
#include <vector>

namespace docflow::records {
namespace {

std::string Keep(const std::string& s, bool (*keep)(unsigned char)) {
  std::string out;
  for (unsigned char c : s)
    if (keep(c)) out += static_cast<char>(std::toupper(c));
  return out;
}

bool Luhn(const std::string& digits) {
  int sum = 0;
  bool twice = false;
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    int d = *it - '0';
    if (twice) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
    twice = !twice;
  }
  return sum % 10 == 0;
}

std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Words split on anything but letters (non-ASCII bytes count as letters),
// digits and apostrophes.
std::vector<std::string> Words(const std::string& s) {
  std::vector<std::string> out;
  std::string cur;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c >= 0x80 || c == '\'') {
      cur += static_cast<char>(c);
    } else if (c == '.' && !cur.empty() && cur.size() <= 2) {
      cur += '.';  // "S.A.", "Inc." -> kept together, dots dropped below
    } else if (!cur.empty()) {
      out.push_back(cur);
      cur.clear();
    }
  }
  if (!cur.empty()) out.push_back(cur);
  for (auto& w : out) {
    std::string t;
    for (char c : w)
      if (c != '.') t += c;
    w = t;
  }
  return out;
}

}  // namespace

std::string NormaliseVat(const std::string& vat) {
  std::string v = Keep(vat, [](unsigned char c) { return std::isalnum(c) != 0; });
  static const std::regex kVat("[A-Z]{2}[0-9A-Z]{2,13}");
  if (!std::regex_match(v, kVat)) return "";
  // A VAT number has digits after its country code.
  bool digit = false;
  for (size_t i = 2; i < v.size(); ++i) digit |= std::isdigit(static_cast<unsigned char>(v[i])) != 0;
  return digit ? v : "";
}

std::string SirenFromVat(const std::string& v) {
  static const std::regex kFr("FR[0-9A-Z]{2}([0-9]{9})");
  std::smatch m;
  return std::regex_match(v, m, kFr) ? m[1].str() : "";
}

std::string NormaliseSiret(const std::string& s, std::string* siren) {
  std::string d;
  for (unsigned char c : s) {
    if (std::isdigit(c)) d += static_cast<char>(c);
    else if (!std::isspace(c) && c != '.' && c != '-') return "";
  }
  if ((d.size() != 9 && d.size() != 14) || !Luhn(d)) return "";
  if (siren) *siren = d.substr(0, 9);
  return d;
}

std::string NormaliseEmail(const std::string& email) {
  std::string e;
  size_t b = 0, n = email.size();
  while (b < n && std::isspace(static_cast<unsigned char>(email[b]))) ++b;
  while (n > b && std::isspace(static_cast<unsigned char>(email[n - 1]))) --n;
  e = Lower(email.substr(b, n - b));
  if (e.rfind("mailto:", 0) == 0) e = e.substr(7);
  static const std::regex kEmail(R"([^@\s]+@[^@\s]+\.[a-z0-9-]{2,})");
  return std::regex_match(e, kEmail) ? e : "";
}

std::string E164Phone(const std::string& phone) {
  std::string d;
  bool plus = false;
  size_t i = 0;
  while (i < phone.size() && std::isspace(static_cast<unsigned char>(phone[i]))) ++i;
  if (i < phone.size() && phone[i] == '+') {
    plus = true;
    ++i;
  }
  for (; i < phone.size(); ++i) {
    unsigned char c = phone[i];
    // "+33 (0)6 12 ...": the trunk zero written in parentheses is not dialled.
    if (phone.compare(i, 3, "(0)") == 0) {
      i += 2;
      continue;
    }
    if (std::isdigit(c)) d += static_cast<char>(c);
    else if (c == ' ' || c == '.' || c == '-' || c == '(' || c == ')' || c == '/') continue;
    else break;  // an extension or trailing text ends the number
  }
  if (!plus) {
    if (d.rfind("00", 0) != 0) return "";
    d = d.substr(2);
  }
  if (d.size() < 8 || d.size() > 15 || d[0] == '0') return "";
  return "+" + d;
}

bool LooksLikeOrganisation(const std::string& name) {
  static const std::set<std::string> kOrgWords = {
      // legal forms
      "sas", "sasu", "sarl", "eurl", "sa", "sca", "sci", "scp", "scop", "snc", "selarl", "gie", "cie", "ltd",
      "limited", "llc", "llp", "lp", "plc", "inc", "incorporated", "corp", "corporation", "co", "gmbh", "ag", "kg",
      "ug", "ohg", "bv", "nv", "srl", "spa", "ab", "oy", "pty", "pte", "lda", "kft", "sro",
      // words that name organisations
      "company", "companies", "group", "groupe", "holding", "holdings", "partners", "associates", "associes",
      "associés", "bank", "banque", "university", "universite", "université", "institute", "institut", "foundation",
      "fondation", "association", "agency", "agence", "consulting", "conseil", "services", "service", "solutions",
      "systems", "technologies", "technology", "tech", "software", "digital", "analytics", "logistics", "industries",
      "international", "global", "enterprises", "ventures", "capital", "trust", "studio", "atelier", "cabinet",
      "societe", "société", "hotel", "hôtel", "restaurant", "labs", "laboratories", "laboratoire", "pharma",
      "media", "energy", "motors", "networks", "partnership", "council", "ministry", "department", "city", "ville",
      "commune", "region", "région", "state", "government", "hospital", "clinic", "clinique", "school", "ecole",
      "école", "college", "store", "stores", "shop", "boutique", "market", "finance", "insurance", "assurances",
      "realty", "properties", "construction", "transport", "transports", "distribution", "trading", "import",
      "export", "the", "of", "and", "et"};
  // Particles of a person's name ("Charles de Gaulle", "Ludwig van Beethoven").
  static const std::set<std::string> kParticles = {"de", "du", "des", "la", "le", "van", "von", "der",
                                                   "den", "di", "da", "del", "dos", "bin", "al", "d'"};
  if (name.find('&') != std::string::npos || name.find('@') != std::string::npos) return true;
  std::vector<std::string> words = Words(name);
  if (words.size() < 2 || words.size() > 4) return true;
  for (const std::string& w : words) {
    std::string l = Lower(w);
    if (kOrgWords.count(l)) return true;
    if (kParticles.count(l) || l.rfind("d'", 0) == 0) continue;
    for (unsigned char c : w)
      if (std::isdigit(c)) return true;
    unsigned char c0 = w[0];
    // A person's names are capitalised ("Dupont", "DUPONT" on a contract);
    // a lower-case word is not part of one (particles are in kOrgWords).
    if (c0 < 0x80 && !std::isupper(c0)) return true;
  }
  return false;
}

std::string ValidIsoDuration(const std::string& s) {
  static const std::regex kIso(R"(P(?=\d)(\d{1,4}Y)?(\d{1,4}M)?(\d{1,4}W)?(\d{1,5}D)?)");
  return std::regex_match(s, kIso) ? s : "";
}

std::string NormaliseCurrency(const std::string& s) {
  if (s.size() != 3) return "";
  std::string u;
  for (unsigned char c : s) {
    if (!std::isalpha(c)) return "";
    u += static_cast<char>(std::toupper(c));
  }
  return u;
}

}  // namespace docflow::records
