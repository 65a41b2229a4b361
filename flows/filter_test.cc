#include "flows/filter.h"

#include <gtest/gtest.h>

namespace docflow::flows {
namespace {
using nlohmann::json;

const json kData = {{"record", {{"status", "received"}, {"total", 5200.0}, {"is_client", true}, {"industry", nullptr},
                                {"name", "ACME SAS"}, {"tags", {"vip", "fr"}}, {"due", "2025-03-01"}}},
                    {"old", {{"is_client", false}}},
                    {"action", "update"}};

bool M(const json& f) {
  auto r = MatchesFilter(f, kData);
  EXPECT_TRUE(r.ok()) << f.dump() << ": " << (r.ok() ? "" : r.error().message);
  return r.ok() && *r;
}

TEST(Filter, Operators) {
  EXPECT_TRUE(M({{"record", {{"status", {{"_eq", "received"}}}}}}));
  EXPECT_TRUE(M({{"record.status", {{"_neq", "paid"}}}}));
  EXPECT_TRUE(M({{"record.total", {{"_gt", 5000}}}}));
  EXPECT_TRUE(M({{"record.total", {{"_gte", "5200"}}}}));
  EXPECT_FALSE(M({{"record.total", {{"_lt", 5200}}}}));
  EXPECT_TRUE(M({{"record.total", {{"_lte", 5200}}}}));
  EXPECT_TRUE(M({{"record.status", {{"_in", {"received", "approved"}}}}}));
  EXPECT_TRUE(M({{"record.status", {{"_nin", {"paid"}}}}}));
  EXPECT_TRUE(M({{"record.name", {{"_contains", "ACME"}}}}));
  EXPECT_FALSE(M({{"record.name", {{"_contains", "acme"}}}}));
  EXPECT_TRUE(M({{"record.name", {{"_icontains", "acme"}}}}));
  EXPECT_TRUE(M({{"record.name", {{"_ieq", "acme sas"}}}}));
  EXPECT_TRUE(M({{"record.tags", {{"_contains", "vip"}}}}));
  EXPECT_TRUE(M({{"record.industry", {{"_null", true}}}}));
  EXPECT_TRUE(M({{"record.status", {{"_null", false}}}}));
  EXPECT_TRUE(M({{"record.status", {{"_nnull", true}}}}));
  EXPECT_TRUE(M({{"record.due", {{"_lt", "2025-03-02"}}}}));
  EXPECT_FALSE(M({{"record.industry", {{"_gt", 1}}}}));  // null never compares
  EXPECT_TRUE(M({{"record.industry", {{"_eq", nullptr}}}}));
  EXPECT_TRUE(M({{"record.status", "received"}}));  // shorthand equality
}

TEST(Filter, AndOrAndSeveralKeys) {
  json became_client = {{"_and", {{{"record.is_client", {{"_eq", true}}}},
                                  {{"_or", {{{"action", {{"_eq", "create"}}}}, {{"old.is_client", {{"_eq", false}}}}}}}}}};
  EXPECT_TRUE(M(became_client));
  EXPECT_FALSE(M({{"_or", {{{"action", "create"}}, {{"old.is_client", true}}}}}));
  EXPECT_FALSE(M({{"record.status", "received"}, {"record.total", {{"_gt", 9000}}}}));
  EXPECT_TRUE(M(json::object()));
  EXPECT_TRUE(*MatchesFilter(nullptr, kData));
}

TEST(Filter, MalformedRulesAreErrors) {
  EXPECT_FALSE(MatchesFilter({{"a", {{"_like", 1}}}}, kData).ok());
  EXPECT_FALSE(MatchesFilter({{"_and", {{"a", 1}}}}, kData).ok());
  EXPECT_FALSE(MatchesFilter({{"a", {{"_in", 3}}}}, kData).ok());
  EXPECT_FALSE(CheckFilter({{"x", {{"_bogus", 1}}}}).ok());
  EXPECT_TRUE(CheckFilter({{"x", {{"_in", "{{$settings.list}}"}}}}).ok());
}

}  // namespace
}  // namespace docflow::flows
