#include "flows/expression.h"

#include <gtest/gtest.h>

namespace docflow::flows {
namespace {
using nlohmann::json;

json Eval(const std::string& e, const json& ctx = json::object()) {
  auto v = Evaluate(e, ctx);
  EXPECT_TRUE(v.ok()) << e << ": " << (v.ok() ? "" : v.error().message);
  return v.ok() ? *v : json("<error>");
}

const json kCtx = {{"$trigger", {{"record", {{"id", 42}, {"total_gross", 1200.5}, {"total_tax", nullptr},
                                             {"email", "Jane.Doe@Acme-Corp.com"}, {"tags", {"a", "b"}},
                                             {"issue_date", "2025-01-31"}}}}},
                   {"$last", {{"status", 201}}},
                   {"facts", {{"rows", {{{"n", 1}}, {{"n", 2.5}}, {{"n", nullptr}}}}}},
                   {"$settings", {{"invoice_validation_amount", 5000}}}};

TEST(Expression, PathsReadTheContextAndMissingIsNull) {
  EXPECT_EQ(Eval("$trigger.record.id", kCtx), 42);
  EXPECT_EQ(Eval("$last.status", kCtx), 201);
  EXPECT_EQ(Eval("facts.rows[1].n", kCtx), 2.5);
  EXPECT_EQ(Eval("facts.rows[-1].n", kCtx), nullptr);
  EXPECT_EQ(Eval("$trigger.record.tags.1", kCtx), "b");
  EXPECT_EQ(Eval("$trigger.nothing.deeper", kCtx), nullptr);
  EXPECT_EQ(Eval("unknown_op.x", kCtx), nullptr);
}

TEST(Expression, ArithmeticComparisonsAndLogic) {
  EXPECT_EQ(Eval("1 + 2 * 3"), 7);
  EXPECT_EQ(Eval("(1 + 2) * 3"), 9);
  EXPECT_EQ(Eval("7 % 4 - -1"), 4);
  EXPECT_EQ(Eval("10 / 4"), 2.5);
  EXPECT_EQ(Eval("1 / 0"), nullptr);
  EXPECT_EQ(Eval("$trigger.record.total_gross > $settings.invoice_validation_amount", kCtx), false);
  EXPECT_EQ(Eval("'2025-02-01' > '2025-01-31'"), true);
  EXPECT_EQ(Eval("'12' == 12"), true);
  EXPECT_EQ(Eval("null < 3"), false);
  EXPECT_EQ(Eval("!null && (0 || 'x')"), true);
  EXPECT_EQ(Eval("$trigger.record.total_tax ?? 0", kCtx), 0);
  EXPECT_EQ(Eval("$trigger.record.id ?? 0", kCtx), 42);
  EXPECT_EQ(Eval("$trigger.record.id > 40 ? 'big' : 'small'", kCtx), "big");
  EXPECT_EQ(Eval("'n=' + 3"), "n=3");
  EXPECT_EQ(Eval("[1, 'a', null]"), json({1, "a", nullptr}));
}

TEST(Expression, Functions) {
  EXPECT_EQ(Eval("min(3, 1, 2)"), 1);
  EXPECT_EQ(Eval("max([3, 9, 2])"), 9);
  EXPECT_EQ(Eval("round(2.345, 2)"), 2.35);
  EXPECT_EQ(Eval("round(80.4)"), 80);
  EXPECT_EQ(Eval("fixed(1200.5)"), "1200.50");
  EXPECT_EQ(Eval("domain($trigger.record.email)", kCtx), "acme-corp.com");
  EXPECT_EQ(Eval("matches('Chief Executive Officer', '\\\\b(ceo|chief)\\\\b')"), true);
  EXPECT_EQ(Eval("matches(null, 'x')"), false);
  EXPECT_EQ(Eval("contains(['gmail.com', 'yahoo.fr'], 'gmail.com')"), true);
  EXPECT_EQ(Eval("contains('abcdef', 'cd')"), true);
  EXPECT_EQ(Eval("len($trigger.record.tags)", kCtx), 2);
  EXPECT_EQ(Eval("sum(facts.rows, 'n')", kCtx), 3.5);
  EXPECT_EQ(Eval("pluck(facts.rows, 'n')", kCtx), json({1, 2.5, nullptr}));
  EXPECT_EQ(Eval("join(['a', null, 'b'], '/')"), "a/b");
  EXPECT_EQ(Eval("coalesce(null, '', 'x')"), "x");
  EXPECT_EQ(Eval("lower('ÀB') + upper('c')"), "ÀbC");  // ASCII letters only
  EXPECT_EQ(Eval("split('a,b', ',')"), json({"a", "b"}));
}

TEST(Expression, Dates) {
  EXPECT_EQ(Eval("date_add($trigger.record.issue_date, 30)", kCtx), "2025-03-02");
  EXPECT_EQ(Eval("date_add('2025-01-31', 1, 'months')"), "2025-02-28");
  EXPECT_EQ(Eval("date_add('2024-02-29', 1, 'year')"), "2025-02-28");
  EXPECT_EQ(Eval("date_add('2025-06-30', -90, 'days')"), "2025-04-01");
  EXPECT_EQ(Eval("date_add('2025-01-01T10:00:00Z', 2, 'hours')"), "2025-01-01T12:00:00Z");
  EXPECT_EQ(Eval("date_add('2025-01-01T23:30:00+02:00', 1, 'days')"), "2025-01-02T21:30:00Z");
  EXPECT_EQ(Eval("date('2025-05-04T23:59:59Z')"), "2025-05-04");
  EXPECT_EQ(Eval("days_between('2025-01-01', '2025-03-01')"), 59);
  EXPECT_EQ(Eval("date_add(null, 3)"), nullptr);
  EXPECT_EQ(Eval("len(today())"), 10);
}

TEST(Expression, ErrorsNameTheExpression) {
  for (const char* bad : {"1 +", "foo(", "nosuch(1)", "'open", "a ? b", "round()", "2 * 'x'", "1 @ 2"}) {
    auto v = Evaluate(bad, json::object());
    ASSERT_FALSE(v.ok()) << bad;
    EXPECT_NE(v.error().message.find(bad), std::string::npos) << v.error().message;
    EXPECT_FALSE(v.error().retryable);
  }
}

TEST(Expression, TruthinessAndText) {
  EXPECT_FALSE(Truthy(json(nullptr)));
  EXPECT_FALSE(Truthy(json(0)));
  EXPECT_FALSE(Truthy(json("")));
  EXPECT_FALSE(Truthy(json::array()));
  EXPECT_TRUE(Truthy(json("0")));
  EXPECT_TRUE(Truthy(json({{"a", 1}})));
  EXPECT_EQ(ToText(json(3.0)), "3");
  EXPECT_EQ(ToText(json(3.25)), "3.25");
  EXPECT_EQ(ToText(json(nullptr)), "");
  EXPECT_EQ(ToText(json({1, 2})), "[1,2]");
}

}  // namespace
}  // namespace docflow::flows
