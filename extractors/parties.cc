#include "extractors/parties.h"

#include <algorithm>
#include <cctype>
#include <regex>

#include "classifiers/text_norm.h"
#include "extractors/amounts_ocr.h"
#include "extractors/contact_address.h"
#include "extractors/dates.h"

namespace docflow::parties {
namespace {

using extract::Line;

enum class Role { kNone, kSupplier, kCustomer, kDelivery };

// Folded header phrases (text::FoldText forms, no trailing colon).
const std::vector<std::string> kSupplierHeaders = {
    "emetteur", "vendeur", "fournisseur", "prestataire", "verkaufer", "lieferant",
    "rechnungssteller", "absender", "seller", "supplier", "vendor", "issuer", "issued by",
    "from", "bill from", "invoice from", "expediteur", "leverancier", "verkoper", "afzender",
    "rechnungsaussteller", "auftragnehmer", "contractor"};
const std::vector<std::string> kCustomerHeaders = {
    "destinataire", "client", "adresse du client", "adresse de facturation", "facture a",
    "facturer a", "facture au nom de", "bill to", "billed to", "billing address",
    "invoice to", "invoiced to", "sold to", "customer", "buyer", "acheteur", "kaufer",
    "kaufer/leistungsempfanger", "leistungsempfanger", "rechnungsempfanger",
    "abweichender rechnungsempfanger", "rechnungsadresse", "kunde", "to", "klant", "aan",
    "factuuradres", "afnemer", "auftraggeber", "recipient", "your details", "vos coordonnees",
    "adressee a", "adresse a", "adressee au", "factuur aan", "gefactureerd aan", "rechnung an",
    "titulaire du contrat", "titulaire"};
const std::vector<std::string> kDeliveryHeaders = {
    "ship to", "shipped to", "deliver to", "delivery address", "shipping address",
    "adresse de livraison", "livraison", "livre a", "lieferadresse", "lieferanschrift",
    "warenempfanger", "abweichender warenempfanger", "afleveradres"};
// Phrases that may be part of a longer short header ("LOGO Vendeur",
// "Käufer/Leistungsempfänger").
const std::vector<std::string> kLooseSupplier = {"vendeur", "verkaufer", "seller", "supplier",
                                                 "emetteur", "fournisseur", "lieferant"};
const std::vector<std::string> kLooseCustomer = {"kaufer", "leistungsempfanger", "rechnungsempfanger",
                                                 "acheteur", "buyer"};

bool In(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

// `w` is one of `v`, or one OCR slip away from one of its words of six or
// more letters ("Verkäuter", "KSufer/Leistungsempfinger").
bool NearWord(const std::vector<std::string>& v, const std::string& w) {
  if (In(v, w)) return true;
  if (w.size() < 6) return false;
  for (const std::string& x : v)
    if (x.size() >= 6 && amounts::EditDistance(x, w, 1) <= 1) return true;
  return false;
}

bool HasWord(std::string_view hay, std::string_view w) {
  return text::FindWord(hay, w) != std::string_view::npos;
}

bool AnyWord(std::string_view hay, std::initializer_list<const char*> words) {
  for (const char* w : words)
    if (HasWord(hay, w)) return true;
  return false;
}

std::string StripPunct(std::string s) {
  auto bad = [](char c) {
    return c == ':' || c == ' ' || c == '.' || c == ',' || c == ';' || c == '-' || c == '\t';
  };
  while (!s.empty() && bad(s.back())) s.pop_back();
  size_t b = 0;
  while (b < s.size() && bad(s[b])) ++b;
  return s.substr(b);
}

size_t CountAlpha(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s)
    if (std::isalpha(c) || c >= 0xC0) ++n;
  return n;
}

size_t CountDigits(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s)
    if (std::isdigit(c)) ++n;
  return n;
}

// Header role of a segment; `inline_value` receives the text after
// "Bill to:" when the header carries its value on the same segment.
Role HeaderRole(const std::string& seg, std::string* inline_value = nullptr) {
  std::string f = text::FoldText(seg);
  std::string head = f, value;
  size_t colon = f.find(':');
  if (colon != std::string::npos) {
    head = f.substr(0, colon);
    size_t orig = extract::OriginalOffset(seg, colon + 1);
    value = text::Trim(std::string_view(seg).substr(orig));
  }
  const std::string raw_head = head;
  head = StripPunct(text::CollapseSpaces(head));
  auto role_of = [&](const std::string& h) {
    if (In(kSupplierHeaders, h)) return Role::kSupplier;
    if (In(kCustomerHeaders, h)) return Role::kCustomer;
    if (In(kDeliveryHeaders, h)) return Role::kDelivery;
    return Role::kNone;
  };
  Role r = role_of(head);
  // Two names for one block ("SHIP TO / JOB SITE", "Bill to / Facturer à").
  if (r == Role::kNone && raw_head.find('/') != std::string::npos) {
    for (size_t from = 0; r == Role::kNone && from <= raw_head.size();) {
      size_t slash = std::min(raw_head.find('/', from), raw_head.size());
      r = role_of(StripPunct(text::CollapseSpaces(raw_head.substr(from, slash - from))));
      from = slash + 1;
    }
  }
  if (r == Role::kNone && extract::CountWords(head) <= 3 && !text::HasDigit(head)) {
    // Every word must be a header word ("LOGO Vendeur", "Käufer/Leistungsempfänger",
    // "Seller details"), so that a name like "Le Fournisseur" is not a header.
    static const std::vector<std::string> kCompanions = {
        "logo", "information", "informations", "details", "coordonnees", "adresse", "address",
        "daten", "angaben", "data", "info", "contact"};
    Role loose = Role::kNone;
    bool all_known = true;
    std::string w;
    for (size_t k = 0; k <= head.size(); ++k) {
      if (k < head.size() && (std::isalnum(static_cast<unsigned char>(head[k])) ||
                              static_cast<unsigned char>(head[k]) >= 0x80)) {
        w.push_back(head[k]);
        continue;
      }
      if (w.empty()) continue;
      if (NearWord(kLooseSupplier, w)) loose = Role::kSupplier;
      else if (NearWord(kLooseCustomer, w)) loose = Role::kCustomer;
      else if (!In(kCompanions, w)) all_known = false;
      w.clear();
    }
    if (all_known) r = loose;
  }
  if (r == Role::kNone) return r;
  if (inline_value) *inline_value = value;
  return r;
}

const std::regex& KeyValue() {
  static const std::regex re(R"(^([A-Za-z][A-Za-z .\-/'()]{0,28}?)\s*:\s*(.*)$)");
  return re;
}

const std::vector<std::string> kNameKeys = {"name", "nom", "raison sociale", "firma", "company",
                                            "societe", "denomination", "company name", "firmenname"};
const std::vector<std::string> kAddressKeys = {"anschrift", "adresse", "address", "addr", "adres",
                                               "strasse", "street", "rue"};

// Lines that carry contact details or identifiers, never a name or address.
bool ContactOrIdLine(const std::string& folded) {
  static const std::regex email(R"([\w.+-]+@[\w-]+\.[\w.]+)");
  // OCR splits e-mail addresses ("careline @mynews.com.my"). A bare domain
  // can be a company's name ("weclapp.com").
  static const std::regex split_email(R"((?:^|\s)@[a-z][\w-]*\.[a-z]{2,})");
  if (std::regex_search(folded, email) || folded.find("www.") != std::string::npos ||
      folded.find("http") != std::string::npos || std::regex_search(folded, split_email))
    return true;
  return AnyWord(folded, {"tel", "tel.", "telephone", "telefon", "phone", "fax", "mobile", "email",
                          "e-mail", "mail", "siret", "siren", "tva", "vat", "gst", "sst", "ust",
                          "ust-idnr", "steuernummer", "iban", "bic", "swift", "rcs", "ape", "naf",
                          "capital", "reg", "registration", "company no", "co no", "roc", "gln",
                          "hrb", "hra", "kvk", "btw", "abn", "ein", "nummer", "number"});
}

bool LooksLikeName(const std::string& t) {
  std::string f = text::FoldText(t);
  if (CountAlpha(t) < 2) return false;
  if (CountDigits(t) * 2 > CountAlpha(t)) return false;
  if (ContactOrIdLine(f)) return false;
  if (HeaderRole(t) != Role::kNone) return false;
  return true;
}

// A line without a word of 3+ letters (registration numbers "(867388-U)",
// OCR debris) is neither a name nor an address line.
bool HasRealWord(std::string_view t) {
  size_t run = 0;
  for (unsigned char c : t) {
    run = (std::isalpha(c) || c >= 0x80) ? run + 1 : 0;
    if (run >= 3) return true;
  }
  return false;
}

// "DE 80333 München" -> "80333 München"; "... Registered office: Unit 4,
// ..." -> "Unit 4, ..."; trailing commas and dots dropped.
std::string CleanAddressLine(std::string s) {
  static const std::regex country(R"(^\s*[A-Z]{1,2}\s*[- ]\s*(\d{4,5}\s))");
  s = std::regex_replace(s, country, "$1");
  // One-line addresses with middle dots or bullets: "Street 1 · City".
  for (const char* sep : {" \xC2\xB7 ", " \xE2\x80\xA2 ", " \xE2\x97\x8F ", " | "}) {
    size_t p;
    while ((p = s.find(sep)) != std::string::npos) s.replace(p, std::string_view(sep).size(), ", ");
  }
  // A footer's legal mentions before the address itself ("Registered in
  // England & Wales No. 09876543, Registered office: Unit 4, ..."): the
  // address starts after its label.
  static const std::regex label(
      "^.*\\b(?:registered (?:office|address)|head office|si(?:\xC3\xA8|e)ge(?: social)?|adresse|address|sitz)\\s*:\\s*",
      std::regex::icase);
  std::smatch m;
  if (std::regex_search(s, m, label) && m.length(0) < static_cast<long>(s.size()) - 5) s = m.suffix().str();
  s = text::CollapseSpaces(s);
  while (!s.empty() && (s.back() == ',' || s.back() == ';' || s.back() == '.' || s.back() == ' '))
    s.pop_back();
  return s;
}

std::string CleanName(std::string s) {
  s = text::CollapseSpaces(s);
  // OCR's specks before it ("_ L'ARDOISE BLEUE", "| ACME").
  while (s.size() > 2 && (s[0] == '_' || s[0] == '|' || s[0] == '~') && s[1] == ' ') s = s.substr(2);
  // A legal form run into the next column's text with no space ("Pembroke &
  // Finch Interiors LtdP&F Showroom"): the name ends with the form.
  // (Only forms in mixed case: "AGENCE" or "SASKIA" are no "AG" or "SAS".)
  static const std::regex run_on(R"(^(.*\s(?:Ltd|Limited|Inc|GmbH|Corp|plc)\.?)[A-Z][A-Za-z&])");
  std::smatch m;
  if (std::regex_search(s, m, run_on)) s = m[1].str();
  while (!s.empty() && (s.back() == ',' || s.back() == ';' || s.back() == ':' || s.back() == '-'))
    s.pop_back();
  s = text::Trim(s);
  // The same name in two columns one space apart ("Glenmore Adventure
  // Centre Glenmore Adventure Centre": billed to and delivered to).
  const std::vector<std::string> words = text::SplitWords(s);
  if (words.size() >= 4 && words.size() % 2 == 0) {
    const size_t half = words.size() / 2;
    std::string a, b;
    for (size_t k = 0; k < half; ++k) a += (k ? " " : "") + words[k], b += (k ? " " : "") + words[half + k];
    if (text::FoldText(a) == text::FoldText(b)) return a;
  }
  return s;
}

// The name in `text` up to and including its legal form ("Kaaimuur
// Webontwerp B.V. onder vermelding van ..." -> "Kaaimuur Webontwerp B.V.";
// "Lumen Harbour Pte. Ltd." whole), or, with `without_form`, the words
// before the form ("Kestrel Acoustics"). No form: "" (or, without_form,
// the whole text).
std::string NameToLegalForm(const std::string& text, bool without_form = false) {
  static const std::vector<std::string> kForms = {
      "sas", "sasu", "sarl", "eurl", "sa", "sci", "snc", "scop", "gmbh", "ag", "kg", "ohg", "ug", "ltd",
      "limited", "llc", "llp", "plc", "inc", "corp", "corporation", "bv", "nv", "vof", "sprl", "srl", "spa",
      "sl", "bhd", "pte", "pty", "oy", "aps", "eirl", "selarl", "scp", "cic"};
  const std::vector<std::string> words = text::SplitWords(text);
  auto is_form = [&](const std::string& w) {
    std::string f;
    for (char c : text::FoldText(w))
      if (std::isalnum(static_cast<unsigned char>(c))) f += c;
    return std::find(kForms.begin(), kForms.end(), f) != kForms.end();
  };
  for (size_t i = 1; i < words.size(); ++i) {
    if (!is_form(words[i])) continue;
    size_t end = i + 1;
    while (end < words.size() && is_form(words[end])) ++end;
    std::string out;
    for (size_t k = 0; k < (without_form ? i : end); ++k) out += (out.empty() ? "" : " ") + words[k];
    return out;
  }
  return without_form ? text : std::string();
}

struct Block {
  std::string name;
  int name_line = -1;
  int name_col = 0;
  std::vector<std::string> address;
  bool postcode = false;
  int page = 0;
};

// "HOME MASTER HARDWARE &" goes on on the next line.
bool NameContinues(const std::string& name) {
  std::string f = text::FoldText(name);
  while (!f.empty() && f.back() == ' ') f.pop_back();
  if (f.empty()) return false;
  char c = f.back();
  if (c == '&' || c == '-' || c == ',' || c == '+' || c == '/') return true;
  return f.size() >= 4 && (f.compare(f.size() - 4, 4, " and") == 0 || f.compare(f.size() - 3, 3, " et") == 0 ||
                           f.compare(f.size() - 4, 4, " und") == 0);
}

bool StreetLike(const std::string& f);

// The segment of `segs` in column `col` (tolerance in code points).
const Segment* AtColumn(const std::vector<Segment>& segs, int col, int tol = 12) {
  const Segment* best = nullptr;
  int best_d = tol + 1;
  for (const auto& s : segs) {
    int d = std::abs(s.col - col);
    if (d < best_d) {
      best_d = d;
      best = &s;
    }
  }
  return best;
}

// The segment of `segs` ending near column `end_col`, starting at or after
// `col`: a right-aligned block (the issuer's name and address flush right
// at the top of the page). Ends move by a few columns between a bold name
// and the lines under it.
const Segment* RightAligned(const std::vector<Segment>& segs, int col, int end_col, int tol = 12) {
  if (end_col < 0) return nullptr;
  for (const auto& s : segs) {
    int end = s.col + static_cast<int>(text::Utf8Length(s.text));
    if (s.col >= col && std::abs(end - end_col) <= tol) return &s;
  }
  return nullptr;
}

// Reads a name and address block starting at line `start`, in column `col`
// (or, when `end_col` >= 0, ending near that column: flush right).
// `name` may be preset (the caller found it). Stops after the postcode line,
// at another header, after two blank lines once something was read, or
// after `max_lines` printed lines.
bool DocumentWordLine(const std::string& f);

// A line holding a date or a time ("05 Mar 2018 18:24").
bool DateOrTimeLine(const std::string& t) {
  static const std::regex time(R"(\b\d{1,2}:\d{2}\b)");
  return !dates::FindDates(t).empty() || std::regex_search(t, time);
}

// Company registration numbers ("Company No 002043278-A", "(867388-U)"),
// also when OCR garbled them: a line that is only a short code in brackets
// ("(Sadoeat98-1)"); addresses are not printed in brackets.
bool RegistrationLine(const std::string& t) {
  static const std::regex reg(R"(\d{6,}-?[A-Z]?\b|\(\s*\d{4,}-?[A-Z]\s*\))");
  static const std::regex bracketed_code(R"(^\s*[\(\[\{]\s*[A-Za-z0-9./-]*\d[A-Za-z0-9./ -]*[\)\]\}]\s*$)");
  if (!std::regex_search(t, reg) && !std::regex_match(t, bracketed_code)) return false;
  // "NO 122124 JALAN DEDAP 13": a house number whose dots OCR lost, on a
  // street.
  const std::string f = text::FoldText(t);
  return !IsPostcodeLine(t) && !AnyWord(f, {"jalan", "jln", "lorong", "persiaran", "taman", "street", "road",
                                            "avenue", "rue", "strasse"});
}

// A line that states how the issuer relates to another company, not where it
// is: "Licensee of McDonald's", "A member of X group", "formerly known as".
// kFormerly: the next line holds the former name (when this one ends there).
enum class Relation { kNone, kRelation, kFormerly };
Relation RelationLine(std::string_view folded) {
  static const std::regex formerly(R"(^\W*(?:formerly|previously|anciennement)(?: known as| connu[e]? sous le nom de)?\W*$)");
  if (std::regex_match(folded.begin(), folded.end(), formerly)) return Relation::kFormerly;
  static const std::regex relation(
      R"(^\W*(?:licensee of|licencee of|franchisee of|a franchisee of|a member of|member of the|a subsidiary of|)"
      R"(subsidiary of|a division of|a company of|formerly|previously known as|anciennement|filiale de|)"
      R"(membre du groupe|franchise de|licencie de)\b)");
  return std::regex_search(folded.begin(), folded.end(), relation) ? Relation::kRelation : Relation::kNone;
}

// A line stating only the issuer's legal status ("Entrepreneur individuel",
// "Auto-entrepreneur", "Einzelunternehmen", "Sole trader"): neither its
// name nor a line of its address.
bool LegalStatusLine(std::string_view folded) {
  static const std::regex re(
      R"(^\W*(?:entrepreneur individuel|entreprise individuelle|auto-?\s?entrepreneur|micro-?\s?entrepreneur|)"
      R"(micro-?\s?entreprise|ei|eirl|einzelunternehm(?:en|er(?:in)?)|sole trader|sole proprietor(?:ship)?|)"
      R"(eenmanszaak|travailleur independant)\W*$)");
  return std::regex_match(folded.begin(), folded.end(), re);
}

// A trade set out under a name, its parts in lower case between dashes or
// dots ("Artisan menuisier — agencement — escaliers", "plomberie · chauffage
// · sanitaire"): a description, not the name.
bool Tagline(const std::string& t) {
  // "Ironmongers since 1926", "Tapissier depuis 1987", "Est. 1952".
  static const std::regex since(R"(^(?:[a-z&' -]{0,40}\s)?(?:since|depuis|seit|est\.?|established|fondee? en)\s+(?:19|20)\d\d$)");
  if (std::regex_search(text::CollapseSpaces(text::FoldText(t)), since)) return true;
  static const std::regex sep(R"(\s(?:\xE2\x80\x94|\xE2\x80\x93|-|\xC2\xB7|\||/|:|\xE2\x80\xA2)\s)");
  std::vector<std::string> parts;
  std::sregex_token_iterator it(t.begin(), t.end(), sep, -1), end;
  for (; it != end; ++it) parts.push_back(text::Trim(it->str()));
  if (parts.size() < 3 || text::HasDigit(t) || t.find('@') != std::string::npos) return false;
  // Three parts or more between bullets (which OCR may read as ':'), in any
  // case: "PLOMBERIE · CHAUFFAGE · SALLES DE BAINS".
  static const std::regex bullets(R"(^[^:\xC2\xB7\xE2]+(?:\s(?::|\xC2\xB7|\xE2\x80\xA2)\s[^:\xC2\xB7\xE2]+){2,}$)");
  if (std::regex_search(t, bullets)) return true;
  int lower = 0;
  for (const std::string& p : parts) {
    const std::string cased = text::Fold(p, false).text;
    const size_t first = cased.find_first_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ");
    if (first == std::string::npos) continue;
    // lower case after the first letter, and no word in capitals
    if (cased.find_first_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ", first + 1) == std::string::npos) ++lower;
  }
  return lower * 3 >= static_cast<int>(parts.size()) * 2;
}

// `ocr`: the page was recognised (receipts); the state printed under the
// city is then kept as part of the address.
Block ReadBlock(const std::vector<Line>& lines, size_t start, int col, Block b, int max_lines, bool ocr,
                int end_col = -1) {
  int seen = 0, blank = 0, addr_col = -1;
  bool skip_next = false;  // the line after "formerly known as"
  const int page = start < lines.size() ? lines[start].page : 0;
  if (b.name_line < 0) b.page = page;
  for (size_t j = start; j < lines.size() && seen < max_lines; ++j) {
    if (lines[j].page != page) break;
    auto segs = Segments(lines[j].text);
    if (segs.empty()) {
      if (++blank >= 3 || (blank >= 2 && !b.address.empty())) break;
      continue;
    }
    blank = 0;
    ++seen;
    const Segment* s = AtColumn(segs, col);
    if (!s) s = RightAligned(segs, col, end_col);
    const Segment* cont = addr_col >= 0 ? AtColumn(segs, addr_col, 3) : nullptr;
    if (!s && !cont) continue;
    if (!s) s = cont;
    if (HeaderRole(s->text) != Role::kNone) break;
    std::string t = s->text;
    // A value whose label stands alone in the column to its left
    // ("Ansprechpartner:   Max Mustermann", laid out from word boxes) is
    // read with its label: a contact person is not an address line.
    if (s != segs.data()) {
      static const std::regex bare_label(R"(^[A-Za-z][A-Za-z .\-/'()]{0,28}:\s*$)");
      if (std::regex_match((s - 1)->text, bare_label) && !std::regex_match(s->text, KeyValue()))
        t = (s - 1)->text + " " + s->text;
    }
    std::smatch m;
    // "Name:" label in its own column, value in the next segment.
    std::string key, value;
    int value_col = -1;
    if (std::regex_match(t, m, KeyValue())) {
      key = StripPunct(text::FoldText(m[1].str()));
      value = text::Trim(m[2].str());
      value_col = s->col;
      if (value.empty()) {
        auto it = std::find_if(segs.begin(), segs.end(), [&](const Segment& x) { return x.col > s->col; });
        if (it != segs.end()) {
          value = it->text;
          value_col = it->col;
        }
      }
    } else if (s + 1 < segs.data() + segs.size()) {
      // "Name      Versicherungsverein...": OCR dropped the label's colon.
      std::string bare = StripPunct(text::FoldText(t));
      if (In(kNameKeys, bare) || In(kAddressKeys, bare)) {
        key = bare;
        value = (s + 1)->text;
        value_col = (s + 1)->col;
      }
    }
    if (!key.empty() && !In(kNameKeys, key) && !In(kAddressKeys, key) && b.name_line >= 0 &&
        text::HasDigit(t) && StreetLike(text::FoldText(t)))
      key.clear();  // "NO: 28, JALAN ASTANA" is a street, not a label
    if (!key.empty() && s != cont) {
      if (In(kNameKeys, key)) {
        if (b.name.empty() && !value.empty()) {
          // A long name wrapped in its column, or its salutation ("Herrn"
          // over "Name: Max Mustermann"): its first part is on the line
          // above, alone in the value column (on OCR'd pages one blank line
          // may lie between).
          for (size_t k = j; k-- > 0 && j - k <= (ocr ? 2u : 1u);) {
            if (lines[k].page != lines[j].page) break;
            auto above = Segments(lines[k].text);
            if (above.empty()) continue;
            if (above.size() == 1 && std::abs(above[0].col - value_col) <= 2 &&
                LooksLikeName(above[0].text) && !text::HasDigit(above[0].text))
              value = above[0].text + " " + value;
            break;
          }
          b.name = CleanName(value);
          b.name_line = static_cast<int>(j);
          b.page = lines[j].page;
        }
        continue;
      }
      if (In(kAddressKeys, key) && !value.empty()) {
        b.address.push_back(CleanAddressLine(value));
        addr_col = value_col;
        if (IsPostcodeLine(value)) {
          b.postcode = true;
          break;
        }
        continue;
      }
      // Another key ("Nummer:", "Tel:"): not part of the name or address.
      if (!b.address.empty() && ContactOrIdLine(text::FoldText(t))) break;
      continue;
    }
    std::string f = text::FoldText(t);
    if (AttentionLine(f) || LegalStatusLine(f) || Tagline(t)) continue;
    if (const Relation rel = RelationLine(f); rel != Relation::kNone) {
      if (rel == Relation::kFormerly) skip_next = true;  // the former name
      continue;
    }
    if (skip_next) {
      skip_next = false;
      continue;
    }
    if (b.name.empty()) {
      if (LooksLikeName(t) && HasRealWord(t) && !IsPostcodeLine(t) &&
          !(text::HasDigit(t) && StreetLike(f))) {
        b.name = CleanName(t);
        b.name_line = static_cast<int>(j);
        b.page = lines[j].page;
        b.name_col = s->col;
      }
      continue;
    }
    if (static_cast<int>(j) == b.name_line + 1 || (b.address.empty() && NameContinues(b.name))) {
      if (NameContinues(b.name) && LooksLikeName(t) && !text::HasDigit(t) && !IsPostcodeLine(t)) {
        b.name = CleanName(b.name + " " + t);
        continue;
      }
    }
    // "14 rue des Tanneurs, 69002 Lyon — Tél. 04 78 42 19 60 — contact@...":
    // the address is the part before the contact details.
    if (ContactOrIdLine(f)) {
      static const std::regex sep(R"(\s(?:\xE2\x80\x94|\xE2\x80\x93|\xC2\xB7|\|)\s)");
      std::smatch m;
      if (std::regex_search(t, m, sep) && m.position(0) > 0) {
        const std::string head = text::Trim(t.substr(0, static_cast<size_t>(m.position(0))));
        const std::string hf = text::FoldText(head);
        if (!ContactOrIdLine(hf) && text::HasDigit(head) && (StreetLike(hf) || IsPostcodeLine(head))) {
          b.address.push_back(CleanAddressLine(head));
          if (IsPostcodeLine(head)) {
            b.postcode = true;
            break;
          }
          continue;
        }
      }
    }
    // "109, SS21/1A,": a house number and a street code, no long word.
    static const std::regex house(R"(^\s*(?:no\.?\s*:?\s*)?\d{1,5}[A-Za-z]?\s*[,/-]\s*[A-Za-z0-9])", std::regex::icase);
    const bool house_number = ocr && std::regex_search(t, house) && CountAlpha(t) >= 2;
    if (ContactOrIdLine(f) || (!HasRealWord(t) && !house_number && !IsPostcodeLine(t)) || DateOrTimeLine(t) ||
        RegistrationLine(t)) {
      if (!b.address.empty() && ContactOrIdLine(f)) break;
      continue;
    }
    // The owner's legal status ("Yann Roussel, entrepreneur individuel"):
    // a mention, not an address line.
    static const std::regex status(
        R"(\b(?:entrepreneur individuel|entreprise individuelle|auto-?\s?entrepreneur|micro-?\s?entrepreneur|eirl|)"
        R"(sole trader|einzelunternehmer(?:in)?)\b)");
    if (!text::HasDigit(t) && std::regex_search(f, status)) continue;
    b.address.push_back(CleanAddressLine(t));
    static const std::regex bare_postcode(R"((^|[\s,])\d{5}\s*[,.]?\s*$)");
    if (!IsPostcodeLine(t) && std::regex_search(t, bare_postcode)) {
      // "BANDAR BUKIT RAJA, 41050" / "KLANG SELANGOR": the city on the next line.
      for (size_t k = j + 1; k < lines.size() && k <= j + 2; ++k) {
        std::string nt = text::Trim(lines[k].text);
        if (nt.empty()) continue;
        if (!text::HasDigit(nt) && HasRealWord(nt) && !ContactOrIdLine(text::FoldText(nt)) &&
            !DocumentWordLine(text::FoldText(nt)))
          b.address.push_back(CleanAddressLine(nt));
        break;
      }
      b.postcode = true;
      break;
    }
    if (IsPostcodeLine(t)) {
      b.postcode = true;
      // Receipts print the state after the city ("SELANGOR DARUL EHSAN").
      if (ocr) {
        for (size_t k = j + 1; k < lines.size() && k <= j + 2; ++k) {
          std::string nt = text::Trim(lines[k].text);
          if (nt.empty()) continue;
          std::string nf = text::FoldText(nt);
          size_t upper = 0, lower = 0;
          for (unsigned char c : nt) {
            if (std::isupper(c)) ++upper;
            if (std::islower(c)) ++lower;
          }
          if (!text::HasDigit(nt) && extract::CountWords(nt) <= 4 && HasRealWord(nt) && lower == 0 && upper >= 3 &&
              !ContactOrIdLine(nf) && !DocumentWordLine(nf) && HeaderRole(nt) == Role::kNone &&
              !AnyWord(nf, {"malaysia", "france", "germany", "deutschland", "singapore", "uk",
                            "united kingdom", "usa", "belgique", "belgium", "nederland", "espana",
                            "italia", "schweiz", "suisse", "osterreich", "invoice", "receipt"}))
            b.address.push_back(CleanAddressLine(nt));
          break;
        }
      }
      break;
    }
    if (b.address.size() >= 4) break;
  }
  // Without a postcode the block's end is unsure: keep the first lines
  // (receipts print longer addresses).
  const size_t keep = ocr ? 4 : 2;
  if (!b.postcode && b.address.size() > keep) b.address.resize(keep);
  return b;
}

std::string JoinAddress(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) {
    if (p.empty()) continue;
    // A footer's legal mention beside the address ("Registered in England
    // & Wales No. 09876543") is no part of it.
    const std::string f = text::FoldText(p);
    if (AnyWord(f, {"registered in", "company no", "company number", "rcs", "siret", "siren", "capital",
                    "vat", "tva", "kvk", "hrb", "ust-idnr", "btw"}))
      continue;
    if (!out.empty()) out += ", ";
    out += p;
  }
  return out;
}

// ---------------------------------------------------------------- return line

struct ReturnLine {
  size_t line = 0;
  int col = 0;
  std::string name;
  std::vector<std::string> address;
};

// "Bei Spiel GmbH ● Ecke 12 ● 12345 Stadthausen ● Germany",
// "Au bon moulin SARL - 1242 chemin de l'olive - 84340 Malaucène - France".
// OCR reads the bullets of a return line as "+", "*", "°", "«", "e", "o"...:
// such a lone character between spaces is made a bullet again ("Bei Spiel
// GmbH + Ecke 12 e 12345 Stadthausen e Germany"). The line must still split
// into a name, parts and a postcode part to count.
std::string OcrBulletsUnified(const std::string& t) {
  // ASCII look-alikes, then ° « » ¤ (two bytes each in UTF-8).
  static const std::regex lone(R"((^|\s)(?:[+*~oe]|\xC2[\xB0\xAB\xBB\xA4])(?=\s))");
  return std::regex_replace(t, lone, "$1\xE2\x97\x8F");
}

std::optional<ReturnLine> FindReturnLine(const std::vector<Line>& lines) {
  static const char* kSeps[] = {"\xE2\x97\x8F", "\xE2\x80\xA2", "\xC2\xB7", "|", " - ", " \xE2\x80\x93 ", " / "};
  int page0 = lines.empty() ? 0 : lines[0].page;
  for (size_t i = 0, seen = 0; i < lines.size() && seen < 30; ++i) {
    if (lines[i].page != page0) break;
    if (text::Trim(lines[i].text).empty()) continue;
    ++seen;
    auto segs = Segments(lines[i].text);
    if (segs.size() > 1)  // separators set apart by wide spaces: the whole line
      segs.push_back(Segment{segs[0].col, text::CollapseSpaces(lines[i].text)});
    for (const auto& seg : segs) {
      const std::string unified = OcrBulletsUnified(seg.text);
      // (and with its separators mixed, OCR having read some bullets as
      // dashes or colons: "Haustechnik Brückner GmbH : Saalfelder Ring 38 -
      // 04179 Leipzig"; only for a name with its legal form, as a colon
      // also ends a label: "Folio : 44871")
      std::string mixed = unified;
      for (const char* sep : {" - ", " \xE2\x80\x93 ", " | ", " \xC2\xB7 ", " \xE2\x80\xA2 ", " : "}) {
        for (size_t p = mixed.find(sep); p != std::string::npos; p = mixed.find(sep, p + 1))
          mixed.replace(p, std::string_view(sep).size(), " \xE2\x97\x8F ");
      }
      for (const char* sep : kSeps) {
        std::vector<std::string> parts;
        const bool use_mixed = sep == kSeps[0] && mixed != unified;
        std::string_view rest = use_mixed ? std::string_view(mixed) : std::string_view(unified);
        while (true) {
          size_t p = rest.find(sep);
          parts.push_back(text::Trim(rest.substr(0, p)));
          if (p == std::string_view::npos) break;
          rest = rest.substr(p + std::string_view(sep).size());
        }
        if (parts.size() < 3) continue;
        size_t pc = 0;
        for (size_t k = 1; k < parts.size(); ++k)
          if (IsPostcodeLine(parts[k])) {
            pc = k;
            break;
          }
        // The first part is a name, not a street ("Unit 4, 18 Curtain Road").
        if (pc == 0 || !LooksLikeName(parts[0]) || IsPostcodeLine(parts[0]) || (use_mixed && !HasLegalForm(parts[0])) ||
            (text::HasDigit(parts[0]) && StreetLike(text::FoldText(parts[0]))))
          continue;
        ReturnLine r;
        r.line = i;
        r.col = seg.col;
        r.name = CleanName(parts[0]);
        // The owner named after the firm ("Inh. Markus Weber") is no part
        // of the address.
        static const std::regex owner(R"(^(?:inh\.?|inhaber(?:in)?|prop\.?|proprietor|owner|gerant|gérant)\s)",
                                      std::regex::icase);
        for (size_t k = 1; k <= pc; ++k)
          if (!std::regex_search(parts[k], owner)) r.address.push_back(CleanAddressLine(parts[k]));
        return r;
      }
    }
  }
  return std::nullopt;
}

// ---------------------------------------------------------------- headers

struct HeaderHit {
  size_t line;
  int col;
  Role role;
  std::string inline_value;
};

// Line i stands in a table of labels and values: a printed line at most two
// lines away has exactly two pieces too, a label at label_col ("Invoice
// number", "Customer VAT", "Date paid") and its value at value_col. Not a
// row of section heads over their blocks ("Facturé à   Lieu d'intervention"
// over "Mme Kervella   12 rue ...").
bool KeyValueRow(const std::vector<Line>& lines, size_t i, int label_col, int value_col) {
  for (size_t j = i > 2 ? i - 2 : 0; j <= i + 2 && j < lines.size(); ++j) {
    if (j == i || lines[j].page != lines[i].page) continue;
    const auto segs = Segments(lines[j].text);
    if (segs.size() != 2 || std::abs(segs[0].col - label_col) > 1 || std::abs(segs[1].col - value_col) > 2 ||
        text::HasDigit(segs[0].text))
      continue;
    if (AnyWord(StripPunct(text::FoldText(segs[0].text)),
                {"number", "no", "nr", "num", "numero", "date", "vat", "tva", "btw", "reference", "ref", "id",
                 "e-mail", "email", "phone", "tel", "account", "compte", "customer", "client", "order",
                 "commande", "due", "echeance", "period", "periode", "amount", "montant", "method", "mode",
                 "iban", "terms", "conditions", "paid", "payment", "paiement", "reglement"}))
      return true;
  }
  return false;
}

std::vector<HeaderHit> FindHeaders(const std::vector<Line>& lines) {
  std::vector<HeaderHit> out;
  for (size_t i = 0; i < lines.size(); ++i) {
    const auto segs = Segments(lines[i].text);
    for (size_t k = 0; k < segs.size(); ++k) {
      const auto& seg = segs[k];
      if (seg.text.size() > 60) continue;
      std::string value;
      Role r = HeaderRole(seg.text, &value);
      if (r == Role::kNone) continue;
      int col = seg.col;
      // "To:        Brightwater Academy Trust": a label ending in a colon
      // with its value a few columns to the right (not another header); the
      // block's later lines stand under the value.
      const std::string head = text::Trim(seg.text);
      if (value.empty() && !head.empty() && head.back() == ':' && k + 1 < segs.size() &&
          segs[k + 1].col - (seg.col + static_cast<int>(text::Utf8Length(seg.text))) <= 14 &&
          HeaderRole(segs[k + 1].text) == Role::kNone) {
        value = text::Trim(segs[k + 1].text);
        col = segs[k + 1].col;
      } else if (value.empty() && k == 0 && segs.size() == 2 && HeaderRole(segs[1].text) == Role::kNone &&
                 !DocumentWordLine(text::FoldText(segs[1].text)) && KeyValueRow(lines, i, seg.col, segs[1].col)) {
        // "Billed to        Bramblecote Design Studio" in a table of
        // labels and values ("Invoice number    FH-2025-04-1187").
        value = text::Trim(segs[1].text);
        col = segs[1].col;
      }
      out.push_back({i, col, r, value});
    }
  }
  return out;
}

// The block under a header: the header's own value ("Bill to: ACME"), else
// the lines below it in its column.
Block BlockUnder(const std::vector<Line>& lines, const HeaderHit& h, bool ocr) {
  Block b;
  if (!h.inline_value.empty()) {
    if (LooksLikeName(h.inline_value) && HasRealWord(h.inline_value)) {
      b.name = CleanName(h.inline_value);
      b.name_line = static_cast<int>(h.line);
      b.page = lines[h.line].page;
      return ReadBlock(lines, h.line + 1, h.col, b, 6, ocr);
    }
    return b;  // "Customer: 2" is a customer number, not a name
  }
  return ReadBlock(lines, h.line + 1, h.col, b, 8, ocr);
}

// ---------------------------------------------------------------- top block

// A salutation printed alone over a recipient's name.
bool IsBareSalutation(std::string_view t) {
  const std::string f = StripPunct(text::FoldText(text::Trim(t)));
  // "herm": OCR's reading of "Herrn" (rn as m).
  for (const char* w : {"herrn", "herm", "herr", "frau", "monsieur", "madame", "mademoiselle", "mme", "m", "mr",
                        "mrs", "ms", "miss", "dhr", "mevr", "mevrouw", "de heer"})
    if (f == w) return true;
  return false;
}

bool StreetLike(const std::string& f) {
  if (AnyWord(f, {"rue", "avenue", "av", "bd", "boulevard", "chemin", "allee", "place", "impasse",
                  "route", "street", "st", "road", "rd", "lane", "drive", "strasse", "str", "weg",
                  "platz", "jalan", "jln", "lot", "no", "taman", "floor", "suite", "building",
                  "straat", "laan", "bp", "cedex", "zone", "za", "zi", "unit", "estate", "ave",
                  "blvd", "parkway", "highway", "postbus", "row", "way", "close", "crescent", "terrace", "square",
                  "quai", "quay", "cours", "mews", "wharf", "parade", "chaussee", "steenweg", "gasse"}))
    return true;
  return contact::HasCompoundStreetName(f);  // Hauptstrasse, Kalverstraat, Oudegracht ...
}

bool DocumentWordLine(const std::string& f) {
  return AnyWord(f, {"invoice", "facture", "rechnung", "receipt", "recu", "ticket", "tax invoice", "factuur", "kassabon",
                     "quittung", "avoir", "credit note", "gutschrift", "creditnota",
                     "date", "datum", "page", "seite", "total", "order", "commande", "devis",
                     "quote", "bill", "cash", "table", "subtotal", "sous-total", "zwischensumme", "cashier", "customer", "client", "kunde",
                     "ship", "deliver", "livraison", "amount", "montant", "betrag", "qty",
                     "description", "designation", "beispiel-rechnungen", "stylesheet", "document",
                     "doc", "member", "guest", "check", "terminal", "logo", "welcome", "thank",
                     // receipt greetings: "TQ for shopping with us", "Merci de votre visite"
                     "tq", "for shopping", "for your visit", "de votre visite", "bienvenue"});
}

// A line carrying a company's registration: "SIRET ...", "RCS Lyon ...",
// "HRB 154321", "TVA FR 27 812334556" (a tax word with a number).
bool RegistrationLine(const std::string& folded, std::string_view text) {
  return AnyWord(folded, {"siret", "siren", "rcs", "hrb", "hra", "kvk", "ust-idnr", "company no", "registration"}) ||
         (AnyWord(folded, {"tva", "vat", "btw"}) && text::HasDigit(text));
}

// Letters all in capitals, and at least three of them.
bool AllCapitals(std::string_view t) {
  size_t upper = 0;
  for (unsigned char c : t) {
    if (std::islower(c)) return false;
    if (std::isupper(c)) ++upper;
  }
  return upper >= 3;
}

bool WidePage(const std::vector<Line>& lines);

// A sidebar's or a footer's section heading alone ("ADRES", "Contact",
// "Bankgegevens", "Coordonnées bancaires"): a label, not a name.
bool SectionHeading(const std::string& folded) {
  static const std::vector<std::string> kHeadings = {
      "adres", "adresse", "address", "anschrift", "contact", "kontakt", "contactgegevens", "coordonnees",
      "bankrekening", "bankgegevens", "bank details", "bankverbindung", "coordonnees bancaires", "banque",
      "informations", "info", "details", "head office", "siege", "siege social", "postadres", "bezoekadres",
      "summary", "recapitulatif", "overview", "invoice details", "payment details"};
  return In(kHeadings, StripPunct(text::CollapseSpaces(folded)));
}

// The bank account's holder, printed by the payment details ("t.n.v. Van
// Dijk Installatietechniek B.V.", "Account name: ...", "Titulaire du compte :
// ...", "Kontoinhaber: ..."), when it has a legal form; "" otherwise.
std::string AccountHolder(const std::vector<Line>& lines) {
  static const std::regex holder(
      R"(^\s*(?:t\.?\s?n\.?\s?v\.?|ten name van|account (?:name|holder)|titulaire(?: du compte)?|kontoinhaber|)"
      R"(beneficiaire|beneficiary)\s*:?\s*)");
  // Inside a sentence ("... op rekeningnummer NL56 ... t.n.v. Kaaimuur
  // Webontwerp B.V. onder vermelding van ...", "Please make checks payable
  // to Copperline Signs & Graphics LLC", "chèques à l'ordre de ..."): the
  // name ends with its form.
  static const std::regex in_sentence(
      R"(\bt\.\s?n\.\s?v\.\s*|\b(?:payable|made out) to(?: the order of)?\s+|\ba l'ordre de\s+)");
  for (const Line& line : lines) {
    for (const auto& seg : Segments(line.text)) {
      const std::string f = text::FoldText(seg.text);
      std::smatch m;
      if (std::regex_search(f, m, holder)) {
        const std::string name = CleanName(
            std::string(std::string_view(seg.text).substr(extract::OriginalOffset(seg.text, m.length(0)))));
        if (HasLegalForm(name) && LooksLikeName(name) && HasRealWord(name)) return name;
      } else if (std::regex_search(f, m, in_sentence)) {
        const std::string rest(
            std::string_view(seg.text).substr(extract::OriginalOffset(seg.text, m.position(0) + m.length(0))));
        const std::string name = CleanName(NameToLegalForm(rest));
        if (!name.empty() && LooksLikeName(name) && HasRealWord(name)) return name;
      }
    }
  }
  return "";
}

// "Receipt from Fernhollow Software Ltd", "Invoice from ...", "Reçu de
// ...": the issuer named by the document's own title line.
std::optional<Block> TitleFromLine(const std::vector<Line>& lines) {
  static const std::regex from(R"(^\s*(?:payment\s+)?(?:receipt|invoice|recu|facture|rechnung)\s+(?:from|de la part de)\s+)");
  for (size_t i = 0, seen = 0; i < lines.size() && seen < 12; ++i) {
    if (lines[i].page != lines[0].page) break;
    for (const auto& seg : Segments(lines[i].text)) {
      std::smatch m;
      const std::string f = text::FoldText(seg.text);
      if (!std::regex_search(f, m, from)) continue;
      const std::string name =
          CleanName(std::string(std::string_view(seg.text).substr(extract::OriginalOffset(seg.text, m.length(0)))));
      if (name.empty() || !LooksLikeName(name) || !HasRealWord(name) || extract::CountWords(name) > 6) continue;
      Block b;
      b.name = name;
      b.name_line = static_cast<int>(i);
      b.page = lines[i].page;
      return b;
    }
    if (!text::Trim(lines[i].text).empty()) ++seen;
  }
  return std::nullopt;
}

// The issuer's legal footer: in the last lines of a page, a company's name
// with its legal form, either on a line of its own parts ("Ferronnerie
// Castagné SAS · 14 chemin des Forges · 81100 Castres · Tél. ...") or as the
// head of a column block over its street and postcode ("Kaaimuur Webontwerp
// B.V." / "Scheepmakershaven 17" / "3011 VA Rotterdam"), with the
// company's registration, VAT number or IBAN among those last lines. A
// customer is not printed there with its registration.
std::optional<Block> FooterIssuer(const std::vector<Line>& lines, bool ocr) {
  static const char* kSeps[] = {"\xE2\x97\x8F", "\xE2\x80\xA2", "\xC2\xB7", "|", " - ", " \xE2\x80\x93 ",
                                " \xE2\x80\x94 "};
  // An identifier's label with its number ("SIRET 418 739 066 00027", "VAT
  // No. IE3712845HH", "KvK 71934028", "IBAN NL56 ..."), not a totals row's
  // "TVA 20 %".
  static const std::regex ids(
      R"(\b(?:siret|siren|rcs|tva|vat|kvk|btw|company no|company number|registered in|ust-?id\w*|hrb|)"
      R"(numero d'entreprise|n(?:o|°)? d'entreprise|abn|uen)\b[^0-9\n]{0,25}\d[\d .]{5,}|\biban\W{0,3}[a-z]{2}\d{2})");
  std::vector<std::pair<size_t, size_t>> pages;  // [begin, end) of each page's lines
  for (size_t i = 0; i < lines.size(); ++i) {
    if (pages.empty() || lines[i].page != lines[pages.back().first].page) pages.push_back({i, i});
    pages.back().second = i + 1;
  }
  for (const auto& [pb, pe] : pages) {
    // The page's last 10 non-empty lines, top down, none of them among the
    // page's first 10 or its first half (the head of a short page).
    std::vector<size_t> printed;
    for (size_t i = pb; i < pe; ++i)
      if (!text::Trim(lines[i].text).empty()) printed.push_back(i);
    const size_t from = std::max<size_t>({10, printed.size() / 2, printed.size() > 10 ? printed.size() - 10 : 0});
    const std::vector<size_t> tail(printed.begin() + std::min(from, printed.size()), printed.end());
    bool has_ids = false;
    for (size_t i : tail) has_ids = has_ids || std::regex_search(lines[i].folded, ids);
    if (!has_ids) continue;
    for (size_t i : tail) {
      for (const auto& seg : Segments(lines[i].text)) {
        // Its parts on one line.
        const std::string unified = OcrBulletsUnified(text::CollapseSpaces(seg.text));
        for (const char* sep : kSeps) {
          std::vector<std::string> parts;
          std::string_view rest = unified;
          while (true) {
            size_t p = rest.find(sep);
            parts.push_back(text::Trim(rest.substr(0, p)));
            if (p == std::string_view::npos) break;
            rest = rest.substr(p + std::string_view(sep).size());
          }
          if (parts.size() < 2 || !HasLegalForm(parts[0]) || !LooksLikeName(parts[0])) continue;
          size_t pc = 0;
          for (size_t k = 1; k < parts.size() && k <= 4; ++k)
            if (IsPostcodeLine(parts[k])) {
              pc = k;
              break;
            }
          if (pc == 0 || parts.size() < 3) {
            // A legal line of its own ("SAS Hôtel des Remparts — capital
            // 60 000 € — RCS Carcassonne 790315667 — TVA FR69..."): the
            // name alone, without an address.
            static const std::regex legal(
                R"(^(?:au )?(?:capital|rcs|siret|siren|tva|vat|registered|company no|kvk|btw|hrb|ust))");
            if (!std::regex_search(text::FoldText(parts[1]), legal)) continue;
            Block b;
            b.name = CleanName(parts[0]);
            b.name_line = static_cast<int>(i);
            b.page = lines[i].page;
            return b;
          }
          Block b;
          b.name = CleanName(parts[0]);
          b.name_line = static_cast<int>(i);
          b.page = lines[i].page;
          b.postcode = true;
          for (size_t k = 1; k <= pc; ++k) b.address.push_back(CleanAddressLine(parts[k]));
          return b;
        }
        // The head of a column block.
        if (!HasLegalForm(seg.text) || !LooksLikeName(seg.text) || text::HasDigit(seg.text) ||
            extract::CountWords(seg.text) > 6)
          continue;
        Block b;
        b.name = CleanName(seg.text);
        b.name_line = static_cast<int>(i);
        b.page = lines[i].page;
        Block r = ReadBlock(lines, i + 1, seg.col, b, 3, ocr);
        if (r.postcode) return r;
      }
    }
  }
  return std::nullopt;
}

// The name of a footer's legal line (one with a registration, VAT number or
// IBAN, among a page's last 10 lines) that holds `name`'s words in a row,
// first or after one or two words, with one to three capitalised words (or
// a legal form's parts) more, up to the line's first separator; nullopt
// when there is none.
std::optional<std::string> FooterNameExtending(const std::vector<Line>& lines, const std::string& name) {
  static const std::regex ids(
      R"(\b(?:siret|siren|rcs|tva|vat|kvk|btw|ust-?id\w*|company no|company number|registered in|)"
      R"(gst|hst|qst|tvq|tps|neq|abn|acn|ein)\b[^0-9\n]{0,25}\d{5})");
  static const std::regex sep(R"(\s(?:-|\xE2\x80\x93|\xE2\x80\x94|\xC2\xB7|\||\xE2\x80\xA2)\s)");
  const std::vector<std::string> want = text::SplitWords(text::FoldText(name));
  if (want.empty()) return std::nullopt;
  size_t printed = 0;
  for (size_t i = lines.size(); i-- > 0 && printed < 10;) {
    if (text::Trim(lines[i].text).empty()) continue;
    ++printed;
    if (!std::regex_search(lines[i].folded, ids)) continue;
    const std::string t = text::CollapseSpaces(lines[i].text);
    std::smatch m;
    const std::string head = std::regex_search(t, m, sep) ? t.substr(0, static_cast<size_t>(m.position(0))) : t;
    const std::vector<std::string> words = text::SplitWords(head);
    if (words.size() <= want.size() || text::HasDigit(head)) continue;
    // The name's words in a row, first or after one or two words of the
    // trade ("Fiduciaire Weber & Schmit S.à r.l.").
    size_t at = words.size();
    for (size_t k0 = 0; k0 <= 2 && k0 + want.size() <= words.size() && at == words.size(); ++k0) {
      bool here = true;
      for (size_t k = 0; k < want.size() && here; ++k) here = text::FoldText(words[k0 + k]) == want[k];
      if (here) at = k0;
    }
    if (at == words.size()) continue;
    // The other words are capitalised, a legal form's abbreviated parts
    // ("r.l."), or a connector between two of them, which is no word of its
    // own ("Kestrel Signs & Print Ltd").
    bool same = true;
    size_t more = 0;
    for (size_t k = 0; k < words.size() && same; ++k) {
      if (k >= at && k < at + want.size()) continue;
      const std::string w = text::FoldText(words[k]);
      const bool connector = k > 0 && k + 1 < words.size() && (w == "&" || w == "and" || w == "et" || w == "und" || w == "en");
      if (!connector) ++more;
      same = connector || std::isupper(static_cast<unsigned char>(words[k][0])) != 0 ||
             (k > at && words[k].find('.') != std::string::npos && words[k].size() <= 5);
    }
    if (same && more <= 3) return CleanName(head);
  }
  return std::nullopt;
}

// The e-mail and web domains printed in the document, folded, without their
// top-level part and separators ("kestrel-acoustics.co.uk" -> "kestrelacoustics").
std::vector<std::string> DocumentDomains(const std::vector<Line>& lines) {
  static const std::regex domain(R"((?:@|www\.)([a-z0-9][a-z0-9.-]*\.[a-z]{2,}))");
  std::vector<std::string> out;
  for (const Line& l : lines) {
    for (auto it = std::sregex_iterator(l.folded.begin(), l.folded.end(), domain); it != std::sregex_iterator(); ++it) {
      std::string d = (*it)[1].str();
      d = d.substr(0, d.find('.'));
      std::string bare;
      for (char c : d)
        if (std::isalnum(static_cast<unsigned char>(c))) bare += c;
      if (bare.size() >= 4 && std::find(out.begin(), out.end(), bare) == out.end()) out.push_back(bare);
    }
  }
  return out;
}

// Letters and digits of a folded text, nothing else.
std::string Bare(std::string_view folded) {
  std::string out;
  for (char c : folded)
    if (std::isalnum(static_cast<unsigned char>(c))) out += c;
  return out;
}

// Whether a name's own words (its legal form aside) spell a domain, or the
// domain starts with them: "Kestrel Acoustics Ltd" and kestrelacoustics.
bool SpellsDomain(const std::string& name, const std::vector<std::string>& domains) {
  // The name without its legal form, before it or after it ("SAS Hôtel des
  // Remparts"), and also without its small words ("hotel-remparts.fr").
  std::vector<std::string> words = text::SplitWords(text::FoldText(NameToLegalForm(name, true)));
  static const std::vector<std::string> kForms = {"sas", "sasu", "sarl", "eurl", "sa", "sci", "snc", "selarl",
                                                  "scp", "eirl", "ei", "gmbh", "bv", "nv", "srl", "sprl"};
  if (words.size() >= 2 && std::find(kForms.begin(), kForms.end(), words[0]) != kForms.end())
    words.erase(words.begin());
  std::string bare, lean;
  for (const auto& w : words) {
    bare += Bare(w);
    if (!In({"de", "des", "du", "la", "le", "les", "l", "d", "the", "of", "and", "et", "und", "van", "der"}, w))
      lean += Bare(w);
  }
  for (const std::string* b : {&bare, &lean}) {
    if (b->size() < 4) continue;
    for (const auto& d : domains)
      if (d == *b || (d.size() > b->size() && d.compare(0, b->size(), *b) == 0 && b->size() >= 6)) return true;
  }
  return false;
}

// A street segment of line j (a digit, a street word) over its postcode
// line: on the next line (`skip_blank`: the next printed line), the
// segment in its column (within `tol`; `margin`: the line's first segment
// only, else a line of one run anywhere, as a run alone is laid out from
// the margin and keeps no column). The two as an address, nullopt otherwise.
std::optional<std::vector<std::string>> StreetOverPostcode(const std::vector<Line>& lines, size_t j,
                                                           const Segment& street, int tol, bool margin, bool skip_blank) {
  size_t k = j + 1;
  while (skip_blank && k < lines.size() && text::Trim(lines[k].text).empty()) ++k;
  if (k >= lines.size()) return std::nullopt;
  const auto below = Segments(lines[k].text);
  const Segment* pc = margin ? (below.empty() || std::abs(below[0].col - street.col) > tol ? nullptr : &below[0])
                             : below.size() == 1 ? &below[0] : AtColumn(below, street.col, tol);
  if (!pc || !IsPostcodeLine(pc->text)) return std::nullopt;
  return std::vector<std::string>{CleanAddressLine(street.text), CleanAddressLine(pc->text)};
}

bool StreetWithNumber(const Segment& s) { return StreetLike(text::FoldText(s.text)) && text::HasDigit(s.text); }

std::optional<Block> TopBlock(const std::vector<Line>& lines, int exclude_line, bool ocr) {
  if (lines.empty()) return std::nullopt;
  const int page0 = lines[0].page;
  struct Cand {
    size_t line;
    Segment seg;
    double score;
  };
  std::optional<Cand> best;
  int rank = 0;
  for (size_t i = 0; i < lines.size() && rank < 15; ++i) {
    if (lines[i].page != page0) break;
    auto segs = Segments(lines[i].text);
    if (segs.empty()) continue;
    ++rank;
    if (static_cast<int>(i) == exclude_line) continue;
    for (auto s : segs) {
      // A registration number printed after the name ("AEON CO. (M) BHD
      // (126926-H)") is not part of it.
      static const std::regex reg_no(R"(\s*\(\s*\d{4,}\s*-?\s*[A-Za-z]?\s*\)\s*$)");
      s.text = std::regex_replace(s.text, reg_no, "");
      std::string f = text::FoldText(s.text);
      if (CountAlpha(s.text) < 3 || !HasRealWord(s.text)) continue;
      if (DocumentWordLine(f) || !LooksLikeName(s.text) || IsPostcodeLine(s.text)) continue;
      if (RelationLine(f) != Relation::kNone || AttentionLine(f) || LegalStatusLine(f)) continue;
      double score = 0;
      // A former name, printed under "formerly known as", is not the issuer.
      for (size_t j = i; j-- > 0;) {
        if (text::Trim(lines[j].text).empty()) continue;
        if (RelationLine(lines[j].folded) == Relation::kFormerly) score -= 5;
        break;
      }
      if (HasLegalForm(s.text)) score += 3;
      // A line inside a block (a profession, a department under the name
      // over it, in the same column) is not the block's name.
      if (i > 0 && lines[i - 1].page == lines[i].page) {
        auto above = Segments(lines[i - 1].text);
        const Segment* a = AtColumn(above, s.col, 2);
        if (a && LooksLikeName(a->text) && HasRealWord(a->text) && !DocumentWordLine(text::FoldText(a->text)))
          score -= 1.0;
      }
      // Under the name, in the same column (one walk down for both):
      //  - an address with a postcode;
      //  - the issuer's registration (SIRET, RCS, VAT, HRB...), within 4
      //    lines of an unbroken block: "Maître Claire Vasseur / Avocate /
      //    12 cours Cambronne / SIRET ... TVA ..." over a client block with
      //    a legal form. As strong as a legal form: the client may have one.
      bool postcode_seen = false, block_open = true;
      for (size_t j = i + 1, n = 0; j < lines.size() && n < 5 && (!postcode_seen || block_open); ++j) {
        auto below = Segments(lines[j].text);
        if (below.empty()) continue;
        ++n;
        const Segment* b = AtColumn(below, s.col, 8);
        if (block_open && n <= 4) {
          if (!b) {
            block_open = false;
          } else if (RegistrationLine(text::FoldText(b->text), b->text)) {
            score += 3.0;
            block_open = false;
          }
        } else {
          block_open = false;
        }
        if (!postcode_seen && b && IsPostcodeLine(b->text)) {
          score += 2.0 - 0.25 * n;
          postcode_seen = true;
        }
      }
      size_t upper = 0, lower = 0;
      for (unsigned char c : s.text) {
        if (std::isupper(c)) ++upper;
        if (std::islower(c)) ++lower;
      }
      if (upper > 0 && upper >= 2 * lower) score += 1;
      if (upper == 0) score -= 2;
      if (StreetLike(f) && text::HasDigit(s.text)) score -= 3;
      if (Tagline(s.text)) score -= 3;
      if (CountDigits(s.text) > 2) score -= 1;
      size_t words = extract::CountWords(s.text);
      if (words > 12) continue;  // a sentence, not a name
      if (words > 7) score -= 1.5;
      if (CountAlpha(s.text) < 4) score -= 1.5;  // "ODA": OCR debris more often than a name
      score -= (ocr ? 0.3 : 0.15) * (rank - 1);
      if (!best || score > best->score) best = Cand{i, s, score};
    }
  }
  if (!best || best->score < -1.0) return std::nullopt;
  Block b;
  b.name = CleanName(best->seg.text);
  b.name_line = static_cast<int>(best->line);
  b.page = lines[best->line].page;
  // A till receipt's store name set in capitals over two lines ("THE
  // COPPER" / "KETTLE", "MARCHE DU" / "PANIER FRAIS"): the line just
  // above it, alone on its line, in capitals, of three words at most and
  // nothing else (no digits, no street, no document word), belongs to it.
  if (ocr && !WidePage(lines) && AllCapitals(b.name)) {
    auto part_of_name = [&](size_t k) {
      if (k >= lines.size() || lines[k].page != b.page) return false;
      const auto segs = Segments(lines[k].text);
      return segs.size() == 1 && NameContinuation(segs[0].text) && extract::CountWords(b.name) + extract::CountWords(segs[0].text) <= 5;
    };
    // Only the line above: the line under a store's name is as often its
    // trade ("THREE STOOGES" / "BISTRO & CAFE"), which is no part of it.
    if (best->line > 0 && part_of_name(best->line - 1))
      b.name = CleanName(Segments(lines[best->line - 1].text)[0].text + " " + b.name);
  }
  const int end_col = best->seg.col + static_cast<int>(text::Utf8Length(best->seg.text));
  Block r = ReadBlock(lines, best->line + 1, best->seg.col, b, 6, ocr, end_col);
  if (!r.postcode) {
    // The address printed on the name's own line, to its right ("GARAGE
    // MOREAU      61 route de Lorient — 35000 Rennes").
    for (const Segment& sg : Segments(lines[best->line].text)) {
      if (sg.col <= best->seg.col || !IsPostcodeLine(sg.text) || !StreetLike(text::FoldText(sg.text)) ||
          !text::HasDigit(sg.text))
        continue;
      static const std::regex sep(R"(\s+(?:-|\xE2\x80\x93|\xE2\x80\x94|\xC2\xB7|\||\xE2\x80\xA2)\s+|,\s+)");
      std::vector<std::string> parts;
      const std::string t = OcrBulletsUnified(text::CollapseSpaces(sg.text));
      for (std::sregex_token_iterator it(t.begin(), t.end(), sep, -1), e; it != e; ++it)
        if (!text::Trim(it->str()).empty()) parts.push_back(CleanAddressLine(it->str()));
      if (parts.empty() || parts.size() > 4) continue;
      r.address = parts;
      r.postcode = true;
      break;
    }
  }
  if (!r.postcode) {
    // The address printed under a logo left of the name, a few lines down
    // ("Menuiserie Arnaud & Fils" at the top, "MA" and the trade under it,
    // then "14 rue du Moulin Vieux" / "44190 Clisson" at the left margin).
    for (size_t j = best->line + 1, seen = 0; j + 1 < lines.size() && seen < 5 && lines[j].page == b.page; ++j) {
      const auto segs = Segments(lines[j].text);
      if (segs.empty()) continue;
      ++seen;
      if (segs[0].col >= best->seg.col || !StreetWithNumber(segs[0])) continue;
      if (auto a = StreetOverPostcode(lines, j, segs[0], 2, true, true)) {
        r.address = *a;
        r.postcode = true;
      }
      break;
    }
  }
  return r;
}

// Whether the first page's laid-out lines run 60 code points or more across
// (an A4 page's columns, not a till receipt).
bool WidePage(const std::vector<Line>& lines) {
  for (const Line& l : lines) {
    if (l.page != lines.front().page) break;
    size_t n = 0;
    for (unsigned char c : l.text) n += (c & 0xC0) != 0x80;
    if (n >= 60) return true;
  }
  return false;
}

// Walks up from a postcode line to the name of its block (same column).
std::optional<Block> BlockAbovePostcode(const std::vector<Line>& lines, size_t pc_line, const Segment& pc) {
  Block b;
  b.page = lines[pc_line].page;
  std::vector<std::string> addr{CleanAddressLine(pc.text)};
  int elsewhere = 0;  // lines with text only in another column (a sidebar's, interleaved)
  for (size_t j = pc_line, n = 0; j-- > 0 && n < 5;) {
    if (lines[j].page != b.page) break;
    auto segs = Segments(lines[j].text);
    if (segs.empty()) continue;
    ++n;
    const Segment* s = AtColumn(segs, pc.col, 6);
    if (!s && segs.back().col + static_cast<int>(text::Utf8Length(segs.back().text)) < pc.col - 2 && ++elsewhere <= 2)
      continue;
    if (!s) break;
    if (HeaderRole(s->text) != Role::kNone) break;
    std::string f = text::FoldText(s->text);
    if (AttentionLine(f) || Tagline(s->text)) continue;
    if (text::HasDigit(s->text) || StreetLike(f)) {
      if (ContactOrIdLine(f)) break;
      addr.insert(addr.begin(), CleanAddressLine(s->text));
      continue;
    }
    if (!LooksLikeName(s->text) || DocumentWordLine(f)) break;
    b.name = CleanName(s->text);
    b.name_line = static_cast<int>(j);
    b.address = addr;
    b.postcode = true;
    // A department printed under the organisation ("Mairie de Villeneuve" /
    // "Service Communication" / street / town): the block's first line is
    // the addressee. Only a line directly above, in the same column, that
    // reads as a name and nothing else.
    for (size_t k = j; k-- > 0 && j - k <= 3;) {
      if (lines[k].page != b.page) break;
      auto above = Segments(lines[k].text);
      if (above.empty()) continue;  // (OCR'd pages: a blank line between lines)
      const Segment* a = AtColumn(above, pc.col, 3);
      if (!a) break;
      const std::string af = text::FoldText(a->text);
      if (HeaderRole(a->text) != Role::kNone || !LooksLikeName(a->text) || !HasRealWord(a->text) ||
          DocumentWordLine(af) || text::HasDigit(a->text) || StreetLike(af) || IsPostcodeLine(a->text) ||
          IsBareSalutation(a->text) || AttentionLine(af) || DateOrTimeLine(a->text))
        break;
      // A company's name under a person's ("Jean Dupont" / "Dupont SARL"):
      // the company is the customer.
      if (HasLegalForm(b.name) && !HasLegalForm(a->text)) break;
      b.name = CleanName(a->text);
      b.name_line = static_cast<int>(k);
    }
    return b;
  }
  return std::nullopt;
}

}  // namespace

bool NameContinuation(const std::string& t) {
  const std::string f = text::FoldText(t);
  return AllCapitals(t) && extract::CountWords(t) <= 3 && !text::HasDigit(t) && HasRealWord(t) && !DocumentWordLine(f) &&
         !IsPostcodeLine(t) && !StreetLike(f) && !ContactOrIdLine(f) && !RegistrationLine(f, t);
}

std::vector<Segment> Segments(const std::string& line) {
  std::vector<Segment> out;
  size_t i = 0, col = 0;
  const size_t n = line.size();
  auto advance = [&](size_t& k) {  // one code point
    unsigned char c = line[k];
    size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : 4;
    k += len;
    ++col;
  };
  while (i < n) {
    while (i < n && (line[i] == ' ' || line[i] == '\t')) advance(i);
    if (i >= n) break;
    Segment s;
    s.col = static_cast<int>(col);
    size_t b = i, end = i;
    int spaces = 0;
    while (i < n) {
      if (line[i] == ' ' || line[i] == '\t') {
        ++spaces;
        if (spaces >= 3) break;
      } else {
        spaces = 0;
        end = i + 1;
        // include the whole code point
        unsigned char c = line[i];
        size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : 4;
        end = std::min(n, i + len);
      }
      advance(i);
    }
    s.text = line.substr(b, end - b);
    // ": value" continuing a label ("Nummer        : 549910").
    if (!out.empty() && !s.text.empty() && s.text[0] == ':' && out.back().text.find(':') == std::string::npos) {
      out.back().text += " " + s.text;
      continue;
    }
    out.push_back(std::move(s));
  }
  return out;
}

bool AttentionLine(std::string_view folded) {
  static const std::regex re(
      R"(^\W*(?:t\.?\s?a\.?\s?v\b\.?|attn\b\.?|attention\s*:|for the attention of|fao\b|)"
      R"(a l'\s*att(?:ention|\.|n)\b|z\.?\s?hd\b\.?|zu handen|zhd\b\.?|)"
      // care of ("c/o Syndic Immo Meuse SPRL" under the addressee)
      R"(c\s?/\s?o\b|care of\b|p/a\b))");
  return std::regex_search(folded.begin(), folded.end(), re);
}

bool IsPostcodeLine(const std::string& text_in) {
  std::string t = text::Fold(text_in, false).text;
  std::string f = text::FoldText(text_in);
  if (t.size() > 90) return false;
  if (AnyWord(f, {"tel", "fax", "phone", "gst", "invoice", "total", "siret", "siren", "iban", "tva",
                  "vat", "date", "no", "nr", "lot", "capital", "rcs", "amount", "qty", "page"}) &&
      !AnyWord(f, {"jalan", "rue", "street", "strasse"}))
    return false;
  // "1200 Alpine Way", "4500 Oak Street": a house number before a street,
  // not a four-digit postcode before a town ("1200 Wien").
  static const std::regex house_first(
      R"(^\s*\d{1,5}[A-Za-z]?\s+(?:[NSEW]\.?\s+)?(?:[A-Za-z0-9'.-]+\s+){0,4})"
      R"((?:street|st|avenue|ave|road|rd|way|boulevard|blvd|drive|dr|lane|ln|court|ct|place|pl|)"
      R"(parkway|pkwy|highway|hwy|terrace|circle|cir|square|sq|trail|crescent|close)\b\.?\s*$)",
      std::regex::icase);
  if (std::regex_search(t, house_first)) return false;
  static const std::regex re5(R"((^|[^\d\w./-])(?:[A-Z]{1,2}[- ]?)?\d{5}(?![\d.,/-])[ ,]*[A-Za-z])");
  static const std::regex re4(R"((^|[\s,])(?:[A-Z]{1,2}-)?\d{4}(?:\s?[A-Z]{2})?\s+[A-Z][A-Za-z'-]{2,})");
  static const std::regex uk(R"(\b[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}\b)");
  static const std::regex us(R"([A-Za-z]+,?\s+[A-Z]{2}\s+\d{5}(?:-\d{4})?\b)");
  static const std::regex cedex(R"(\b\d{5}\s+[A-Za-z].*\bcedex\b)", std::regex::icase);
  if (std::regex_search(t, re5) || std::regex_search(t, us) || std::regex_search(t, cedex)) return true;
  // (a street and its house number before it: "Westblaak 180, 3012 KN Rotterdam")
  static const std::regex street_number_first(
      R"(^\s*[A-Za-z][^\d,]{2,40}\s\d{1,4}[A-Za-z]?(?:-\d{1,3})?,\s*(?:[A-Z]{1,2}-)?\d{4}(?:\s?[A-Z]{2})?\s+[A-Z][A-Za-z'-]{2,})");
  if (std::regex_search(t, re4) && (CountDigits(t) <= 6 || (CountDigits(t) <= 9 && StreetLike(f)) ||
                                    std::regex_search(t, street_number_first)))
    return true;
  if (std::regex_search(t, uk) && CountDigits(t) <= 6) return true;
  return false;
}

bool HasLegalForm(const std::string& s) {
  std::string f = text::FoldText(s);
  for (char& c : f)
    if (c == '.') c = ' ';
  f = text::CollapseSpaces(f);
  return AnyWord(f, {"sas", "sasu", "sarl", "eurl", "sa", "sci", "snc", "scop", "gmbh", "ag", "kg",
                     "ohg", "ug", "e k", "ltd", "limited", "llc", "llp", "plc", "inc", "corp",
                     "corporation", "bv", "b v", "nv", "n v", "vof", "sprl", "srl", "spa", "sl",
                     "sdn bhd", "bhd", "sdn", "pte", "pty", "co", "company", "societe", "a g",
                     "enterprise", "trading", "ab", "as", "oy", "aps",
                     // A French sole trader's mandatory mention ("Camille Bertrand EI").
                     "ei", "eirl", "selarl", "scp"});
}

Parties FindParties(const std::vector<Line>& lines_in, bool ocr) {
  // OCR reads a 5 opening a number as '§' ("§3300 KL"): postcodes and house
  // numbers are read with it restored.
  std::vector<Line> restored;
  if (ocr) {
    static const std::regex section_sign("\xC2\xA7(?=\\d)");
    for (size_t i = 0; i < lines_in.size(); ++i) {
      if (lines_in[i].text.find("\xC2\xA7") == std::string::npos) continue;
      if (restored.empty()) restored = lines_in;
      restored[i].text = std::regex_replace(lines_in[i].text, section_sign, "5");
      restored[i].folded = text::FoldText(restored[i].text);
    }
  }
  const std::vector<Line>& lines = restored.empty() ? lines_in : restored;
  Parties out;
  auto headers = FindHeaders(lines);
  for (size_t k = 0; k < headers.size(); ++k) {
    if (headers[k].role != Role::kCustomer && headers[k].role != Role::kDelivery) continue;
    int b = static_cast<int>(headers[k].line), e = b + 10, col = headers[k].col;
    for (size_t m = k + 1; m < headers.size(); ++m)
      if (static_cast<int>(headers[m].line) > b && headers[m].role == Role::kSupplier) {
        e = std::min(e, static_cast<int>(headers[m].line));
        break;
      }
    // The block ends at a gap of two empty lines: the page's footer or the
    // next section is no part of it ("Billed to" rows, then the issuer's
    // legal footer with its VAT number).
    auto blank = [&](int i) { return text::Trim(lines[i].text).empty(); };
    int first = b + 1;
    while (first < e && first < static_cast<int>(lines.size()) && blank(first)) ++first;
    if (first - b <= 3) {
      for (int i = first; i + 1 < e && i + 1 < static_cast<int>(lines.size()); ++i)
        if (blank(i) && blank(i + 1)) {
          e = i;
          break;
        }
    }
    out.customer_spans.push_back({b, e, col});
  }
  // --- customer from its header.
  std::optional<Block> customer;
  double customer_conf = 0;
  std::string customer_method;
  for (Role want : {Role::kCustomer, Role::kDelivery}) {
    for (const auto& h : headers) {
      if (h.role != want) continue;
      Block b = BlockUnder(lines, h, ocr);
      if (b.name.empty()) continue;
      customer = b;
      customer_conf = want == Role::kCustomer ? 0.85 : 0.5;
      customer_method = "section";
      break;
    }
    if (customer) break;
  }
  // --- supplier from its header.
  std::optional<Block> supplier;
  double supplier_conf = 0;
  std::string supplier_method;
  for (const auto& h : headers) {
    if (h.role != Role::kSupplier) continue;
    Block b = BlockUnder(lines, h, ocr);
    if (b.name.empty()) continue;
    supplier = b;
    supplier_conf = b.postcode ? 0.85 : 0.7;
    supplier_method = "section";
    break;
  }
  // --- the sender's return-address line.
  auto ret = FindReturnLine(lines);
  if (ret && !supplier) {
    Block b;
    b.name = ret->name;
    b.name_line = static_cast<int>(ret->line);
    b.page = lines[ret->line].page;
    b.address = ret->address;
    b.postcode = true;
    supplier = b;
    supplier_conf = 0.8;
    supplier_method = "return-address";
  }
  if (ret && (!customer || customer_conf < 0.6)) {
    // The recipient's block printed under the return line, in its column;
    // a salutation alone on its line ("Herrn", "Madame") joins the name
    // under it.
    std::string salutation;
    for (size_t j = ret->line + 1, n = 0; j < lines.size() && n < 4; ++j) {
      if (lines[j].page != lines[ret->line].page) break;
      auto segs = Segments(lines[j].text);
      if (segs.empty()) continue;
      ++n;
      const Segment* s = AtColumn(segs, ret->col, 10);
      if (!s) continue;
      if (AttentionLine(text::FoldText(s->text))) continue;
      if (salutation.empty() && IsBareSalutation(s->text)) {
        salutation = text::Trim(s->text) + " ";
        continue;
      }
      if (LooksLikeName(s->text) && HasRealWord(s->text) && !IsPostcodeLine(s->text) &&
          !DocumentWordLine(text::FoldText(s->text))) {
        Block b;
        b.name = salutation + CleanName(s->text);
        // A long name wrapped before its legal form ("Wohnungsbaugenossenschaft"
        // / "Sonnenhang eG"): the next line in its column ends it.
        for (size_t k = j + 1; !HasLegalForm(b.name) && k < lines.size() && k <= j + 2; ++k) {
          if (lines[k].page != lines[j].page) break;
          const auto next = Segments(lines[k].text);
          if (next.empty()) continue;  // (OCR'd pages: a blank line between lines)
          const Segment* n = AtColumn(next, s->col, 6);
          // (a German cooperative's "eG" too, in its own case: "EG" is a floor)
          const std::string nt = text::Trim(n ? n->text : "");
          const bool cooperative = nt.size() > 3 && nt.compare(nt.size() - 3, 3, " eG") == 0;
          if (n && (HasLegalForm(nt) || cooperative) && !text::HasDigit(nt) && LooksLikeName(nt) &&
              extract::CountWords(nt) <= 4)
            b.name = CleanName(b.name + " " + n->text);
          break;
        }
        b.name_line = static_cast<int>(j);
        b.page = lines[j].page;
        customer = b;
        customer_conf = 0.7;
        customer_method = "window-address";
      }
      break;
    }
  }
  // --- the issuer named by the title line ("Receipt from ...").
  if (!supplier) {
    if (auto b = TitleFromLine(lines)) {
      supplier = *b;
      supplier_conf = 0.75;
      supplier_method = "title-line";
    }
  }
  // --- the issuer's header block at the top of the first page.
  if (!supplier) {
    int exclude = customer ? customer->name_line : -1;
    if (auto b = TopBlock(lines, exclude, ocr)) {
      supplier = *b;
      supplier_conf = HasLegalForm(b->name) ? 0.7 : 0.55;
      if (!b->postcode) supplier_conf -= 0.1;
      supplier_method = "header-block";
    }
  }
  // --- a customer block: another name + address block near the top. Not
  // on a till receipt (a narrow recognised page), whose header lines would
  // be taken for one.
  if (!customer && (!ocr || WidePage(lines))) {
    int page0 = lines.empty() ? 0 : lines[0].page;
    for (size_t i = 0, seen = 0; i < lines.size() && seen < 40; ++i) {
      if (lines[i].page != page0) break;
      auto segs = Segments(lines[i].text);
      if (segs.empty()) continue;
      ++seen;
      bool done = false;
      for (const auto& s : segs) {
        if (!IsPostcodeLine(s.text)) continue;
        auto b = BlockAbovePostcode(lines, i, s);
        if (!b || b->name.empty()) continue;
        // (the supplier's own block, or one reaching up to its name in the
        // block's column; not a block whose own name stands on the
        // supplier's name line, in another column: "Tuinen Verstraete BV
        // VME Residentie Zonnewende")
        const bool spans_supplier =
            supplier && supplier->name_line >= b->name_line && supplier->name_line <= static_cast<int>(i);
        const std::vector<Segment> supplier_line =
            spans_supplier ? Segments(lines[supplier->name_line].text) : std::vector<Segment>{};
        const Segment* above = spans_supplier ? AtColumn(supplier_line, s.col, 6) : nullptr;
        const std::string above_name = above ? text::FoldText(CleanName(above->text)) : std::string();
        const std::string supplier_name = supplier ? text::FoldText(supplier->name) : std::string();
        const bool over_supplier = above && (above_name.find(supplier_name) != std::string::npos ||
                                             supplier_name.find(above_name) != std::string::npos);
        if (supplier && (over_supplier || text::FoldText(b->name) == text::FoldText(supplier->name))) continue;
        customer = *b;
        customer_conf = 0.5;
        customer_method = "address-block";
        done = true;
        break;
      }
      if (done) break;
    }
  }
  // The header block's name has no legal form (a logo's "VAN DIJK") or is a
  // sidebar's heading over the address ("ADRES" / "Kanaalweg 88"): the
  // account holder's full legal name, when it is not the customer's; a
  // heading is never a name.
  // The issuer's legal footer (FooterIssuer) names it when nothing else
  // did, when the header block's name has no legal form or is a heading,
  // and over a header block whose name has one when the footer's name is
  // the one the document's domain spells (the header block was then the
  // customer's, printed without a header).
  const std::vector<std::string> domains = DocumentDomains(lines);
  if (auto footer = (!supplier || supplier_method == "header-block" || supplier_method == "title-line")
                        ? FooterIssuer(lines, ocr)
                        : std::nullopt) {
    const bool weak = !supplier || supplier->name.empty() || SectionHeading(text::FoldText(supplier->name)) ||
                      (!HasLegalForm(supplier->name) && supplier_method == "header-block");
    const bool same = supplier && text::FoldText(supplier->name) == text::FoldText(footer->name);
    // A header block naming a person with a civility ("M. JULIEN
    // MARCHETTI", "Mrs Helen Ashworth") over a postcode is an addressee.
    static const std::regex civility(R"(^(?:m|mme|mlle|mr|mrs|ms|miss|herr|herrn|frau|dhr|mevr)\.?\s+\S)");
    const bool addressee = supplier && supplier_method == "header-block" && !same &&
                           std::regex_search(text::FoldText(supplier->name), civility) && !HasLegalForm(supplier->name);
    const bool better = supplier && !same && supplier_method == "header-block" &&
                        ((SpellsDomain(footer->name, domains) && !SpellsDomain(supplier->name, domains)) || addressee);
    // A footer's name without an address replaces a header's block only
    // when the domain says so or the block is an addressee's, or when there
    // is no name at all.
    const bool usable = footer->postcode || better || !supplier || supplier->name.empty();
    if (usable && (weak || better)) {
      // (a customer read from an address block that is the issuer's own,
      // its name spelling the domain, gives way too)
      const bool issuer_as_customer =
          customer && customer_method == "address-block" && SpellsDomain(customer->name, domains);
      if (better && (!customer || issuer_as_customer) && supplier->postcode) {
        customer = *supplier;
        customer->address.clear();
        customer_conf = 0.5;
        customer_method = "address-block";
      }
      if (supplier && supplier_method == "title-line") {
        supplier->address = footer->address;
        supplier->postcode = footer->postcode;
      } else {
        supplier = *footer;
      }
      supplier_conf = 0.7;
      supplier_method = "footer";
    } else if (same && supplier->address.empty()) {
      supplier->address = footer->address;
      supplier->postcode = footer->postcode;
    }
  }
  // A post-office box ("Postbus 2291", "BP 45", "PO Box 12") gives way to
  // the street address the footer's legal line prints for the same name.
  static const std::regex po_box(R"(^(?:postbus|po box|p\.?\s?o\.? box|bp|b\.p\.|boite postale|postfach|case postale|cs)\s*\d)");
  if (supplier && !supplier->address.empty() && std::regex_search(text::FoldText(supplier->address[0]), po_box)) {
    const auto footer = FooterIssuer(lines, ocr);
    if (footer && footer->postcode && !footer->address.empty() &&
        !std::regex_search(text::FoldText(footer->address[0]), po_box) &&
        text::FoldText(footer->name) == text::FoldText(supplier->name))
      supplier->address = footer->address;
  }
  // A logo's name without a legal form ("Roussel") that a footer's legal
  // line prints longer ("Roussel Plomberie Chauffage - Yann Roussel EI -
  // SIRET ..."): the footer's, up to its separator.
  if (supplier && supplier_method == "header-block" && !HasLegalForm(supplier->name))
    if (auto longer = FooterNameExtending(lines, supplier->name)) {
      supplier->name = *longer;
      // The logo's other lines read as its address ("SIGNS & PRINT" under
      // "KESTREL"), and a document title beside them ("INVOICE / FACTURE"),
      // are no part of it.
      const std::string name = text::FoldText(*longer);
      std::vector<std::string> kept;
      for (const std::string& a : supplier->address) {
        const std::string f = text::FoldText(a);
        if (name.find(f) != std::string::npos || DocumentWordLine(f) || AnyWord(f, {"invoice no", "no de facture"}))
          continue;
        kept.push_back(a);
      }
      const bool dropped = kept.size() != supplier->address.size();
      if (dropped) supplier->address.clear();
      // Then the address beside the logo's lines: a street to their right
      // over its postcode line ("SIGNS & PRINT   Unit 9, Calder Trading
      // Estate" / "Leeds LS12 6HX").
      for (int j = supplier->name_line;
           supplier->address.empty() && j >= 0 && j <= supplier->name_line + 3 && j + 1 < static_cast<int>(lines.size());
           ++j) {
        const auto segs = Segments(lines[j].text);
        for (size_t k = 1; k < segs.size(); ++k) {
          if (!StreetWithNumber(segs[k])) continue;
          if (auto a = StreetOverPostcode(lines, static_cast<size_t>(j), segs[k], 4, false, false)) {
            supplier->address = *a;
            supplier->postcode = true;
            break;
          }
        }
      }
      if (dropped && supplier->address.empty()) {
        supplier->address = kept;
        supplier->postcode = std::any_of(kept.begin(), kept.end(), [](const std::string& a) { return IsPostcodeLine(a); });
      }
    }
  // A logo's word over the name with its legal form, in the same column,
  // joins it when together they spell the domain ("Kestrel" over
  // "Acoustics Ltd", kestrelacoustics.co.uk).
  if (supplier && supplier->name_line > 0 && HasLegalForm(supplier->name) && !SpellsDomain(supplier->name, domains)) {
    const int nl = supplier->name_line;
    const auto own = Segments(lines[nl].text);
    const Segment* me = own.empty() ? nullptr : &own[0];
    for (const auto& sg : own)
      if (text::FoldText(CleanName(sg.text)).find(text::FoldText(supplier->name)) != std::string::npos) me = &sg;
    // (lines of other columns between them skipped: a sidebar's lines
    // interleave with the page's)
    for (int j = nl - 1, seen = 0; me && j >= 0 && seen < 5 && lines[j].page == lines[nl].page; --j) {
      const auto segs = Segments(lines[j].text);
      if (segs.empty()) continue;
      ++seen;
      const Segment* a = AtColumn(segs, me->col, 2);
      if (!a) {
        if (segs[0].col < me->col + 8) break;
        continue;
      }
      const std::string joined = CleanName(a->text) + " " + supplier->name;
      if (extract::CountWords(a->text) <= 2 && !text::HasDigit(a->text) && SpellsDomain(joined, domains))
        supplier->name = joined;
      break;
    }
  }
  const std::string address_method = supplier_method;
  if (supplier && supplier_method == "header-block" && !HasLegalForm(supplier->name)) {
    const std::string h = AccountHolder(lines);
    if (!h.empty() && (!customer || text::FoldText(customer->name) != text::FoldText(h))) {
      supplier->name = h;
      supplier_method = "account-holder";
      supplier_conf = 0.65;
    } else if (SectionHeading(text::FoldText(supplier->name))) {
      supplier->name.clear();
    }
  }
  if (supplier) {
    if (!supplier->name.empty())
      out.supplier_name = Found{supplier->name, supplier->page, supplier_conf, supplier_method, supplier->name};
    out.supplier_line = supplier->name_line;
    if (!supplier->address.empty()) {
      std::string a = JoinAddress(supplier->address);
      double c = supplier_conf - (supplier->postcode ? 0.05 : 0.25);
      out.supplier_address = Found{a, supplier->page, c, address_method, supplier->address.front()};
    }
  }
  if (customer && (!supplier || text::FoldText(customer->name) != text::FoldText(supplier->name))) {
    out.customer_name = Found{customer->name, customer->page, customer_conf, customer_method, customer->name};
    out.customer_line = customer->name_line;
  }
  return out;
}

}  // namespace docflow::parties
