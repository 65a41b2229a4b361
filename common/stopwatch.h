// Elapsed time and rounding for the step timings recorded with pages and
// stage results ("ms" fields). Pure functions, thread safe.
#pragma once

#include <chrono>
#include <cmath>

namespace docflow {

// Milliseconds elapsed since t0 (steady clock).
inline double MsSince(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

// v rounded to one or two decimals, as timings and measures are stored.
inline double Round1(double v) { return std::round(v * 10) / 10; }
inline double Round2(double v) { return std::round(v * 100.0) / 100.0; }

}  // namespace docflow
