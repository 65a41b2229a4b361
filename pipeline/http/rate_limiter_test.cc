#include "pipeline/http/rate_limiter.h"

#include <gtest/gtest.h>

namespace docflow::http {
namespace {

using std::chrono::milliseconds;

TEST(RateLimiter, BurstThenRefillPerKey) {
  RateLimiter l(60, 3);  // one per second, three at once
  auto t0 = RateLimiter::Clock::time_point() + std::chrono::hours(1);
  EXPECT_TRUE(l.Take(1, t0).allowed);
  EXPECT_TRUE(l.Take(1, t0).allowed);
  EXPECT_TRUE(l.Take(1, t0).allowed);
  auto refused = l.Take(1, t0);
  EXPECT_FALSE(refused.allowed);
  EXPECT_NEAR(refused.retry_after_seconds, 1.0, 1e-9);
  // Another token has its own bucket.
  EXPECT_TRUE(l.Take(2, t0).allowed);
  // Half a second later: half a request, still refused; after one second: one more.
  EXPECT_FALSE(l.Take(1, t0 + milliseconds(500)).allowed);
  EXPECT_TRUE(l.Take(1, t0 + milliseconds(1000)).allowed);
  EXPECT_FALSE(l.Take(1, t0 + milliseconds(1000)).allowed);
  // A long pause refills up to the burst only.
  auto later = t0 + std::chrono::minutes(10);
  int allowed = 0;
  for (int i = 0; i < 10; ++i) allowed += l.Take(1, later).allowed;
  EXPECT_EQ(allowed, 3);
}

TEST(RateLimiter, ZeroRateMeansNoLimit) {
  RateLimiter l(0, 1);
  for (int i = 0; i < 1000; ++i) ASSERT_TRUE(l.Take(1).allowed);
}

}  // namespace
}  // namespace docflow::http
