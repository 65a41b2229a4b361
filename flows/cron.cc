#include "flows/cron.h"

#include <cctype>
#include <cmath>
#include <map>
#include <sstream>
#include <vector>

namespace docflow::flows {

namespace {

const std::map<std::string, int> kMonthNames = {{"jan", 1}, {"feb", 2}, {"mar", 3}, {"apr", 4},
                                                {"may", 5}, {"jun", 6}, {"jul", 7}, {"aug", 8},
                                                {"sep", 9}, {"oct", 10}, {"nov", 11}, {"dec", 12}};
const std::map<std::string, int> kDayNames = {{"sun", 0}, {"mon", 1}, {"tue", 2}, {"wed", 3},
                                              {"thu", 4}, {"fri", 5}, {"sat", 6}};

Result<int> Number(std::string s, int lo, int hi, const std::map<std::string, int>* names, const std::string& field) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (names) {
    auto it = names->find(s);
    if (it != names->end()) return it->second;
  }
  if (s.empty() || s.size() > 4) return Permanent("cron " + field + ": bad value '" + s + "'");
  for (char c : s)
    if (!std::isdigit(static_cast<unsigned char>(c))) return Permanent("cron " + field + ": bad value '" + s + "'");
  int v = std::stoi(s);
  if (v < lo || v > hi)
    return Permanent("cron " + field + ": " + s + " is outside " + std::to_string(lo) + "-" + std::to_string(hi));
  return v;
}

// Sets bits lo..hi of a field from its text; *any is true for "*".
template <size_t N>
Status Field(const std::string& text, int lo, int hi, const std::map<std::string, int>* names,
             const std::string& field, std::bitset<N>* bits, bool* any) {
  *any = text == "*" || text == "?";
  std::stringstream parts(text);
  std::string part;
  while (std::getline(parts, part, ',')) {
    int step = 1;
    auto slash = part.find('/');
    if (slash != std::string::npos) {
      auto s = Number(part.substr(slash + 1), 1, hi, nullptr, field);
      if (!s) return s.error();
      step = *s;
      part = part.substr(0, slash);
    }
    int a = lo, b = hi;
    if (part != "*" && part != "?") {
      auto dash = part.find('-');
      auto x = Number(part.substr(0, dash), lo, hi, names, field);
      if (!x) return x.error();
      a = b = *x;
      if (dash != std::string::npos) {
        auto y = Number(part.substr(dash + 1), lo, hi, names, field);
        if (!y) return y.error();
        b = *y;
        if (b < a) return Permanent("cron " + field + ": range " + part + " runs backwards");
      } else if (slash != std::string::npos) {
        b = hi;  // "5/15": from 5 every 15
      }
    }
    for (int v = a; v <= b; v += step) bits->set(static_cast<size_t>(v));
  }
  return Ok();
}

}  // namespace

Result<CronSchedule> CronSchedule::Parse(const std::string& expression) {
  std::string e = expression;
  static const std::map<std::string, std::string> kMacros = {
      {"@hourly", "0 * * * *"}, {"@daily", "0 0 * * *"},   {"@midnight", "0 0 * * *"}, {"@weekly", "0 0 * * 0"},
      {"@monthly", "0 0 1 * *"}, {"@yearly", "0 0 1 1 *"}, {"@annually", "0 0 1 1 *"}};
  if (auto it = kMacros.find(e); it != kMacros.end()) e = it->second;
  std::stringstream ss(e);
  std::vector<std::string> f;
  std::string w;
  while (ss >> w) f.push_back(w);
  if (f.size() != 5) return Permanent("cron '" + expression + "': expected 5 fields (minute hour day month weekday)");
  CronSchedule c;
  bool any = false;
  if (auto s = Field(f[0], 0, 59, nullptr, "minute", &c.minutes_, &any); !s) return s.error();
  if (auto s = Field(f[1], 0, 23, nullptr, "hour", &c.hours_, &any); !s) return s.error();
  if (auto s = Field(f[2], 1, 31, nullptr, "day of month", &c.days_, &c.days_any_); !s) return s.error();
  if (auto s = Field(f[3], 1, 12, &kMonthNames, "month", &c.months_, &any); !s) return s.error();
  std::bitset<8> wd;
  if (auto s = Field(f[4], 0, 7, &kDayNames, "day of week", &wd, &c.weekdays_any_); !s) return s.error();
  for (int i = 0; i < 7; ++i) c.weekdays_[i] = wd[i];
  if (wd[7]) c.weekdays_[0] = true;
  return c;
}

double CronSchedule::Next(double after) const {
  long long t = static_cast<long long>(std::floor(after / 60.0)) * 60 + 60;  // the next whole minute
  long long day = t / 86400;
  int minute_of_day = static_cast<int>((t % 86400) / 60);
  for (int n = 0; n < 366 * 5; ++n, ++day, minute_of_day = 0) {
    // Civil date of `day` (days since 1970-01-01).
    long long z = day + 719468;
    long long era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = static_cast<unsigned>(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    unsigned d = doy - (153 * mp + 2) / 5 + 1;
    unsigned m = mp < 10 ? mp + 3 : mp - 9;
    int weekday = static_cast<int>(((day % 7) + 7 + 4) % 7);  // 1970-01-01 was a Thursday
    if (!months_[m]) continue;
    bool dom = days_[d], dow = weekdays_[weekday];
    bool day_ok = days_any_ && weekdays_any_ ? true : days_any_ ? dow : weekdays_any_ ? dom : (dom || dow);
    if (!day_ok) continue;
    for (int mod = minute_of_day; mod < 24 * 60; ++mod) {
      if (hours_[mod / 60] && minutes_[mod % 60]) return static_cast<double>(day * 86400 + mod * 60);
    }
  }
  return -1;
}

}  // namespace docflow::flows
