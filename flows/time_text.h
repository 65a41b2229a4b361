// Dates and times as the flow engine writes them: ISO 8601 texts in UTC
// ("2025-03-31", "2025-03-31T08:00:00Z"), seconds since the epoch inside.
// Durations as flows write them: "-30 days", "90d", "+2 hours", "1 month".
//
// Thread safety: pure functions (NowSeconds reads the system clock).
#pragma once

#include <optional>
#include <string>

#include "common/result.h"

namespace docflow::flows {

struct TimeValue {
  double seconds = 0;      // since 1970-01-01T00:00:00Z
  bool date_only = false;  // "YYYY-MM-DD" without a time
};

// "YYYY-MM-DD", or "YYYY-MM-DD[T ]HH:MM[:SS[.fff…]]" with an optional "Z" or
// "±HH[:MM]" offset (none: UTC). nullopt when s is not one of these.
std::optional<TimeValue> ParseTime(const std::string& s);

std::string FormatDate(double seconds);       // "YYYY-MM-DD" (UTC)
std::string FormatTimestamp(double seconds);  // "YYYY-MM-DDTHH:MM:SSZ", or with .mmm when not whole

double NowSeconds();

// t + n units; unit: seconds, minutes, hours, days, weeks, months, years
// (singular, plural or the first letter(s): s, min, h, d, w, mon, y).
// Months and years keep the day of the month, clamped to the month's end.
// A date stays a date for days and longer units.
Result<TimeValue> AddToTime(const TimeValue& t, double n, const std::string& unit);

// A signed duration: "-30 days" -> {-30, "days"}; "0" -> {0, "days"}.
struct Duration {
  double n = 0;
  std::string unit = "days";
};
Result<Duration> ParseDuration(const std::string& s);

}  // namespace docflow::flows
