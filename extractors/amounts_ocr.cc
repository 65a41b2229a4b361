#include "extractors/amounts_ocr.h"

#include <algorithm>
#include <cctype>
#include <regex>
#include <set>
#include <utility>
#include <vector>

namespace docflow::amounts {
namespace {

bool Digit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

char DigitFor(char c) {
  switch (c) {
    case 'O': case 'o': case 'Q': case 'D': return '0';
    case 'l': case 'I': case '|': return '1';
    case 'S': case 's': return '5';
    case 'B': return '8';
    case 'Z': return '2';
    default: return 0;
  }
}

// Words whose misreadings are repaired (upper case canonical form).
constexpr const char* kKeyWords[] = {"TOTAL", "SUBTOTAL", "ROUNDING", "AMOUNT", "TENDERED",
                                     "ROUNDED", "INCLUSIVE", "PAYABLE", "EXCLUDING", "INCLUDING",
                                     "EXCLUSIVE"};

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

bool ConfusableDigits(char a, char b) {
  static const std::set<std::pair<char, char>> kPairs = {
      {'0', '6'}, {'0', '8'}, {'0', '9'}, {'6', '8'}, {'6', '9'}, {'8', '9'}, {'3', '5'},
      {'3', '8'}, {'5', '8'}, {'5', '6'}, {'1', '7'}, {'1', '4'}};
  return kPairs.count({std::min(a, b), std::max(a, b)}) > 0;
}

int EditDistance(std::string_view a, std::string_view b, int cap) {
  const int n = static_cast<int>(a.size()), m = static_cast<int>(b.size());
  if (std::abs(n - m) > cap) return cap + 1;
  std::vector<std::vector<int>> d(n + 1, std::vector<int>(m + 1));
  for (int i = 0; i <= n; ++i) d[i][0] = i;
  for (int j = 0; j <= m; ++j) d[0][j] = j;
  for (int i = 1; i <= n; ++i)
    for (int j = 1; j <= m; ++j) {
      int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return std::min(d[n][m], cap + 1);
}

std::string RepairOcrLine(std::string_view in) {
  std::string s(in);
  // 0) Typographic quotes are specks OCR took for marks ("Total “incl GST"):
  //    receipts print none, and they split key words from their labels.
  for (const char* q : {"\u201c", "\u201d", "\u2018", "\u2019", "\u201e", "\u00ab", "\u00bb"})
    for (size_t p = s.find(q); p != std::string::npos; p = s.find(q, p)) s.erase(p, std::string_view(q).size());
  // 1) Confusable letters between digits (or a digit and a separator).
  for (size_t i = 0; i < s.size(); ++i) {
    char d = DigitFor(s[i]);
    if (!d) continue;
    bool left = i > 0 && (Digit(s[i - 1]) || ((s[i - 1] == '.' || s[i - 1] == ',') && i > 1 && Digit(s[i - 2])));
    bool right = i + 1 < s.size() && Digit(s[i + 1]);
    bool right_sep = i + 2 < s.size() && (s[i + 1] == '.' || s[i + 1] == ',') && Digit(s[i + 2]);
    // A letter that ends a word ("10.5O") or sits inside a number.
    bool word_end = i + 1 >= s.size() || !std::isalpha(static_cast<unsigned char>(s[i + 1]));
    bool word_start = i == 0 || !std::isalpha(static_cast<unsigned char>(s[i - 1]));
    if ((left && (right || word_end)) || ((right || right_sep) && word_start && (left || right_sep))) s[i] = d;
  }
  // 2) "73. 00" / "57, 80": a separator, one space, then exactly two digits.
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    out.push_back(s[i]);
    const bool sep = (s[i] == '.' || s[i] == ',') && i > 0 && Digit(s[i - 1]);
    if (sep && i + 3 < s.size() && s[i + 1] == ' ' && Digit(s[i + 2]) && Digit(s[i + 3]) &&
        (i + 4 == s.size() || !Digit(s[i + 4])))
      ++i;  // drop the space
  }
  s = std::move(out);
  // 3) Key words misread by one letter.
  out.clear();
  size_t i = 0;
  while (i < s.size()) {
    if (!std::isalnum(static_cast<unsigned char>(s[i]))) {
      out.push_back(s[i++]);
      continue;
    }
    size_t j = i;
    while (j < s.size() && std::isalnum(static_cast<unsigned char>(s[j]))) ++j;
    std::string_view word(s.data() + i, j - i);
    std::string up = Upper(word);
    std::string replaced;
    if (word.size() >= 4 && std::any_of(word.begin(), word.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)); })) {
      for (const char* k : kKeyWords) {
        if (up == k) break;
        // Digits inside a word are OCR'd letters ("T0TAL").
        std::string letters = up;
        for (char& c : letters)
          if (c == '0') c = 'O';
          else if (c == '1') c = 'I';
        if (EditDistance(letters, k, 1) <= 1 && std::string_view(k).size() >= 5) {
          replaced = k;
          break;
        }
      }
    }
    out += replaced.empty() ? std::string(word) : replaced;
    i = j;
  }
  return out;
}

std::string RestoreDecimalPoint(std::string_view in) {
  std::string s(in);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
  size_t b = s.size();
  while (b > 0 && Digit(s[b - 1])) --b;
  const size_t digits = s.size() - b;
  if (digits < 3 || digits > 7 || b == 0) return std::string(in);
  const char before = s[b - 1];
  if (before != ' ' && before != ':') return std::string(in);
  // No decimal amount elsewhere on the line ("12.00 1200" keeps its integer).
  for (size_t i = 1; i + 2 < b; ++i)
    if ((s[i] == '.' || s[i] == ',') && Digit(s[i - 1]) && Digit(s[i + 1]) && Digit(s[i + 2]))
      return std::string(in);
  s.insert(s.size() - 2, ".");
  return s;
}

std::string RestoreSplitDecimal(std::string_view in) {
  std::string s(in);
  size_t end = s.size();
  while (end > 0 && std::isspace(static_cast<unsigned char>(s[end - 1]))) --end;
  // An optional tax code of one or two letters after the amount.
  size_t e = end;
  while (e > 0 && end - e < 3 && std::isalpha(static_cast<unsigned char>(s[e - 1]))) --e;
  if (e < end) {
    if (e == 0 || s[e - 1] != ' ' || end - e > 2) return std::string(in);
    while (e > 0 && s[e - 1] == ' ') --e;
  }
  // Exactly two decimals, then the separator OCR got wrong, then 1 to 5 digits.
  if (e < 2 || !Digit(s[e - 1]) || !Digit(s[e - 2])) return std::string(in);
  size_t cents = e - 2;
  if (cents > 0 && Digit(s[cents - 1])) return std::string(in);
  size_t sep_end = cents, sep = cents;
  while (sep > 0 && (s[sep - 1] == ' ' || s[sep - 1] == ':')) --sep;
  const std::string_view gap(s.data() + sep, sep_end - sep);
  const bool spaced = gap == " ", colon = gap == ":" || gap == ": " || gap == " :";
  if (!spaced && !colon) return std::string(in);
  size_t b = sep;
  while (b > 0 && Digit(s[b - 1])) --b;
  if (sep - b < 1 || sep - b > 5) return std::string(in);
  // Not a time ("10:17:32", "12:30 PM" end differently) nor part of a code or a date.
  if (b > 0 && (s[b - 1] == ':' || s[b - 1] == '/' || s[b - 1] == '-' || s[b - 1] == '.' || s[b - 1] == ',' ||
                std::isalpha(static_cast<unsigned char>(s[b - 1]))))
    return std::string(in);
  for (size_t i = 1; i + 2 < b; ++i)
    if ((s[i] == '.' || s[i] == ',') && Digit(s[i - 1]) && Digit(s[i + 1]) && Digit(s[i + 2]))
      return std::string(in);
  // A line with a date is the receipt's date, time and terminal numbers
  // ("18/03/18 15 17 06051 02"), not an amount line.
  static const std::regex date(R"(\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b)");
  if (std::regex_search(s.begin(), s.begin() + static_cast<long>(b), date)) return std::string(in);
  return s.substr(0, sep) + "." + s.substr(cents);
}

}  // namespace docflow::amounts
