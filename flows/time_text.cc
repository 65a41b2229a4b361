#include "flows/time_text.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <regex>

namespace docflow::flows {

namespace {

// Days since 1970-01-01 of a civil date (H. Hinnant's algorithm).
long long DaysFromCivil(long long y, unsigned m, unsigned d) {
  y -= m <= 2;
  const long long era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long long>(doe) - 719468;
}

void CivilFromDays(long long z, long long* y, unsigned* m, unsigned* d) {
  z += 719468;
  const long long era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = static_cast<long long>(yoe) + era * 400 + (*m <= 2);
}

unsigned DaysInMonth(long long y, unsigned m) {
  static const unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return kDays[m - 1] + (m == 2 && leap ? 1 : 0);
}

std::string NormalUnit(std::string u) {
  for (char& c : u) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (u == "s" || u == "sec" || u == "second" || u == "seconds") return "seconds";
  if (u == "min" || u == "minute" || u == "minutes") return "minutes";
  if (u == "h" || u == "hour" || u == "hours") return "hours";
  if (u == "d" || u == "day" || u == "days") return "days";
  if (u == "w" || u == "week" || u == "weeks") return "weeks";
  if (u == "mon" || u == "month" || u == "months") return "months";
  if (u == "y" || u == "year" || u == "years") return "years";
  return "";
}

}  // namespace

std::optional<TimeValue> ParseTime(const std::string& s) {
  static const std::regex kRe(
      R"(^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?)?$)");
  std::smatch m;
  if (!std::regex_match(s, m, kRe)) return std::nullopt;
  long long y = std::stoll(m[1]);
  unsigned mo = std::stoul(m[2]), d = std::stoul(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > DaysInMonth(y, mo)) return std::nullopt;
  TimeValue t;
  t.seconds = static_cast<double>(DaysFromCivil(y, mo, d)) * 86400.0;
  if (!m[4].matched) {
    t.date_only = true;
    return t;
  }
  int hh = std::stoi(m[4]), mm = std::stoi(m[5]), ss = m[6].matched ? std::stoi(m[6]) : 0;
  if (hh > 23 || mm > 59 || ss > 60) return std::nullopt;
  t.seconds += hh * 3600.0 + mm * 60.0 + ss;
  if (m[7].matched) t.seconds += std::stod("0" + m[7].str());
  if (m[8].matched && m[8].str() != "Z" && m[8].str() != "z") {
    std::string off = m[8].str();
    int sign = off[0] == '-' ? -1 : 1;
    std::string digits;
    for (char c : off.substr(1))
      if (c != ':') digits += c;
    int oh = std::stoi(digits.substr(0, 2)), om = digits.size() >= 4 ? std::stoi(digits.substr(2, 2)) : 0;
    t.seconds -= sign * (oh * 3600.0 + om * 60.0);
  }
  return t;
}

std::string FormatDate(double seconds) {
  long long days = static_cast<long long>(std::floor(seconds / 86400.0));
  long long y;
  unsigned m, d;
  CivilFromDays(days, &y, &m, &d);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", y, m, d);
  return buf;
}

std::string FormatTimestamp(double seconds) {
  double whole = std::floor(seconds);
  long long days = static_cast<long long>(std::floor(whole / 86400.0));
  long long rest = static_cast<long long>(whole) - days * 86400;
  long long y;
  unsigned m, d;
  CivilFromDays(days, &y, &m, &d);
  char buf[64];
  int ms = static_cast<int>(std::lround((seconds - whole) * 1000));
  if (ms == 1000) ms = 999;
  if (ms > 0)
    std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02lld:%02lld:%02lld.%03dZ", y, m, d, rest / 3600, rest / 60 % 60,
                  rest % 60, ms);
  else
    std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02lld:%02lld:%02lldZ", y, m, d, rest / 3600, rest / 60 % 60,
                  rest % 60);
  return buf;
}

double NowSeconds() {
  using namespace std::chrono;
  return duration<double>(system_clock::now().time_since_epoch()).count();
}

Result<TimeValue> AddToTime(const TimeValue& t, double n, const std::string& unit_text) {
  std::string unit = NormalUnit(unit_text);
  if (unit.empty()) return Permanent("unknown time unit '" + unit_text + "'");
  TimeValue out = t;
  if (unit == "months" || unit == "years") {
    if (n != std::floor(n)) return Permanent("months and years must be whole numbers");
    long long days = static_cast<long long>(std::floor(t.seconds / 86400.0));
    double in_day = t.seconds - static_cast<double>(days) * 86400.0;
    long long y;
    unsigned m, d;
    CivilFromDays(days, &y, &m, &d);
    long long months = y * 12 + (m - 1) + static_cast<long long>(n) * (unit == "years" ? 12 : 1);
    long long ny = months >= 0 ? months / 12 : (months - 11) / 12;
    unsigned nm = static_cast<unsigned>(months - ny * 12) + 1;
    unsigned nd = std::min(d, DaysInMonth(ny, nm));
    out.seconds = static_cast<double>(DaysFromCivil(ny, nm, nd)) * 86400.0 + in_day;
    return out;
  }
  double k = unit == "seconds" ? 1 : unit == "minutes" ? 60 : unit == "hours" ? 3600 : unit == "days" ? 86400 : 604800;
  out.seconds = t.seconds + n * k;
  if (t.date_only && (unit == "seconds" || unit == "minutes" || unit == "hours")) out.date_only = false;
  if (t.date_only && out.date_only && std::fmod(out.seconds, 86400.0) != 0) out.date_only = false;
  return out;
}

Result<Duration> ParseDuration(const std::string& s) {
  static const std::regex kRe(R"(^\s*([+-]?)\s*(\d+(?:\.\d+)?)\s*([A-Za-z]*)\s*$)");
  std::smatch m;
  if (!std::regex_match(s, m, kRe)) return Permanent("not a duration: '" + s + "' (e.g. \"-30 days\")");
  Duration d;
  d.n = std::stod(m[2]) * (m[1] == "-" ? -1 : 1);
  std::string unit = m[3].str().empty() ? "days" : NormalUnit(m[3].str());
  if (unit.empty()) return Permanent("not a duration: '" + s + "': unknown unit " + m[3].str());
  d.unit = unit;
  return d;
}

}  // namespace docflow::flows
