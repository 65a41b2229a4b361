#include "flows/time_text.h"

#include <gtest/gtest.h>

namespace docflow::flows {
namespace {

TEST(TimeText, ParsesAndFormats) {
  auto d = ParseTime("2025-02-28");
  ASSERT_TRUE(d);
  EXPECT_TRUE(d->date_only);
  EXPECT_EQ(FormatDate(d->seconds), "2025-02-28");
  auto t = ParseTime("2025-02-28T10:15:30.250+01:00");
  ASSERT_TRUE(t);
  EXPECT_FALSE(t->date_only);
  EXPECT_EQ(FormatTimestamp(t->seconds), "2025-02-28T09:15:30.250Z");
  EXPECT_EQ(FormatTimestamp(ParseTime("2025-02-28 10:15:30.123456+00")->seconds), "2025-02-28T10:15:30.123Z");
  EXPECT_FALSE(ParseTime("2025-02-29"));
  EXPECT_FALSE(ParseTime("28/02/2025"));
  EXPECT_FALSE(ParseTime("2025-13-01"));
  EXPECT_EQ(FormatDate(ParseTime("1969-12-31T23:00:00Z")->seconds), "1969-12-31");
}

TEST(TimeText, AddsUnitsAndParsesDurations) {
  auto base = *ParseTime("2025-03-31");
  EXPECT_EQ(FormatDate(AddToTime(base, -1, "month")->seconds), "2025-02-28");
  EXPECT_EQ(FormatDate(AddToTime(base, -30, "d")->seconds), "2025-03-01");
  EXPECT_EQ(FormatDate(AddToTime(base, 2, "weeks")->seconds), "2025-04-14");
  EXPECT_FALSE(AddToTime(base, 1, "fortnight").ok());
  EXPECT_FALSE(AddToTime(base, 1.5, "months").ok());
  auto d = ParseDuration("-30 days");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->n, -30);
  EXPECT_EQ(d->unit, "days");
  EXPECT_EQ(ParseDuration("+2 hours")->unit, "hours");
  EXPECT_EQ(ParseDuration("90d")->n, 90);
  EXPECT_EQ(ParseDuration("0")->n, 0);
  EXPECT_FALSE(ParseDuration("soon").ok());
  EXPECT_FALSE(ParseDuration("3 eons").ok());
}

}  // namespace
}  // namespace docflow::flows
