// The year of a recognised date checked against the document and the clock.
// OCR misreads single digits of years too ("2016" for "2018", "2048" for
// "2018"). A date is repaired only when the evidence points one way:
//  - every other date of the document has one same year, one visually
//    confusable digit away (amounts_ocr.h ConfusableDigits) from this one's:
//    that year is taken;
//  - the year lies after `latest_year` (an issue date in the future): the
//    latest confusable year not after it and not before 1990 is taken.
// Pure function, thread safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace docflow::dates {

// `iso`: the date (YYYY-MM-DD); `others`: the document's other dates (ISO);
// `latest_year`: the latest plausible year (e.g. the current year + 1).
// Returns the repaired date, or nullopt when nothing is to be changed or the
// evidence is not one-sided (e.g. the other dates disagree among themselves).
std::optional<std::string> RepairYear(const std::string& iso, const std::vector<std::string>& others,
                                      int latest_year);

}  // namespace docflow::dates
