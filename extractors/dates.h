// Dates in FR / EN / DE notations -> ISO "YYYY-MM-DD".
//   "12 mars 2024", "1er janvier 2024", "12/03/2024", "12.03.2024",
//   "March 12, 2024", "Oct. 11, 1996", "13th day of October, 1999",
//   "2024-03-12", "12-Mar-2024", "20240312" (compact, flagged).
// Numeric day/month order: a part > 12 decides; otherwise the caller's
// DateOrder (see InferDateOrder). Pure functions, thread safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace docflow::dates {

enum class DateOrder { kDayFirst, kMonthFirst };

struct DateMatch {
  std::string iso;            // YYYY-MM-DD
  std::string raw;            // as printed
  size_t begin = 0, end = 0;  // byte range in the searched text
  bool numeric = false;       // dd/mm/yyyy-like (order may have been guessed)
  bool ambiguous = false;     // numeric with both parts <= 12 and different
  bool compact = false;       // YYYYMMDD: only trust it next to a label
  bool short_year = false;    // 2-digit year ("26.10.22"): weaker evidence
};

// All dates in `text`, in order of appearance.
std::vector<DateMatch> FindDates(std::string_view text, DateOrder order = DateOrder::kDayFirst);

// Parses a string that is exactly one date (surrounding spaces allowed).
std::optional<std::string> ParseDate(std::string_view s, DateOrder order = DateOrder::kDayFirst);

// Day-first unless the document's own unambiguous numeric dates say
// month-first (a middle part > 12), or, with no evidence, the text looks
// US-English (dollars, no European VAT/currency words).
DateOrder InferDateOrder(std::string_view document_text);

// Validates and formats; nullopt when the date does not exist.
std::optional<std::string> MakeIso(int year, int month, int day);

}  // namespace docflow::dates
