#include "pipeline/http/rate_limiter.h"

#include <algorithm>

namespace docflow::http {

RateLimiter::RateLimiter(double rate_per_minute, double burst)
    : per_second_(rate_per_minute / 60.0), burst_(std::max(1.0, burst)) {}

RateLimiter::Decision RateLimiter::Take(long long key, Clock::time_point now) {
  if (per_second_ <= 0) return {};
  std::lock_guard<std::mutex> lock(mu_);
  auto [it, fresh] = buckets_.try_emplace(key, Bucket{burst_, now});
  Bucket& b = it->second;
  if (!fresh && now > b.at) {
    double elapsed = std::chrono::duration<double>(now - b.at).count();
    b.tokens = std::min(burst_, b.tokens + elapsed * per_second_);
    b.at = now;
  }
  if (b.tokens >= 1.0) {
    b.tokens -= 1.0;
    return {};
  }
  return {false, (1.0 - b.tokens) / per_second_};
}

}  // namespace docflow::http
