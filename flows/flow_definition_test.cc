#include "flows/flow_definition.h"

#include <cstdlib>
#include <fstream>

#include <gtest/gtest.h>

#include "flows/flow_loader.h"
#include "tests/test_database.h"

namespace docflow::flows {
namespace {
using nlohmann::json;

std::string Write(const std::string& dir, const std::string& name, const std::string& text) {
  std::string path = dir + "/" + name;
  std::ofstream(path) << text;
  return path;
}

TEST(FlowDefinition, YamlScalarsAreTyped) {
  auto j = YamlToJson("a: 12\nb: 3.5\nc: true\nd: ~\ne: '12'\nf: \"true\"\ng: text\nh: [1, x]\n");
  ASSERT_TRUE(j.ok());
  EXPECT_EQ((*j)["a"], 12);
  EXPECT_EQ((*j)["b"], 3.5);
  EXPECT_EQ((*j)["c"], true);
  EXPECT_TRUE((*j)["d"].is_null());
  EXPECT_EQ((*j)["e"], "12");
  EXPECT_EQ((*j)["f"], "true");
  EXPECT_EQ((*j)["g"], "text");
  EXPECT_EQ((*j)["h"], json({1, "x"}));
}

TEST(FlowDefinition, ParsesTriggersOperationsAndEdges) {
  auto d = ParseFlowYaml(R"(
name: demo
trigger: {type: event, collection: invoices, actions: [create, update], filter: {record.total_gross: {_gt: 10}}}
operations:
  check: {type: condition, if: "{{$trigger.record.total_gross > 100}}", resolve: [big], reject: small}
  big: {type: log, message: big, resolve: [done]}
  small: {type: log, message: small, resolve: done}
  done: {type: transform, value: {ok: true}, retries: 3}
)", "demo.yaml");
  ASSERT_TRUE(d.ok()) << d.error().message;
  EXPECT_EQ(d->trigger.type, TriggerType::kEvent);
  EXPECT_EQ(d->trigger.actions, (std::vector<std::string>{"create", "update"}));
  EXPECT_EQ(d->start, std::vector<std::string>{"check"});
  ASSERT_NE(d->Find("check"), nullptr);
  EXPECT_EQ(d->Find("check")->reject, std::vector<std::string>{"small"});
  EXPECT_EQ(d->Find("done")->max_attempts, 3);
  EXPECT_EQ(d->Find("big")->options, json({{"message", "big"}}));  // two parents meet at done: allowed
  // From JSON (no key order), several operations need an explicit start.
  json src = d->source;
  src.erase("start");
  auto no_start = ParseFlow(src, "workflows.demo");
  ASSERT_FALSE(no_start.ok());
  EXPECT_NE(no_start.error().message.find("workflows.demo: start: required"), std::string::npos);
}

TEST(FlowDefinition, DateAndScheduleTriggers) {
  auto date = ParseFlowYaml(
      "name: d\ntrigger: {type: date, collection: contracts, field: expiration_date,"
      " offsets: ['-90 days', '-30 days'], past: fire}\noperations: {a: {type: log, message: x}}\n",
      "d.yaml");
  ASSERT_TRUE(date.ok()) << date.error().message;
  ASSERT_EQ(date->trigger.offsets.size(), 2u);
  EXPECT_EQ(date->trigger.offsets[0].n, -90);
  EXPECT_EQ(date->trigger.offsets[1].text, "-30 days");
  EXPECT_TRUE(date->trigger.fire_past);
  auto cron = ParseFlowYaml(
      "name: c\ntrigger: {type: schedule, cron: '0 6 * * *'}\noperations: {a: {type: log, message: x}}\n", "c.yaml");
  ASSERT_TRUE(cron.ok());
}

TEST(FlowDefinition, ErrorsNameTheFileAndTheKey) {
  struct Case {
    const char* yaml;
    const char* expected;
  } cases[] = {
      {"trigger: {type: manual}\noperations: {a: {type: log, message: x}}\n", "bad.yaml: name: required"},
      {"name: Bad Name\ntrigger: {type: manual}\noperations: {a: {type: log, message: x}}\n", "bad.yaml: name:"},
      {"name: x\ntrigger: {type: sometimes}\noperations: {a: {type: log, message: x}}\n", "bad.yaml: trigger.type:"},
      {"name: x\ntrigger: {type: schedule, cron: '61 * * * *'}\noperations: {a: {type: log, message: x}}\n",
       "bad.yaml: trigger.cron: cron minute"},
      {"name: x\ntrigger: {type: event}\noperations: {a: {type: log, message: x}}\n", "bad.yaml: trigger.collection:"},
      {"name: x\ntrigger: {type: event, collection: t, actions: [Up-Sert]}\noperations: {a: {type: log, message: x}}\n",
       "bad.yaml: trigger.actions:"},
      {"name: x\ntrigger: {type: manual}\noperations: {pay: {type: item-create, data: {a: 1}}}\n",
       "bad.yaml: operations.pay.collection: required"},
      {"name: x\ntrigger: {type: manual}\noperations: {a: {type: teleport}}\n", "bad.yaml: operations.a.type: unknown"},
      {"name: x\ntrigger: {type: manual}\noperations: {a: {type: log, message: x, resolve: b}}\n",
       "bad.yaml: operations.a.resolve: no operation 'b'"},
      {"name: x\ntrigger: {type: manual}\noperations: {a: {type: log, message: x}, b: {type: log, message: y}}\n",
       "bad.yaml: operations.b: never reached"},
      {"name: x\ntrigger: {type: manual}\noperations: {a: {type: log, message: x, resolve: b}, b: {type: log, message: "
       "y, resolve: a}}\n",
       "a cycle"},
      {"name: x\ntrigger: {type: manual}\noperations: {a: {type: log, message: '{{1 +}}'}}\n",
       "bad.yaml: operations.a: expression"},
      {"name: x\ntrigger: {type: manual}\noperations: {a: {type: request, url: x, verb: GET}}\n",
       "bad.yaml: operations.a.verb: unknown option"},
      {"name: x\ntrigger: {type: manual}\nextra: 1\noperations: {a: {type: log, message: x}}\n",
       "bad.yaml: extra: unknown key"},
  };
  testing::TempDir dir;
  for (const auto& c : cases) {
    auto d = LoadFlowFile(Write(dir.path(), "bad.yaml", c.yaml));
    ASSERT_FALSE(d.ok()) << c.yaml;
    EXPECT_NE(d.error().message.find(c.expected), std::string::npos) << d.error().message;
    EXPECT_EQ(d.error().message.rfind(dir.path() + "/bad.yaml", 0), 0u) << d.error().message;
  }
}

TEST(FlowDefinition, TheShippedFlowsLoad) {
  const char* src = std::getenv("DOCFLOW_SOURCE_DIR");
  ASSERT_NE(src, nullptr);
  LoadedFlows loaded = LoadFlowDir(std::string(src) + "/flows");
  for (const auto& e : loaded.errors) ADD_FAILURE() << e;
  std::set<std::string> names;
  for (const auto& f : loaded.flows) names.insert(f.name);
  for (const char* n : {"invoice-received", "contract-received", "planning-reminder", "contact-received",
                        "client-onboarding", "churn-risk", "churn-risk-client"})
    EXPECT_TRUE(names.count(n)) << n;
}

TEST(FlowDefinition, TwoFilesWithOneNameIsAnError) {
  testing::TempDir dir;
  Write(dir.path(), "a.yaml", "name: same\ntrigger: {type: manual}\noperations: {a: {type: log, message: x}}\n");
  Write(dir.path(), "b.yml", "name: same\ntrigger: {type: manual}\noperations: {a: {type: log, message: x}}\n");
  Write(dir.path(), "notes.txt", "ignored");
  LoadedFlows loaded = LoadFlowDir(dir.path());
  EXPECT_EQ(loaded.flows.size(), 1u);
  ASSERT_EQ(loaded.errors.size(), 1u);
  EXPECT_NE(loaded.errors[0].find("already the name of"), std::string::npos);
}

}  // namespace
}  // namespace docflow::flows
