// Cron expressions for schedule triggers: five fields, in UTC,
//   minute (0-59) hour (0-23) day-of-month (1-31) month (1-12 or jan-dec)
//   day-of-week (0-7, 0 and 7 are Sunday, or sun-sat)
// each "*", a number, a range "a-b", a list "a,b", a step "*/n" or "a-b/n";
// or one of @hourly @daily @midnight @weekly @monthly @yearly @annually.
// When both day fields are restricted a day matching either one fires (as
// in Vixie cron).
//
// Thread safety: a CronSchedule is immutable after Parse.
#pragma once

#include <bitset>
#include <string>

#include "common/result.h"

namespace docflow::flows {

class CronSchedule {
 public:
  // Error naming the field that does not parse.
  static Result<CronSchedule> Parse(const std::string& expression);

  // The first matching minute strictly after `after` (seconds since the
  // epoch, UTC); -1 when none within five years (e.g. "0 0 31 2 *").
  double Next(double after) const;

 private:
  std::bitset<60> minutes_;
  std::bitset<24> hours_;
  std::bitset<32> days_;    // 1-31
  std::bitset<13> months_;  // 1-12
  std::bitset<7> weekdays_; // 0-6, Sunday 0
  bool days_any_ = true, weekdays_any_ = true;
};

}  // namespace docflow::flows
