#include "extractors/contact_text.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <optional>
#include <regex>

#include "classifiers/keywords.h"
#include "classifiers/text_norm.h"
#include "extractors/contact_address.h"
#include "extractors/extract_util.h"
#include "extractors/name_case.h"
#include "extractors/phone.h"

namespace docflow::contact {
namespace {

// ------------------------------------------------------------------ pieces

struct Piece {
  int page = 0;      // Page::index
  int row = 0;       // index into rows
  int block = 0;     // layout block (page-unique), for text-only pages: paragraph
  std::string text;  // collapsed spaces
  std::string folded;
  std::optional<Box> box;
  double height = 0;  // median word height, 0 when unknown
  int above = -1, below = -1;  // neighbouring pieces
};

struct Row {
  int page = 0;
  std::vector<int> pieces;  // left to right
};

struct Layout {
  std::vector<Piece> pieces;
  std::vector<Row> rows;
  bool has_boxes = false;
};

Box Union(const Box& a, const Box& b) {
  int x0 = std::min(a.x, b.x), y0 = std::min(a.y, b.y);
  int x1 = std::max(a.x + a.w, b.x + b.w), y1 = std::max(a.y + a.h, b.y + b.h);
  return Box{x0, y0, x1 - x0, y1 - y0};
}

bool IsSeparatorToken(std::string_view t) {
  return t == "|" || t == "\xE2\x80\xA2" /* • */ || t == "\xC2\xB7" /* · */ || t == "\xE2\x80\x93" /* – */ ||
         t == "\xE2\x80\x94" /* — */ || t == "-" || t == "/" || t == "||" || t == "\xE2\x97\x8F" /* ● */;
}

// An icon before a line read as a symbol ("@ 14 quai de la Fosse", "©
// 06 12 48 95 73", ">> QUILLSTONE"): one or two characters, none a letter,
// digit, "&" or "+".
bool IconToken(std::string_view t) {
  static const std::string_view kSymbols[] = {"\xC2\xA9" /* © */, "\xC2\xAE" /* ® */, "\xC2\xBB" /* » */,
                                              "\xC2\xAB" /* « */, "\xE2\x96\xA0" /* ■ */, "\xE2\x96\xBA" /* ► */,
                                              "\xE2\x96\xB6" /* ▶ */, "\xE2\x98\x8E" /* ☎ */, "\xE2\x9C\x89" /* ✉ */,
                                              "\xE2\x9C\x86" /* ✆ */, "\xC2\xA7" /* § */};
  for (std::string_view sym : kSymbols)
    if (t == sym) return true;
  if (t.empty() || t.size() > 2) return false;
  for (unsigned char c : t)
    if (c >= 0x80 || !std::ispunct(c) || c == '&' || c == '+' || c == '(' || c == '"' || c == '\'') return false;
  return true;
}

// One digit or one mark that is no letter ("7", "|", "‘", "'", "`").
bool EdgeSpeck(std::string_view t) {
  if (t == "\xE2\x80\x98" || t == "\xE2\x80\x99" || t == "\xE2\x80\x9C") return true;  // ‘ ’ “
  return t.size() == 1 && !std::isalpha(static_cast<unsigned char>(t[0])) && t[0] != '&' && t[0] != '+' &&
         t[0] != '(' && t[0] != '@';
}

double Median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// Are the letters of `small` all in `big`, in order?
bool Subsequence(const std::string& small, const std::string& big) {
  size_t k = 0;
  for (char c : big)
    if (k < small.size() && c == small[k]) ++k;
  return k == small.size();
}

// OCR's space after the last dot of an e-mail or web address, before a
// common top-level domain ("j.moreau@moreau-lefevre. fr", "www.vigie-numerique.
// fr"): the address is one word again.
std::string JoinDomainSpace(const std::string& t) {
  if (t.find(". ") == std::string::npos) return t;
  static const std::regex split(
      R"(((?:@|\bwww\.)[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.) ((?:com|fr|net|org|de|be|ch|uk|eu|io|ca|nl|lu|it|es|)"
      R"(info|biz|co|us|ie|at|pt|pl|se|dk|no|fi)\b))",
      std::regex::icase);
  return std::regex_replace(t, split, "$1$2");
}

void AddPiece(Layout& L, Piece p) {
  p.text = JoinDomainSpace(text::CollapseSpaces(p.text));
  if (p.text.empty()) return;
  p.folded = text::FoldText(p.text);
  p.row = static_cast<int>(L.rows.size()) - 1;
  L.rows.back().pieces.push_back(static_cast<int>(L.pieces.size()));
  L.pieces.push_back(std::move(p));
}

void PiecesFromWords(const Page& page, int block_base, Layout& L) {
  size_t i = 0;
  const auto& w = page.words;
  while (i < w.size()) {
    size_t j = i;
    while (j < w.size() && w[j].block == w[i].block && w[j].line == w[i].line) ++j;
    // Row [i, j).
    std::vector<double> hs;
    for (size_t k = i; k < j; ++k) hs.push_back(w[k].box.h);
    double row_h = std::max(1.0, Median(hs));
    L.rows.push_back(Row{page.index, {}});
    Piece cur;
    std::vector<double> cur_h;
    // Whether a piece of this row began before word k.
    auto pieces_started = [&](size_t k) { return !L.rows.back().pieces.empty() || k > i; };
    auto flush = [&] {
      if (!cur.text.empty()) {
        cur.height = Median(cur_h);
        AddPiece(L, cur);
      }
      cur = Piece{};
      cur_h.clear();
    };
    for (size_t k = i; k < j; ++k) {
      const Word& word = w[k];
      std::string t = text::Trim(word.text);
      if (t.empty()) continue;
      if (IsSeparatorToken(t)) {
        flush();
        continue;
      }
      if (cur.text.empty() && k + 1 < j && IconToken(t)) continue;
      // The card's edge or its shadow read as one character before a line
      // ("7   Imogen Thackeray", "‘   W ashgrovecarto.co.uk"): a lone digit
      // or mark set apart from the next word by more than a word space
      // (a house number is followed by a plain space).
      if (cur.text.empty() && k + 1 < j && !pieces_started(k) && EdgeSpeck(t) &&
          w[k + 1].box.x - (word.box.x + word.box.w) > 1.2 * row_h)
        continue;
      if (cur.box && word.box.x - (cur.box->x + cur.box->w) > 2.2 * row_h) flush();  // a column gap
      if (cur.text.empty()) {
        cur.page = page.index;
        cur.block = block_base + word.block;
      }
      // A separator glued to a word: "Lyon|" / "|Tél".
      if (!cur.text.empty()) cur.text += ' ';
      cur.text += t;
      cur.box = cur.box ? Union(*cur.box, word.box) : word.box;
      cur_h.push_back(word.box.h);
    }
    flush();
    if (L.rows.back().pieces.empty()) L.rows.pop_back();
    i = j;
  }
}

void PiecesFromText(const Page& page, int block_base, Layout& L) {
  static const std::regex sep(R"(\s+(?:\||•|·|–|—|-)\s+|\s{3,}|\t)");
  int block = block_base;
  for (const auto& line : text::SplitLines(page.text)) {
    if (text::Trim(line).empty()) {
      ++block;
      continue;
    }
    L.rows.push_back(Row{page.index, {}});
    std::sregex_token_iterator it(line.begin(), line.end(), sep, -1), end;
    for (; it != end; ++it) {
      Piece p;
      p.page = page.index;
      p.block = block;
      p.text = it->str();
      AddPiece(L, p);
    }
    if (L.rows.back().pieces.empty()) L.rows.pop_back();
  }
}

double Overlap(const Box& a, const Box& b) {
  int x0 = std::max(a.x, b.x), x1 = std::min(a.x + a.w, b.x + b.w);
  return std::max(0, x1 - x0);
}

void LinkNeighbours(Layout& L) {
  auto& P = L.pieces;
  for (size_t i = 0; i < P.size(); ++i) {
    if (!P[i].box) {
      // Text order: the first piece of the next / previous row in the same block.
      int r = P[i].row;
      if (r + 1 < static_cast<int>(L.rows.size())) {
        int q = L.rows[r + 1].pieces.front();
        if (P[q].block == P[i].block && P[q].page == P[i].page && P[i].below < 0) {
          P[i].below = q;
          if (P[q].above < 0) P[q].above = static_cast<int>(i);
        }
      }
      continue;
    }
    const Box& a = *P[i].box;
    double best = 1e18;
    int best_q = -1;
    for (size_t q = 0; q < P.size(); ++q) {
      if (q == i || !P[q].box || P[q].page != P[i].page) continue;
      const Box& b = *P[q].box;
      double h = std::max({a.h, b.h, 1});
      double gap = b.y - (a.y + a.h);
      if (b.y <= a.y + a.h * 0.5 || gap > 1.8 * h) continue;  // not below, or too far
      bool related = Overlap(a, b) > 0.2 * std::min(a.w, b.w) || std::abs(a.x - b.x) < 1.5 * h ||
                     std::abs((a.x + a.w) - (b.x + b.w)) < 1.5 * h;
      if (!related) continue;
      double d = gap + 0.01 * std::abs(a.x - b.x);
      if (d < best) {
        best = d;
        best_q = static_cast<int>(q);
      }
    }
    if (best_q >= 0) {
      P[i].below = best_q;
      if (P[best_q].above < 0 ||
          (P[P[best_q].above].box && P[P[best_q].above].box->y < a.y))  // the closest one above
        P[best_q].above = static_cast<int>(i);
    }
  }
}

Layout BuildLayout(const std::vector<Page>& pages) {
  Layout L;
  int block_base = 0;
  for (const Page& p : pages) {
    if (!p.words.empty()) {
      PiecesFromWords(p, block_base, L);
      L.has_boxes = true;
    } else {
      PiecesFromText(p, block_base, L);
    }
    block_base += 10000;
  }
  LinkNeighbours(L);
  return L;
}

// ---------------------------------------------------------------- cues

bool HasWordFrom(const std::string& folded, std::span<const char* const> words) {
  for (const char* w : words)
    if (text::FindWord(folded, w) != std::string_view::npos) return true;
  return false;
}

constexpr std::array<const char*, 46> kMoreJobTitles{{
    "head", "directeur general", "directrice generale", "pdg", "dg", "daf", "drh", "cofounder",
    "managing director", "md", "executive", "secretary", "secretaire", "technicien", "technician",
    "professor", "professeur", "doctor", "notaire", "expert-comptable", "expert comptable",
    "juriste", "associe", "associee", "avocat associe", "partner", "treasurer", "tresorier",
    "agent", "broker", "courtier", "recruiter", "recruteur", "charge d'affaires", "chargee d'affaires",
    "office manager", "product", "project", "chef de projet", "account", "business developer",
    "delegue", "deleguee", "intern", "chef", "cheffe"}};

bool IsJobTitle(const std::string& folded) {
  return HasWordFrom(folded, keywords::JobTitles()) || HasWordFrom(folded, kMoreJobTitles);
}

constexpr std::array<const char*, 18> kCompanyExtra{{"associes", "& associes", "cabinet", "agence", "& cie", "cie",
                                                     "studio", "atelier", "laboratoires", "labs",
                                                     "lab", "bank", "banque", "university",
                                                     "universite", "institut", "institute", "foundation"}};

bool HasLegalForm(const std::string& folded) { return HasWordFrom(folded, keywords::CompanyWords()); }

bool IsLegalInfo(const std::string& folded) {
  for (const char* w : {"capital", "rcs", "siret", "siren", "tva", "vat", "registered", "naf", "ape",
                        "company number", "company no", "iban", "bic"})
    if (text::FindWord(folded, w) != std::string_view::npos) return true;
  return false;
}

const std::regex& EmailRe() {
  static const std::regex re(R"([A-Za-z0-9._%+'-]+ ?@ ?[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})");
  return re;
}

const std::regex& UrlRe() {
  static const std::regex re(
      R"((?:https?://)?(?:www\.)[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+(?:/[A-Za-z0-9./_~%-]*)?|https?://[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+(?:/[A-Za-z0-9./_~%-]*)?)",
      std::regex::icase);
  return re;
}

// OCR's usual misreadings of a web address's scheme: the two slashes read
// as one or as "/A", "www" as "vww" ("http:/nomis80.org", "http:/Avww.ibm.com"),
// a space after "www." ("http://www. mustermann.de").
std::string RepairUrlScheme(const std::string& t) {
  static const std::regex scheme(R"(\b(https?):/{1,2}(?:A(?=v?ww))?(?=[A-Za-z0-9]))", std::regex::icase);
  static const std::regex www(R"(://[vVwW]ww\.)");
  static const std::regex www_space(R"(\b(www\.) +(?=[A-Za-z0-9]))", std::regex::icase);
  return std::regex_replace(std::regex_replace(std::regex_replace(t, scheme, "$1://"), www, "://www."), www_space,
                            "$1");
}

std::string AlnumKey(std::string_view s) {
  std::string out;
  for (char c : text::FoldText(s))
    if (std::isalnum(static_cast<unsigned char>(c))) out.push_back(c);
  return out;
}

// Closing formulas after which a signature's name comes.
bool IsClosing(const std::string& folded) {
  static const std::regex re(
      R"(^(?:bien )?(?:cordialement|sinceres salutations|salutations distinguees|bien a vous|a bientot|(?:best|kind|warm|warmest)? ?regards|(?:yours )?(?:sincerely|faithfully|truly)|sincerely yours|best wishes|best|cheers|thanks|thank you|many thanks|merci|respectueusement)\b[ ,.!]*$)");
  return std::regex_search(folded, re) || folded.rfind("veuillez agreer", 0) == 0 ||
         folded.rfind("je vous prie d'agreer", 0) == 0 || folded.rfind("nous vous prions", 0) == 0;
}

// A line that introduces the recipient of a letter / message.
bool IsRecipientCue(const std::string& folded) {
  static const std::regex re(
      R"(^(?:a l'attention de|a l'att(?:ention)?\.?|attn\.?|destinataire|dear|cher|chere|bonjour|bonsoir|hello|hi|madame|monsieur|mesdames|messieurs|bill to|ship to|factur[ée] a|client)\b|)"
      // "To:" and "À :" only with their colon: a logo read as a stray "a"
      // ("a" alone, "A Moreau & Lefèvre Architectes") introduces no one.
      R"(^(?:to|a)\s*:)");
  return std::regex_search(folded, re);
}

bool HasCourtesyTitle(const std::string& folded) {
  static const std::regex re(R"(^(?:m\.|mme|mlle|mr\.?|mrs\.?|ms\.?|monsieur|madame|dr\.?)\s)");
  return std::regex_search(folded, re);
}

// "From: James Whitfield <james@x.co.uk>" / "De : ..." header lines.
const std::regex& FromHeaderRe() {
  static const std::regex re(R"re(^(?:from|de|sender|expediteur)\s?:\s*"?([^<"]+?)"?\s*<([^>]+@[^>]+)>)re",
                             std::regex::icase);
  return re;
}

// Name-shaped: 2-4 capitalised words (particles allowed), no digits, no '@'.
bool LooksLikeName(const std::string& t) {
  if (t.size() < 4 || t.size() > 48 || text::HasDigit(t) || t.find('@') != std::string::npos) return false;
  std::vector<std::string> words;
  size_t s = 0;
  for (size_t i = 0; i <= t.size(); ++i)
    if (i == t.size() || t[i] == ' ') {
      if (i > s) words.push_back(t.substr(s, i - s));
      s = i + 1;
    }
  // A courtesy title before and a generational suffix after do not count
  // ("Mr. Michael Angstadt Jr."); one comma may end a word ("Mustermann,
  // Heiko", "John Richter, James Doe").
  auto is_any = [](const std::string& w, std::initializer_list<const char*> list) {
    std::string f = text::FoldText(w);
    for (const char* x : list)
      if (f == x) return true;
    return false;
  };
  if (words.size() > 2 && is_any(words.front(), {"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "m.", "mme",
                                                 "prof.", "prof"}))
    words.erase(words.begin());
  if (words.size() > 2 && is_any(words.back(), {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})) words.pop_back();
  if (words.size() < 2 || words.size() > 5) return false;
  int capitalised = 0, commas = 0;
  for (size_t k = 0; k < words.size(); ++k) {
    std::string w = words[k];
    if (w.size() > 1 && w.back() == ',' && k + 1 < words.size()) {
      w.pop_back();
      ++commas;
    }
    std::string f = text::Fold(w, false).text;
    std::string lower = text::FoldText(w);
    if (lower == "de" || lower == "du" || lower == "van" || lower == "von" || lower == "da" || lower == "le" ||
        lower == "la" || lower == "del" || lower == "di" || lower == "bin" || lower == "el")
      continue;
    if (f.empty() || !std::isupper(static_cast<unsigned char>(f[0]))) return false;
    for (char c : f)
      if (!std::isalpha(static_cast<unsigned char>(c)) && c != '-' && c != '\'' && c != '.') return false;
    ++capitalised;
  }
  return capitalised >= 2 && commas <= 1;
}

// Does the e-mail local part spell this name? "claire.dubois", "cdubois",
// "j.whitfield", "whitfieldj", "claire".
double EmailNameMatch(const std::string& name, const std::string& local) {
  std::vector<std::string> tokens;
  std::string cur;
  for (char c : text::FoldText(name)) {
    if (std::isalpha(static_cast<unsigned char>(c))) cur.push_back(c);
    else if (!cur.empty()) {
      tokens.push_back(cur);
      cur.clear();
    }
  }
  if (!cur.empty()) tokens.push_back(cur);
  std::string l;
  for (char c : text::FoldText(local))
    if (std::isalpha(static_cast<unsigned char>(c))) l.push_back(c);
  if (tokens.size() < 2 || l.size() < 3) return 0;
  // Drop courtesy titles.
  if (tokens.size() > 2 && (tokens[0] == "m" || tokens[0] == "mme" || tokens[0] == "mr" || tokens[0] == "mrs" ||
                            tokens[0] == "ms" || tokens[0] == "dr"))
    tokens.erase(tokens.begin());
  // ... and generational suffixes ("Doe Sr.").
  if (tokens.size() > 2 && (tokens.back() == "jr" || tokens.back() == "sr" || tokens.back() == "ii" ||
                            tokens.back() == "iii" || tokens.back() == "iv"))
    tokens.pop_back();
  const std::string& first = tokens.front();
  const std::string& last = tokens.back();
  if (l == first + last || l == last + first) return 1.0;
  if (l == first.substr(0, 1) + last || l == last + first.substr(0, 1)) return 0.9;
  // Parts of the address that are all words of a longer name, in any order
  // ("john.doe" for "John Richter, James Doe").
  std::vector<std::string> parts;
  cur.clear();
  for (char c : text::FoldText(local) + ".") {
    if (std::isalpha(static_cast<unsigned char>(c))) cur.push_back(c);
    else if (!cur.empty()) {
      parts.push_back(cur);
      cur.clear();
    }
  }
  if (parts.size() >= 2 && std::all_of(parts.begin(), parts.end(), [&](const std::string& part) {
        return part.size() >= 2 && std::find(tokens.begin(), tokens.end(), part) != tokens.end();
      }))
    return 0.9;
  if (l.find(last) != std::string::npos && last.size() >= 3) return 0.8;
  if (l == first && first.size() >= 3) return 0.6;
  return 0;
}

// -------------------------------------------------------------- results

struct Pick {
  std::string value;
  int piece = -1;
  double confidence = 0;
  std::string method;
  std::string raw;  // printed text for the box lookup ("" = the piece's box)
};

Field MakeFieldFrom(const Pick& p, const Layout& L, const std::vector<Page>& pages, const std::string& version) {
  const Piece& piece = L.pieces[p.piece];
  Field f = extract::MakeField(p.value, p.confidence, piece.page, p.method, version, pages,
                               p.raw.empty() ? p.value : p.raw);
  if (!f.box && p.raw.empty() && piece.box) f.box = piece.box;
  return f;
}

int DigitCount(std::string_view s) {
  return static_cast<int>(std::count_if(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }));
}

}  // namespace

// An address written as a comma-separated list: the parts from the first
// through a postcode part ("01327", "NY 10011", "New York 12345", "G1V 2M2",
// "NW1") that follows a street part, plus a country part right after it;
// nullopt when the text has no such street and postcode.
std::optional<std::string> CommaListAddress(std::string_view text) {
  static const std::regex postcode(
      R"(^(?:[A-Z]{1,2}[- ])?\d{4,5}(?:-\d{4})?$|^[A-Za-z][A-Za-z .'-]* \d{5}(?:-\d{4})?$|)"
      R"(^[A-Z]\d[A-Z] ?\d[A-Z]\d$|^[A-Z]{1,2}\d[A-Z\d]?(?: \d[A-Z]{2})?$)");
  std::vector<std::string> parts;
  size_t b = 0;
  for (size_t k = 0; k <= text.size(); ++k)
    if (k == text.size() || text[k] == ',') {
      std::string part = text::CollapseSpaces(text::Trim(text.substr(b, k - b)));
      if (!part.empty()) parts.push_back(part);
      b = k + 1;
    }
  bool street = false;
  for (size_t k = 0; k < parts.size(); ++k) {
    if (street && k >= 2 && std::regex_match(parts[k], postcode) && !text::Trim(parts[k]).empty()) {
      size_t end = k + 1;
      if (end < parts.size() && !CountryLine(parts[end]).empty()) ++end;
      std::string value;
      for (size_t j = 0; j < end; ++j) value += (j ? ", " : "") + parts[j];
      return value;
    }
    // A street, or a name and a house number ("Grindelberg 999", "Silicon
    // Alley 5": the German and Dutch order).
    static const std::regex named_number(R"(^[A-Z][A-Za-z.'-]+(?: [A-Za-z.'-]+){0,3} \d{1,4}[a-zA-Z]?$)");
    if (IsStreetLine(parts[k]) || std::regex_match(parts[k], named_number)) street = true;
    if (parts[k].find('@') != std::string::npos || std::regex_search(parts[k], UrlRe())) return std::nullopt;
  }
  // No postcode it can read ("..., New York, NYC887, U.S.A."): a street part
  // and a list that ends with a country is the address, through the country.
  if (street && parts.size() >= 3 && !CountryLine(parts.back()).empty()) {
    std::string value;
    for (size_t j = 0; j < parts.size(); ++j) value += (j ? ", " : "") + parts[j];
    return value;
  }
  return std::nullopt;
}

Fields FromPrintedText(const std::vector<Page>& pages, const std::string& region, const std::string& version) {
  Layout L = BuildLayout(pages);
  const auto& P = L.pieces;
  Fields out;
  if (P.empty()) return out;

  const bool card_like = pages.size() == 1 && L.rows.size() <= 22;
  // Recipient context: pieces in the block that follows a recipient cue
  // (the cue's row and the next rows of its block, up to 6 rows). A name
  // with a courtesy title near the top of a letter is its recipient; on a
  // card it is the card's own holder ("Mr. Michael Angstadt Jr.").
  std::vector<bool> recipient(P.size(), false);
  for (size_t i = 0; i < P.size(); ++i) {
    if (!IsRecipientCue(P[i].folded) && !(HasCourtesyTitle(P[i].folded) && P[i].row < 12 && !card_like)) continue;
    if (IsClosing(P[i].folded)) continue;
    int cur = static_cast<int>(i);
    for (int k = 0; k < 6 && cur >= 0; ++k) {
      recipient[cur] = true;
      int next = P[cur].below;
      if (next < 0 && !P[cur].box && P[cur].row + 1 < static_cast<int>(L.rows.size())) {
        int q = L.rows[P[cur].row + 1].pieces.front();
        if (P[q].block == P[cur].block) next = q;
      }
      cur = next;
    }
  }
  auto usable = [&](int i) { return !recipient[i]; };

  // ---- e-mails and "From:" headers
  struct Email {
    std::string address, local, domain;
    int piece;
    bool labelled;
  };
  std::vector<Email> emails;
  std::optional<Pick> header_name;
  for (size_t i = 0; i < P.size(); ++i) {
    std::smatch hm;
    // (the label or the address may stand apart, as a piece of its own:
    // "De:" | "Gaëlle Le Floc'h <g.lefloch@...>")
    std::string header = P[i].text;
    static const std::regex header_label(R"(^(?:from|de|sender|expediteur)\s?:$)", std::regex::icase);
    if (const auto& row = L.rows[P[i].row].pieces; row.size() > 1) {
      auto pos = std::find(row.begin(), row.end(), static_cast<int>(i));
      if (pos + 1 != row.end() &&
          (P[*(pos + 1)].text.rfind("<", 0) == 0 || std::regex_match(text::Trim(P[i].text), header_label)))
        header += " " + P[*(pos + 1)].text;
    }
    if (std::regex_search(header, hm, FromHeaderRe())) {
      std::string n = text::CollapseSpaces(hm[1].str());
      if (LooksLikeName(n) && !header_name) header_name = Pick{n, static_cast<int>(i), 0.9, "header", n};
    }
    for (auto it = std::sregex_iterator(P[i].text.begin(), P[i].text.end(), EmailRe()); it != std::sregex_iterator();
         ++it) {
      std::string a = it->str();
      std::string raw_before = P[i].text.substr(0, it->position(0));
      // OCR's space after a dot inside the address ("heiko. mustermann@..."):
      // the part before the space belongs to it when nothing but a mail
      // label precedes it ("Contact us. jane@..." keeps "jane@...").
      static const std::regex split_local(
          R"((^|(?:e-?mail|courriel|mail)\s*:?\s*)([A-Za-z0-9%+'-]+(?:[._-][A-Za-z0-9%+'-]+)*[._-]) $)",
          std::regex::icase);
      std::smatch sm;
      if (std::regex_search(raw_before, sm, split_local)) {
        a = sm[2].str() + a;
        raw_before = raw_before.substr(0, sm.position(2));
      }
      a.erase(std::remove(a.begin(), a.end(), ' '), a.end());
      while (!a.empty() && a.back() == '.') a.pop_back();
      size_t at = a.find('@');
      // A social network's handle ("Instagram @lumen.optique"), not a mailbox.
      static const std::regex social(R"(^(?:instagram|insta|ig|twitter|x|facebook|fb|linkedin|tiktok|youtube|)"
                                     R"(pinterest|threads|mastodon|bluesky|snapchat|telegram)$)");
      if (std::regex_match(text::FoldText(a.substr(0, at)), social)) continue;
      std::string before = text::FoldText(raw_before);
      static const std::regex e_label(R"(\be\s?[:.]?\s*$)");
      bool labelled = before.find("mail") != std::string::npos || before.find("courriel") != std::string::npos ||
                      std::regex_search(before, e_label);
      emails.push_back(Email{a, a.substr(0, at), a.substr(at + 1), static_cast<int>(i), labelled});
    }
  }

  // ---- name candidates
  std::vector<int> titles;
  for (size_t i = 0; i < P.size(); ++i)
    if (IsJobTitle(P[i].folded) && !text::HasDigit(P[i].text) && P[i].text.find('@') == std::string::npos &&
        P[i].text.size() <= 70 && !IsLegalInfo(P[i].folded))
      titles.push_back(static_cast<int>(i));
  auto is_title = [&](int i) { return i >= 0 && std::find(titles.begin(), titles.end(), i) != titles.end(); };
  // A short line of words that is nothing else (no digits, address, e-mail,
  // web address, title, street, city, country or legal mention): what the
  // card fallbacks below take for a name or a company nothing else names
  // (with `title_ok`, a title line counts: the second line of a title).
  auto plain_words = [&](int i, bool title_ok = false) {
    const Piece& p = P[i];
    const std::string t = text::Trim(p.text);
    if (t.size() < 2 || t.size() > 40 || text::HasDigit(t) || t.find('@') != std::string::npos ||
        std::regex_search(RepairUrlScheme(t), UrlRe()) || (is_title(i) && !title_ok) || IsStreetLine(t) ||
        FindCityLine(t) ||
        !CountryLine(t).empty() || !usable(i) || IsLegalInfo(p.folded))
      return false;
    // Letters mostly: a logo read as stray marks is not a name.
    const size_t letters = std::count_if(t.begin(), t.end(), [](char c) {
      return std::isalpha(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80;
    });
    return letters * 10 >= t.size() * 7 && letters >= 2;
  };
  double max_h = 0;
  for (const auto& p : P)
    if (LooksLikeName(p.text)) max_h = std::max(max_h, p.height);
  std::vector<int> closing_rows;
  for (size_t i = 0; i < P.size(); ++i)
    if (IsClosing(P[i].folded)) closing_rows.push_back(P[i].row);

  // A name-shaped line that spells the e-mail domain is the company ("Studio Lumen" for studio-lumen.fr).
  std::vector<std::string> mail_domains;
  for (const auto& e : emails) {
    std::string d = e.domain.substr(0, e.domain.find('.'));
    std::string key = AlnumKey(d);
    if (key.size() >= 4) mail_domains.push_back(key);
  }
  std::optional<Pick> name;
  double name_score = -1e9;
  for (size_t i = 0; i < P.size(); ++i) {
    const Piece& p = P[i];
    std::string t = p.text;
    std::string f = p.folded;
    // "Dr. Jane Smith" keeps its title; a trailing comma is dropped.
    while (!t.empty() && (t.back() == ',' || t.back() == '.')) t.pop_back();
    if (t.size() > 3 && (text::FoldText(t.substr(t.size() - 3)) == " jr" || text::FoldText(t.substr(t.size() - 3)) == " sr"))
      t += '.';  // "Michael Angstadt Jr."
    // "Richter,James": the comma's space lost.
    static const std::regex tight_comma(R"(,(?=[A-Z]))");
    t = std::regex_replace(t, tight_comma, ", ");
    // A name printed in lower case ("ian geiser") counts when an e-mail
    // address spells it (EmailNameMatch, below, scores it).
    bool lower_case_name = false;
    if (!LooksLikeName(t) && card_like && t.size() <= 40 && !text::HasDigit(t)) {
      std::string capitalised = t;
      bool start = true;
      for (char& c : capitalised) {
        if (start && c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
        start = c == ' ' || c == '-';
      }
      for (const auto& e : emails)
        lower_case_name = lower_case_name || (LooksLikeName(capitalised) && EmailNameMatch(capitalised, e.local) >= 0.8);
    }
    if ((!LooksLikeName(t) && !lower_case_name) || HasLegalForm(f) || is_title(static_cast<int>(i)) ||
        IsStreetLine(t) || FindCityLine(t) || !CountryLine(t).empty() || IsClosing(f) || IsRecipientCue(f))
      continue;
    double score = 1.0;
    double best_mail = 0;
    for (const auto& e : emails) best_mail = std::max(best_mail, EmailNameMatch(t, e.local));
    score += 3.0 * best_mail;
    for (int r : closing_rows)
      if (p.row > r && p.row <= r + 3) score += 2.0;
    if (is_title(p.below) || is_title(p.above)) score += 1.5;
    for (int q : L.rows[p.row].pieces)
      if (q != static_cast<int>(i) && is_title(q)) score += 1.0;
    if (max_h > 0 && p.height >= max_h * 0.97) score += 1.0;
    if (card_like && p.row < static_cast<int>(L.rows.size()) / 2) score += 0.3;
    if (recipient[i]) score -= 3.5;
    for (const auto& d : mail_domains)
      if (AlnumKey(t) == d) score -= 3.0;
    if (HasCourtesyTitle(f) && !card_like) score -= 1.0;
    // A printed e-mail thread: the signature of the message's own sender
    // (its first "From:"/"De:" header), not of a message quoted under it.
    if (header_name && AlnumKey(t) == AlnumKey(header_name->value) && static_cast<int>(i) != header_name->piece)
      score += 2.5;
    if (score > name_score) {
      name_score = score;
      name = Pick{t, static_cast<int>(i), 0, "layout", t};
    }
  }
  if (header_name && (!name || name_score < 3.5)) {
    name = header_name;
    name_score = 4;
  }
  if (name && name->method != "header") {
    if (name_score < 0.9) name.reset();
    else name->confidence = std::clamp(0.45 + 0.1 * name_score, 0.45, 0.93);
  }
  // A card whose holder's name is not name-shaped ("Smith" alone, "vCard
  // Test"): the line below the top one in the largest type (15 % above the
  // median line's word height, which ascenders and descenders blur) that is
  // nothing else, at low confidence.
  if (!name && card_like) {
    std::vector<double> heights;
    for (const auto& p : P)
      if (p.height > 0) heights.push_back(p.height);
    if (heights.size() >= 3) {
      std::nth_element(heights.begin(), heights.begin() + heights.size() / 2, heights.end());
      const double median_h = heights[heights.size() / 2];
      int pick = -1;
      for (size_t i = 0; i < P.size(); ++i) {
        const Piece& p = P[i];
        const std::string t = text::Trim(p.text);
        if (p.row == 0 || p.height < 1.15 * median_h || (pick >= 0 && p.height <= P[pick].height)) continue;
        const size_t words = std::count(t.begin(), t.end(), ' ') + 1;
        if (words > 4 || HasLegalForm(p.folded) || !plain_words(static_cast<int>(i))) continue;
        bool domain = false;
        for (const auto& d : mail_domains) domain = domain || AlnumKey(t) == d;
        if (!domain) pick = static_cast<int>(i);
      }
      if (pick >= 0) name = Pick{text::Trim(P[pick].text), pick, 0.5, "layout", text::Trim(P[pick].text)};
    }
  }
  // ... else the line right above the job title (not the top line), when it
  // is nothing else ("COMPANY" / "Smith" / "Engineer"), at lower confidence.
  if (!name && card_like) {
    for (size_t i = 0; i < P.size() && !name; ++i) {
      const Piece& p = P[i];
      const std::string t = text::Trim(p.text);
      const size_t words = std::count(t.begin(), t.end(), ' ') + 1;
      if (p.row == 0 || p.below < 0 || !is_title(p.below) || words > 4 || HasLegalForm(p.folded) ||
          !plain_words(static_cast<int>(i)))
        continue;
      bool domain = false;
      for (const auto& d : mail_domains) domain = domain || AlnumKey(t) == d;
      if (!domain) name = Pick{t, static_cast<int>(i), 0.45, "layout", t};
    }
  }
  if (name) {
    if (name->raw.empty()) name->raw = name->value;  // the printed text, for its box
    name->value = PersonNameCase(name->value);
    out["full_name"] = MakeFieldFrom(*name, L, pages, version);
  }

  // ---- e-mail: the one spelling the name, else a labelled one, else the first usable
  if (!emails.empty()) {
    const Email* best = nullptr;
    double best_s = -1e9;
    for (const auto& e : emails) {
      double s = (usable(e.piece) ? 0 : -3) + (e.labelled ? 0.5 : 0) +
                 (name ? 2.0 * EmailNameMatch(name->value, e.local) : 0) - 0.01 * e.piece;
      if (s > best_s) {
        best_s = s;
        best = &e;
      }
    }
    double conf = best_s >= 1.5 ? 0.95 : 0.88;
    out["email"] = MakeFieldFrom(Pick{best->address, best->piece, conf, best->labelled ? "label" : "pattern", best->address},
                                 L, pages, version);
  }

  // ---- phone
  {
    static const std::regex label(
        R"((?:^|[^a-z])(tel|tél|telephone|téléphone|phone|ph|mobile|mob|cell|portable|port|gsm|direct|ligne directe|office|standard|switchboard|t|m|p|d)\s*[.:]?\s*:?\s*(?:\(.*\))?\s*$)",
        std::regex::icase);
    static const std::regex fax(R"((?:^|[^a-z])(fax|telecopie|télécopie|f)\s*[.:]?\s*$)", std::regex::icase);
    struct Cand {
      std::string e164, raw;
      int piece;
      double score;
    };
    std::optional<Cand> best;
    static const std::regex any_label(R"((?:^|[^a-z])(?:tel|tél|telephone|téléphone|phone|mobile|portable|cell|gsm)\b)",
                                      std::regex::icase);
    for (size_t i = 0; i < P.size(); ++i) {
      auto found = phone::FindPhones(P[i].text, region);
      // A labelled number that is not valid in the document's region: try
      // the regions docflow's documents usually come from.
      static constexpr const char* kUsualRegions[] = {"FR", "GB", "US", "DE", "BE", "CH", "CA"};
      // (or a one-letter label opening the piece: "T 01632 960184", "M: +44 ...")
      static const std::regex letter_label(R"(^\s*[TMPD]\s*[.:]?\s*[+(0-9])");
      const bool labelled_piece = std::regex_search(P[i].text, any_label) || std::regex_search(P[i].text, letter_label);
      // (unless all its digits read as a number of the document's own
      // region that is not assigned yet: "T 01632 960184" on an English
      // letter is British, although Germany has such a number)
      bool possible_here = false;
      if (found.empty() && labelled_piece)
        for (const auto& m : phone::FindPossiblePhones(P[i].text, region))
          possible_here = possible_here || DigitCount(m.raw) == DigitCount(P[i].text);
      if (found.empty() && labelled_piece && !possible_here)
        for (const char* r : kUsualRegions) {
          if (r == region) continue;
          found = phone::FindPhones(P[i].text, r);
          if (!found.empty()) break;
        }
      // A number libphonenumber does not know as assigned (a new range, a
      // fictional 555 number) is still the phone when a label says so or
      // when it is all its line holds ("(905) 555-1234" alone on a card):
      // possible in the document's region, else in a usual one ("Tel: 555
      // 555 1111" on an English card whose region was guessed GB).
      bool unassigned = false;
      for (size_t k = 0; found.empty() && k <= std::size(kUsualRegions); ++k) {
        const std::string r = k == 0 ? region : kUsualRegions[k - 1];
        if (k > 0 && r == region) continue;
        for (auto& m : phone::FindPossiblePhones(P[i].text, r)) {
          // Bare digits ("5555551111") only on a card.
          const bool alone = text::Trim(P[i].text) == text::Trim(m.raw) &&
                             (card_like || m.raw.find_first_of(" -.()") != std::string::npos);
          // In another region, only a reading of all the piece's digits (not
          // a part of a number too long to be one: "+1 (212) 204-34456")...
          // And only under a label there: a lone "2024-03-12" is a possible
          // number somewhere.
          if (k > 0 && (DigitCount(m.raw) != DigitCount(P[i].text) || !labelled_piece)) continue;
          if (labelled_piece || alone) found.push_back(std::move(m));
        }
        unassigned = !found.empty();
      }
      for (const auto& m : found) {
        std::string before = P[i].text.substr(0, m.offset);
        // A label alone in the piece before ("Tél." | "+33 ...") or above.
        int prev = -1;
        const auto& row = L.rows[P[i].row].pieces;
        auto pos = std::find(row.begin(), row.end(), static_cast<int>(i));
        if (pos != row.begin()) prev = *(pos - 1);
        std::string ctx = text::Trim(before);
        if (ctx.empty() && prev >= 0 && P[prev].text.size() <= 14) ctx = P[prev].text;
        if (ctx.empty() && P[i].above >= 0 && P[P[i].above].text.size() <= 14) ctx = P[P[i].above].text;
        double s = 1.0;
        std::string method = "pattern";
        if (std::regex_search(ctx, fax)) s -= 2.0;
        else {
          // A letter's signer's own line ("Ligne directe : 02 40 48 71 36",
          // "Direct: (215) 555-0147" under the signature) over the
          // letterhead's switchboard.
          static const std::regex direct(R"(\b(?:ligne directe|direct line|direct dial|ddi|durchwahl|direct)\b)",
                                         std::regex::icase);
          const bool is_direct = std::regex_search(ctx, direct);
          if (is_direct || std::regex_search(ctx, label)) {
            s += is_direct ? 1.3 : 1.0;
            method = "label";
          }
        }
        if (!usable(static_cast<int>(i))) s -= 2.5;
        if (unassigned) s -= 0.9;
        s -= 0.001 * i;
        if (!best || s > best->score) best = Cand{m.number.e164, m.raw, static_cast<int>(i), s};
        if (method == "label") best->raw = m.raw;
      }
    }
    if (best && best->score > -0.5) {
      double conf = best->score >= 1.9 ? 0.92 : best->score >= 0.9 ? 0.82 : 0.6;
      out["phone"] = MakeFieldFrom(Pick{best->e164, best->piece, conf, best->score >= 1.9 ? "label" : "pattern", best->raw},
                                   L, pages, version);
    } else if (!best && card_like) {
      // A number no region allows ("+1-800-123456"), labelled as a phone or
      // alone on its line with a '+' prefix: kept as printed (no E.164 form
      // exists), at low confidence, as a vCard's is.
      static const std::regex printed(
          R"(^(?:(?:tel|tél|telephone|téléphone|phone|mobile|portable|cell|gsm)\s*[.:]?\s*)?(\+?\d[\d ().-]{5,18}\d)$)",
          std::regex::icase);
      for (size_t i = 0; i < P.size() && !out.count("phone"); ++i) {
        std::smatch m;
        const std::string t = text::Trim(P[i].text);
        if (!std::regex_match(t, m, printed) || !usable(static_cast<int>(i))) continue;
        const std::string number = m[1].str();
        const int digits = DigitCount(number);
        const bool labelled = m.position(1) > 0;
        if (digits < 7 || digits > 15 || (!labelled && number[0] != '+')) continue;
        out["phone"] = MakeFieldFrom(Pick{number, static_cast<int>(i), 0.4, labelled ? "label-unchecked" : "pattern-unchecked", number},
                                     L, pages, version);
      }
    }
  }

  // ---- website
  {
    std::optional<Pick> web;
    for (size_t i = 0; i < P.size() && !web; ++i) {
      const std::string printed = std::regex_replace(P[i].text, EmailRe(), " ");
      const std::string t = RepairUrlScheme(printed);
      std::smatch m;
      if (std::regex_search(t, m, UrlRe())) {
        std::string u = m.str();
        while (!u.empty() && (u.back() == '.' || u.back() == ',')) u.pop_back();
        // A repaired address is not printed as such: the piece's box.
        web = Pick{u, static_cast<int>(i), usable(static_cast<int>(i)) ? 0.88 : 0.6, "pattern", t == printed ? u : ""};
      }
    }
    // Without "www." or a scheme: a piece that is the e-mail's own domain
    // ("tom@greenleaf.co.uk | greenleaf.co.uk"), not an e-mail's second half
    // that OCR broke off after its '@'.
    static const std::regex bare_domain(R"(^[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/?$)");
    for (size_t i = 0; i < P.size() && !web; ++i) {
      std::string t = text::Trim(P[i].text);
      // (OCR's specks after it: "redwoodlantern.studio ."; a label before
      // it: "W ashgrovecarto.co.uk", "Web : ...")
      while (!t.empty() && (t.back() == '.' || t.back() == ' ' || t.back() == ',' || t.back() == '|')) t.pop_back();
      static const std::regex web_label(R"(^(?:w|web|site(?: web)?|internet|url)\s*[.:]?\s+)", std::regex::icase);
      t = std::regex_replace(t, web_label, "");
      if (!std::regex_search(t, bare_domain)) continue;
      if (i > 0 && !P[i - 1].text.empty() && text::Trim(P[i - 1].text).back() == '@') continue;
      std::string d = text::FoldText(t);
      if (d.back() == '/') d.pop_back();
      for (const auto& e : emails)
        if (text::FoldText(e.domain) == d) {
          web = Pick{t, static_cast<int>(i), 0.6, "pattern", t};
          break;
        }
    }
    if (web) out["website"] = MakeFieldFrom(*web, L, pages, version);
  }

  // Domains that name the company: the e-mail's (not a webmail) and the website's.
  std::vector<std::string> domain_keys;
  auto add_domain = [&](std::string d) {
    d = text::FoldText(d);
    if (d.rfind("www.", 0) == 0) d = d.substr(4);
    size_t slash = d.find('/');
    if (slash != std::string::npos) d = d.substr(0, slash);
    size_t dot = d.find('.');
    std::string label = dot == std::string::npos ? d : d.substr(0, dot);
    for (const char* webmail : {"gmail", "yahoo", "hotmail", "outlook", "orange", "free", "wanadoo", "laposte",
                                "icloud", "live", "aol", "protonmail", "gmx", "sfr"})
      if (label == webmail) return;
    std::string key = AlnumKey(label);
    if (key.size() >= 3) domain_keys.push_back(key);
  };
  for (const auto& e : emails) add_domain(e.domain);
  if (out.count("website")) {
    std::string u = out["website"].value.get<std::string>();
    size_t scheme = u.find("://");
    add_domain(scheme == std::string::npos ? u : u.substr(scheme + 3));
  }

  // ---- job title: next to the name
  {
    std::optional<Pick> title;
    double best = -1e9;
    for (int i : titles) {
      const Piece& p = P[i];
      if (name && name->piece == i) continue;
      double s = 1.0;
      if (name) {
        const Piece& n = P[name->piece];
        if (n.below == i) s += 3.0;
        else if (n.above == i) s += 2.0;
        else if (p.row == n.row) s += 2.0;
        else if (std::abs(p.row - n.row) <= 2) s += 1.0;
      }
      if (HasLegalForm(p.folded)) s -= 1.0;
      if (!usable(i)) s -= 3.0;
      s -= 0.01 * i;
      if (s > best) {
        best = s;
        title = Pick{p.text, i, 0, "layout", p.text};
      }
    }
    // No job word: on a card, the short line right under the name, in
    // smaller type, is its title ("Photographe"); in any type when an
    // e-mail address spells the name, which settles which line is the name
    // (a long name set small to fit its column).
    bool name_spelled = false;
    if (name)
      for (const auto& e : emails) name_spelled = name_spelled || EmailNameMatch(name->value, e.local) >= 0.8;
    if ((!title || best <= 0.5) && name && card_like && P[name->piece].below >= 0) {
      int b = P[name->piece].below;
      const Piece& p = P[b];
      size_t words = std::count(p.text.begin(), p.text.end(), ' ') + 1;
      if (words <= 5 && !text::HasDigit(p.text) && p.text.find('@') == std::string::npos &&
          !std::regex_search(p.text, UrlRe()) && !HasLegalForm(p.folded) && !IsStreetLine(p.text) &&
          !FindCityLine(p.text) && CountryLine(p.text).empty() && usable(b) &&
          (P[name->piece].height == 0 || p.height < P[name->piece].height * 0.9 || name_spelled)) {
        bool domain_like = false;
        for (const auto& e : emails)
          if (AlnumKey(p.text).size() >= 3 && AlnumKey(e.domain).find(AlnumKey(p.text)) != std::string::npos)
            domain_like = true;
        if (!domain_like) {
          title = Pick{p.text, b, 0, "layout", p.text};
          best = 0.6;
        }
      }
    }
    if (title && best > 0.5) {
      // Two titles on one row around a dash ("Ébéniste – Gérant",
      // "Opticienne diplômée – Contactologue"): the piece beside the title,
      // a separator's width from it (not a column gap) in about the same
      // type, of a few plain words that name no company (no legal form or
      // company word, not the e-mail's or website's domain), is the rest
      // of the title.
      {
        const Piece& tp = P[title->piece];
        const std::vector<int>& row = L.rows[static_cast<size_t>(tp.row)].pieces;
        const long at = std::find(row.begin(), row.end(), title->piece) - row.begin();
        for (int side : {+1, -1}) {
          const long k = at + side;
          if (k < 0 || k >= static_cast<long>(row.size())) continue;
          const int o = row[static_cast<size_t>(k)];
          const Piece& op = P[o];
          const std::string ot = text::Trim(op.text);
          if (o == (name ? name->piece : -1) || !tp.box || !op.box || tp.height <= 0 || !plain_words(o, true) ||
              HasLegalForm(op.folded) || HasWordFrom(op.folded, kCompanyExtra) ||
              std::count(ot.begin(), ot.end(), ' ') > 2 || std::abs(op.height - tp.height) > 0.45 * tp.height)
            continue;
          const int gap = side > 0 ? op.box->x - (tp.box->x + tp.box->w) : tp.box->x - (op.box->x + op.box->w);
          if (gap < 0 || gap > 2.2 * tp.height) continue;
          const std::string key = AlnumKey(ot);
          bool domain = false;
          for (const auto& d : domain_keys)
            domain = domain || (key.size() >= 3 && (d.find(key) != std::string::npos || key.find(d) != std::string::npos ||
                                                    Subsequence(d, key)));
          if (domain) continue;
          title->value = side > 0 ? title->value + " \xE2\x80\x93 " + ot : ot + " \xE2\x80\x93 " + title->value;
          break;
        }
      }
      // A title set on two lines ("Chief Financial" / "Officer", "Chef de
      // projet" / "informatique"): the short line right under it, in about
      // the same type (OCR's word heights vary by a third with ascenders),
      // that goes on in lower case or is itself a title word.
      const int b = P[title->piece].below;
      const std::string bt = b >= 0 ? text::Trim(P[b].text) : std::string();
      if (b >= 0 && b != (name ? name->piece : -1) && P[b].block == P[title->piece].block &&
          plain_words(b, true) && std::count(bt.begin(), bt.end(), ' ') <= 2 && !HasLegalForm(P[b].folded) &&
          !HasWordFrom(P[b].folded, kCompanyExtra) &&
          (P[b].height == 0 || P[title->piece].height == 0 ||
           std::abs(P[b].height - P[title->piece].height) <= 0.45 * P[title->piece].height) &&
          (std::islower(static_cast<unsigned char>(bt[0])) || IsJobTitle(P[b].folded))) {
        title->value += " " + bt;  // its box stays the first line's
      }
      // "Head of Partnerships, Kestrel Digital Ltd": keep the title part.
      std::string t = title->value;
      static const std::regex split(R"(\s*(?:,|\bat\b|\bchez\b|@)\s+)", std::regex::icase);
      std::smatch m;
      if (std::regex_search(t, m, split) && m.position(0) > 3) {
        std::string rest = m.suffix().str();
        std::string head = t.substr(0, m.position(0));
        if (IsJobTitle(text::FoldText(head)) && (HasLegalForm(text::FoldText(rest)) || !IsJobTitle(text::FoldText(rest)))) {
          t = head;
          title->raw = head;
        }
      }
      title->value = t;
      title->confidence = std::clamp(0.5 + 0.1 * best, 0.5, 0.9);
      out["job_title"] = MakeFieldFrom(*title, L, pages, version);
    }
  }

  // ---- company
  {
    std::optional<Pick> company;
    double best = -1e9;
    for (size_t i = 0; i < P.size(); ++i) {
      const Piece& p = P[i];
      if (name && name->piece == static_cast<int>(i)) continue;
      std::string t = p.text;
      if (t.size() > 60 || t.find('@') != std::string::npos || IsLegalInfo(p.folded) || IsStreetLine(t) ||
          FindCityLine(t) || IsClosing(p.folded) || std::regex_search(RepairUrlScheme(t), UrlRe()))
        continue;
      static const std::regex bare_domain(R"(^[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/?$)");
      if (std::regex_search(t, bare_domain)) continue;  // "hartleyshaw.co.uk" (an e-mail's second half)
      std::string candidate = t;
      // "Head of Sales, Acme Ltd" / "Directrice, Verdier & Associés": the part after the title.
      // A name with a legal form is a company's, title words in it or not
      // ("Weber & Partner GmbH").
      if (is_title(static_cast<int>(i)) && !HasLegalForm(p.folded)) {
        static const std::regex split(R"(\s*(?:,|\bat\b|\bchez\b|@)\s+)", std::regex::icase);
        std::smatch m;
        if (!std::regex_search(t, m, split)) continue;
        candidate = m.suffix().str();
      }
      size_t digits = std::count_if(candidate.begin(), candidate.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
      if (digits > 3 || candidate.size() < 2) continue;
      // A logo read as a stray letter before the name ("M Verdier & Associés").
      if (candidate.size() > 3 && candidate[1] == ' ' && std::isalpha(static_cast<unsigned char>(candidate[0])) &&
          candidate[0] != 'A' && candidate[0] != 'a')
        candidate = candidate.substr(2);
      const std::string cf = text::FoldText(candidate);
      double s = 0;
      if (HasLegalForm(cf)) s += 3.0;
      else if (HasWordFrom(cf, kCompanyExtra)) s += 1.0;
      std::string key = AlnumKey(candidate);
      for (const auto& d : domain_keys) {
        if (key.size() < 3) continue;
        if (key == d || (d.find(key) != std::string::npos && key.size() * 2 >= d.size()) ||
            (key.find(d) != std::string::npos && d.size() * 2 >= key.size()))
          s += 3.0;
        else if ((key.rfind(d, 0) == 0 && d.size() >= 4) || (key.find(d) != std::string::npos && d.size() >= 6))
          s += 2.0;  // "Nexora Solutions SAS" for nexora.fr, "Boulangeries Fournil & Cie" for fournil-cie.fr
        else if (d.size() >= 6 && key.size() * 2 <= d.size() * 3 && key[0] == d[0] && Subsequence(d, key))
          s += 2.0;  // "Théâtre de l'Étoile" for theatre-etoile.fr: the domain drops small words
      }
      if (s <= 0) continue;
      if (name && (p.row == P[name->piece].row || std::abs(p.row - P[name->piece].row) <= 3)) s += 0.5;
      if (max_h > 0 && p.height >= max_h * 0.9) s += 0.3;
      if (!usable(static_cast<int>(i))) s -= 3.5;
      s -= 0.002 * i;
      if (s > best) {
        best = s;
        company = Pick{text::Trim(candidate), static_cast<int>(i), 0, "layout", text::Trim(candidate)};
      }
    }
    if (company && best > 0.5) {
      // A logo set over two lines ("QUILLSTONE" / "ROBOTICS", "LUMI" /
      // "NOVA"): the piece under it, alone on the next row, in type as large,
      // joins it when the two spell the e-mail or web domain (without a
      // space), or both are in capitals and the second is one or two words.
      const int ci = company->piece;
      if (ci + 1 < static_cast<int>(P.size()) && P[ci + 1].row == P[ci].row + 1 && P[ci].text == company->value &&
          (ci + 2 >= static_cast<int>(P.size()) || P[ci + 2].row != P[ci + 1].row) &&
          !(name && name->piece == ci + 1) && !is_title(ci + 1)) {
        const Piece& under = P[ci + 1];
        const std::string joined_key = AlnumKey(company->value + under.text);
        const bool spells_domain =
            std::find(domain_keys.begin(), domain_keys.end(), joined_key) != domain_keys.end();
        auto capitals = [](const std::string& t) {
          const std::string c = text::Fold(t, false).text;
          return c.find_first_of("abcdefghijklmnopqrstuvwxyz") == std::string::npos &&
                 c.find_first_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ") != std::string::npos;
        };
        const bool logo = capitals(company->value) && capitals(under.text) && DigitCount(under.text) == 0 &&
                          ((extract::CountWords(under.text) <= 2 && under.height >= 0.7 * P[ci].height) ||
                           (extract::CountWords(under.text) == 1 && under.height >= 0.35 * P[ci].height)) &&
                          under.text.find('@') == std::string::npos;
        if (spells_domain || logo) {
          company->value = company->value + " " + under.text;
          company->raw = P[ci].text;
        }
      }
      // The logo's word over a name with its legal form ("NORDWERK" over
      // "Sensorik GmbH" for nordwerk-sensorik.de): the words at the end of
      // the piece above that spell what the domain has before the name.
      if (ci > 0 && P[ci - 1].row == P[ci].row - 1 && P[ci].text == company->value &&
          (ci < 2 || P[ci - 2].row != P[ci - 1].row) && !(name && name->piece == ci - 1)) {
        std::vector<std::string> words;
        for (size_t b = 0, e; b < company->value.size(); b = e + 1) {
          e = company->value.find(' ', b);
          if (e == std::string::npos) e = company->value.size();
          if (e > b) words.push_back(company->value.substr(b, e - b));
        }
        while (words.size() > 1 && HasLegalForm(text::FoldText(words.back()))) words.pop_back();
        std::string core;
        for (const auto& w : words) core += w;
        const std::string core_key = AlnumKey(core);
        for (const auto& d : domain_keys) {
          if (core_key.size() < 3 || d.size() <= core_key.size() ||
              d.compare(d.size() - core_key.size(), core_key.size(), core_key) != 0)
            continue;
          const std::string want = d.substr(0, d.size() - core_key.size());
          const std::string& above = P[ci - 1].text;
          std::string tail;  // the last words of the piece above
          for (size_t b = above.size(); b > 0;) {
            size_t sp = above.rfind(' ', b - 1);
            const size_t start = sp == std::string::npos ? 0 : sp + 1;
            tail = above.substr(start);
            if (AlnumKey(tail) == want) {
              company->value = tail + " " + company->value;
              break;
            }
            if (AlnumKey(tail).size() >= want.size() || sp == std::string::npos) break;
            b = sp;
          }
          break;
        }
      }
      // The logo's words ("HALLORAN VALE") are the start of a legal name
      // printed elsewhere ("Halloran Vale Architects LLP · Registered in
      // ..."): that name, up to its legal form, one or two words longer.
      if (!HasLegalForm(text::FoldText(company->value))) {
        const std::vector<std::string> logo = text::SplitWords(text::FoldText(company->value));
        for (size_t i = 0; i < P.size() && !logo.empty(); ++i) {
          const std::vector<std::string> words = text::SplitWords(P[i].text);
          bool done = false;
          for (size_t b = 0; b + logo.size() < words.size() && !done; ++b) {
            size_t k = 0;
            while (k < logo.size() && text::FoldText(words[b + k]) == logo[k]) ++k;
            if (k < logo.size()) continue;
            for (size_t e = b + logo.size() + 1; e <= b + logo.size() + 2 && e < words.size(); ++e) {
              if (!HasLegalForm(text::FoldText(words[e]))) continue;
              std::string legal;
              for (size_t w = b; w <= e; ++w) legal += (legal.empty() ? "" : " ") + words[w];
              bool capitalised = true;  // the words between: part of a name, not a sentence
              for (size_t w = b + logo.size(); w < e; ++w)
                capitalised = capitalised && std::isupper(static_cast<unsigned char>(words[w][0]));
              if (capitalised) {
                company->value = legal;
                done = true;
              }
              break;
            }
          }
          if (done) break;
        }
      }
      company->confidence = std::clamp(0.45 + 0.1 * best, 0.5, 0.92);
      out["company"] = MakeFieldFrom(*company, L, pages, version);
    } else if (card_like && name) {
      // Nothing names itself a company (no legal form, no e-mail domain):
      // on a card, the line printed above the holder's name is the
      // company's (its logo text), at low confidence.
      const int name_row = P[name->piece].row;
      std::optional<Pick> top;
      double top_h = 0;
      for (size_t i = 0; i < P.size(); ++i) {
        const Piece& p = P[i];
        if (p.row >= name_row || static_cast<int>(i) == name->piece) continue;
        const std::string t = text::Trim(p.text);
        if (!plain_words(static_cast<int>(i))) continue;
        if (!top || p.height > top_h) {
          top = Pick{t, static_cast<int>(i), 0.5, "layout", t};
          top_h = p.height;
        }
      }
      if (top) out["company"] = MakeFieldFrom(*top, L, pages, version);
    }
  }

  // ---- address: postcode + city piece, street piece(s) above, country below
  {
    struct Addr {
      std::string value;
      int piece;
      double score;
    };
    std::optional<Addr> best;
    for (size_t i = 0; i < P.size(); ++i) {
      auto city = FindCityLine(P[i].text);
      if (!city) continue;
      std::vector<std::string> parts;
      double s = 1.0;
      const std::string& t = P[i].text;
      std::string head = text::Trim(t.substr(0, city->begin));
      while (!head.empty() && (head.back() == ',' || head.back() == '-')) head = text::Trim(head.substr(0, head.size() - 1));
      std::string city_part = text::Trim(t.substr(city->begin, city->end - city->begin));
      if (city->postcode_read != city->postcode) {
        size_t at = city_part.find(city->postcode);
        if (at != std::string::npos) city_part.replace(at, city->postcode.size(), city->postcode_read);
      }
      // Street on the same piece ("15 quai Saint-Antoine, 69002 Lyon").
      if (!head.empty() && IsStreetLine(head)) {
        parts.push_back(head);
        s += 1.0;
      } else {
        // Street pieces above (up to 2), nearest last; a piece on the same row before it.
        std::vector<std::string> above;
        int cur = P[i].above;
        for (int k = 0; k < 2 && cur >= 0; ++k) {
          const std::string& at = P[cur].text;
          if (IsStreetLine(at) && !FindCityLine(at)) {
            above.push_back(at);
            cur = P[cur].above;
          } else {
            break;
          }
        }
        // Over the street, the premises ("Studio 3, The Granary", "Unit 4",
        // "Bâtiment B, Parc Technopolis").
        static const std::regex premises(
            R"(^(?:(?:studio|unit|suite|flat|apartment|apt|floor|level|building|block|batiment|bat|immeuble|)"
            R"(residence|tour|etage|lieu-dit|parc|centre)\b.{0,30}|[^,@]{1,20},\s*the\s+[a-z]+(?:\s+[a-z]+)?)$)");
        if (!above.empty() && cur >= 0 && P[cur].text.size() <= 40 && !FindCityLine(P[cur].text) &&
            DigitCount(P[cur].text) <= 4 && std::regex_search(P[cur].folded, premises))
          above.push_back(P[cur].text);
        if (above.empty()) {
          const auto& row = L.rows[P[i].row].pieces;
          auto pos = std::find(row.begin(), row.end(), static_cast<int>(i));
          if (pos != row.begin() && IsStreetLine(P[*(pos - 1)].text)) above.push_back(P[*(pos - 1)].text);
        }
        if (!above.empty()) s += 1.0;
        for (auto it = above.rbegin(); it != above.rend(); ++it) parts.push_back(*it);
      }
      // A UK postcode alone: the town is the line above it.
      parts.push_back(city_part);
      // Country after the city on the same piece, the next piece of the row, or below.
      std::string tail = text::Trim(t.substr(city->end));
      while (!tail.empty() && (tail.front() == ',' || tail.front() == '-')) tail = text::Trim(tail.substr(1));
      std::string country = CountryLine(tail);
      if (country.empty()) {
        const auto& row = L.rows[P[i].row].pieces;
        auto pos = std::find(row.begin(), row.end(), static_cast<int>(i));
        if (pos + 1 != row.end()) country = CountryLine(P[*(pos + 1)].text);
      }
      if (country.empty() && P[i].below >= 0) country = CountryLine(P[P[i].below].text);
      if (!country.empty()) {
        parts.push_back(country);
        s += 0.5;
      }
      if (!usable(static_cast<int>(i))) s -= 3.0;
      // Near the contact's own details (phone, e-mail, company) on the same block.
      for (const char* f : {"phone", "email", "company", "website"}) {
        if (!out.count(f)) continue;
        const Field& fl = out[f];
        if (fl.page == P[i].page && fl.box && P[i].box) {
          double dy = std::abs(fl.box->y - P[i].box->y);
          if (dy < 8.0 * std::max(1.0, P[i].height)) s += 0.3;
        }
      }
      s -= 0.001 * i;
      std::string value;
      for (std::string part : parts) {
        // "Northgate House, 3 Quay Street," over "Manchester M3 3JE": one comma.
        while (!part.empty() && (part.back() == ',' || part.back() == ';' || part.back() == ' ')) part.pop_back();
        if (part.empty()) continue;
        if (!value.empty()) value += ", ";
        value += part;
      }
      if (!best || s > best->score) best = Addr{value, static_cast<int>(i), s};
    }
    // No city line: an address written as a comma-separated list, on one
    // line or wrapped onto the next ("Buehlauer Strasse 45, Dresden,
    // Sachsen, 01327, Germany", "222 Broadway, New York, NY, 99999, USA"):
    // a street part, then a part that is a postcode (or a place and a ZIP).
    for (size_t i = 0; i < P.size() && !best; ++i) {
      if (!usable(static_cast<int>(i)) || P[i].text.find(',') == std::string::npos) continue;
      std::string joined = P[i].text;
      const int below = P[i].below;
      if (below >= 0 && (text::Trim(joined).back() == ',' || P[below].text.find(',') != std::string::npos))
        joined += ", " + P[below].text;
      if (auto value = CommaListAddress(joined)) best = Addr{*value, static_cast<int>(i), 1.5};
    }
    if (best && best->score > 0.5) {
      double conf = best->score >= 2.0 ? 0.85 : 0.65;
      Pick pick{best->value, best->piece, conf, "layout", ""};
      Field f = MakeFieldFrom(pick, L, pages, version);
      if (P[best->piece].box) f.box = P[best->piece].box;
      out["address"] = std::move(f);
    }
  }
  return out;
}

}  // namespace docflow::contact
