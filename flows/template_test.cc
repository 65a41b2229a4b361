#include "flows/template.h"

#include <gtest/gtest.h>

namespace docflow::flows {
namespace {
using nlohmann::json;

const json kCtx = {{"$trigger", {{"record", {{"id", 7}, {"number", "F-12"}, {"amount", 1250.5}, {"note", nullptr}}}}},
                   {"$last", {{"ok", true}}},
                   {"payment", {{"id", 99}}}};

TEST(Template, WholePlaceholderKeepsTheJsonType) {
  auto v = Render(json{{"id", "{{$trigger.record.id}}"},
                       {"amount", " {{ $trigger.record.amount }} "},
                       {"record", "{{$trigger.record}}"},
                       {"missing", "{{$trigger.record.none}}"},
                       {"ok", "{{$last.ok}}"},
                       {"payment", "{{payment.id}}"}},
                  kCtx);
  ASSERT_TRUE(v.ok()) << v.error().message;
  EXPECT_EQ((*v)["id"], 7);
  EXPECT_EQ((*v)["amount"], 1250.5);
  EXPECT_EQ((*v)["record"]["number"], "F-12");
  EXPECT_TRUE((*v)["missing"].is_null());
  EXPECT_EQ((*v)["ok"], true);
  EXPECT_EQ((*v)["payment"], 99);
}

TEST(Template, MixedTextInterpolates) {
  auto v = RenderString("Invoice {{$trigger.record.number}}: {{ $trigger.record.amount }} EUR{{$trigger.record.note}}",
                        kCtx);
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(*v, "Invoice F-12: 1250.5 EUR");
  auto two = RenderString("{{$trigger.record.id}}{{$trigger.record.id}}", kCtx);
  ASSERT_TRUE(two.ok());
  EXPECT_EQ(*two, "77");  // two placeholders: text, not a value
  EXPECT_EQ(*RenderString("no placeholders", kCtx), "no placeholders");
}

TEST(Template, IfDropsObjectsFromListsAndParents) {
  json t = {{"lines",
             {{{"$if", "{{$trigger.record.amount > 1000}}"}, {"account", "607"}},
              {{"$if", "{{$trigger.record.note}}"}, {"account", "44566"}},
              {{"account", "401"}}}},
            {"extra", {{"$if", false}, {"x", 1}}},
            {"nested", {{"keep", {{"$if", true}, {"y", "{{payment.id}}"}}}}}};
  auto v = Render(t, kCtx);
  ASSERT_TRUE(v.ok()) << v.error().message;
  ASSERT_EQ((*v)["lines"].size(), 2u);
  EXPECT_EQ((*v)["lines"][0], json({{"account", "607"}}));
  EXPECT_EQ((*v)["lines"][1], json({{"account", "401"}}));
  EXPECT_FALSE(v->contains("extra"));
  EXPECT_EQ((*v)["nested"]["keep"], json({{"y", 99}}));
  EXPECT_TRUE(Render(json{{"$if", false}, {"a", 1}}, kCtx)->is_null());
}

TEST(Template, ErrorsAndChecks) {
  EXPECT_FALSE(Render(json("{{1 +}}"), kCtx).ok());
  EXPECT_FALSE(RenderString("open {{ forever", kCtx).ok());
  EXPECT_TRUE(CheckTemplate(json{{"a", "{{$trigger.x ?? 1}}"}, {"b", {"{{round($last.y)}}"}}}).ok());
  auto bad = CheckTemplate(json{{"a", {"ok", "{{nosuch(1)}}"}}});
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("nosuch"), std::string::npos);
}

}  // namespace
}  // namespace docflow::flows
