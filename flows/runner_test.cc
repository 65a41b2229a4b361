// The runner and the triggers on a real PostgreSQL and a real HTTP receiver,
// with small flows written for each case: retries with back-off then a dead
// letter, reject edges, independent branches, resuming a step recorded as
// sent, the loop guard, webhooks, scheduled timers, the item allowlist.
#include <gtest/gtest.h>

#include "flows/testing/flow_test_support.h"
#include "flows/webhook.h"
#include "storage/flow_runs.h"

namespace docflow::flows::testing {
namespace {
using nlohmann::json;
using ::docflow::testing::TempDir;

json RunsOf(FlowHarness& h, const std::string& flow) {
  return h.Rows("SELECT r.id, r.state, r.depth, r.last_error, r.crashes, r.trigger_key FROM flow_runs r"
                " JOIN workflows w ON w.id = r.workflow_id WHERE w.name = '" + flow + "' ORDER BY r.id");
}

json Step(FlowHarness& h, long long run, const std::string& op) {
  auto rows = h.Rows("SELECT state, attempts, error, output, idempotency_key FROM flow_steps WHERE run_id = " +
                     std::to_string(run) + " AND op_key = '" + op + "'");
  return rows.empty() ? json(nullptr) : rows[0];
}

TEST(Runner, RetriesWithBackoffThenDeadLetterThenRetryByHand) {
  TempDir dir;
  FlowHarness h(WriteFlows(dir, {{"hook.yaml", R"(
name: hook
trigger: {type: manual}
operations:
  send: {type: request, url: "{{$settings.finance_webhook_url}}", body: {n: "{{$trigger.n}}"}, retries: 3, resolve: done}
  done: {type: log, message: "sent {{$trigger.n}}"}
)"}}));
  ASSERT_TRUE(h.ok());
  h.Load();
  h.http.set_status(503);
  auto run = TriggerManual(*h.conn, "hook", {{"n", 1}}, h.settings);
  ASSERT_TRUE(run.ok()) << run.error().message;
  // Each pass runs what is due; retries wait for their back-off.
  for (int i = 0; i < 200 && RunsOf(h, "hook")[0]["state"] != "dead"; ++i) {
    h.RunUntilIdle();
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  auto runs = RunsOf(h, "hook");
  ASSERT_EQ(runs[0]["state"], "dead") << runs.dump();
  auto s = Step(h, run->id, "send");
  EXPECT_EQ(s["state"], "dead");
  EXPECT_EQ(s["attempts"], 3);
  EXPECT_NE(s["error"].get<std::string>().find("gave up after 3 attempts"), std::string::npos);
  EXPECT_NE(s["error"].get<std::string>().find("answered 503"), std::string::npos);
  // Three arrivals, one key: a receiver that dedupes keeps one.
  auto keys = h.http.arrivals_by_key();
  ASSERT_EQ(keys.size(), 1u);
  EXPECT_EQ(keys.begin()->first, "docflow-" + std::to_string(run->id) + "-send");
  EXPECT_EQ(keys.begin()->second, 3);
  EXPECT_EQ(h.Scalar("SELECT count(*) FROM flow_dead_letters WHERE resolved_at IS NULL AND op_key = 'send'"), 1);
  EXPECT_TRUE(Step(h, run->id, "done").is_null());

  // The receiver is back; an operator retries the run.
  h.http.set_status(200);
  ASSERT_EQ(*RetryFlowRun(*h.conn, run->id), 1);
  h.RunUntilIdle();
  EXPECT_EQ(RunsOf(h, "hook")[0]["state"], "succeeded");
  EXPECT_EQ(Step(h, run->id, "done")["state"], "succeeded");
  EXPECT_EQ(h.Scalar("SELECT count(*) FROM flow_dead_letters WHERE resolved_at IS NOT NULL"), 1);
  EXPECT_EQ(h.http.arrivals_by_key().begin()->second, 4);
}

TEST(Runner, TransientFailuresThenSuccessAndBackoffGrows) {
  TempDir dir;
  FlowHarness h(WriteFlows(dir, {{"hook.yaml", R"(
name: hook
trigger: {type: manual}
operations:
  send: {type: request, url: "{{$settings.finance_webhook_url}}", body: {}}
)"}}));
  ASSERT_TRUE(h.ok());
  h.Load();
  h.http.fail_next(2, 500);
  auto run = TriggerManual(*h.conn, "hook", json::object(), h.settings);
  ASSERT_TRUE(run.ok());
  for (int i = 0; i < 200 && RunsOf(h, "hook")[0]["state"] != "succeeded"; ++i) {
    h.RunUntilIdle();
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_EQ(RunsOf(h, "hook")[0]["state"], "succeeded");
  EXPECT_EQ(Step(h, run->id, "send")["attempts"], 3);
  EXPECT_EQ(Step(h, run->id, "send")["output"]["status"], 200);
  EXPECT_EQ(h.http.requests().size(), 3u);
  // The delay before attempt n+1 is backoff_ms * 2^(n-1), capped.
  EXPECT_EQ(BackoffMs(h.settings, 1), 20);
  EXPECT_EQ(BackoffMs(h.settings, 3), 80);
  EXPECT_EQ(BackoffMs(h.settings, 10), 200);
}

TEST(Runner, RejectEdgesConditionsAndIndependentBranches) {
  TempDir dir;
  FlowHarness h(WriteFlows(dir, {{"branches.yaml", R"(
name: branches
trigger: {type: manual}
start: [check, bad, good]
operations:
  check: {type: condition, filter: {"$trigger.amount": {_gt: 100}}, resolve: big, reject: small}
  big: {type: transform, value: {size: big}}
  small: {type: transform, value: {size: small, from: "{{$last.passed}}"}}
  bad: {type: request, url: "{{$settings.finance_webhook_url}}", method: GET}
  good: {type: item-create, collection: tasks, data: {title: "made by {{$run.flow}} run {{$run.id}}"}}
)"},
                                 {"handled.yaml", R"(
name: handled
trigger: {type: manual}
operations:
  bad: {type: request, url: "{{$settings.finance_webhook_url}}", reject: note}
  note: {type: log, message: "handled: {{$last.error}}"}
)"}}));
  ASSERT_TRUE(h.ok());
  h.Load();
  h.http.set_status(404);  // permanent: no retry
  auto run = TriggerManual(*h.conn, "branches", {{"amount", 50}}, h.settings);
  ASSERT_TRUE(run.ok());
  h.RunUntilIdle();
  auto r = RunsOf(h, "branches")[0];
  EXPECT_EQ(r["state"], "failed");
  EXPECT_NE(r["last_error"].get<std::string>().find("bad: GET"), std::string::npos) << r.dump();
  EXPECT_EQ(Step(h, run->id, "bad")["attempts"], 1);
  EXPECT_EQ(Step(h, run->id, "check")["state"], "rejected");
  EXPECT_EQ(Step(h, run->id, "small")["output"], json({{"size", "small"}, {"from", false}}));
  EXPECT_TRUE(Step(h, run->id, "big").is_null());
  // The other branch ran to its end.
  EXPECT_EQ(h.Scalar("SELECT count(*) FROM tasks WHERE title = 'made by branches run " + std::to_string(run->id) + "'"),
            1);
  // A handled failure: the reject edge runs and the run succeeds.
  auto run2 = TriggerManual(*h.conn, "handled", json::object(), h.settings);
  h.RunUntilIdle();
  EXPECT_EQ(RunsOf(h, "handled")[0]["state"], "succeeded");
  EXPECT_NE(Step(h, run2->id, "note")["output"]["message"].get<std::string>().find("answered 404"), std::string::npos);
}

TEST(Runner, AStepRecordedAsSentIsSentAgainWithTheSameKeyAfterACrash) {
  TempDir dir;
  FlowHarness h(WriteFlows(dir, {{"hook.yaml", R"(
name: hook
trigger: {type: manual}
operations:
  make: {type: item-create, collection: tasks, data: {title: once}, resolve: send}
  send: {type: request, url: "{{$settings.finance_webhook_url}}", body: {task: "{{make.id}}"}}
)"}}));
  ASSERT_TRUE(h.ok());
  h.Load();
  auto run = TriggerManual(*h.conn, "hook", json::object(), h.settings);
  ASSERT_TRUE(run.ok());
  // A worker claims it, commits `make`, records `send` as sent... and dies.
  FlowRunStore store(*h.conn);
  auto claimed = store.ClaimOne(run->id, "doomed", 30);
  ASSERT_TRUE(claimed.ok() && claimed->size() == 1);
  RunLease lease{run->id, (*claimed)[0].lease_token, "hook", 0};
  FlowStepRecord make;
  make.op_key = "make";
  make.op_type = "item-create";
  auto committed = store.CommitStep(lease, {}, *h.schema, 30, [&](FlowTx& tx) -> Result<FlowStepRecord> {
    auto rows = tx.CreateItems("tasks", {{"title", "once"}});
    if (!rows) return rows.error();
    FlowStepRecord s = make;
    s.state = "succeeded";
    s.attempts = 1;
    s.output = (*rows)[0];
    return s;
  });
  ASSERT_TRUE(committed.ok()) << committed.error().message;
  FlowStepRecord sent;
  sent.op_key = "send";
  sent.op_type = "request";
  sent.parent = "make";
  sent.via = "resolve";
  sent.state = "sent";
  sent.attempts = 1;
  sent.idempotency_key = "docflow-" + std::to_string(run->id) + "-send";
  ASSERT_TRUE(store.SaveSteps(lease, {sent}, 30).ok());
  // Its lease runs out; another worker resumes the run.
  h.Exec("UPDATE flow_runs SET lease_expires_at = now() - interval '1 second' WHERE id = " + std::to_string(run->id));
  h.RunUntilIdle();
  auto r = RunsOf(h, "hook")[0];
  EXPECT_EQ(r["state"], "succeeded");
  EXPECT_EQ(r["crashes"], 1);
  EXPECT_EQ(h.Scalar("SELECT count(*) FROM tasks WHERE title = 'once'"), 1);  // not made twice
  auto reqs = h.http.requests();
  ASSERT_EQ(reqs.size(), 1u);
  EXPECT_EQ(reqs[0].idempotency_key, sent.idempotency_key);
  EXPECT_EQ(reqs[0].json["task"], (*committed).output["id"]);
  EXPECT_EQ(Step(h, run->id, "send")["attempts"], 2);
  // The stale worker can write nothing any more.
  EXPECT_FALSE(store.SaveSteps(lease, {sent}, 30).ok());
}

TEST(Runner, TheLoopGuardStopsAFlowThatTriggersItself) {
  TempDir dir;
  FlowHarness h(WriteFlows(dir, {{"echo.yaml", R"(
name: echo
max_depth: 3
trigger: {type: event, collection: tasks, actions: [create]}
operations:
  again: {type: item-create, collection: tasks, data: {title: "echo of {{$trigger.record.title}}"}}
)"},
                                 {"ping.yaml", R"(
name: ping
trigger: {type: manual}
operations:
  self: {type: trigger, flow: ping, data: {n: "{{($trigger.data.n ?? 0) + 1}}"}}
)"}}));
  ASSERT_TRUE(h.ok());
  h.Load();
  h.Exec("INSERT INTO tasks (title) VALUES ('seed')");
  h.RunUntilIdle();
  auto runs = RunsOf(h, "echo");
  ASSERT_EQ(runs.size(), 5u) << runs.dump();
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(runs[i]["state"], "succeeded");
    EXPECT_EQ(runs[i]["depth"], i);
  }
  EXPECT_EQ(runs[4]["state"], "loop_stopped");
  EXPECT_NE(runs[4]["last_error"].get<std::string>().find("loop guard: depth 4 exceeds 3"), std::string::npos);
  EXPECT_EQ(h.Scalar("SELECT count(*) FROM tasks"), 5);  // the seed and four echoes
  EXPECT_EQ(h.Scalar("SELECT count(*) FROM logs WHERE actor = 'flow:echo'"), 4);

  // The trigger operation carries the depth too (flows.max_depth = 10).
  ASSERT_TRUE(TriggerManual(*h.conn, "ping", json::object(), h.settings).ok());
  h.RunUntilIdle();
  auto pings = RunsOf(h, "ping");
  ASSERT_EQ(pings.size(), 12u);
  EXPECT_EQ(pings[10]["state"], "succeeded");
  EXPECT_EQ(pings[10]["depth"], 10);
  EXPECT_EQ(pings[11]["state"], "loop_stopped");
}

TEST(Runner, WebhookTriggersAreOncePerKey) {
  TempDir dir;
  FlowHarness h(WriteFlows(dir, {{"in.yaml", R"(
name: inbound
trigger: {type: webhook}
operations:
  keep: {type: item-create, collection: tasks, data: {title: "{{$trigger.body.title}}"}}
)"},
                                 {"other.yaml", R"(
name: other
trigger: {type: manual}
operations:
  x: {type: log, message: x}
)"}}));
  ASSERT_TRUE(h.ok());
  h.Load();
  auto a = TriggerWebhook(*h.conn, "inbound", {{"title", "from the web"}}, "key-1");
  auto b = TriggerWebhook(*h.conn, "inbound", {{"title", "from the web"}}, "key-1");
  auto c = TriggerWebhook(*h.conn, "inbound", {{"title", "another"}});
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());
  EXPECT_TRUE(a->created);
  EXPECT_FALSE(b->created);
  EXPECT_EQ(a->id, b->id);
  EXPECT_NE(a->id, c->id);
  h.RunUntilIdle();
  EXPECT_EQ(h.Scalar("SELECT count(*) FROM tasks WHERE title = 'from the web'"), 1);
  auto none = TriggerWebhook(*h.conn, "nosuch", json::object());
  ASSERT_FALSE(none.ok());
  EXPECT_NE(none.error().message.find("no flow named 'nosuch'"), std::string::npos);
  auto wrong = TriggerWebhook(*h.conn, "other", json::object());
  ASSERT_FALSE(wrong.ok());
  EXPECT_NE(wrong.error().message.find("has no webhook trigger"), std::string::npos);
  // A caller deeper than the guard (X-Docflow-Depth) is stopped.
  auto deep = TriggerWebhook(*h.conn, "inbound", {{"title", "deep"}}, "", 11, h.settings);
  ASSERT_TRUE(deep.ok());
  EXPECT_EQ(deep->state, "loop_stopped");
}

TEST(Runner, ScheduledTimersFireOnce) {
  TempDir dir;
  FlowHarness h(WriteFlows(dir, {{"later.yaml", R"(
name: later
trigger: {type: manual}
operations:
  plan: {type: schedule, in: "3 days", flow: follow, data: {what: "{{$trigger.what}}"}}
)"},
                                 {"follow.yaml", R"(
name: follow
trigger: {type: manual}
operations:
  note: {type: item-create, collection: tasks, data: {title: "later: {{$trigger.data.what}}"}}
)"}}));
  ASSERT_TRUE(h.ok());
  h.Load();
  ASSERT_TRUE(TriggerManual(*h.conn, "later", {{"what", "call back"}}, h.settings).ok());
  h.RunUntilIdle();
  EXPECT_EQ(h.Scalar("SELECT count(*) FROM flow_timers WHERE kind = 'op' AND state = 'pending' AND due_at > now() +"
                     " interval '71 hours'"),
            1);
  EXPECT_EQ(h.Scalar("SELECT count(*) FROM tasks"), 0);
  h.Exec("UPDATE flow_timers SET due_at = now() WHERE kind = 'op'");
  h.RunUntilIdle();
  h.RunUntilIdle();
  EXPECT_EQ(h.Text("SELECT string_agg(title, ',') FROM tasks"), "later: call back");
  EXPECT_EQ(h.Text("SELECT state FROM flow_timers WHERE kind = 'op'"), "fired");
}

TEST(Runner, ItemOperationsStayInsideTheAllowlist) {
  TempDir dir;
  FlowHarness h(WriteFlows(dir, {{"items.yaml", R"(
name: items
trigger: {type: manual}
start: [secret, column, readonly, quoted, whole]
operations:
  secret: {type: item-read, collection: api_tokens}
  column: {type: item-update, collection: tasks, key: 1, data: {"title\"; DROP TABLE users; --": x}}
  readonly: {type: item-create, collection: events, data: {topic: x}}
  quoted: {type: item-create, collection: tasks, data: {title: "{{$trigger.evil}}"}}
  whole: {type: item-read, collection: tasks, filter: {title: {_eq: "{{$trigger.evil}}"}}, single: true}
)"}}));
  ASSERT_TRUE(h.ok());
  h.Load();
  std::string evil = "x'); DROP TABLE users; --";
  auto run = TriggerManual(*h.conn, "items", {{"evil", evil}}, h.settings);
  ASSERT_TRUE(run.ok());
  h.RunUntilIdle();
  EXPECT_NE(Step(h, run->id, "secret")["error"].get<std::string>().find("unknown collection 'api_tokens'"),
            std::string::npos);
  EXPECT_NE(Step(h, run->id, "column")["error"].get<std::string>().find("has no field"), std::string::npos);
  EXPECT_NE(Step(h, run->id, "readonly")["error"].get<std::string>().find("read-only"), std::string::npos);
  EXPECT_EQ(Step(h, run->id, "quoted")["state"], "succeeded");
  EXPECT_EQ(Step(h, run->id, "whole")["output"]["title"], evil);
  EXPECT_EQ(h.Scalar("SELECT count(*) FROM users"), 0);  // the table is still there
  EXPECT_EQ(Step(h, run->id, "secret")["state"], "failed");
  EXPECT_EQ(Step(h, run->id, "secret")["attempts"], 1);  // permanent: not retried
}

}  // namespace
}  // namespace docflow::flows::testing
