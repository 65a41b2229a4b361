// Repairs of OCR'd receipt lines before amounts and their labels are read:
//  - typographic quotes (“ ” ‘ ’ „ « ») are dropped: specks read as marks;
//  - digit confusions inside numbers: O/o/Q/D -> 0, l/I/| -> 1, S/s -> 5,
//    B -> 8, Z -> 2, only between digits or next to a digit and a decimal
//    separator ("1O.5O" -> "10.50", "2S.00" -> "25.00");
//  - a decimal separator followed by a space ("73. 00", "57, 80") is joined;
//  - the key words of totals misread by one letter ("Ttal", "Totai",
//    "T0TAL", "Roundinq") are written back in their canonical
//    spelling (Damerau-Levenshtein distance 1, words of 4+ letters only).
// Dates, times and codes are left alone (the repairs only touch characters
// between digits or the listed words). Pure functions, thread safe.
#pragma once

#include <string>
#include <string_view>

namespace docflow::amounts {

std::string RepairOcrLine(std::string_view line);

// A line that ends with a bare integer of 3 to 7 digits ("Total GST (RM) 637")
// and carries no decimal amount: the integer is read as an amount whose
// decimal point OCR lost ("6.37"). Other lines are returned unchanged. Only
// for readings that are checked against others (total_agreement.h).
std::string RestoreDecimalPoint(std::string_view line);

// A line that ends with an amount whose decimal point OCR read as a space or
// a colon ("Total RM 86 00", "Total incl GST RM 15:00"), perhaps followed by
// a tax code of one or two letters ("86 00 A"), and carries no decimal
// amount elsewhere: the point is put back ("86.00"). Other lines are
// returned unchanged. Only for readings that are checked against others.
std::string RestoreSplitDecimal(std::string_view line);

// Whether OCR commonly reads one digit for the other in receipt prints
// (0/6/8/9, 3/5/8, 5/6, 1/7, 1/4). Symmetric; false for equal digits.
bool ConfusableDigits(char a, char b);

// Damerau-Levenshtein distance, capped: returns cap + 1 when larger.
int EditDistance(std::string_view a, std::string_view b, int cap = 2);

}  // namespace docflow::amounts
