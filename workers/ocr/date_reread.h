// Second reading of dates. On poor scans and till receipts the page-level
// reading gets single digits of dates wrong ("15/06/2017" read "13/06/2017",
// "2018" read "2016"), and the issue date is one of the fields that matter
// most. Each date-shaped word is cut out with a margin and read twice more
// on its own, at two sizes, limited to digits and separators; character by
// character, the digit two of the three readings agree on wins, and the
// result is kept only when it is still a possible date. The engine
// (ocr_engine.cc) does the reading; this header holds the rules.
//
// Measured on the corpus's 60 receipt photos (SROIE): issue_date F1
// 0.787 -> 0.851 (invoice F1 0.8162 -> 0.8322). Amounts were tried the same way and are not re-read: on
// thin dot-matrix print a cut-out "15.90" reads "19.90" as often as a
// misread is mended (total_gross F1 0.828 -> 0.810).
//
// Thread safety: pure functions, reentrant.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/document_model.h"

namespace docflow {

// The characters a re-read may produce (Tesseract's whitelist).
inline constexpr const char* kDateCharacters = "0123456789/-.";

// A date as printed: three groups of digits joined by the same separator
// (/ - .), either year first (4 digits, then two groups of 1-2) or year
// last (two groups of 1-2, then 2 or 4 digits): "25/12/2018", "2018-03-06",
// "13.03.18". A trailing ',', ':' or '.' is allowed (and kept).
bool IsDateLike(std::string_view word);

// IsDateLike, and a possible calendar date: month 1-12 and day 1-31 (day
// first or month first when the year is last), a four-digit year 1900-2099.
bool PlausibleDate(std::string_view word);

// Character by character, the digit that at least two of three readings
// agree on, where the readings have the same shape as `first` (same length,
// digits and separators in the same places); `first`'s character where all
// three differ. With only one reading of that shape, it replaces `first`
// when it is at least 5 points more confident. The result is `first.text`
// unless it is a PlausibleDate.
std::string VoteReadings(const Word& first, const Word& a, const Word& b);

// The part of the page to cut out for a word: its box padded by a quarter of
// its height on each side (at least 2 px), clipped to a page of
// width x height.
Box RereadBox(const Box& word, int width, int height);

// Tesseract's page text with words replaced: `words` are (as read, as now)
// pairs for every word in reading order; each is looked for from where the
// previous one ended, and one not found is skipped.
std::string SpliceWords(const std::string& text, const std::vector<std::pair<std::string, std::string>>& words);

}  // namespace docflow
