// Locale-tolerant money amounts: "1 234,56 €", "1,234.56", "1.234,56",
// "€1234.56", "120.00 EUR", "(12.50)" -> canonical decimal strings with a dot
// ("1234.56", "-12.50"). Pure functions, thread safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace docflow::amounts {

// Parses one printed amount (currency marks and spaces allowed). Returns the
// canonical form with at least two decimals, or nullopt when `s` is not a
// single amount.
std::optional<std::string> ParseAmount(std::string_view s);

// An amount found in a line of text.
struct AmountMatch {
  std::string value;     // canonical, e.g. "1234.56"
  std::string raw;       // as printed (without surrounding spaces)
  size_t begin = 0, end = 0;  // byte range of raw in the line
  bool has_decimals = false;
  std::string currency;  // ISO code when a mark is attached, else empty
  double number = 0;
};

// Finds amounts in a line, skipping dates, percentages, times and parts of
// codes (e.g. "FA-2024-0042"). Integers without decimals are returned too
// (has_decimals false); callers decide whether they are plausible.
std::vector<AmountMatch> FindAmounts(std::string_view line);

// The canonical value of an amount: two decimals, a dot ("1234.50").
std::string FormatAmount(double v);

// ISO 4217 code for a currency mark or code ("€", "eur", "$", "US$", "£",
// "CHF", "RM"...), or empty.
std::string CurrencyCode(std::string_view mark);

// The document currency: explicit ISO codes win over symbols; ties go to
// the most frequent. Empty when nothing is seen.
std::string DetectCurrency(std::string_view text);

// A "$" is also the sign of the Canadian, Australian, Singapore, Hong Kong
// and New Zealand dollars: the dollar's ISO code the text names ("Balance
// Due (CAD)", "AUD 1,200.00", "CA$"), when it names exactly one and never
// USD; with no code at all, CAD for Canadian taxes (TPS, TVQ, QST, HST) or a
// Canadian postal code beside a province or city, AUD for an ABN or a Pty
// Ltd charging GST; else "USD".
std::string DollarCode(std::string_view text);

}  // namespace docflow::amounts
