#include "flows/cron.h"

#include <gtest/gtest.h>

#include "flows/time_text.h"

namespace docflow::flows {
namespace {

std::string Next(const std::string& expr, const std::string& after) {
  auto c = CronSchedule::Parse(expr);
  EXPECT_TRUE(c.ok()) << expr << ": " << (c.ok() ? "" : c.error().message);
  if (!c) return "";
  double t = c->Next(ParseTime(after)->seconds);
  return t < 0 ? "never" : FormatTimestamp(t);
}

TEST(Cron, NextTimes) {
  EXPECT_EQ(Next("0 6 * * *", "2025-03-10T05:59:00Z"), "2025-03-10T06:00:00Z");
  EXPECT_EQ(Next("0 6 * * *", "2025-03-10T06:00:00Z"), "2025-03-11T06:00:00Z");  // strictly after
  EXPECT_EQ(Next("*/15 * * * *", "2025-03-10T10:07:30Z"), "2025-03-10T10:15:00Z");
  EXPECT_EQ(Next("30 9 * * mon-fri", "2025-03-08T12:00:00Z"), "2025-03-10T09:30:00Z");  // Saturday -> Monday
  EXPECT_EQ(Next("0 0 1 * *", "2025-01-31T00:00:00Z"), "2025-02-01T00:00:00Z");
  EXPECT_EQ(Next("0 0 29 2 *", "2025-01-01T00:00:00Z"), "2028-02-29T00:00:00Z");
  EXPECT_EQ(Next("@daily", "2025-12-31T23:59:00Z"), "2026-01-01T00:00:00Z");
  EXPECT_EQ(Next("0 12 1 * 0", "2025-03-01T13:00:00Z"), "2025-03-02T12:00:00Z");  // day 1 OR Sunday
  EXPECT_EQ(Next("0 0 31 2 *", "2025-01-01T00:00:00Z"), "never");
  EXPECT_EQ(Next("5/20 1 * jan,jul 7", "2025-01-01T00:00:00Z"), "2025-01-05T01:05:00Z");
}

TEST(Cron, BadExpressionsNameTheField) {
  for (auto [expr, field] : {std::pair{"61 * * * *", "minute"}, {"* 24 * * *", "hour"}, {"* * 0 * *", "day of month"},
                             {"* * * 13 *", "month"}, {"* * * * funday", "day of week"}, {"* * *", "5 fields"},
                             {"5-1 * * * *", "backwards"}}) {
    auto c = CronSchedule::Parse(expr);
    ASSERT_FALSE(c.ok()) << expr;
    EXPECT_NE(c.error().message.find(field), std::string::npos) << c.error().message;
  }
}

}  // namespace
}  // namespace docflow::flows
