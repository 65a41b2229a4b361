// The total of a recognised receipt by agreement of independent readings.
// Receipts print the amount paid several times (TOTAL, rounded total, Total
// incl. tax), and it can be recomputed (cash tendered - change, subtotal +
// tax + rounding). OCR misreads single digits ("33.92" for "33.90", "100.00"
// for "100.90"): a value that two independent readings agree on beats a
// value read once, and a derived value replaces a labelled one only when the
// two are one OCR confusion apart. Pure functions, thread safe.
#pragma once

#include <optional>
#include <vector>

namespace docflow::amounts {

// One reading of the document total.
struct TotalReading {
  // kRounded: a labelled amount plus the printed rounding adjustment.
  enum class Kind { kLabel, kCashChange, kSum, kRounded };
  double value = 0;
  Kind kind = Kind::kLabel;
  int line = -1;  // source line of a labelled reading (one line counts once)
};

// Whether `a` and `b` may be one printed amount read twice: the same number
// of digits, differing in one digit, or in two digits that are both visually
// confusable pairs (amounts_ocr.h ConfusableDigits). Equal values are not
// "near".
bool OcrNear(double a, double b);

// Whether `v` is a multiple of 0.05 (a rounded cash total).
bool RoundedToFiveCents(double v);

struct TotalVerdict {
  double value = 0;
  int support = 0;        // independent readings of `value` (the chosen one included)
  bool repaired = false;  // differs from the chosen total
};

// The total most readings agree on. `chosen` is the labelled total the
// extractor picked (nullopt when none). `rounded` says that the document
// prints a rounding adjustment (its total is then a multiple of 0.05).
//  - A value supported by more independent readings than `chosen` wins when
//    it is OcrNear(chosen), or when a labelled reading and a derived one
//    (cash - change, subtotal + tax, total + rounding) both give it.
//  - With equal single support, a near value that is a multiple of 0.05
//    beats a chosen total that is not, on rounded documents.
//  - Without `chosen`, a value needs two agreeing readings.
// nullopt when there is nothing to say (no chosen total, no agreement).
std::optional<TotalVerdict> AgreeOnTotal(std::optional<double> chosen,
                                         const std::vector<TotalReading>& readings, bool rounded);

}  // namespace docflow::amounts
