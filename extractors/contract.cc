// Contract fields: title, parties, agreement date, effective and expiration
// dates (explicit, or computed from "a term of N years": method "computed",
// lower confidence), renewal_term and notice_period (ISO 8601 durations,
// contract_terms.h) and governing law.
#include <algorithm>
#include <set>
#include <cctype>
#include <optional>
#include <regex>

#include "extractors/contract_letter.h"
#include "extractors/contract_terms.h"
#include "extractors/dates.h"
#include "extractors/extract_util.h"
#include "extractors/field_extractors.h"

namespace docflow {
namespace {

using extract::Line;
constexpr const char* kVersion = "contract/1";
constexpr size_t kPreambleLines = 80;

bool IsUpperLine(std::string_view s) {
  int upper = 0, lower = 0;
  for (char c : s) {
    if (std::isupper(static_cast<unsigned char>(c))) ++upper;
    else if (std::islower(static_cast<unsigned char>(c))) ++lower;
  }
  return upper >= 3 && lower * 5 <= upper;
}

// More lower-case letters than capitals: a subtitle, not a title's line.
bool MostlyLowerCase(std::string_view s) {
  int upper = 0, lower = 0;
  for (char c : s) {
    if (std::isupper(static_cast<unsigned char>(c))) ++upper;
    else if (std::islower(static_cast<unsigned char>(c))) ++lower;
  }
  return lower > upper;
}

bool HasContractWord(std::string_view folded) {
  static const char* kWords[] = {"agreement", "contract", "contrat", "convention", "accord",
                                 "vertrag", "vereinbarung", "amendment", "avenant", "lease",
                                 "bail", "license", "licence", "addendum", "memorandum",
                                 "protocole", "terms and conditions", "conditions generales",
                                 "nda", "mou", "statement of work", "deed", "letter of engagement",
                                 "engagement letter", "lettre de mission", "pacte", "purchase order",
                                 "bon de commande", "engagement de confidentialite",
                                 "confidentiality undertaking", "marche de travaux", "terms of engagement",
                                 "order form", "service order"};
  for (const char* w : kWords)
    if (text::FindWord(folded, w) != std::string_view::npos) return true;
  return false;
}

bool IsConnectorEdge(const std::string& folded_line, bool at_end) {
  static const char* kConn[] = {"of", "and", "to", "for", "de", "du", "des", "et", "the", "la",
                                "le", "d'", "on", "in", "&", "au", "aux", "a la"};
  std::string t = text::CollapseSpaces(folded_line);
  for (const char* c : kConn) {
    std::string w(c);
    if (at_end) {
      if (t.size() >= w.size() && t.compare(t.size() - w.size(), w.size(), w) == 0 &&
          (t.size() == w.size() || t[t.size() - w.size() - 1] == ' '))
        return true;
    } else if (t == w || t.rfind(w + " ", 0) == 0) {
      return true;
    }
  }
  return false;
}

// A line cut into its columns: runs of text between gaps of 3+ spaces, with
// their first column (in code points).
struct Segment {
  size_t col = 0, width = 0;
  std::string text;
};
std::vector<Segment> Segments(const std::string& line) {
  std::vector<Segment> out;
  size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && line[i] == ' ') ++i;
    if (i >= line.size()) break;
    size_t j = i, end = i;
    while (j < line.size()) {
      if (line[j] != ' ') {
        end = ++j;
        continue;
      }
      size_t k = j;
      while (k < line.size() && line[k] == ' ') ++k;
      if (k - j >= 3 || k >= line.size()) break;
      j = k;
    }
    const std::string t = line.substr(i, end - i);
    out.push_back({text::Utf8Length(std::string_view(line).substr(0, i)), text::Utf8Length(t), t});
    i = end;
  }
  return out;
}

// A title's text on its line: the whole line, or, on a line of columns (a
// logo's words beside the title: "FACILITY SERVICES      SERVICE ORDER
// FORM"), the column that names a contract.
std::string TitleCell(const std::string& line) {
  const std::vector<Segment> segs = Segments(line);
  if (segs.size() >= 2)
    for (const Segment& sg : segs)
      if (HasContractWord(text::FoldText(sg.text))) return text::CollapseSpaces(sg.text);
  return text::CollapseSpaces(line);
}

std::optional<Field> FindTitle(const std::vector<Line>& lines, const std::vector<Page>& pages) {
  int best = -1;
  double best_score = -1e9;
  size_t seen = 0;
  std::vector<size_t> idx;  // indices of non-empty lines
  for (size_t i = 0; i < lines.size() && seen < 40; ++i) {
    if (text::Trim(lines[i].text).empty()) continue;
    idx.push_back(i);
    ++seen;
  }
  for (size_t k = 0; k < idx.size(); ++k) {
    const Line& l = lines[idx[k]];
    std::string t = TitleCell(l.text);
    std::string f = text::FoldText(t);
    if (!HasContractWord(f) || t.size() > 110) continue;
    double score = 0;
    if (IsUpperLine(t)) score += 2.0;
    if (t.size() <= 60) score += 1.0;
    if (f.rfind("this ", 0) == 0 || f.rfind("the ", 0) == 0 || f.rfind("ce ", 0) == 0 ||
        f.rfind("le present", 0) == 0)
      score -= 3.0;
    static const char* kBad[] = {"dated", "between", "entre", "page", "exhibit", "made",
                                 "entered", "pursuant", "hereby", "shall", "section", "dont",
                                 "under", "as defined", "referred", "of this"};
    for (const char* b : kBad)
      if (text::FindWord(f, b) != std::string_view::npos) score -= 1.5;
    if (!t.empty() && (t.back() == ',' || t.back() == ';')) score -= 2.0;
    // A title's form: the document's word first, then its object or number
    // ("Avenant n°1 au contrat de prestation ...", "Contrat de maintenance",
    // "Agreement for the Supply of ..."); a sentence ends with its period
    // ("Le Contrat arrive à échéance le 31 décembre 2024.").
    static const std::regex title_form(
        R"(^(?:avenant|amendment|addendum|contrat|contract|convention|agreement|accord|bail|lease|protocole|memorandum)\s+(?:no(?:\b|\d)|n o\b|nr\b|number|#|\d|de\b|du\b|des\b|d'|of\b|to\b|au\b|for\b|pour\b|sur\b))");
    // A reference's label ("Agreement No. QF-SUB-25-0388", "Contrat n° 2024-117").
    static const std::regex reference_label(
        R"(\b(?:agreement|contract|contrat|lease|bail)\s*(?:no\b|n°|n o\b|number|num\b|nr\b|#|ref\b))");
    const bool reference = std::regex_search(f, reference_label);
    if (std::regex_search(f, title_form) && !reference) score += 1.5;
    if (!t.empty() && t.back() == '.' && !IsUpperLine(t) && extract::CountWords(t) >= 5) score -= 1.5;
    if (reference) score -= 3.0;
    score -= 0.05 * static_cast<double>(k);  // earlier is better
    if (score > best_score) {
      best_score = score;
      best = static_cast<int>(k);
    }
  }
  if (best < 0 || best_score < 0) return std::nullopt;
  // Join multi-line titles ("AMENDMENT AND TERMINATION / OF / JOINT VENTURE
  // AGREEMENT"): previous lines in capitals linked by a connector word.
  size_t first = best, last = best;
  std::string title = TitleCell(lines[idx[best]].text);
  while (first > 0) {
    const Line& prev = lines[idx[first - 1]];
    const Line& cur = lines[idx[first]];
    std::string pt = text::CollapseSpaces(prev.text);
    if (idx[first] - idx[first - 1] > 2 || !IsUpperLine(pt) || pt.size() > 60 ||
        text::HasDigit(pt))
      break;
    // Lines joined by a connector ("OF"), or a title whose last line is a
    // lone "AGREEMENT" under the words that name it ("LIMITED LIABILITY
    // PARTNERSHIP" / "AGREEMENT").
    const bool lone_word = first == static_cast<size_t>(best) && title.find(' ') == std::string::npos;
    if (!IsConnectorEdge(prev.folded, true) && !IsConnectorEdge(cur.folded, false) && !lone_word) break;
    title = pt + " " + title;
    --first;
  }
  while (last + 1 < idx.size()) {
    const Line& cur = lines[idx[last]];
    const Line& next = lines[idx[last + 1]];
    std::string nt = text::CollapseSpaces(next.text);
    if (idx[last + 1] - idx[last] > 2 || (!IsUpperLine(nt) && !IsConnectorEdge(next.folded, false)))
      break;
    // A title in capitals does not go on in lower case: "MEMORANDUM OF
    // UNDERSTANDING" over "on Collaboration in ..." is a subtitle.
    if (IsUpperLine(title) && MostlyLowerCase(nt)) break;
    if (nt.size() > 60 || text::HasDigit(nt)) break;
    if (!IsConnectorEdge(cur.folded, true) && !IsConnectorEdge(next.folded, false)) break;
    title += " " + nt;
    ++last;
  }
  // A trailing parenthesised qualifier on the next line ("(2014 Amendment)").
  if (last + 1 < idx.size() && idx[last + 1] - idx[last] <= 2) {
    std::string nt = text::CollapseSpaces(lines[idx[last + 1]].text);
    // A reference to a code or a law ("(art. 394 ss du Code des obligations)")
    // is not part of the name.
    static const std::regex reference(R"(\b(?:art|article|articles|code|section|loi|act|law)\b)");
    // Nor is a lower-case gloss under a title in capitals ("ACCORD DE
    // CONFIDENTIALITÉ" / "(Non-divulgation réciproque)", "(the
    // "Agreement")"); a qualifier with a year or number is ("(2014
    // Amendment)").
    if (nt.size() > 2 && nt.front() == '(' && nt.back() == ')' && nt.size() < 40 &&
        !std::regex_search(text::FoldText(nt), reference) && !(IsUpperLine(title) && MostlyLowerCase(nt) && !text::HasDigit(nt)))
      title += " " + nt;
  }
  // Drop a "dated ..." tail.
  std::string tf = text::FoldText(title);
  size_t d = text::FindWord(tf, "dated");
  if (d != std::string::npos && d > 5) title = text::Trim(title.substr(0, extract::OriginalOffset(title, d)));
  while (!title.empty() && (title.back() == '.' || title.back() == ',' || title.back() == ':'))
    title.pop_back();
  double conf = best_score >= 2.5 ? 0.85 : 0.65;
  return extract::MakeField(title, conf, lines[idx[best]].page, "heading", kVersion, pages, title);
}

// The contract's own name in its opening sentence: "This Promotion
// Agreement (...)", "THIS EXCLUSIVE DISTRIBUTOR AGREEMENT" - two or more
// words ending in a contract word; empty when there is none.
std::string NameInOpeningSentence(const std::string& preamble) {
  static const std::regex named(
      R"(\b(?:This|THIS)\s+((?:[A-Z][A-Za-z&'/-]*\s+|(?:and|of|to|for|on|the|de|du)\s+){1,8}?)"
      R"((?:AGREEMENT|Agreement|CONTRACT|Contract|CONTRAT|Contrat))\b)");
  const std::string head = preamble.substr(0, std::min<size_t>(preamble.size(), 3000));
  std::smatch m;
  if (!std::regex_search(head, m, named)) return "";
  std::string name = m[1].str();
  return name.find(' ') == std::string::npos ? "" : name;
}

// ------------------------------------------------------------ parties

struct Preamble {
  std::string text;          // original lines joined with spaces
  text::Folded fold;         // lower-case fold
  text::Folded case_fold;    // case-preserving fold
  std::vector<std::pair<size_t, int>> line_starts;  // offset in text -> page
};

Preamble BuildPreamble(const std::vector<Line>& lines, size_t max_lines) {
  Preamble p;
  size_t n = 0;
  for (const Line& l : lines) {
    std::string t = text::CollapseSpaces(l.text);
    if (t.empty()) continue;
    // Underlining typed on the next line ("---------" under a defined term
    // in plain-text filings) is not text: it would split a sentence.
    if (t.find_first_not_of("-_=~ ") == std::string::npos) continue;
    if (!p.text.empty()) p.text += " ";
    p.line_starts.push_back({p.text.size(), l.page});
    p.text += t;
    if (++n >= max_lines) break;
  }
  p.fold = text::Fold(p.text);
  p.case_fold = text::Fold(p.text, false);
  return p;
}

int PageAt(const Preamble& p, size_t offset) {
  int page = p.line_starts.empty() ? 0 : p.line_starts.front().second;
  for (auto& [off, pg] : p.line_starts)
    if (off <= offset) page = pg;
  return page;
}

// Cuts a party segment down to the name it starts with.
std::string PartyName(std::string seg) {
  static const std::regex lead(
      R"(^\s*(?:[:\-,]\s*)?(?:(?:and|et)\s*:\s*)?(?:\(\s*[0-9a-zA-Z]{1,3}\s*\)\s*|[0-9]{1,2}[.)]\s+)?)"
      // ("société" also unfolded: table cells are read as printed)
      R"((?:(?:the|la|le|les|l')\s*(?:soci(?:e|\xC3\xA9|\xC3\x89)t(?:e|\xC3\xA9|\xC3\x89)|company|firm)\s+|)"
      R"((?:mr|mrs|ms|dr|m|mme|mlle|monsieur|madame)\.?\s+|)"
      // French articles before a name ("La Clinique du Parc SA").
      R"((?:la|le|les|l')\s*(?=(?:clinique|banque|caisse|mutuelle|fondation|association|commune|ville|region|)"
      R"(mairie|chambre|federation|compagnie|cooperative|maison|librairie|agence|sarl|sas|sasu|eurl|sci|selarl|)"
      R"(scop)\b))?)",
      std::regex::icase);
  seg = std::regex_replace(seg, lead, "", std::regex_constants::format_first_only);
  // A French article before a capitalised name ("le Club Cycliste du Val
  // d'Alzette a.s.b.l.").
  for (const char* article : {"le ", "la ", "les ", "l'"}) {
    const size_t n = std::char_traits<char>::length(article);
    if (seg.size() > n + 1 && seg.compare(0, n, article) == 0 && std::isupper(static_cast<unsigned char>(seg[n]))) {
      seg = seg.substr(n);
      break;
    }
  }
  // A legal form may follow a bracketed place or trade ("PPG Paints Trading
  // (Shanghai) Co Ltd", "GALEN (CHEMICALS) LIMITED", "Columbia Laboratories,
  // (Bermuda) Ltd."): that bracket is part of the name, any other ends it.
  static const std::string form =
      R"((?:inc|llc|l\.l\.c|ltd|limited|corp|corporation|co|incorporated|l\.?p|llp|s\.?a|)"
      R"(s\.?a\.?s|gmbh|ag|plc|n\.?a|b\.?v|n\.?v|s\.?r\.?l|sarl|sas|sdn|pte|pty)\b)";
  static const std::string bracket_then_form = R"(\([^()]{1,30}\)\s*,?\s*)" + form;
  static const std::regex cut(
      R"((\s*(?!)" + bracket_then_form + R"()\(|\s*"|,\s+(?!)" + form + "|" + bracket_then_form + ")|" +
          R"(\s+(?:(?:a|an|une?)(?=\s)|(?:having|with|whose|located|organized|organised|incorporated|)"
          R"(existing|domiciled|represented|hereinafter|ci-apres|dont|sise?|immatriculee?|)"
          // A registration number's label ("... Pty Ltd ACN 631 904 228").
          R"(acn|abn|nzbn|arbn|uen|crn|siren|siret|kvk|hrb|company\s+(?:no|number)|registration\s+(?:no|number)|)"
          R"(au capital|demeurant|residing|through|acting|on behalf|its|herein|inscrite?|nee?\s+(?:le|a)|born\s+on|)"
          // "Fiduciaire Léman Conseil SA, société anonyme inscrite ...".
          R"(societe\s+(?:anonyme|civile|cooperative|a\s+responsabilite|par\s+actions|en\s+nom))\b)|)"
          // A house number starts an address, but a digit inside a name does
          // not ("Sphere 3D Corp.", "EWSD 1, LLC").
          R"(\s+\d+(?=[\s,.)-]|$)(?!,?\s*)" + form + ")|" +
          // "of" and an address ("LEO PHARMA A/S of Industriparken 55").
          R"(\s+of\s+(?=[a-z0-9][^,;]{0,40}?\d)|)" +
          R"(;|\s+and\s+its\b|\s*-{3,}|\s+of even date|)"
          // A spaced dash separates the name from what follows ("Hôtel Les
          // Cimes SARL – 112 route des Praz"); a hyphen inside a name has no spaces.
          "\\s+(?:-|\xE2\x80\x93|\xE2\x80\x94)\\s+|"
          R"(\.\s+(?:The|This|These|Under|In|Each|All|Whereas|It|Such|Recitals|AGREEMENT)\b))",
      std::regex::icase);
  // A partnership-style name keeps its commas ("Stratton, Cheeseman &
  // Walsh-Nevada, Inc.", "Skadden, Arps, Slate, Meagher & Flom LLP"):
  // capitalised names joined by commas and a final "&" or "and", then a
  // legal form. Its commas are hidden from the cut.
  static const std::regex firm(
      R"(^\s*[A-Z][\w'.-]*(?:,\s+[A-Z][\w'.-]*)+\s+(?:&|and)\s+[A-Z][\w'.-]*(?:\s+[A-Z][\w'.-]*)*,?\s+)"
      R"((?:Inc|LLC|L\.L\.C|Ltd|Limited|Corp|Corporation|Co|Incorporated|LLP|L\.P|LP|PLC|GmbH|AG|S\.A|SA|SAS)\b\.?)");
  std::smatch m;
  size_t protect = 0;
  if (std::regex_search(seg, m, firm)) {
    protect = static_cast<size_t>(m.length(0));
    std::replace(seg.begin(), seg.begin() + static_cast<long>(protect), ',', '\x01');
  }
  if (std::regex_search(seg, m, cut)) seg = seg.substr(0, m.position(0));
  std::replace(seg.begin(), seg.end(), '\x01', ',');
  seg = text::Trim(seg);
  while (!seg.empty() && (seg.back() == ',' || seg.back() == ';' || seg.back() == ':' ||
                          seg.back() == '-'))
    seg = text::Trim(seg.substr(0, seg.size() - 1));
  // A table cell's line cut before the words that follow ("HÔTEL LE
  // BELVÉDÈRE, SARL au" over "capital de 80 000 €"): the dangling word goes.
  static const std::regex dangling(R"(\s+(?:au|aux|a|de|du|des|of|with|at|pour|for|en)$)");
  seg = std::regex_replace(seg, dangling, "");
  while (!seg.empty() && (seg.back() == ',' || seg.back() == ';')) seg = text::Trim(seg.substr(0, seg.size() - 1));
  return seg;
}

bool PlausibleParty(const std::string& name, bool first) {
  if (name.size() < 2 || name.size() > 100) return false;
  unsigned char c0 = name[0];
  // The first party must start with a capital; later ones may be styled in
  // lower case ("i-on interactive") but not start with an article.
  if (first ? !std::isupper(c0) && !std::isdigit(c0) : !std::isalnum(c0)) return false;
  if (!first && std::islower(c0)) {
    // Lower-case styled names ("i-on interactive") are short and contain a
    // mark of a name: a hyphen, a dot or a capital further on.
    bool mark = false;
    int words = 1;
    for (size_t i = 1; i < name.size(); ++i) {
      mark = mark || name[i] == '-' || name[i] == '.' || std::isupper(static_cast<unsigned char>(name[i]));
      words += name[i] == ' ';
    }
    if (!mark || words > 4) return false;
  }
  {
    const size_t sp = name.find(' ');
    std::string f0 = text::FoldText(name.substr(0, sp));
    // "The Right Solution" is a name; "the Company", "The Licensee" are not:
    // a capital "The" followed by two or more capitalised words may be one.
    bool styled_the = false;
    // So is "Les Éditions du Pré Vert", "La Clinique des Alpes".
    if ((f0 == "the" || f0 == "le" || f0 == "la" || f0 == "les") && std::isupper(static_cast<unsigned char>(name[0])) &&
        sp != std::string::npos) {
      const std::vector<std::string> rest = text::SplitWords(name.substr(sp + 1));
      styled_the = rest.size() >= 2;
      for (const auto& w : rest)
        styled_the = styled_the && (std::isupper(static_cast<unsigned char>(w[0])) ||
                                    static_cast<unsigned char>(w[0]) >= 0x80 || w == "&" ||
                                    [](const std::string& x) {
                                      return x == "of" || x == "and" || x == "du" || x == "de" || x == "des" || x == "et";
                                    }(text::FoldText(w)));
    }
    for (const char* a : {"the", "a", "an", "said", "each", "such", "its", "le", "la", "les"})
      if (f0 == a && !styled_the) return false;
  }
  int words = 1;
  for (char c : name) words += c == ' ';
  if (words > 12) return false;
  std::string f = text::FoldText(name);
  // (and a signature block's field labels: "Nom :", "Name", "Signature")
  static const char* kBad[] = {"the parties", "party", "parties", "les parties", "this",
                               "whereas", "agreement", "each", "both", "nom", "name", "signature",
                               "title", "date", "qualite", "fonction", "prenom", "by", "par", "position"};
  for (const char* b : kBad)
    if (f == b) return false;
  // A definition's words ("ci-après désignés individuellement « une Partie »").
  for (const char* d : {"ci-apres", "ci apres", "hereinafter", "individually", "individuellement", "together",
                        "ensemble"})
    if (f.rfind(d, 0) == 0) return false;
  // Blank form fields ("________"), not a name styled with one ("PLAN_B MEDIA AG").
  if (f.find("__") != std::string::npos || f.front() == '_' || f.back() == '_') return false;
  return true;
}

std::vector<std::pair<std::string, size_t>> SplitParties(const std::string& seg_text) {
  // Boundaries: ") and ", "\" and ", "d'une part et", "; and", "), (2)",
  // "). (2)", and a comma before the next number ("..., 2. Madame Hélène
  // Rousseau").
  static const std::regex boundary(
      R"((?:\)|"|[Dd]'une part|[Dd]'autre part|D'UNE PART|D'AUTRE PART)\s*[,;]?\s*(?:[Aa]nd|AND|[Ee]t|ET|&)\s*:?(?:\s*\|)?\s+|)"
      R"(;\s*(?:and\s+|et\s+)?|)"
      // "..., d'une part, La société ..." without "et".
      R"((?:[Dd]'une part|D'UNE PART)\s*[,;.]?\s*(?=[A-Z])|)"
      R"(\)\s*,\s*(?=\(?\d\)|[A-Z][A-Za-z])|)"
      R"(\)\s*\.?\s*(?=\(\s*[2-9]\s*\)\s)|)"
      // "... (Supplier) 2. Tasman Retail ...": a role, then the next number.
      R"(\)\s*[.;,]?\s*(?=[2-9][.)]\s+[A-Z])|)"
      // '... ci-après « Hydrolys », OKAPI MOBILITÉ, société ...': a defined
      // name, then the next party in capitals (OCR may lose the "ET" line).
      R"("\s*,\s*(?=[A-Z][A-Z'\-]+\s)(?!D.(?:UNE|AUTRE) PART)|)"
      R"(,\s+(?=[2-9]\.\s+[A-Z]))");
  std::vector<std::pair<std::string, size_t>> out;
  size_t start = 0;
  for (auto it = std::sregex_iterator(seg_text.begin(), seg_text.end(), boundary);
       it != std::sregex_iterator(); ++it) {
    size_t b = it->position(0);
    out.push_back({seg_text.substr(start, b - start + (seg_text[b] == ')' ? 1 : 0)), start});
    start = b + it->length(0);
  }
  out.push_back({seg_text.substr(start), start});
  if (out.size() == 1) {
    // No defined terms: "between A and B".
    static const std::regex plain(R"(,?\s+(?:[Aa]nd|AND|[Ee]t|ET)\s+(?=[A-Za-z]))");
    std::smatch m;
    const std::string& s = out[0].first;
    if (std::regex_search(s, m, plain)) {
      std::string a = s.substr(0, m.position(0)), b = s.substr(m.position(0) + m.length(0));
      size_t bpos = out[0].second + m.position(0) + m.length(0);
      out = {{a, out[0].second}, {b, bpos}};
    }
  }
  return out;
}

std::optional<Field> FindParties(const Preamble& p, const std::vector<Page>& pages) {
  const std::string& lf = p.fold.text;
  static const std::regex between(
      R"(\b(?:by and between|by and among|between|among|entre)\b\s*[:|]?\s*(?:(?:les (?:parties (?:designees ci-dessous|suivantes|ci-apres(?: designees)?)|soussignee?s)|the following parties|the parties (?:listed |named )?below)\s*:?\s*)?|)"
      R"(\bthe undersigned\s*,?\s*|)"
      // A "PARTIES" heading over numbered parties ("PARTIES (1) KESTREL
      // ROBOTICS LTD incorporated ...; and (2) ...").
      R"(\bparties\s*:?\s*(?=\(\s*1\s*\)|1[.)]\s))");
  static const std::regex stop(
      R"(\b(?:whereas|recitals|witnesseth|now,? therefore|background|preamble|preambule|il a ete convenu|)"
      R"(il est convenu|it is agreed|agree as follows|conviennent|article 1|1\.\s|attendu que|considerant que|)"
      R"(expose prealable|il a ete prealablement expose|en consequence|)"
      // "ci-après dénommées ensemble « les Parties »", "(together the
      // "Parties")" close the list.
      R"(ci-apres (?:denommee?s |designee?s )?(?:ensemble|collectivement)|)"
      R"(\b(?:together|collectively)\b[^.;]{0,30}\bparties\b))");
  std::smatch m;
  std::string::const_iterator search_from = lf.begin();
  size_t limit = std::min<size_t>(lf.size(), 6000);
  // The parties are named before the operative part begins: a "between"
  // in the clauses ("between 7:00 a.m. and 7:00 p.m.") names none.
  static const std::regex operative(
      R"(\b(?:agree(?:s|d)? as follows|now,? therefore|il a ete convenu|il est convenu|conviennent de ce qui suit|)"
      R"(ont convenu de ce qui suit)\b)");
  if (std::regex_search(lf.cbegin(), lf.cbegin() + static_cast<long>(limit), m, operative))
    limit = static_cast<size_t>(m.position(0) + m.length(0));
  while (std::regex_search(search_from, lf.cbegin() + limit, m, between)) {
    size_t start = (m[0].first - lf.begin()) + m.length(0);
    search_from = m[0].second;
    // Segment end: a stop word or 1200 chars.
    size_t end = std::min(lf.size(), start + 1200);
    std::smatch sm;
    std::string window = lf.substr(start, end - start);
    // A stop at the very start is the first party's number ("ENTRE LES
    // SOUSSIGNÉS : 1. Holding ..."), not the first article.
    for (auto it = std::sregex_iterator(window.begin(), window.end(), stop); it != std::sregex_iterator(); ++it)
      if (it->position(0) > 3) {
        end = start + it->position(0);
        break;
      }
    auto [ob, oe] = text::OriginalRange(p.fold, start, end);
    // Case-preserving copy of the segment (quotes normalised).
    text::Folded seg_fold = text::Fold(std::string_view(p.text).substr(ob, oe - ob), false);
    auto parts = SplitParties(seg_fold.text);
    std::vector<std::string> names;
    for (auto& [part, off] : parts) {
      std::string name = PartyName(part);
      if (!PlausibleParty(name, names.empty())) {
        if (names.empty()) break;  // the first segment must be a party
        continue;
      }
      // Report the original (accented) spelling.
      size_t lead = part.find(name.substr(0, std::min<size_t>(name.size(), 8)));
      if (lead != std::string::npos) {
        auto [nb, ne] = text::OriginalRange(seg_fold, off + lead, off + lead + name.size());
        std::string orig = std::string(std::string_view(p.text).substr(ob + nb, ne - nb));
        if (text::FoldText(orig) == text::FoldText(name)) name = orig;
      }
      if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
      if (names.size() >= 6) break;
    }
    if (names.size() >= 2) {
      Field f = extract::MakeField(names, 0.75, PageAt(p, ob), "between-pattern", kVersion,
                                   pages, names.front());
      return f;
    }
  }
  return std::nullopt;
}

// Most words of a name are capitalised ("Chinese laws and regulations" is
// not a name); connectors do not count.
bool NameLike(const std::string& name) {
  int words = 0, caps = 0, letters = 0;
  std::string w;
  auto flush = [&] {
    if (w.empty()) return;
    std::string f = text::FoldText(w);
    static const std::set<std::string> kConnectors = {"of", "and", "the", "de", "du", "des", "et", "&", "pour",
                                                      "for", "la", "le", "les", "au", "aux", "sur", "en"};
    if (!kConnectors.count(f)) {
      ++words;
      // (an elided article before the capital: "l'Environnement", "d'Armor")
      size_t at = 0;
      if ((f.rfind("l'", 0) == 0 || f.rfind("d'", 0) == 0) && w.size() > 2 && w[1] == '\'') at = 2;
      caps += std::isupper(static_cast<unsigned char>(w[at])) || std::isdigit(static_cast<unsigned char>(w[at]));
    }
    w.clear();
  };
  for (char c : name) {
    if (std::isalpha(static_cast<unsigned char>(c))) ++letters;
    if (c == ' ') flush();
    else w.push_back(c);
  }
  flush();
  return letters >= 3 && words > 0 && caps * 3 >= words * 2;
}

// The run of capitalised words (and "&", "and", "of", "de" inside it) that
// ends `before`: the name just ahead of a definition ("... on the one side
// and JSC Karakudukmunay" -> "JSC Karakudukmunay"). It stops at a heading
// or framing word ("SPONSORSHIP AGREEMENT Harbor Light Events, Inc.",
// "PREAMBLE JSC ..."). Empty when `before` ends in a lower-case word.
std::string TrailingName(const std::string& before) {
  const std::vector<std::string> words = text::SplitWords(before);
  auto connector = [](const std::string& w) {
    const std::string f = text::FoldText(w);
    return f == "&" || f == "and" || f == "of" || f == "de";
  };
  // Headings and framing words are never part of the name.
  auto framing = [](const std::string& w) {
    std::string f = text::FoldText(w);
    while (!f.empty() && !std::isalnum(static_cast<unsigned char>(f.back()))) f.pop_back();
    for (const char* h : {"preamble", "background", "recitals", "witnesseth", "between", "among", "parties",
                          "whereas", "entre"})
      if (f == h) return true;
    return HasContractWord(f);
  };
  size_t k = words.size();
  while (k > 0 && !framing(words[k - 1]) &&
         (std::isupper(static_cast<unsigned char>(words[k - 1][0])) || connector(words[k - 1])))
    --k;
  while (k < words.size() && connector(words[k])) ++k;  // no leading connector
  std::string full;
  for (size_t i = k; i < words.size(); ++i) full += (full.empty() ? "" : " ") + words[i];
  while (!full.empty() && (full.back() == ',' || full.back() == ' ')) full.pop_back();
  return full;
}

// A place is not a party ("People's Republic of China", "State of Delaware").
bool IsPlace(const std::string& name) {
  static const std::regex place(
      R"(^(?:the\s+)?(?:people's\s+)?(?:republic|kingdom|state|commonwealth|province|united\s+states|federal\s+republic)\b)",
      std::regex::icase);
  return std::regex_search(name, place);
}

// Parties announced by their defined terms: 'Aduro Biotech, Inc., with a
// place of business at ... ("Aduro") and IREYA B.V having an address at ...
// ("Consultant")', '(1) Nanjing Tuniu Technology Co., Ltd., with its
// registered address at ... ("Party A");'. Each name is read from the text
// that follows the previous boundary (the previous defined term, "between",
// or the start of the sentence), cut by PartyName(). Terms that name the
// agreement, a date or a thing are boundaries but not parties.
std::optional<Field> FindPartiesByDefinedTerms(const Preamble& p, const std::string& title,
                                               const std::vector<Page>& pages) {
  const std::string& cf = p.case_fold.text;  // case kept, quotes made ASCII
  const size_t limit = std::min<size_t>(cf.size(), 4000);
  static const std::regex stop(
      R"(\b(?:whereas|recitals|witnesseth|now,? therefore|background|preamble|preambule|il a ete convenu|)"
      R"(il est convenu|agree as follows|conviennent de ce qui suit|attendu que|considerant que|expose prealable)\b)",
      std::regex::icase);
  // ("Aduro"), (the "Company"), (hereinafter referred to as "LEO"); -- hereinafter
  // referred to as X --; ", hereinafter referred to as the "Company"" and
  // "(hereinafter referred to as Party A)" (groups 3, 4: the name is the one
  // just ahead); an unquoted acronym "(MICOA)" (group 5).
  static const std::regex term(
      "\\(\\s*(?:the\\s+|hereinafter\\s+(?:referred\\s+to\\s+as\\s+|called\\s+)?(?:the\\s+)?|ci-apres\\s+(?:denomme|designe)e?\\s+)?"
      "(?:\"|'')\\s*([A-Z][^\"()]{0,40}?)\\s*(?:\"|'')\\s*\\)|"
      "\\s-+\\s+hereinafter\\s+referred\\s+to\\s+as\\s+([A-Z][A-Za-z0-9 &.-]{0,40}?)\\s+-+|"
      ",?\\s*\\(?\\s*hereinafter\\s+(?:referred\\s+to\\s+as|called)\\s+(?:the\\s+)?"
      "(?:\"\\s*([A-Z][^\"()]{0,40}?)\\s*\"|(Party\\s+[A-Z0-9]\\b))\\s*\\)?|"
      "\\(\\s*([A-Z][A-Z0-9&]{2,11})\\s*\\)");
  std::smatch sm;
  std::string head = cf.substr(0, limit);
  // The head ends at the first stop word, but a "PREAMBLE" or "BACKGROUND"
  // heading above the first defined term is only a heading.
  {
    std::smatch ft;
    const size_t first_any = std::regex_search(head, ft, term) ? static_cast<size_t>(ft.position(0)) : head.size();
    size_t end = head.size();
    for (auto st = std::sregex_iterator(head.begin(), head.end(), stop); st != std::sregex_iterator(); ++st) {
      const std::string w = text::FoldText(st->str());
      if (static_cast<size_t>(st->position(0)) < first_any && (w == "preamble" || w == "background")) continue;
      end = st->position(0);
      break;
    }
    head.resize(end);
  }
  static const std::regex first_boundary(R"(\b(?:by and between|by and among|between|among|entre)\b\s*:?)", std::regex::icase);
  static const char* kNotParty[] = {"agreement", "contract", "effective date", "commencement date", "term", "initial term",
                                    "territory", "product", "products", "services", "service", "parties", "party",
                                    "confidential information", "date", "this agreement", "contrat", "la convention",
                                    "convention", "affiliate", "affiliates", "joint venture law", "company"};
  std::vector<std::string> names;
  size_t seg_start = 0;
  std::smatch first_term;
  const size_t first_term_pos =
      std::regex_search(head, first_term, term) ? static_cast<size_t>(first_term.position(0)) : head.size();
  // "between" counts only before the first defined term (not "... the
  // complete terms between the parties" further on).
  if (std::regex_search(head, sm, first_boundary) && static_cast<size_t>(sm.position(0)) < first_term_pos)
    seg_start = sm.position(0) + sm.length(0);
  else {
    // The sentence starts after the title.
    std::string tf = text::FoldText(title);
    size_t t = tf.empty() ? std::string::npos : p.fold.text.find(tf);
    if (t != std::string::npos && t < 600) seg_start = t + tf.size();
  }
  bool seg_start_is_term = false;
  for (auto it = std::sregex_iterator(head.begin(), head.end(), term); it != std::sregex_iterator(); ++it) {
    size_t b = it->position(0);
    int group = 1;
    while (group < 5 && !(*it)[group].matched) ++group;
    std::string defined = text::FoldText((*it)[group].str());
    const bool name_ahead = group >= 3;  // the name is the one just before the term
    if (b < seg_start) continue;
    std::string seg = head.substr(seg_start, b - seg_start);
    seg_start = b + it->length(0);
    const bool after_term = seg_start_is_term;
    seg_start_is_term = true;
    bool not_party = false;
    for (const char* n : kNotParty) not_party = not_party || defined == n;
    // 'JSC NOC KazakhOil, hereinafter referred to as the "Company"' names a party.
    if (name_ahead && group == 3 && defined == "company") not_party = false;
    if (not_party) continue;
    // Drop leading connectors and lower-case words ("authorizes", "and").
    size_t k = 0;
    while (k < seg.size()) {
      while (k < seg.size() && !std::isalnum(static_cast<unsigned char>(seg[k])) && seg[k] != '(') ++k;
      if (k < seg.size() && (std::islower(static_cast<unsigned char>(seg[k])) || seg[k] == '-')) {
        size_t sp = seg.find(' ', k);
        if (sp == std::string::npos || sp - k > 20) break;
        k = sp;
        continue;
      }
      break;
    }
    std::string rest = seg.substr(std::min(k, seg.size()));
    if (!names.empty() || after_term) {
      // After a defined term, the next party follows the last "and"
      // ('..., a Delaware limited liability company and Gridiron Inc').
      static const std::regex last_and(R"(.*\b(?:and|et)\s+(?=[A-Z(]))");
      std::smatch am;
      if (std::regex_search(rest, am, last_and)) rest = rest.substr(am.length(0));
    }
    std::string name;
    if (name_ahead) {
      name = TrailingName(seg);
      if (name.size() > 90 || !PlausibleParty(name, true) || !NameLike(name)) name.clear();
    }
    if (name.empty()) name = PartyName(rest);
    if (name.size() > 90 || !PlausibleParty(name, true) || !NameLike(name) || IsPlace(name)) continue;
    if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
    if (names.size() >= 6) break;
  }
  if (names.size() < 2) return std::nullopt;
  return extract::MakeField(names, 0.65, PageAt(p, 0), "defined-terms", kVersion, pages, names.front());
}

// Parties on labelled lines at the head of the contract ("Party A:
// Beijing ... Co., Ltd.", "Party B: ...", "Licensor: ...", "Le
// prestataire : ..."): two or more such lines whose values are names.
std::optional<Field> FindLabelledParties(const std::vector<Line>& lines, const std::vector<Page>& pages) {
  static const std::regex label(
      R"(^\s*(?:party\s+[a-d1-4]|(?:first|second|third)\s+party|partie\s+[a-d1-4]|licensor|licensee|)"
      R"(seller|buyer|supplier|customer|client|contractor|consultant|vendor|purchaser|distributor|)"
      R"((?:le|la)\s+(?:prestataire|client|fournisseur|vendeur|acheteur|distributeur)))"
      R"(\s*(?:\([^)]{0,30}\))?\s*(?::|\xEF\xBC\x9A)\s*(\S.*)$)",
      std::regex::icase);
  std::vector<std::string> names;
  int page = -1;
  size_t n = 0;
  for (const Line& l : lines) {
    if (++n > kPreambleLines) break;
    const std::string t = text::CollapseSpaces(l.text);
    std::smatch m;
    if (!std::regex_match(t, m, label)) continue;
    std::string name = PartyName(m[1].str());
    if (!PlausibleParty(name, true) || !NameLike(name)) continue;
    if (page < 0) page = l.page;
    if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
    if (names.size() >= 6) break;
  }
  if (names.size() < 2) return std::nullopt;
  return extract::MakeField(names, 0.7, page, "labelled-lines", kVersion, pages, names.front());
}


// The role a contract gives a party ("LE LOUEUR", "Party B", "Licensee",
// "Controller", "Le Donneur d'ordre"): articles and a trailing colon aside,
// one of the usual role names.
bool IsPartyRole(const std::string& segment) {
  static const std::regex role(
      R"(^(?:(?:le|la|les|l'|the)\s*)?(?:)"
      R"(party\s+[a-d1-4]|partie\s+[a-d1-4]|(?:first|second|third)\s+party|)"
      R"(loueur|locataire|bailleur|preneur|prestataire|client|fournisseur|vendeur|acheteur|concedant|licencie|)"
      R"(franchiseur|franchise|mandant|mandataire|agent commercial|agent|preteur|emprunteur|donneur d'ordre|)"
      R"(sous-traitant|employeur|salarie|cedant|cessionnaire|beneficiaire|maitre d'ouvrage|entrepreneur|)"
      R"(lessor|lessee|landlord|tenant|licensor|licensee|franchisor|franchisee|supplier|customer|buyer|seller|)"
      R"(purchaser|vendor|contractor|subcontractor|consultant|sponsor|lender|borrower|employer|employee|owner|)"
      R"(venue owner|hirer|controller|processor|distributor|principal|service provider|provider|recipient|)"
      R"(disclosing party|receiving party|investor|guarantor|company|reseller|revendeur|stagiaire|auteur|editeur|)"
      R"(organisme d'accueil|etablissement d'enseignement|partner|associe)\s*:?$)");
  // (numbered as a form's sections: "1. CLIENT", "2. PROVIDER")
  static const std::regex number(R"(^\s*\d{1,2}\s*[.)]\s*)");
  return std::regex_match(std::regex_replace(text::FoldText(text::CollapseSpaces(segment)), number, ""), role);
}

// A party's name read from a table cell or a labelled row: the name the
// cell starts with, when it looks like one.
std::string CellParty(const std::string& cell) {
  std::string name = PartyName(text::CollapseSpaces(cell));
  return PlausibleParty(name, true) && NameLike(name) && !IsPartyRole(name) ? name : std::string();
}

// Parties laid out as a table at the head of the contract: a row of roles
// ("LE LOUEUR      LE LOCATAIRE", "Party A      Party B") and, on one of the
// next lines, a name under each role (after a row label such as "Name" or
// "Dénomination" left of the first role). Every column must hold a name.
std::optional<Field> FindPartyColumns(const std::vector<Line>& lines, const std::vector<Page>& pages) {
  const size_t n = std::min(lines.size(), kPreambleLines * 2);
  for (size_t i = 0; i < n; ++i) {
    std::vector<Segment> head = Segments(lines[i].text);
    // A table's corner cell left of the roles ("Key Details      Company
    // Consultant") is no role.
    if (head.size() >= 3 && !IsPartyRole(head[0].text) && head[0].col <= 4) head.erase(head.begin());
    if (head.size() < 2 || head.size() > 4 ||
        !std::all_of(head.begin(), head.end(), [](const Segment& s) { return IsPartyRole(s.text); }))
      continue;
    for (size_t j = i + 1, seen = 0; j < n && seen < 3; ++j) {
      std::vector<Segment> row = Segments(lines[j].text);
      if (row.empty()) continue;
      ++seen;
      if (row.size() == head.size() + 1 && row[0].col + 2 < head[0].col) row.erase(row.begin());
      if (row.size() != head.size()) continue;
      std::vector<std::string> names;
      for (size_t k = 0; k < row.size(); ++k) {
        // Under its role: the two columns overlap.
        const bool under = row[k].col < head[k].col + head[k].width + 2 && head[k].col < row[k].col + row[k].width + 2;
        std::string name = under ? CellParty(row[k].text) : std::string();
        if (name.empty()) break;
        names.push_back(name);
      }
      std::vector<std::string> distinct = names;
      std::sort(distinct.begin(), distinct.end());
      if (names.size() == head.size() && std::unique(distinct.begin(), distinct.end()) == distinct.end())
        return extract::MakeField(names, 0.7, lines[j].page, "party-columns", kVersion, pages, names.front());
    }
  }
  return std::nullopt;
}

// Parties in the rows of a table under "Le présent avenant est conclu
// entre :" / "between:": a party's name is the first cell of a row whose
// next row, in the same column, gives its role ("Clinique des Tilleuls SAS
// SAS au capital ..." over "ci-après « le Client »   RCS Grenoble ..."),
// whatever header row stands above them. Two names or more, else nullopt.
std::optional<Field> FindPartyRows(const std::vector<Line>& lines, const std::vector<Page>& pages) {
  static const std::regex intro(R"(\b(?:entre|between|among)\b[^:]{0,50}:\s*$)");
  static const std::regex role(R"(^(?:ci-apres|ci apres|hereinafter|\(\s*(?:the|hereinafter|ci-apres)\b))");
  const size_t n = std::min(lines.size(), kPreambleLines * 2);
  for (size_t i = 0; i < n; ++i) {
    if (!std::regex_search(text::Trim(lines[i].folded), intro)) continue;
    std::vector<std::string> names;
    std::optional<Segment> above, above2;  // the previous printed lines' first cells
    for (size_t j = i + 1, seen = 0; j < n && seen < 24; ++j) {
      const std::vector<Segment> segs = Segments(lines[j].text);
      if (segs.empty()) continue;
      ++seen;
      const std::string first = text::FoldText(segs[0].text);
      // "ci-après dénommées ensemble « les Parties »" ends the table.
      static const std::regex all_of_them(R"(\b(?:ensemble|together|collectively|collectivement)\b)");
      if (std::regex_search(first, all_of_them)) break;
      const auto near = [](auto a, auto b) { return a > b ? a - b <= 2 : b - a <= 2; };
      if (std::regex_search(first, role) && above && near(above->col, segs[0].col)) {
        // (a name on two lines of its cell: "Fondation Kerlann pour" /
        // "l'Environnement")
        std::string cell = above->text;
        if (above2 && near(above2->col, above->col) && std::islower(static_cast<unsigned char>(cell[0])))
          cell = above2->text + " " + cell;
        const std::string name = CellParty(cell);
        if (!name.empty() && std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
      }
      above2 = above;
      above = segs[0];
    }
    if (names.size() >= 2) return extract::MakeField(names, 0.7, lines[i].page, "party-rows", kVersion, pages, names.front());
  }
  return std::nullopt;
}

// Parties on a form's labelled fields ("Raison sociale" over "LES VERGERS
// DE VAUNOISE SAS", "Nom, prénom   GOURVENNEC Mathilde", "Company name:
// ..."): the value on the label's line or, alone, on the next one. A
// person's name given surname first in capitals is turned round
// ("Mathilde GOURVENNEC"). Two or more different names.
std::optional<Field> FindFormParties(const std::vector<Line>& lines, const std::vector<Page>& pages) {
  static const std::regex label(
      R"(^\s*(raison sociale|denomination(?: sociale)?|nom,? (?:et )?prenoms?|nom et prenoms?|nom du salarie|)"
      R"(company name|name of (?:the )?company|legal name|full (?:legal )?name)\s*:?\s*)");
  static const std::regex surname_first(R"(^([A-Z][A-Z'-]+(?:\s+[A-Z][A-Z'-]+)?)\s+([A-Z][a-z].*)$)");
  std::vector<std::string> names;
  int page = -1;
  const size_t n = std::min(lines.size(), kPreambleLines);
  for (size_t i = 0; i < n; ++i) {
    std::smatch m;
    const std::string f = text::CollapseSpaces(lines[i].folded);
    if (!std::regex_search(f, m, label)) continue;
    const bool person = m[1].str().rfind("nom", 0) == 0;
    const std::string t = text::CollapseSpaces(lines[i].text);
    std::string value = text::Trim(std::string_view(t).substr(extract::OriginalOffset(t, m.length(0))));
    if (value.empty()) {  // the value alone on the next printed line
      for (size_t j = i + 1; j < n; ++j) {
        const std::string next = text::CollapseSpaces(lines[j].text);
        if (next.empty()) continue;
        if (!std::regex_search(text::CollapseSpaces(lines[j].folded), label)) value = next;
        break;
      }
    }
    std::smatch sm;
    if (person && std::regex_match(value, sm, surname_first)) value = sm[2].str() + " " + sm[1].str();
    const std::string name = CellParty(value);
    if (name.empty() || std::find(names.begin(), names.end(), name) != names.end()) continue;
    if (page < 0) page = lines[i].page;
    names.push_back(name);
    if (names.size() >= 4) break;
  }
  if (names.size() < 2) return std::nullopt;
  return extract::MakeField(names, 0.6, page, "form-fields", kVersion, pages, names.front());
}

// Parties on rows labelled by their role in a column of its own, without a
// colon ("Controller        Shelbourne Pharmacy Group Limited, a company
// ...", "Hirer        Sable & Finch Events Limited, company no. ..."): two
// or more such rows with different roles.
std::optional<Field> FindRoleRows(const std::vector<Line>& lines, const std::vector<Page>& pages) {
  std::vector<std::string> names, roles;
  int page = -1;
  const size_t n = std::min(lines.size(), kPreambleLines);
  for (size_t i = 0; i < n; ++i) {
    std::vector<Segment> row = Segments(lines[i].text);
    if (row.empty() || row[0].col > 4 || !IsPartyRole(row[0].text)) continue;
    if (row.size() == 1) {
      // The role set halfway down a cell of two lines ("Provider" between
      // "Cloudvane Software, Inc., 1 Market Plaza, Suite 3600, San" and
      // "Francisco, CA 94105"): the value's first line is the one above,
      // alone in the value column.
      const size_t label_end = row[0].col + row[0].width;
      for (size_t j : {i - 1, i + 1}) {
        if (j >= n) continue;  // (i - 1 wraps round for i = 0)
        const std::vector<Segment> other = Segments(lines[j].text);
        if (other.size() == 1 && other[0].col > label_end + 2) {
          row.push_back(other[0]);
          break;
        }
      }
      if (row.size() < 2) continue;
    }
    const std::string role = text::FoldText(row[0].text);
    std::string name = CellParty(row[1].text);
    if (name.empty() || std::find(roles.begin(), roles.end(), role) != roles.end() ||
        std::find(names.begin(), names.end(), name) != names.end())
      continue;
    if (page < 0) page = lines[i].page;
    roles.push_back(role);
    names.push_back(name);
    if (names.size() >= 6) break;
  }
  if (names.size() < 2) return std::nullopt;
  return extract::MakeField(names, 0.65, page, "role-rows", kVersion, pages, names.front());
}

// A party found only as the short name the contract defines for it ("ACM",
// "ETI") is given the full name the definition follows: 'American Champion
// Media, Inc. ("ACM")', 'ENTRUST TECHNOLOGIES INC., a Maryland corporation
// ("ETI")' - the run of capitalised words (and legal forms, "&", "of")
// that ends before the definition or before its ", a ... corporation".
void ExpandDefinedNames(const Preamble& p, Field& parties) {
  if (!parties.value.is_array()) return;
  const std::string& cf = p.case_fold.text;
  const std::string head = cf.substr(0, std::min<size_t>(cf.size(), 6000));
  for (auto& v : parties.value) {
    const std::string alias = v.get<std::string>();
    if (alias.size() > 12 || alias.find(' ') != std::string::npos) continue;
    std::string bare = alias;
    while (!bare.empty() && (bare.back() == '.' || bare.back() == ',')) bare.pop_back();
    if (bare.size() < 2) continue;
    const std::string def = "\"" + bare + "\"";
    size_t at = head.find(def);
    while (at != std::string::npos) {
      // The definition is bracketed: '(the "ACM")', '("ACM")'.
      size_t open = head.rfind('(', at);
      if (open != std::string::npos && at - open <= 30) break;
      at = head.find(def, at + 1);
    }
    if (at == std::string::npos) continue;
    size_t end = head.rfind('(', at);
    std::string before = head.substr(end > 160 ? end - 160 : 0, end - (end > 160 ? end - 160 : 0));
    // Drop a trailing description: ', a Maryland corporation,'.
    static const std::regex description(R"(,\s+(?:a|an)\s+[^,()]{0,60},?\s*$)");
    before = std::regex_replace(before, description, "");
    const std::string full = TrailingName(before);
    if (full.size() <= bare.size() || !NameLike(full) || !PlausibleParty(full, true)) continue;
    v = full;
  }
}

// ------------------------------------------------------------ dates

std::optional<Field> DateAfterLabel(const Preamble& p, const std::regex& label, size_t max_gap,
                                    double conf, dates::DateOrder order,
                                    const std::vector<Page>& pages, const char* method,
                                    size_t limit = 8000, bool this_agreement_only = false) {
  const std::string& lf = p.fold.text;
  std::string head = lf.substr(0, std::min(lf.size(), limit));
  // "... are parties to a Master Services Agreement dated 15 March 2023":
  // the date of another agreement, named with an article.
  static const std::regex another(
      R"(\b(?:a|an|the|that certain|said|such|certain|un|une|le|la|du|au)\s+(?:[\w-]+\s+){0,5}?)"
      R"((?:agreement|contract|lease|license|licence|contrat|convention|bail)\s*(?:\([^)]{0,40}\)\s*)?,?\s*$)");
  // "Order Form: No. CL-2023-1187 dated December 18, 2023", "(version
  // dated 1 September 2023)": the date of a document the contract refers to.
  static const std::regex other_document(
      R"(\b(?:order form|purchase order|order|proposal|quotation|quote|invoice|letter|version|statement of work|)"
      R"(request for proposals?|rfp|terms of business|standard terms|devis|bon de commande|offre)\b[^;]{0,40}$)");
  for (auto it = std::sregex_iterator(head.begin(), head.end(), label);
       it != std::sregex_iterator(); ++it) {
    if (this_agreement_only) {
      const size_t b = it->position(0), from = b > 80 ? b - 80 : 0;
      std::string before = head.substr(from, b - from);
      const size_t dot = before.rfind(". ");
      if (dot != std::string::npos) before = before.substr(dot + 2);
      if (std::regex_search(before, another) && before.find("this ") == std::string::npos) continue;
      // "Les Parties ont conclu, le 14 mars 2022, un contrat", "the parties
      // had entered into, on ...": a recital of an earlier signing.
      static const std::regex recalled(R"(\b(?:ont|avaient|avait|have|had)\s+(?:[a-z]+\s+)?$)");
      if (std::regex_search(before, recalled) && before.find("this ") == std::string::npos &&
          before.find("present") == std::string::npos)
        continue;
      // (over "No." abbreviations, which the sentence split above cuts at)
      const std::string near = head.substr(b > 50 ? b - 50 : 0, b > 50 ? 50 : b);
      if (std::regex_search(near, other_document) && near.find("this ") == std::string::npos) continue;
    }
    size_t le = it->position(0) + it->length(0);
    auto [ob, oe] = text::OriginalRange(p.fold, le, std::min(lf.size(), le + max_gap + 40));
    std::string_view window = std::string_view(p.text).substr(ob, oe - ob);
    auto found = dates::FindDates(window, order);
    for (const auto& d : found) {
      if (d.compact || d.short_year) continue;
      if (d.begin > max_gap) break;
      return extract::MakeField(d.iso, conf, PageAt(p, ob), method, kVersion, pages, d.raw);
    }
  }
  return std::nullopt;
}

// `all`: the whole document as one preamble (BuildPreamble of every line).
std::optional<Field> FindGoverningLaw(const Preamble& all, const std::vector<Page>& pages) {
  const std::string& lf = all.fold.text;
  // "laws of [the State of] X" shortly after a governing-law cue, or just
  // before one ("The laws of the State of California shall govern").
  static const std::regex cue(
      R"(\b(?:govern(?:ed|ing|s)?|constru(?:ed|ction)|interpret(?:ed|ation)|shall apply|regie?s?|soumise?s?|)"
      R"(droit applicable|loi applicable)\b)");
  // "laws and judicial decisions of", "laws, other than choice of law rules, of".
  static const std::regex law(
      R"(\b(?:laws?|legislation|droit|lois)(?:\s+and\s+[a-z ]{1,30}?|,[^,]{1,40},)?\s+)"
      R"((?:of|du|de la|de l'|des|de|in force in|(?:en vigueur\s+)?(?:en|au|aux))\s+(?:the\s+)?)"
      R"((?:state of|commonwealth of|province of|kingdom of|(?:la\s+)?province\s+(?:de|du)|(?:l')?etat\s+(?:de|du)|)"
      R"(canton\s+(?:de|du)|royaume\s+(?:de|du)|)?\s*)");
  static const std::regex name(
      R"(^((?:[A-Z][A-Za-z'-]*)(?:\s+(?:and\s+|of\s+)?[A-Z][A-Za-z'-]*){0,4}))");
  static const char* kStop[] = {"without", "applicable", "except", "excluding", "regardless",
                                "as", "in", "which", "that", "the", "this", "each", "any",
                                "with", "to", "for", "notwithstanding", "including", "other",
                                "shall", "governing", "article", "section"};
  // The place named at `start` (just after "laws of the State of"), cut at
  // the first stop word; empty when there is none or it names a convention
  // the parties exclude ("the United Nations Convention on ... is excluded").
  auto place_at = [&](size_t start, size_t* orig_begin) -> std::string {
    auto [ob, oe] = text::OriginalRange(all.fold, start, std::min(lf.size(), start + 80));
    *orig_begin = ob;
    std::string rest = text::Fold(std::string_view(all.text).substr(ob, oe - ob), false).text;
    // OCR reads a capital I as "l" ("Northern lreland", "lllinois"): no
    // word starts with l and a consonant.
    static const std::regex l_for_i(R"((^|\s)l(?=[bcdfghjklmnpqrstvwxz][a-z]))");
    rest = std::regex_replace(rest, l_for_i, "$1I");
    std::smatch nm;
    if (!std::regex_search(rest, nm, name)) return "";
    std::string v;
    for (const auto& w : text::SplitWords(nm[1].str())) {
      std::string f = text::FoldText(w);
      bool stop = false;
      for (const char* s : kStop) stop = stop || f == s;
      if (stop) break;
      v += (v.empty() ? "" : " ") + w;
    }
    // Trailing connectors ("New York and").
    while (true) {
      size_t sp = v.rfind(' ');
      if (sp == std::string::npos) break;
      std::string last = text::FoldText(v.substr(sp + 1));
      if (last != "and" && last != "of") break;
      v = v.substr(0, sp);
    }
    const std::string f = text::FoldText(v);
    if (v.size() < 3 || f.find("united nations") != std::string::npos || f.find("convention") != std::string::npos)
      return "";
    // A country named in French is reported by its English name, as the
    // adjectives below are ("en Belgique" and "droit belge": Belgium).
    static const std::pair<const char*, const char*> kFrench[] = {
        {"belgique", "Belgium"}, {"suisse", "Switzerland"}, {"allemagne", "Germany"}, {"espagne", "Spain"},
        {"italie", "Italy"},     {"pays-bas", "Netherlands"}, {"angleterre", "England"}, {"quebec", "Quebec"},
        {"irlande", "Ireland"},  {"ecosse", "Scotland"}};
    for (const auto& [fr, en] : kFrench)
      if (f == fr) return en;
    return v;
  };
  for (auto it = std::sregex_iterator(lf.begin(), lf.end(), cue); it != std::sregex_iterator(); ++it) {
    const size_t c = it->position(0);
    size_t ob = 0;
    std::smatch m;
    std::string after = lf.substr(c, 250);
    if (std::regex_search(after, m, law)) {
      std::string v = place_at(c + m.position(0) + m.length(0), &ob);
      if (!v.empty()) return extract::MakeField(v, 0.7, PageAt(all, ob), "pattern", kVersion, pages, v);
    }
    // The law named just before the cue, in the same sentence.
    const size_t from = c > 150 ? c - 150 : 0;
    std::string before = lf.substr(from, c - from);
    size_t dot = before.rfind(". ");
    if (dot != std::string::npos) before = before.substr(dot + 2);
    const size_t before_at = c - before.size();
    size_t last = std::string::npos, last_len = 0;
    for (auto lm = std::sregex_iterator(before.begin(), before.end(), law); lm != std::sregex_iterator(); ++lm) {
      // In English only: a French "droit de ..." before "soumis" is a right
      // ("un droit de préemption"), not a law.
      if (lm->str().rfind("law", 0) != 0 && lm->str().rfind("legislation", 0) != 0) continue;
      last = lm->position(0);
      last_len = lm->length(0);
    }
    if (last != std::string::npos) {
      std::string v = place_at(before_at + last + last_len, &ob);
      if (!v.empty()) return extract::MakeField(v, 0.65, PageAt(all, ob), "pattern", kVersion, pages, v);
    }
  }
  // A law named by its adjective after a cue: "soumis au droit français",
  // "régi par la loi belge", "governed by English law".
  static const std::regex adjective(
      R"(\b(?:droit|loi|legislation)(?:\s+(?:du\s+travail|civil|commercial|des\s+affaires|federale?))?\s+(francais|francaise|belge|suisse|luxembourgeois|luxembourgeoise|)"
      R"(allemand|allemande|monegasque|canadien|quebecois|espagnol|italien|neerlandais|anglais)\b|)"
      R"(\b(english|french|german|swiss|belgian|dutch|irish|scottish|scots|luxembourg|italian|spanish)\s+law\b)");
  static const std::pair<const char*, const char*> kCountries[] = {
      {"francais", "France"},       {"francaise", "France"},     {"belge", "Belgium"},
      {"suisse", "Switzerland"},    {"luxembourgeois", "Luxembourg"}, {"luxembourgeoise", "Luxembourg"},
      {"allemand", "Germany"},      {"allemande", "Germany"},    {"monegasque", "Monaco"},
      {"canadien", "Canada"},       {"quebecois", "Quebec"},     {"espagnol", "Spain"},
      {"italien", "Italy"},         {"neerlandais", "Netherlands"}, {"anglais", "England"},
      {"english", "England"},       {"french", "France"},        {"german", "Germany"},
      {"swiss", "Switzerland"},     {"belgian", "Belgium"},      {"dutch", "Netherlands"},
      {"irish", "Ireland"},         {"scottish", "Scotland"},    {"scots", "Scotland"},    {"luxembourg", "Luxembourg"},
      {"italian", "Italy"},         {"spanish", "Spain"}};
  for (auto it = std::sregex_iterator(lf.begin(), lf.end(), cue); it != std::sregex_iterator(); ++it) {
    std::smatch m;
    const std::string after = lf.substr(it->position(0), 80);
    if (!std::regex_search(after, m, adjective)) continue;
    const std::string adj = m[1].matched ? m[1].str() : m[2].str();
    for (const auto& [a, country] : kCountries) {
      if (adj != a) continue;
      auto [ob, oe] = text::OriginalRange(all.fold, it->position(0) + m.position(0),
                                          it->position(0) + m.position(0) + m.length(0));
      return extract::MakeField(country, 0.65, PageAt(all, ob), "pattern", kVersion, pages,
                                std::string(std::string_view(all.text).substr(ob, oe - ob)));
    }
  }
  // No cue: "in accordance with the laws of X" anywhere, but not where a
  // party is "organized and existing under the laws of" its home state.
  static const std::regex incorporation(
      R"(\b(?:organi[sz]ed|incorporated|existing|formed|registered|established|constituee?|immatricule)\b)");
  for (auto lm = std::sregex_iterator(lf.begin(), lf.end(), law); lm != std::sregex_iterator(); ++lm) {
    const size_t at = lm->position(0);
    const size_t from = at > 60 ? at - 60 : 0;
    if (std::regex_search(lf.substr(from, at - from), incorporation)) continue;
    size_t ob = 0;
    std::string v = place_at(at + lm->length(0), &ob);
    if (!v.empty()) return extract::MakeField(v, 0.4, PageAt(all, ob), "laws-of", kVersion, pages, v);
  }
  return std::nullopt;
}

// A line that opens with a place and "le" and its date ("Luxembourg, le
// 17.02.2025, en deux exemplaires originaux.", "Lausanne, le 2 octobre
// 2024"): the French way to date a signed paper, the first such line.
std::optional<Field> PlaceDateLine(const std::vector<Line>& lines, dates::DateOrder order,
                                   const std::vector<Page>& pages) {
  // A place's name: capitalised words and their connectors ("Aix-en-Provence",
  // "Saint-Julien-en-Genevois"), never a sentence ("Les Parties ont conclu, le
  // 14 mars 2022, ...").
  static const std::regex place_le(
      R"(^[A-Z][A-Za-z']*(?:[ -](?:[A-Z][A-Za-z']*|en|de|du|des|sur|sous|les|la|le|aux|lez|l'[A-Za-z]+)){0,5},\s+le\s+(?=\d|1er))");
  for (const Line& l : lines) {
    const std::string f = text::CollapseSpaces(text::Fold(l.text, false).text);
    std::smatch m;
    if (!std::regex_search(f, m, place_le)) continue;
    const std::string t = text::CollapseSpaces(l.text);
    const std::string_view rest = std::string_view(t).substr(extract::OriginalOffset(t, m.length(0)));
    for (const auto& d : dates::FindDates(rest, order)) {
      if (d.begin > 2 || d.compact || d.short_year) break;
      return extract::MakeField(d.iso, 0.75, l.page, "place-date-line", kVersion, pages, d.raw);
    }
  }
  return std::nullopt;
}

// The signing date when the preamble gives none: a date in the execution
// clause ("IN WITNESS WHEREOF ... on November 8, 2002", "Signed and effective
// this 25th day of May, 1999") or the latest date of the signature blocks
// after it ("Date: 1/27/2020").
std::optional<Field> SigningDate(const Preamble& all, dates::DateOrder order, const std::vector<Page>& pages) {
  const std::string& lf = all.fold.text;
  static const std::regex executed(
      R"(\b(?:signed(?:\s+and\s+effective)?|executed|entered\s+into|made|dated|fait\s+a\s+[a-z' -]{1,40},?|signe|conclu)\s+)"
      R"((?:and\s+delivered\s+)?(?:this|on|as\s+of|le|en\s+date\s+du)\s+(?:the\s+)?)");
  for (auto it = std::sregex_iterator(lf.begin(), lf.end(), executed); it != std::sregex_iterator(); ++it) {
    size_t e = it->position(0) + it->length(0);
    auto [ob, oe] = text::OriginalRange(all.fold, e, std::min(lf.size(), e + 50));
    for (const auto& d : dates::FindDates(std::string_view(all.text).substr(ob, oe - ob), order)) {
      if (d.begin > 8 || d.compact || d.short_year) break;
      return extract::MakeField(d.iso, 0.6, PageAt(all, ob), "execution-clause", kVersion, pages, d.raw);
    }
  }
  size_t w = lf.rfind("in witness whereof");
  if (w == std::string::npos) w = lf.rfind("en foi de quoi");
  double conf = 0.5;
  size_t from = w, to = w == std::string::npos ? w : std::min(lf.size(), w + 1500);
  if (w == std::string::npos) {
    // No execution clause: the signature blocks themselves, found by their
    // marks ("/s/ John Dick", "By: ____", "Signature :") in the last 40 % of
    // the text; their dates lie just above or under the signatures
    // ("Hamburg, November 19th, 2012", "19 Jan. 1998").
    static const std::regex mark(
        R"((?:^|\s)(?:/s/|\\s\\|by\s*:|signature\s*:|signed\s*:|signe\s*:|(?:signed\s+)?for\s+and\s+on\s+behalf\s+of\b|)"
        // "Signed by the duly authorized representatives of the Parties:"
        R"(signed\s+by\s+(?:the\s+)?(?:duly\s+)?(?:authori[sz]ed\s+)?(?:representatives|signatories)\b|)"
        // A form's signature boxes: "5. SIGNED FOR THE CLIENT".
        R"(signed\s+for\s+the\s+(?:client|customer|provider|supplier|contractor|company|buyer|seller)\b|)"
        // "Fait à Lille, en deux exemplaires originaux." (its date, if any,
        // was read by the signature-line rule), "Établi en deux
        // exemplaires", "Lu et approuvé", a line "Lausanne, le 2 octobre".
        R"(fait\s+a\s+[a-z' -]{2,40}[,.]|(?:etabli|fait|signe)\s+en\s+(?:deux|trois|double|triple|\d)\s+exemplaires|)"
        R"(lu\s+et\s+approuve|\n[a-z][a-z' -]{1,30},\s+le\s+(?:\d|1er)))");
    std::smatch m;
    const size_t tail = lf.size() * 6 / 10;
    if (!std::regex_search(lf.begin() + static_cast<long>(tail), lf.end(), m, mark)) return std::nullopt;
    const size_t at = tail + static_cast<size_t>(m.position(0));
    // A French closing formula comes before the signatures and their dates:
    // the text above it is the contract's (its term's dates).
    const bool closing = m.str().find("/s/") == std::string::npos && m.str().find(':') == std::string::npos &&
                         m.str().find("behalf") == std::string::npos && m.str().find("\\s\\") == std::string::npos;
    from = closing ? at : at > 300 ? at - 300 : 0;
    to = std::min(lf.size(), at + 600);
    conf = 0.4;
  }
  auto [ob, oe] = text::OriginalRange(all.fold, from, to);
  std::string window = all.text.substr(ob, oe - ob);
  if (w == std::string::npos) {
    // A line printed again and again (a filing's running footer "Source:
    // ..., 9/18/2006") is page furniture, not a signature's date: blanked.
    for (size_t k = 0; k < all.line_starts.size(); ++k) {
      const size_t lb = all.line_starts[k].first;
      const size_t le = k + 1 < all.line_starts.size() ? all.line_starts[k + 1].first - 1 : all.text.size();
      if (le <= ob || lb >= oe || le - lb < 8) continue;
      const std::string_view line(all.text.data() + lb, le - lb);
      const size_t first = all.text.find(line);
      if (all.text.find(line, first + line.size()) == std::string::npos) continue;
      for (size_t i = std::max(lb, ob); i < std::min(le, oe); ++i) window[i - ob] = ' ';
    }
  }
  // A text layer's letter spacing splits ordinals ("19t h"): joined again.
  static const std::regex split_ordinal(R"((\d)(s) ?(t)\b|(\d)(n|r) ?(d)\b|(\d)(t) ?(h)\b)");
  window = std::regex_replace(window, split_ordinal, "$1$2$3$4$5$6$7$8$9");
  std::optional<dates::DateMatch> latest;
  for (const auto& d : dates::FindDates(window, order)) {
    if (d.compact || (d.short_year && w == std::string::npos)) continue;
    if (!latest || d.iso > latest->iso) latest = d;
  }
  if (!latest) return std::nullopt;
  return extract::MakeField(latest->iso, conf, PageAt(all, std::min(oe, ob + latest->begin)),
                            w == std::string::npos ? "signature-block" : "signature", kVersion, pages, latest->raw);
}

Field DurationField(const contract_terms::Duration& d, const Preamble& all, size_t offset,
                    const std::vector<Page>& pages) {
  Field f;
  f.value = d.Iso();
  f.confidence = 0.6;
  f.page = PageAt(all, offset);
  f.method = "pattern";
  f.extractor_version = kVersion;
  return f;
}

}  // namespace

Fields ExtractContract(const Classification& /*c*/, const std::vector<Page>& pages) {
  Fields out;
  const std::vector<Line> lines = extract::DocumentLines(pages);
  if (auto t = FindTitle(lines, pages)) out["title"] = *t;
  const Preamble pre = BuildPreamble(lines, kPreambleLines);
  // A heading that is only the tail of the name the opening sentence gives
  // ("AGREEMENT" over "This Promotion Agreement ...", "DISTRIBUTOR
  // AGREEMENT" over "THIS EXCLUSIVE DISTRIBUTOR AGREEMENT") gives way to it.
  if (std::string named = NameInOpeningSentence(pre.text); !named.empty()) {
    const std::string nf = text::FoldText(named);
    if (!out.count("title")) {
      out["title"] = extract::MakeField(named, 0.5, PageAt(pre, 0), "opening-sentence", kVersion, pages, named);
    } else {
      const std::string tf = text::FoldText(out["title"].value.get<std::string>());
      if (nf != tf && nf.size() > tf.size() && nf.compare(nf.size() - tf.size(), tf.size(), tf) == 0 &&
          nf[nf.size() - tf.size() - 1] == ' ') {
        out["title"].value = named;
        out["title"].method = "opening-sentence";
      }
    }
  }
  // Tables of parties and a letter's blocks are read from recognised pages
  // laid out as printed (their columns kept apart), not in Tesseract's
  // block order.
  const bool recognised = std::any_of(pages.begin(), pages.end(), [](const Page& p) { return p.source == "ocr"; });
  const std::vector<Line> table_lines = recognised ? extract::LayoutLines(pages) : std::vector<Line>{};
  const std::vector<Line>& tables = recognised ? table_lines : lines;
  if (auto p = FindParties(pre, pages)) out["parties"] = *p;
  else if (auto c = FindPartyColumns(tables, pages)) out["parties"] = *c;
  else if (auto r = FindPartyRows(tables, pages)) out["parties"] = *r;
  else if (auto l = FindLabelledParties(lines, pages)) out["parties"] = *l;
  else if (auto r = FindRoleRows(lines, pages)) out["parties"] = *r;
  else if (auto ff = FindFormParties(lines, pages)) out["parties"] = *ff;
  else if (auto d = FindPartiesByDefinedTerms(pre, out.count("title") ? out["title"].value.get<std::string>() : "", pages))
    out["parties"] = *d;
  std::string all_text;
  for (const auto& l : lines) all_text += l.text + "\n";
  const dates::DateOrder order = dates::InferDateOrder(all_text);
  // A contract set out as a letter: its sender and addressee
  // (contract_letter.h), its signature blocks side by side ("Pour Lefort &
  // Associés" beside "Bon pour accord").
  const auto letter = contract_letter::ReadLetter(tables, order);
  // Its subject names it when no heading does ("Objet : Lettre de mission").
  if (!out.count("title") && letter && !letter->subject.empty() && HasContractWord(text::FoldText(letter->subject)))
    out["title"] = extract::MakeField(letter->subject, 0.55, tables[letter->salutation].page, "letter-subject",
                                      kVersion, pages, letter->subject);
  if (!out.count("parties") && letter) {
    std::vector<std::string> names;
    for (const std::string& n : {letter->sender, letter->addressee})
      if (PlausibleParty(n, names.empty()) && (names.empty() || text::FoldText(names[0]) != text::FoldText(n)))
        names.push_back(n);
    if (!names.empty())
      out["parties"] = extract::MakeField(names, names.size() == 2 ? 0.6 : 0.4, tables[letter->salutation].page,
                                          "letter", kVersion, pages, names.front());
  }
  if (out.count("parties")) ExpandDefinedNames(pre, out["parties"]);

  static const std::regex agreement_label(
      R"(\b(?:dated(?: as of)?(?: this)?|made (?:and entered into )?(?:as of|on|this|effective)?|)"
      R"(entered into (?:as of|on|this|effective(?: as of)?)?|executed (?:as of|on)|)"
      R"(as of|en date du|(?:fait|signe) a [a-z' -]{1,40},? le|signe le|conclu le|dat(?:e|ed) le|)"
      // A table's row: "Agreement Date   April 22, 2024".
      R"((?:(?:agreement|contract) date|date of (?:this )?(?:agreement|contract)|signature date|date of signature|)"
      R"(date de (?:la )?signature|date du contrat)\s*:?(?=\s*(?:\d|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d)))\s*)");
  const Preamble all = BuildPreamble(lines, 100000);
  // A French signature line ("Fait à Bordeaux, le 18 novembre 2024", "Fait
  // en double exemplaire à Nantes, le ...", "Fait le ...") is the
  // signing date wherever it stands: an avenant's preamble recalls that the
  // parties "ont conclu le 2 janvier 2023" the contract it amends.
  static const std::regex signed_at(R"(\bfait\s+(?:(?:en\s+(?:double|triple|deux|trois|\d)\s+exemplaires?(?:\s+originaux)?,?\s+)?a\s+[a-z' -]{1,40},?\s+)?le\s*|)"
      R"(\bsigne\s+a\s+[a-z' -]{1,40},?\s+le\s*)");
  auto date = DateAfterLabel(all, signed_at, 30, 0.8, order, pages, "signature-line", all.fold.text.size());
  // A letter is dated by its date line, not by the dates its text recalls
  // ("our Standard Terms (version dated 1 September 2023)") nor by its
  // countersignature.
  if (!date && letter && letter->date)
    date = extract::MakeField(letter->date->iso, 0.6, letter->date_page, "letter-date", kVersion, pages,
                              letter->date->raw);
  if (!date) date = PlaceDateLine(lines, order, pages);
  if (!date) date = DateAfterLabel(pre, agreement_label, 60, 0.8, order, pages, "label", 8000, true);
  if (!date) {
    // Said anywhere: "14.6 This Agreement is dated April 29, 2010."
    static const std::regex this_is_dated(
        R"(\bthis (?:agreement|contract|contrat) (?:is|was|has been|est) (?:dated|made|signed|executed|entered into|)"
        R"(signe|conclu|fait)(?: as of| on| le)?\s*)");
    date = DateAfterLabel(all, this_is_dated, 30, 0.75, order, pages, "label", all.fold.text.size());
  }
  if (!date) date = SigningDate(all, order, pages);
  if (!date) {
    // Fallback: the first full date in the preamble.
    const std::string head = pre.text.substr(0, std::min<size_t>(pre.text.size(), 2000));
    auto found = dates::FindDates(head, order);
    // Not the date of a law or a birth ("association régie par la loi du
    // 1er juillet 1901", "née le 4 août 1988").
    static const std::regex not_signing(
        R"((?:\bloi|\blaw|\bact|\bdecret|\bnee?|\bborn)\b[^.;]{0,12}$|)"
        // Nor that of another agreement the text recalls ("are parties to a
        // Master Services Agreement dated 15 March 2023").
        R"(\b(?:agreement|contract|lease)\s+dated\s*(?:as of\s*)?$)");
    for (const auto& d : found)
      if (!d.compact && !d.short_year &&
          !std::regex_search(text::FoldText(head.substr(d.begin >= 24 ? d.begin - 24 : 0, std::min<size_t>(d.begin, 24))),
                             not_signing)) {
        date = extract::MakeField(d.iso, 0.45, PageAt(pre, d.begin), "fallback", kVersion, pages, d.raw);
        break;
      }
  }
  if (date) out["agreement_date"] = *date;

  const contract_terms::TermClauses terms = contract_terms::Clauses(all.text, order);
  static const std::regex effective_label(
      R"(\b(?:effective (?:as of|on|from)|effective date (?:of|is|shall be)|with effect from|)"
      R"(prend(?:ra)? (?:effet|cours) le|entre(?:ra)? en vigueur le|debute(?:ra)? le)\s*:?\s*)");
  if (auto e = DateAfterLabel(pre, effective_label, 40, 0.7, order, pages, "label")) {
    out["effective_date"] = *e;
  } else {
    // "... made as of June 1, 2020 (the "Effective Date")": the last date
    // shortly before the defined term.
    const std::string& lf = pre.fold.text;
    size_t d = lf.find("\"effective date\")");
    if (d == std::string::npos) d = lf.find("effective date\")");
    if (d != std::string::npos && d < 8000) {
      size_t from = d > 120 ? d - 120 : 0;
      auto [ob, oe] = text::OriginalRange(pre.fold, from, d);
      std::string_view window = std::string_view(pre.text).substr(ob, oe - ob);
      auto found = dates::FindDates(window, order);
      if (!found.empty() && !found.back().compact && window.size() - found.back().end < 30)
        out["effective_date"] = extract::MakeField(found.back().iso, 0.65, PageAt(pre, ob), "defined-term",
                                                   kVersion, pages, found.back().raw);
    }
  }
  if (!out.count("effective_date") && terms.effective_is_agreement_date && out.count("agreement_date")) {
    Field f = out["agreement_date"];
    f.confidence = std::min(0.7, f.confidence);
    f.method = "defined-as-agreement-date";
    out["effective_date"] = f;
  }
  if (!out.count("effective_date") && terms.effective)
    out["effective_date"] = extract::MakeField(terms.effective->iso, 0.65, PageAt(all, terms.effective->offset),
                                               "label", kVersion, pages, terms.effective->raw);
  if (!out.count("effective_date") && terms.term_start)
    out["effective_date"] = extract::MakeField(terms.term_start->iso, 0.6, PageAt(all, terms.term_start->offset),
                                               "term-start", kVersion, pages, terms.term_start->raw);
  if (!out.count("effective_date") && out.count("agreement_date")) {
    // Most contracts take effect when signed, said so or not.
    Field f = out["agreement_date"];
    f.confidence = std::min(0.5, f.confidence);
    f.method = "agreement-date";
    out["effective_date"] = f;
  }

  if (terms.expiration) {
    out["expiration_date"] = extract::MakeField(terms.expiration->iso, 0.75, PageAt(all, terms.expiration->offset),
                                                "label", kVersion, pages, terms.expiration->raw);
  } else if (terms.term) {
    // "for a term of N years from ...": computed, so less certain.
    std::string start = terms.term_start ? terms.term_start->iso
                        : out.count("effective_date") ? out["effective_date"].value.get<std::string>()
                                                      : std::string();
    // A term of N years from June 1 runs to May 31: its last day is the day
    // before the anniversary (as contracts that state both dates put it).
    std::string end = start.empty() ? ""
                                    : contract_terms::AddDuration(contract_terms::AddDuration(start, *terms.term),
                                                                  contract_terms::Duration{0, 0, -1});
    if (!end.empty()) {
      Field f;
      f.value = end;
      f.confidence = 0.45;
      f.page = PageAt(all, terms.term_offset);
      f.method = "computed";
      f.extractor_version = kVersion;
      out["expiration_date"] = f;
    }
  }
  if (terms.renewal) out["renewal_term"] = DurationField(*terms.renewal, all, terms.renewal_offset, pages);
  if (terms.notice) out["notice_period"] = DurationField(*terms.notice, all, terms.notice_offset, pages);
  // An expiration before the start means one of them is wrong.
  if (out.count("expiration_date") && out.count("effective_date") &&
      out["expiration_date"].value.get<std::string>() <= out["effective_date"].value.get<std::string>()) {
    out["expiration_date"].confidence *= 0.5;
    out["expiration_date"].method += "+date-check-failed";
  }
  if (auto g = FindGoverningLaw(all, pages)) out["governing_law"] = *g;
  return out;
}

}  // namespace docflow
