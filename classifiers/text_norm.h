// Text normalisation shared by the classifier and the extractors:
// accent folding / lower-casing with a map back to the original bytes,
// line splitting and small string helpers. Pure functions, thread safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace docflow::text {

// A folded copy of a UTF-8 string: ASCII lower case, Latin accents removed
// ("É" -> "e", "ß" -> "ss", "œ" -> "oe"), typographic quotes/dashes and
// no-break spaces mapped to their ASCII forms. orig[i] is the byte offset in
// the source of folded byte i (orig.size() == text.size() + 1; the last entry
// is the source length), so matches can be mapped back to the original.
struct Folded {
  std::string text;
  std::vector<size_t> orig;
};

Folded Fold(std::string_view s, bool lower = true);
// Fold(s).text. (Fold(s, false) keeps the letter case, e.g. for names.)
std::string FoldText(std::string_view s);

// Maps a folded range [begin, end) back to the original byte range.
std::pair<size_t, size_t> OriginalRange(const Folded& f, size_t begin, size_t end);

// Splits on \n, \r\n and \f (form feeds also split lines).
std::vector<std::string> SplitLines(std::string_view s);

std::string Trim(std::string_view s);
// Trims and collapses runs of whitespace to a single space.
std::string CollapseSpaces(std::string_view s);
// The whitespace-separated words of s, in order (none for blank s).
std::vector<std::string> SplitWords(std::string_view s);

// Counts occurrences of `needle` in folded `hay` that start and end on a word
// boundary (a boundary is any non-alphanumeric byte or the string edge).
int CountWord(std::string_view hay, std::string_view needle);
// Position of the first word-bounded occurrence at or after `from`, or npos.
size_t FindWord(std::string_view hay, std::string_view needle, size_t from = 0);

bool IsAlnum(char c);
bool HasDigit(std::string_view s);
// Number of UTF-8 code points.
size_t Utf8Length(std::string_view s);

}  // namespace docflow::text
