// Per-client request rate limits for the HTTP API: a token bucket per key
// (the API token's id) that refills at rate_per_minute and holds at most
// burst requests. A request that finds the bucket empty is refused (429)
// with the seconds after which one request will be allowed again.
//
// Thread safety: all methods may be called from any thread.
#pragma once

#include <chrono>
#include <mutex>
#include <unordered_map>

namespace docflow::http {

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;
  // rate_per_minute <= 0: no limit. burst < 1 is taken as 1.
  RateLimiter(double rate_per_minute, double burst);

  struct Decision {
    bool allowed = true;
    double retry_after_seconds = 0;  // when refused
  };
  // Takes one request from key's bucket at time now.
  Decision Take(long long key, Clock::time_point now = Clock::now());

 private:
  struct Bucket {
    double tokens;
    Clock::time_point at;
  };
  const double per_second_, burst_;
  std::mutex mu_;
  std::unordered_map<long long, Bucket> buckets_;
};

}  // namespace docflow::http
