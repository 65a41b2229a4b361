// Which runs and timers an event makes, and what a due timer starts: the
// pure decisions of flows/event_trigger.h and flows/timer_trigger.h.
#include "flows/event_trigger.h"

#include <gtest/gtest.h>

#include "flows/time_text.h"
#include "flows/timer_trigger.h"

namespace docflow::flows {
namespace {
using nlohmann::json;

FlowCatalog Catalog() {
  std::vector<FlowDefinition> flows;
  for (const char* y : {
           "name: on-create\ntrigger: {type: event, collection: invoices, actions: [create]}\n"
           "operations: {a: {type: log, message: x}}\n",
           "name: big-update\nmax_depth: 2\ntrigger: {type: event, collection: invoices, actions: [update],"
           " filter: {record.total_gross: {_gt: '{{$settings.invoice_validation_amount}}'}}}\n"
           "operations: {a: {type: log, message: x}}\n",
           "name: ends\ntrigger: {type: date, collection: contracts, field: expiration_date,"
           " offsets: ['-30 days', '-1 month'], filter: {record.status: active}}\n"
           "operations: {a: {type: log, message: x}}\n",
           "name: daily\ntrigger: {type: schedule, cron: '0 6 * * *'}\noperations: {a: {type: log, message: x}}\n"}) {
    auto d = ParseFlowYaml(y, "test.yaml");
    EXPECT_TRUE(d.ok()) << (d.ok() ? "" : d.error().message);
    if (d) flows.push_back(*d);
  }
  return FlowCatalog(flows);
}

FlowSettings Settings() {
  FlowSettings s;
  s.exposed = {{"invoice_validation_amount", 5000}};
  return s;
}

TEST(EventTrigger, CreationsAreKeyedByRecordUpdatesByEvent) {
  FlowCatalog c = Catalog();
  FlowEvent e;
  e.id = 10;
  e.topic = "invoices.create";
  e.record_table = "invoices";
  e.record_id = 42;
  e.record = {{"id", 42}, {"total_gross", 9000}};
  auto d = DecideEvent(c, Settings(), e);
  ASSERT_EQ(d.runs.size(), 1u);
  EXPECT_EQ(d.runs[0].workflow, "on-create");
  EXPECT_EQ(d.runs[0].trigger_key, "record:invoices:42:create");
  EXPECT_EQ(d.runs[0].trigger["record"]["total_gross"], 9000);
  EXPECT_TRUE(d.runs[0].stopped_reason.empty());

  e.topic = "invoices.update";
  e.id = 11;
  e.depth = 3;  // past big-update's max_depth 2
  e.payload = {{"filled", {{"total_gross", 9000}}}};
  d = DecideEvent(c, Settings(), e);
  ASSERT_EQ(d.runs.size(), 1u);
  EXPECT_EQ(d.runs[0].trigger_key, "event:11");
  EXPECT_EQ(d.runs[0].trigger["changed"], json({"total_gross"}));
  EXPECT_NE(d.runs[0].stopped_reason.find("loop guard: depth 3 exceeds 2"), std::string::npos);
  e.record["total_gross"] = 10;  // the filter fails
  EXPECT_TRUE(DecideEvent(c, Settings(), e).runs.empty());
}

TEST(EventTrigger, DateTriggersSetMoveAndCancelTimers) {
  FlowCatalog c = Catalog();
  FlowEvent e;
  e.id = 5;
  e.topic = "contracts.create";
  e.record_table = "contracts";
  e.record_id = 7;
  e.record = {{"id", 7}, {"expiration_date", "2030-03-31"}, {"status", "active"}};
  auto d = DecideEvent(c, Settings(), e);
  EXPECT_TRUE(d.runs.empty());
  ASSERT_EQ(d.timers.size(), 2u);
  EXPECT_EQ(d.timers[0].timer_key, "date:contracts:7:expiration_date:-30 days");
  EXPECT_EQ(FormatDate(d.timers[0].due_at), "2030-03-01");
  EXPECT_EQ(FormatDate(d.timers[1].due_at), "2030-02-28");  // -1 month from the 31st
  // An update that does not touch the date leaves the timers alone...
  e.topic = "contracts.update";
  e.payload = {{"changed", {"title"}}};
  EXPECT_TRUE(DecideEvent(c, Settings(), e).timers.empty());
  // ... one that empties it cancels them (due 0), a deletion too.
  e.payload = {{"changed", {"expiration_date"}}};
  e.record["expiration_date"] = nullptr;
  d = DecideEvent(c, Settings(), e);
  ASSERT_EQ(d.timers.size(), 2u);
  EXPECT_EQ(d.timers[0].due_at, 0);
  e.topic = "contracts.delete";
  EXPECT_EQ(DecideEvent(c, Settings(), e).timers[1].due_at, 0);
}

TEST(TimerTrigger, CronRearmsDateChecksTheRecordNow) {
  FlowCatalog c = Catalog();
  DueTimer cron;
  cron.id = 1;
  cron.workflow = "daily";
  cron.kind = "cron";
  cron.due_at = ParseTime("2030-01-01T06:00:00Z")->seconds;
  double now = ParseTime("2030-01-03T09:00:00Z")->seconds;  // two mornings were missed
  auto d = DecideTimer(c, Settings(), cron, now);
  ASSERT_TRUE(d.fire);
  EXPECT_EQ(d.run.trigger_key, "schedule:" + std::to_string(static_cast<long long>(cron.due_at) * 1000));
  EXPECT_EQ(FormatTimestamp(d.rearm_at), "2030-01-04T06:00:00Z");  // fired once, next one ahead

  DueTimer date;
  date.id = 9;
  date.workflow = "ends";
  date.kind = "date";
  date.record_table = "contracts";
  date.record_id = 7;
  date.due_at = ParseTime("2030-03-01")->seconds;
  date.data = {{"field", "expiration_date"}, {"offset", "-30 days"}};
  date.record = {{"id", 7}, {"status", "active"}};
  d = DecideTimer(c, Settings(), date, now);
  ASSERT_TRUE(d.fire);
  EXPECT_EQ(d.run.trigger_key, "timer:9@" + std::to_string(static_cast<long long>(date.due_at) * 1000));
  EXPECT_EQ(d.run.trigger["offset"], "-30 days");
  date.record["status"] = "terminated";
  d = DecideTimer(c, Settings(), date, now);
  EXPECT_FALSE(d.fire);
  EXPECT_NE(d.skipped_reason.find("filter"), std::string::npos);
  date.record = nullptr;
  EXPECT_EQ(DecideTimer(c, Settings(), date, now).skipped_reason, "the record is gone");
}

}  // namespace
}  // namespace docflow::flows
