#include "extractors/contract_terms.h"

#include <algorithm>
#include <cstdio>
#include <regex>

#include "classifiers/text_norm.h"

namespace docflow::contract_terms {
namespace {

struct NumberWord {
  const char* word;
  int value;
};

// Folded number words, English and French (longest first where one is a
// prefix of another).
constexpr NumberWord kNumbers[] = {
    {"twenty-four", 24}, {"twenty four", 24}, {"thirty-six", 36}, {"thirty six", 36},
    {"forty-five", 45}, {"forty five", 45}, {"quatre-vingt-dix", 90}, {"quatre vingt dix", 90},
    {"one hundred twenty", 120}, {"one hundred eighty", 180}, {"one", 1}, {"two", 2}, {"three", 3},
    {"four", 4}, {"five", 5}, {"six", 6}, {"seven", 7}, {"eight", 8}, {"nine", 9}, {"ten", 10},
    {"eleven", 11}, {"twelve", 12}, {"fifteen", 15}, {"eighteen", 18}, {"twenty", 20}, {"thirty", 30},
    {"forty", 40}, {"fifty", 50}, {"sixty", 60}, {"ninety", 90}, {"une", 1}, {"un", 1}, {"deux", 2},
    {"trois", 3}, {"quatre", 4}, {"cinq", 5}, {"sept", 7}, {"huit", 8}, {"neuf", 9}, {"dix", 10},
    {"douze", 12}, {"quinze", 15}, {"vingt", 20}, {"trente", 30}, {"soixante", 60},
};

const std::regex& DurationRe() {
  static const std::regex re = [] {
    std::string words;
    for (const auto& n : kNumbers) words += std::string(words.empty() ? "" : "|") + n.word;
    return std::regex("(?:^|[^a-z0-9])(?:(\\d{1,3})|(" + words +
                      "))(?:\\s*\\(\\s*(\\d{1,3})\\s*\\)|\\s*\\([a-z -]+\\))?[\\s-]*"
                      "(?:full\\s+|calendar\\s+|consecutive\\s+|additional\\s+|successive\\s+|business\\s+|"
                      "further\\s+|renewal\\s+|initial\\s+)?"
                      "(years?|months?|days?|weeks?|ans|an|annees?|mois|jours|jour|semaines?)(?![a-z])");
  }();
  return re;
}

int WordValue(const std::string& w) {
  for (const auto& n : kNumbers)
    if (w == n.word) return n.value;
  return 0;
}

// Days since 1970-01-01 for a civil date (Howard Hinnant's algorithm).
long DaysFromCivil(int y, int m, int d) {
  y -= m <= 2;
  const long era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long>(doe) - 719468;
}

void CivilFromDays(long z, int& y, int& m, int& d) {
  z += 719468;
  const long era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  y = static_cast<int>(yoe + era * 400 + (m <= 2));
}

int DaysInMonth(int y, int m) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kDays[m - 1];
}

// The first date in original[from, from + gap + 40) that starts within `gap`
// bytes of `from` (skipping compact forms, and two-digit-year forms unless
// allow_short_year: after an explicit label).
std::optional<DatedClause> DateSoonAfter(std::string_view original, size_t from, size_t gap,
                                         dates::DateOrder order, bool allow_short_year = false) {
  if (from >= original.size()) return std::nullopt;
  std::string_view window = original.substr(from, std::min(original.size() - from, gap + 40));
  for (const auto& d : dates::FindDates(window, order)) {
    if (d.begin > gap) break;
    if (d.compact || (d.short_year && !allow_short_year)) continue;
    return DatedClause{d.iso, d.raw, from + d.begin};
  }
  return std::nullopt;
}

// The date that ends just before `to` in `original` (", " and spaces
// between), nullopt when there is none.
std::optional<DatedClause> DateJustBefore(std::string_view original, size_t to, dates::DateOrder order) {
  const size_t from = to > 60 ? to - 60 : 0;
  std::string_view window = original.substr(from, std::min(to, original.size()) - from);
  std::optional<DatedClause> last;
  for (const auto& d : dates::FindDates(window, order)) {
    if (d.compact || d.short_year) continue;
    if (window.substr(d.end).find_first_not_of(" ,\n") != std::string_view::npos) continue;
    last = DatedClause{d.iso, d.raw, from + d.begin};
  }
  return last;
}

bool ContainsAny(std::string_view hay, std::initializer_list<const char*> words) {
  for (const char* w : words)
    if (hay.find(w) != std::string_view::npos) return true;
  return false;
}

// Folded text [b, e) clamped to the string.
std::string_view Slice(const std::string& s, size_t b, size_t e) {
  b = std::min(b, s.size());
  e = std::min(std::max(e, b), s.size());
  return std::string_view(s).substr(b, e - b);
}

}  // namespace

std::string Duration::Iso() const {
  if (empty()) return "";
  std::string out = "P";
  if (years) out += std::to_string(years) + "Y";
  if (months) out += std::to_string(months) + "M";
  if (days) out += std::to_string(days) + "D";
  return out;
}

std::optional<DurationMatch> FindDuration(std::string_view folded) {
  std::string s(folded);
  std::smatch m;
  if (!std::regex_search(s, m, DurationRe())) return std::nullopt;
  int n = 0;
  if (m[3].matched) n = std::stoi(m[3].str());         // "three (3)": the digits
  else if (m[1].matched) n = std::stoi(m[1].str());
  else n = WordValue(m[2].str());
  if (n <= 0) return std::nullopt;
  const std::string unit = m[4].str();
  Duration d;
  if (unit.rfind("year", 0) == 0 || unit == "an" || unit == "ans" || unit.rfind("annee", 0) == 0) d.years = n;
  else if (unit.rfind("month", 0) == 0 || unit == "mois") d.months = n;
  else if (unit.rfind("week", 0) == 0 || unit.rfind("semaine", 0) == 0) d.days = 7 * n;
  else d.days = n;
  const size_t b = static_cast<size_t>(m[1].matched ? m.position(1) : m.position(2));
  return DurationMatch{d, b, static_cast<size_t>(m.position(0) + m.length(0))};
}

std::string AddDuration(const std::string& iso, const Duration& d) {
  int y = 0, m = 0, day = 0;
  if (iso.size() != 10 || std::sscanf(iso.c_str(), "%d-%d-%d", &y, &m, &day) != 3 || m < 1 || m > 12) return "";
  int months = m - 1 + d.months + 12 * d.years;
  y += months / 12;
  m = months % 12 + 1;
  day = std::min(day, DaysInMonth(y, m));
  long z = DaysFromCivil(y, m, day) + d.days;
  CivilFromDays(z, y, m, day);
  auto out = dates::MakeIso(y, m, day);
  return out ? *out : "";
}

TermClauses Clauses(std::string_view text, dates::DateOrder order) {
  TermClauses out;
  const text::Folded fold = text::Fold(text);
  const std::string& f = fold.text;
  auto orig = [&](size_t folded_pos) { return fold.orig[std::min(folded_pos, f.size())]; };

  // --- a date named by what follows it: "le 15 janvier 2025, date à
  // laquelle le présent contrat prend effet", "au plus tard le 15 juillet
  // 2028, date d'échéance finale du présent contrat".
  static const std::regex apposed_start(
      R"(,\s*(?:soit\s+)?(?:la\s+)?date\s+(?:a\s+laquelle\s+(?:le\s+present\s+\w+|la\s+presente\s+\w+|il|elle)\s+)"
      R"((?:prend|prendra|entre|entrera)\s+(?:effet|en\s+vigueur|cours)|de\s+prise\s+d'effet|d'effet|d'entree\s+en\s+vigueur))");
  static const std::regex apposed_end(
      R"(,\s*(?:soit\s+)?(?:la\s+)?date\s+(?:d'echeance(?:\s+finale)?|d'expiration|de\s+fin|)"
      R"(a\s+laquelle\s+(?:le\s+present\s+\w+|la\s+presente\s+\w+|il|elle)\s+(?:prend|prendra)\s+fin))");
  std::optional<DatedClause> apposed_expiration;
  {
    std::smatch m;
    if (std::regex_search(f, m, apposed_start)) out.effective = DateJustBefore(text, orig(m.position(0)), order);
    if (std::regex_search(f, m, apposed_end)) apposed_expiration = DateJustBefore(text, orig(m.position(0)), order);
  }

  // --- effective date: a definition ('"EFFECTIVE DATE" means 12:01 a.m.
  // Eastern Standard Time on March 3, 2003'), else an explicit label.
  static const std::regex effective_means(R"(\b(?:effective|commencement|start) date\W{0,3}\s+(?:shall\s+)?means?\s+)");
  for (auto it = std::sregex_iterator(f.begin(), f.end(), effective_means); !out.effective && it != std::sregex_iterator(); ++it) {
    if (auto d = DateSoonAfter(text, orig(it->position(0) + it->length(0)), 60, order)) {
      out.effective = d;
      break;
    }
  }
  // ... and the end defined the same way ('"Final Repayment Date" means 31
  // January 2028', "Expiry Date means ...").
  static const std::regex expiration_means(
      R"(\b(?:final\s+repayment|maturity|expiry|expiration|termination|end)\s+date\W{0,3}\s+(?:shall\s+)?means?\s+)");
  for (auto it = std::sregex_iterator(f.begin(), f.end(), expiration_means);
       !apposed_expiration && it != std::sregex_iterator(); ++it)
    apposed_expiration = DateSoonAfter(text, orig(it->position(0) + it->length(0)), 60, order);
  static const std::regex effective(
      R"(\b(?:effective\s+(?:as\s+of|on|from|date\s+(?:of\s+this\s+agreement\s+)?(?:is|shall\s+be|will\s+be)|date\s*:)|)"
      R"(commenc(?:ing|es|e)\s+(?:on|upon|as\s+of)|with\s+effect\s+from|start(?:ing|s)?\s+on|begin(?:ning|s)?\s+on|)"
      R"(takes?\s+effect\s+(?:on|from|as\s+of)|enters?\s+into\s+force\s+(?:on|as\s+of)|)"
      R"(prend(?:ra)?\s+effet\s+(?:le|a\s+compter\s+du|au)|entre(?:ra)?\s+en\s+vigueur\s+le|a\s+compter\s+du|)"
      R"(commence(?:r|ra|ront|nt)?\s+a\s+courir\s+(?:le|a\s+compter\s+du)|)"
      R"(date\s+d'effet\s*:?|(?:(?:contract|agreement|term)\s+)?(?:start|commencement)(?:\s+date)?\s*:|)"
      R"(date\s+de\s+debut(?:\s+(?:de\s+(?:la\s+|l')?)?(?:location|contrat|mission|prestation|bail|pret))?\s*:|)"
      // ... and a table's label with no colon, its last word maybe wrapped
      // under it ("Date de début de   03/06/2024").
      // ("Date de début des services   2024-11-01").
      R"(date\s+de\s+debut(?:\s+de)?(?:\s+(?:des|du|de\s+la|de\s+l'|d')\s*[a-z]+)?\s+(?=\d)|)"
      R"((?:rental|hire|lease|loan)\s+(?:start|commencement)(?:\s+date)?\s*:|)"
      // A table's row label with no colon: "Commencement Date   1 August 2024",
      // "Effective Date   May 1, 2024".
      R"((?:commencement|start|effective)\s+date\s+(?=\d|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d)|)"
      // ... its "Date" wrapped under it ("Subscription Term Start   07/01/2025").
      R"((?:term|subscription|service|contract|agreement)\s+(?:start|commencement)\s+(?=\d))\s*)"
      // ("commencing on and including 25 March 2025")
      R"((?:and\s+including\s+)?(?:the\s+|le\s+)?)");
  // Two passes: the explicit cues first; "à compter du" only when none
  // gave a date (an avenant "prend effet le
  // 1er janvier 2025" whose price clause applies "à compter du 1er janvier
  // 2026").
  for (int pass = 0; pass < 2 && !out.effective; ++pass)
  for (auto it = std::sregex_iterator(f.begin(), f.end(), effective); !out.effective && it != std::sregex_iterator(); ++it) {
    const std::string cue = it->str();
    const bool weak = cue.rfind("a compter", 0) == 0;
    if (weak != (pass == 1)) continue;
    size_t e = it->position(0) + it->length(0);
    // "effective on the termination date ..." is not a start.
    std::string_view before = Slice(f, it->position(0) > 30 ? it->position(0) - 30 : 0, it->position(0));
    if (ContainsAny(before, {"terminat", "expir", "resili"})) continue;
    // A two-digit year only after an explicit label ("Contract start: 04-01-06").
    if (auto d = DateSoonAfter(text, orig(e), 12, order, it->str().find(':') != std::string::npos)) {
      out.effective = d;
      break;
    }
  }
  static const std::regex effective_is_agreement(
      R"(\beffective date\W{0,3}\s+(?:shall\s+)?(?:means?|is|refers\s+to)\s+the\s+date\s+(?:of\s+this\s+agreement|hereof|first\s+(?:written|set\s+forth)\s+above|of\s+(?:its\s+)?execution)|)"
      R"(\b(?:agreement|contract)\s+(?:shall|will)\s+(?:be(?:come)?\s+)?effective\s+(?:as\s+of\s+|on\s+|upon\s+)?(?:the\s+date\s+(?:of\s+(?:its\s+)?execution|hereof|first\s+written\s+above)|execution|signature)|)"
      R"(\bentre(?:ra)?\s+en\s+vigueur\s+(?:a\s+la\s+date\s+de\s+(?:sa\s+)?signature|le\s+jour\s+de\s+sa\s+signature))");
  out.effective_is_agreement_date = std::regex_search(f, effective_is_agreement);

  // --- expiration: a labelled end date in a sentence about the term.
  static const std::regex expiration(
      R"(\b(?:expir(?:e|es|ed|ing|ation|y)(?:\s+date)?\s*(?:on|at|upon|is|shall\s+be|:)?|until|through|thru|)"
      R"(ending\s+(?:on)?|ends?\s+on|conclud(?:e|es|ing)\s+on|terminat(?:e|es|ing)\s+on|jusqu'au|jusqu'a|prendra\s+fin\s+(?:de\s+plein\s+droit\s+)?le|)"
      R"(expirera\s+(?:de\s+plein\s+droit\s+)?le|expire\s+le|expirant\s+le|prend\s+fin\s+(?:de\s+plein\s+droit\s+)?le|(?:pour\s+)?se\s+termin(?:e|er|era|eront|ant)\s+le|)"
      R"(fin\s+du\s+contrat\s*:|)"
      R"((?:(?:contract|agreement|term|rental|hire|lease|loan)\s+)?end(?:\s+date)?\s*:|)"
      // A table's row: "Subscription End Date   09/30/2026", "End Date  30 June 2027".
      R"(end\s+date\s+(?=\d|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d)|)"
      R"((?:term|subscription|service|contract|agreement)\s+end\s+(?=\d)|)"
      R"(date\s+de\s+fin(?:\s+(?:de\s+(?:la\s+|l')?)?(?:location|contrat|mission|prestation|bail|pret))?\s*:|)"
      R"(date\s+de\s+fin(?:\s+de)?(?:\s+(?:des|du|de\s+la|de\s+l'|d')\s*[a-z]+)?\s+(?=\d))\s*)"
      R"((?:the\s+close\s+of\s+business\s+on\s+|midnight\s+(?:on\s+)?|and\s+including\s+|le\s+)?(?:the\s+)?)"
      R"((?:earlier\s+of\s+(?:\(i\)\s+|\(a\)\s+)?)?)");
  int best_tier = 9;
  if (apposed_expiration) {
    out.expiration = apposed_expiration;
    best_tier = -1;
  }
  // An end on or before the start is an earlier term's ("the Term is
  // scheduled to expire on October 31, 2024" in an amendment effective
  // November 1, 2024): kept only when no other end is found.
  std::optional<DatedClause> before_start;
  for (auto it = std::sregex_iterator(f.begin(), f.end(), expiration); it != std::sregex_iterator(); ++it) {
    const std::string word = it->str().substr(0, 4);
    // Explicit labels ("Contract end:", "Fin du contrat :") rank first.
    const int tier = word == "expi" || word == "pren" || word == "fin " || word == "end " ||
                             it->str().find(':') != std::string::npos
                         ? 0
                         : 1;
    if (tier >= best_tier) continue;
    size_t b = it->position(0), e = b + it->length(0);
    // A quote's or an offer's validity ("Quote valid until 09/29/2023").
    if (ContainsAny(Slice(f, b > 30 ? b - 30 : 0, b), {"quote", "quotation", "offer", "offre", "devis", "proposal"}))
      continue;
    std::string_view context = Slice(f, b > 250 ? b - 250 : 0, b);
    if (!ContainsAny(context, {"term", "this agreement", "contract", "contrat", "duree", "expir", "in effect",
                               "in force", "en vigueur", "valid", "engagement", "mission", "rental", "hire",
                               "lease", "location", "bail", "mandat"}) &&
        tier > 0)
      continue;
    // Survival or post-termination periods do not end the contract, nor
    // does the end of a renewal or extension it may be given.
    if (ContainsAny(Slice(f, b > 60 ? b - 60 : 0, b), {"after the expiration", "following the expiration",
                                                       "after termination", "survive"}))
      continue;
    // An amendment that extends the term itself ("the term is hereby
    // extended through DATE") gives the new end.
    const std::string_view near = Slice(f, b > 100 ? b - 100 : 0, b);
    // Said in the same sentence: "The Agreement is renewed for a further
    // period of 24 months commencing on ... and expiring on ...".
    std::string_view sentence = Slice(f, b > 250 ? b - 250 : 0, b);
    if (const size_t dot = sentence.rfind(". "); dot != std::string_view::npos) sentence.remove_prefix(dot + 2);
    // (or just before, the new end in a sentence of its own: "Le Contrat
    // ... est prolongé. Il prendra fin le 31 décembre 2026.")
    const bool extends_now = ContainsAny(sentence, {"hereby extended", "est proroge", "est prolonge", "is extended",
                                                    "is renewed", "is hereby renewed", "est renouvele",
                                                    "hereby amended", "is amended", "est modifie"}) ||
                             ContainsAny(near, {"est proroge.", "est prolonge.", "is hereby extended.", "is extended."});
    if (!extends_now && ContainsAny(near, {"additional", "renewal", "renewed", "extension", "extended", "renouvel",
                                           "prolong"}))
      continue;
    // The end an amendment changes ("the current term of which is
    // scheduled to expire on January 31, 2026"): kept only when no other
    // end is found.
    std::string_view said = Slice(f, b > 80 ? b - 80 : 0, b);  // in the same sentence
    if (const size_t dot = said.rfind(". "); dot != std::string_view::npos) said.remove_prefix(dot + 2);
    const bool current_end = ContainsAny(said, {"current term", "currently", "scheduled to", "presently", "actuellement",
                                                "initialement", "originally", "initially", "en cours"});
    if (auto d = DateSoonAfter(text, orig(e), 10, order, it->str().find(':') != std::string::npos)) {
      if (current_end || (out.effective && d->iso <= out.effective->iso)) {
        if (!before_start) before_start = d;
        continue;
      }
      out.expiration = d;
      best_tier = tier;
    }
  }

  if (!out.expiration) out.expiration = before_start;

  // --- a period: "du 15 décembre 2025 au 15 avril 2026", "from June 1,
  // 2024 to May 31, 2025", in a sentence about the contract's duration,
  // gives the start and the end that no clause above gave.
  static const std::regex period(R"(\b(?:du|from)\s+(?:the\s+|le\s+)?)");
  static const std::regex period_to(R"(^\s*(?:au|to|until|through)\s+(?:the\s+|le\s+)?)", std::regex::icase);
  for (auto it = std::sregex_iterator(f.begin(), f.end(), period);
       (!out.effective || !out.expiration) && it != std::sregex_iterator(); ++it) {
    size_t b = it->position(0);
    if (!ContainsAny(Slice(f, b > 120 ? b - 120 : 0, b),
                     {"duree", "contrat", "convention", "bail", "consenti", "conclu", "term", "agreement", "period"}))
      continue;
    auto start = DateSoonAfter(text, orig(b + it->length(0)), 2, order);
    if (!start) continue;
    const size_t after_start = start->offset + start->raw.size();
    std::match_results<std::string_view::const_iterator> m;
    std::string_view rest = text.substr(std::min(after_start, text.size()));
    rest = rest.substr(0, std::min<size_t>(rest.size(), 24));
    if (!std::regex_search(rest.begin(), rest.end(), m, period_to)) continue;
    auto end = DateSoonAfter(text, after_start + m.length(0), 2, order);
    if (!end || end->iso <= start->iso) continue;
    if (!out.effective) out.effective = start;
    if (!out.expiration) out.expiration = end;
    break;
  }

  // --- term: "for a term of N years (from ...)".
  static const std::regex term(
      R"(\b(?:initial\s+)?(?:term|duree|period)\b(?:\s+of\s+(?:this\s+(?:agreement|contract)|the\s+agreement))?)"
      R"(\s+(?:of|shall\s+be|will\s+be|is|de|d'une\s+duree\s+de|shall\s+(?:continue|remain\s+in\s+(?:full\s+force\s+and\s+)?effect)\s+for|)"
      R"(shall\s+commence\s+on\s+[^.;]{0,80}?\s+and\s+(?:shall\s+)?(?:continue|end|expire)\s+(?:for|after))\s+)");
  static const std::regex conclu(R"(\b(?:conclu|consenti)e?s?\s+pour\s+(?:une\s+(?:duree|periode)\s+(?:determinee\s+)?de\s+)?)");
  for (const std::regex* re : {&term, &conclu}) {
    if (out.term) break;
    for (auto it = std::sregex_iterator(f.begin(), f.end(), *re); it != std::sregex_iterator(); ++it) {
      size_t e = it->position(0) + it->length(0);
      std::string_view after = Slice(f, e, e + 60);
      auto dm = FindDuration(after);
      if (!dm || dm->begin > 25 || (dm->duration.years == 0 && dm->duration.months == 0)) continue;
      std::string_view tail = Slice(f, e + dm->end, e + dm->end + 160);
      if (ContainsAny(Slice(f, e + dm->end, e + dm->end + 40), {"notice", "preavis", "after terminat",
                                                                  "following terminat", "after the terminat",
                                                                  "after expir", "following expir"}))
        continue;
      out.term = dm->duration;
      out.term_offset = orig(e);
      // An explicit start in the same sentence: "from January 1, 2020".
      size_t stop = tail.find(". ");
      std::string_view sentence = tail.substr(0, stop == std::string_view::npos ? tail.size() : stop);
      static const std::regex start(R"(\b(?:from|commencing(?:\s+on)?|beginning(?:\s+on)?|starting(?:\s+on)?|effective(?:\s+as\s+of)?|a\s+compter\s+du|a\s+partir\s+du)\s*(?:the\s+|le\s+)?)");
      std::string sent(sentence);
      std::smatch sm;
      if (std::regex_search(sent, sm, start)) {
        size_t pos = e + dm->end + sm.position(0) + sm.length(0);
        if (auto d = DateSoonAfter(text, orig(pos), 6, order)) out.term_start = d;
      }
      break;
    }
  }

  // --- renewal.
  static const std::regex renewal(R"(\b(?:renew|renewal|renewed|extended\s+automatically|automatically\s+(?:be\s+)?extended|reconduit|reconduction|renouvel)\w*)");
  for (auto it = std::sregex_iterator(f.begin(), f.end(), renewal); it != std::sregex_iterator(); ++it) {
    size_t e = it->position(0) + it->length(0);
    std::string_view after = Slice(f, e, e + 120);
    auto dm = FindDuration(after);
    if (!dm || dm->begin > 80) continue;
    // "... renew unless notice is given ninety (90) days prior": a notice.
    std::string_view next = Slice(f, e + dm->end, e + dm->end + 16);
    if (ContainsAny(next, {"notice", "prior", "preavis", "before", "avant", "written"})) continue;
    if (dm->duration.years == 0 && dm->duration.months == 0) continue;
    out.renewal = dm->duration;
    out.renewal_offset = orig(e);
    break;
  }

  // --- notice period.
  static const std::regex notice(R"(\b(?:notice|notification|preavis)\b)");
  bool preferred = false;
  for (auto it = std::sregex_iterator(f.begin(), f.end(), notice); it != std::sregex_iterator(); ++it) {
    size_t b = it->position(0), e = b + it->length(0);
    std::optional<Duration> found;
    // "ninety (90) days' prior written notice": the duration just before.
    std::string_view before = Slice(f, b > 70 ? b - 70 : 0, b);
    std::string bs(before);
    for (size_t from = 0; from < bs.size();) {
      auto dm = FindDuration(std::string_view(bs).substr(from));
      if (!dm) break;
      size_t end = from + dm->end;
      std::string_view gap = std::string_view(bs).substr(end);
      if (gap.size() <= 28 && !ContainsAny(gap, {" of ", " after ", " from ", " following "})) found = dm->duration;
      from = end;
    }
    // "notice of at least thirty days", "préavis de trois mois".
    if (!found) {
      std::string_view after = Slice(f, e, e + 60);
      auto dm = FindDuration(after);
      std::string_view lead = dm ? after.substr(0, dm->begin) : std::string_view();
      if (dm && dm->begin <= 35 && ContainsAny(lead, {"of", "de", "d'"}) &&
          !ContainsAny(lead, {"after", "from", "within", "apres", "dans"}))
        found = dm->duration;
    }
    if (!found) continue;
    std::string_view around = Slice(f, b > 200 ? b - 200 : 0, e + 200);
    bool pref = ContainsAny(around, {"terminat", "renew", "resili", "cancel", "non-renewal", "reconduction"});
    if (!out.notice || (pref && !preferred)) {
      out.notice = found;
      out.notice_offset = orig(b);
      preferred = pref;
      if (pref) break;
    }
  }
  return out;
}

}  // namespace docflow::contract_terms
