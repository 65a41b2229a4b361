#include "extractors/dates.h"

#include <cctype>
#include <cstdio>
#include <regex>

#include "classifiers/text_norm.h"

namespace docflow::dates {
namespace {

struct MonthName {
  const char* name;
  int month;
};

// Folded (lower case, no accents) month names and abbreviations.
constexpr MonthName kMonths[] = {
    {"january", 1}, {"february", 2}, {"march", 3}, {"april", 4}, {"may", 5}, {"june", 6},
    {"july", 7}, {"august", 8}, {"september", 9}, {"october", 10}, {"november", 11},
    {"december", 12}, {"janvier", 1}, {"fevrier", 2}, {"mars", 3}, {"avril", 4}, {"mai", 5},
    {"juin", 6}, {"juillet", 7}, {"aout", 8}, {"septembre", 9}, {"octobre", 10},
    {"novembre", 11}, {"decembre", 12}, {"januar", 1}, {"februar", 2}, {"marz", 3},
    {"maerz", 3}, {"juni", 6}, {"juli", 7}, {"oktober", 10}, {"dezember", 12},
    {"januari", 1}, {"februari", 2}, {"maart", 3}, {"mei", 5}, {"augustus", 8}, {"mrt", 3},
    {"janv", 1}, {"fevr", 2}, {"fev", 2}, {"avr", 4}, {"juil", 7}, {"sept", 9},
    {"jan", 1}, {"feb", 2}, {"mar", 3}, {"apr", 4}, {"jun", 6}, {"jul", 7}, {"aug", 8},
    {"sep", 9}, {"oct", 10}, {"okt", 10}, {"nov", 11}, {"dec", 12}, {"dez", 12},
};

int MonthOf(const std::string& name) {
  std::string n = name;
  if (!n.empty() && n.back() == '.') n.pop_back();
  for (const auto& m : kMonths)
    if (n == m.name) return m.month;
  return 0;
}

std::string MonthAlternation() {
  // Longest first so "septembre" wins over "sept" and "sep".
  std::vector<std::string> names;
  for (const auto& m : kMonths) names.push_back(m.name);
  std::sort(names.begin(), names.end(),
            [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  std::string alt;
  for (auto& n : names) {
    if (!alt.empty()) alt += "|";
    alt += n;
  }
  return alt;
}

int Year(const std::string& y) {
  std::string d;
  for (char c : y)
    if (std::isdigit(static_cast<unsigned char>(c))) d.push_back(c);
  if (d.empty()) return 0;
  int v = std::stoi(d);
  if (d.size() == 2) v += v < 70 ? 2000 : 1900;
  return v;
}

struct Patterns {
  std::regex iso, numeric, day_month, month_day, compact, words;
};

// Days written as ordinal words: "the first day of May, 2025", "this
// thirtieth day of April, 2030", "le premier mai 2025".
const char* const kOrdinalWords[] = {"first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
                                     "ninth", "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth",
                                     "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth",
                                     "twentieth"};

// The day an ordinal word names (0: none): "twenty-first" is 21, "premier" 1.
int OrdinalDay(std::string w) {
  for (char& c : w)
    if (c == '-') c = ' ';
  if (w == "premier") return 1;
  if (w == "thirtieth") return 30;
  if (w == "thirty first") return 31;
  int base = 0;
  if (w.rfind("twenty ", 0) == 0) {
    base = 20;
    w = w.substr(7);
  }
  for (int i = 0; i < 20; ++i) {
    if (w == kOrdinalWords[i] && (base == 0 || i < 9)) return base + i + 1;
  }
  return 0;
}

const Patterns& GetPatterns() {
  static const Patterns p = [] {
    std::string mon = "(";  // appended, not "(" + temporary: GCC 12 warns falsely (-Wrestrict)
    mon += MonthAlternation();
    mon += ")\\.?";
    // Ordinal suffixes, tolerating a stray space ("20t h", "1s t").
    // OCR reads a superscript "er" as a degree sign, "%" or "o" with a
    // quote ("1°’ avril", "1% juillet").
    const std::string ord = "(?: ?s ?t| ?n ?d| ?r ?d| ?t ?h|er|re|e|eme|\\.|(?:\xC2\xB0|\xC2\xBA|%|o)[\"'\xE2\x80\x99\xE2\x80\x9D]?)?";
    Patterns q;
    q.iso = std::regex(R"((?:^|[^\d])((19|20)\d\d)[-/.](\d{1,2})[-/.](\d{1,2})(?!\d))");
    q.numeric = std::regex(R"((?:^|[^\d./-])(\d{1,2})\s?([./-])\s?(\d{1,2})\s?\2\s?(\d{4}|\d{2})(?![\d]))");
    q.day_month = std::regex("(?:^|[^\\w])(\\d{1,2})" + ord +
                             "(?:\\s+day\\s+of|\\s+jour\\s+de)?[\\s\\-./]*" + mon +
                             "(?![a-z])[\\s\\-.,/]*('?\\d{4}|'\\d{2}|\\d{2}(?![\\d:]))");
    q.month_day = std::regex("(?:^|[^\\w])" + mon + "(?![a-z])\\s*(\\d{1,2})" + ord +
                             "\\s*,?\\s*(\\d{4})(?!\\d)");
    q.compact = std::regex(R"((?:^|[^\d])((?:19|20)\d\d)(\d\d)(\d\d)(?!\d))");
    std::string ordinal = "((?:twenty[- ]?)?(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)|";
    ordinal += "tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|";
    ordinal += "nineteenth|twentieth|thirtieth|thirty[- ]?first|premier)";
    q.words = std::regex("(?:^|[^\\w])" + ordinal + "(?:\\s+day\\s+of|\\s+of)?\\s+" + mon +
                         "(?![a-z])[\\s,]*(\\d{4})(?!\\d)");
    return q;
  }();
  return p;
}

}  // namespace

std::optional<std::string> MakeIso(int y, int m, int d) {
  if (y < 1900 || y > 2099 || m < 1 || m > 12 || d < 1) return std::nullopt;
  static const int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (d > kDays[m - 1]) return std::nullopt;
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (m == 2 && d == 29 && !leap) return std::nullopt;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return std::string(buf);
}

namespace {

// OCR reads the day of "March 5th" / "March 1st" as "Sth" / "Ist", "lst",
// and the French "1er" as "ler" or "Ier":
// next to a month name (before it for "sth"; "ist" is also a German word,
// so only after one) the day is restored, in place (same length, so
// positions still map to the original text).
void RepairOcrOrdinalDays(std::string& s) {
  struct Word {
    size_t b, e;
  };
  std::vector<Word> words;
  for (size_t i = 0; i < s.size();) {
    if (!std::isalnum(static_cast<unsigned char>(s[i]))) {
      ++i;
      continue;
    }
    size_t b = i;
    while (i < s.size() && std::isalnum(static_cast<unsigned char>(s[i]))) ++i;
    words.push_back({b, i});
  }
  auto month = [&](size_t k) {
    return k < words.size() && MonthOf(s.substr(words[k].b, words[k].e - words[k].b)) > 0;
  };
  for (size_t k = 0; k < words.size(); ++k) {
    const std::string w = s.substr(words[k].b, words[k].e - words[k].b);
    const bool after_month = k > 0 && month(k - 1);
    if (w == "sth" && (after_month || month(k + 1))) s[words[k].b] = '5';
    if ((w == "ist" || w == "lst") && after_month) s[words[k].b] = '1';
    // French "1er janvier" read "ler janvier" or "Ier janvier".
    if ((w == "ler" || w == "ier") && month(k + 1)) s[words[k].b] = '1';
  }
}

}  // namespace

std::vector<DateMatch> FindDates(std::string_view input, DateOrder order) {
  const text::Folded f = text::Fold(input);
  std::string s = f.text;
  RepairOcrOrdinalDays(s);
  const Patterns& p = GetPatterns();
  std::vector<DateMatch> out;
  std::vector<std::pair<size_t, size_t>> taken;
  auto overlaps = [&](size_t b, size_t e) {
    for (auto& [tb, te] : taken)
      if (b < te && tb < e) return true;
    return false;
  };
  auto add = [&](size_t b, size_t e, std::optional<std::string> iso, bool numeric, bool ambiguous,
                 bool compact, bool short_year = false) {
    if (!iso || overlaps(b, e)) return;
    taken.push_back({b, e});
    DateMatch d;
    d.iso = *iso;
    auto [ob, oe] = text::OriginalRange(f, b, e);
    d.begin = ob;
    d.end = oe;
    d.raw = std::string(input.substr(ob, oe - ob));
    d.numeric = numeric;
    d.ambiguous = ambiguous;
    d.compact = compact;
    d.short_year = short_year;
    out.push_back(std::move(d));
  };
  auto each = [&](const std::regex& re, auto fn) {
    for (auto it = std::sregex_iterator(s.begin(), s.end(), re); it != std::sregex_iterator(); ++it)
      fn(*it);
  };
  each(p.iso, [&](const std::smatch& m) {
    add(m.position(1), m.position(4) + m.length(4),
        MakeIso(std::stoi(m[1].str()), std::stoi(m[3].str()), std::stoi(m[4].str())), true, false,
        false);
  });
  each(p.month_day, [&](const std::smatch& m) {
    add(m.position(1), m.position(3) + m.length(3),
        MakeIso(Year(m[3].str()), MonthOf(m[1].str()), std::stoi(m[2].str())), false, false, false);
  });
  each(p.day_month, [&](const std::smatch& m) {
    // "Feb 1 – Feb 29": a month name just before the
    // day makes "1 – Feb 29" the end of a range, not 1 February 2029.
    if (m.length(3) <= 3) {
      size_t e = static_cast<size_t>(m.position(1));
      while (e > 0 && !std::isalpha(static_cast<unsigned char>(s[e - 1])) && s[e - 1] != '\n') --e;
      size_t b = e;
      while (b > 0 && std::isalpha(static_cast<unsigned char>(s[b - 1]))) --b;
      if (e > b && e + 6 >= static_cast<size_t>(m.position(1)) && MonthOf(s.substr(b, e - b)) > 0) return;
    }
    add(m.position(1), m.position(3) + m.length(3),
        MakeIso(Year(m[3].str()), MonthOf(m[2].str()), std::stoi(m[1].str())), false, false, false);
  });
  each(p.numeric, [&](const std::smatch& m) {
    int a = std::stoi(m[1].str()), b = std::stoi(m[3].str());
    int y = Year(m[4].str());
    std::optional<std::string> iso;
    bool ambiguous = a <= 12 && b <= 12 && a != b;
    if (a > 12) iso = MakeIso(y, b, a);
    else if (b > 12) iso = MakeIso(y, a, b);
    else if (order == DateOrder::kMonthFirst) iso = MakeIso(y, a, b);
    else iso = MakeIso(y, b, a);
    // "1.5.23" may be a version number: 2-digit years are flagged.
    add(m.position(1), m.position(4) + m.length(4), iso, true, ambiguous, false,
        m[4].length() == 2);
  });
  each(p.words, [&](const std::smatch& m) {
    add(m.position(1), m.position(3) + m.length(3), MakeIso(Year(m[3].str()), MonthOf(m[2].str()), OrdinalDay(m[1].str())),
        false, false, false);
  });
  each(p.compact, [&](const std::smatch& m) {
    add(m.position(1), m.position(3) + m.length(3),
        MakeIso(std::stoi(m[1].str()), std::stoi(m[2].str()), std::stoi(m[3].str())), true, false,
        true);
  });
  std::sort(out.begin(), out.end(),
            [](const DateMatch& a, const DateMatch& b) { return a.begin < b.begin; });
  return out;
}

std::optional<std::string> ParseDate(std::string_view s, DateOrder order) {
  std::string t = text::Trim(s);
  auto found = FindDates(t, order);
  if (found.size() != 1) return std::nullopt;
  const DateMatch& d = found.front();
  // Must cover the string (ignoring trailing punctuation).
  std::string rest = text::Trim(std::string_view(t).substr(0, d.begin)) +
                     text::Trim(std::string_view(t).substr(d.end));
  for (char c : rest)
    if (std::isalnum(static_cast<unsigned char>(c))) return std::nullopt;
  return d.iso;
}

DateOrder InferDateOrder(std::string_view doc) {
  static const std::regex re(R"((?:^|[^\d./-])(\d{1,2})([./-])(\d{1,2})\2(\d{4}|\d{2})(?!\d))");
  std::string s(doc.substr(0, 200000));
  int day_first = 0, month_first = 0;
  for (auto it = std::sregex_iterator(s.begin(), s.end(), re); it != std::sregex_iterator(); ++it) {
    int a = std::stoi((*it)[1].str()), b = std::stoi((*it)[3].str());
    if (a > 12 && b <= 12) ++day_first;
    else if (b > 12 && a <= 12 && b <= 31) ++month_first;
  }
  if (day_first != month_first) return day_first > month_first ? DateOrder::kDayFirst
                                                               : DateOrder::kMonthFirst;
  const std::string f = text::FoldText(s);
  bool dollars = f.find('$') != std::string::npos || text::FindWord(f, "usd") != std::string::npos;
  bool european = f.find("€") != std::string::npos || text::FindWord(f, "eur") != std::string::npos ||
                  f.find("£") != std::string::npos || text::FindWord(f, "tva") != std::string::npos ||
                  text::FindWord(f, "vat") != std::string::npos ||
                  text::FindWord(f, "gst") != std::string::npos ||
                  text::FindWord(f, "rm") != std::string::npos ||
                  text::FindWord(f, "mwst") != std::string::npos;
  // A US address ("Burlington, VT 05401") dates month first, with or
  // without a dollar sign printed.
  static const std::regex us_address(
      R"(,\s*(?:AL|AK|AZ|AR|CA|CO|CT|DE|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|)"
      R"(NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|DC)\s+\d{5}(?:-\d{4})?\b)");
  const bool us = std::regex_search(s, us_address);
  return (dollars || us) && !european ? DateOrder::kMonthFirst : DateOrder::kDayFirst;
}

}  // namespace docflow::dates
