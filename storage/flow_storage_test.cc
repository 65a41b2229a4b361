// The flow engine's tables on a real PostgreSQL (migration 0008): change
// capture into the events outbox, runs created once per key, leases, the
// allowlist and the SQL of item filters, and the LISTEN/NOTIFY wake-up.
#include <gtest/gtest.h>

#include <thread>

#include "storage/flow_notify.h"
#include "storage/flow_runs.h"
#include "storage/flow_schema.h"
#include "storage/flow_sql_filter.h"
#include "storage/flow_sql_text.h"
#include "storage/flow_workflows.h"
#include "storage/test_sql.h"
#include "tests/test_database.h"

namespace docflow {
namespace {
using nlohmann::json;
using testing::TestDatabase;

long long Q(Db& db, const std::string& sql) {
  auto v = QueryScalar(db, sql);
  EXPECT_TRUE(v.ok()) << sql << ": " << (v.ok() ? "" : v.error().message);
  return v.ok() ? *v : -1;
}

TEST(FlowStorage, ChangeCaptureWritesEventsExceptForThePipeline) {
  TestDatabase t;
  ASSERT_TRUE(t.ok());
  auto db = t.Connect();
  long long id = Q(*db, "INSERT INTO companies (name) VALUES ('Acme') RETURNING id");
  auto ev = QueryText(*db, "SELECT topic || ' ' || record_id || ' ' || flow_depth || ' ' || (payload->>'actor')"
                           " FROM events ORDER BY id DESC LIMIT 1");
  ASSERT_TRUE(ev.ok());
  EXPECT_EQ(*ev, "companies.create " + std::to_string(id) + " 0 db:docflow");
  // An update that changes nothing: no event. A real one: changed columns and old values.
  ASSERT_TRUE(db->Exec("UPDATE companies SET name = 'Acme' WHERE id = " + std::to_string(id)).ok());
  EXPECT_EQ(Q(*db, "SELECT count(*) FROM events WHERE topic = 'companies.update'"), 0);
  ASSERT_TRUE(db->Exec("UPDATE companies SET is_client = true WHERE id = " + std::to_string(id)).ok());
  auto payload = QueryText(*db, "SELECT payload::text FROM events WHERE topic = 'companies.update'");
  json p = json::parse(*payload);
  EXPECT_EQ(p["changed"], json({"is_client"}));
  EXPECT_EQ(p["old"]["is_client"], false);
  // The store stage announces its own writes: not captured.
  ASSERT_TRUE(db->Exec("SELECT set_config('docflow.actor', 'docflow', false);"
                       " UPDATE companies SET phone = '+331' WHERE id = " + std::to_string(id) + ";"
                       " SELECT set_config('docflow.actor', '', false)")
                  .ok());
  EXPECT_EQ(Q(*db, "SELECT count(*) FROM events WHERE topic = 'companies.update'"), 1);
  // A flow's write carries its depth and run.
  ASSERT_TRUE(db->Exec("BEGIN; SELECT set_config('docflow.actor', 'flow:x', true),"
                       " set_config('docflow.flow_depth', '3', true), set_config('docflow.flow_run', '77', true);"
                       " DELETE FROM companies WHERE id = " + std::to_string(id) + "; COMMIT")
                  .ok());
  auto del = QueryText(*db, "SELECT flow_depth || ' ' || flow_run_id || ' ' || (payload->'old'->>'name') FROM events"
                            " WHERE topic = 'companies.delete'");
  EXPECT_EQ(*del, "3 77 Acme");
  // The record function reads rows of real tables only.
  EXPECT_EQ(*QueryText(*db, "SELECT flow_record_json('companies', 12345)::text"), "");
  EXPECT_EQ(*QueryText(*db, "SELECT flow_record_json('no_such_table', 1)::text"), "");
}

TEST(FlowStorage, RunsAreCreatedOncePerKeyAndLeasesAreExclusive) {
  TestDatabase t;
  ASSERT_TRUE(t.ok());
  auto db = t.Connect();
  ASSERT_TRUE(UpsertWorkflow(*db, "demo", "", json{{"name", "demo"}}, "demo.yaml").ok());
  FlowRunStore store(*db);
  NewFlowRun r;
  r.workflow = "demo";
  r.trigger_kind = "manual";
  r.trigger_key = "manual:1";
  auto a = store.Create(r), b = store.Create(r);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_TRUE(a->created);
  EXPECT_FALSE(b->created);
  EXPECT_EQ(a->id, b->id);
  r.workflow = "nosuch";
  EXPECT_FALSE(store.Create(r).ok());
  r.workflow = "demo";
  r.trigger_key = "manual:2";
  r.stopped_reason = "loop guard: test";
  auto stopped = store.Create(r);
  EXPECT_EQ(stopped->state, "loop_stopped");

  // Two workers claiming at once never get the same run.
  auto db2 = t.Connect();
  FlowRunStore store2(*db2);
  auto c1 = store.Claim("w1", 10, 30);
  auto c2 = store2.Claim("w2", 10, 30);
  ASSERT_TRUE(c1.ok() && c2.ok());
  EXPECT_EQ(c1->size() + c2->size(), 1u);  // the loop-stopped run is never claimed
  const ClaimedRun& run = c1->empty() ? (*c2)[0] : (*c1)[0];
  RunLease lease{run.id, run.lease_token, "demo", 0};
  FlowStepRecord s;
  s.op_key = "a";
  s.op_type = "log";
  s.state = "succeeded";
  EXPECT_TRUE(store.SaveSteps(lease, {s}, 30).ok());
  RunLease stale = lease;
  stale.token -= 1;
  auto refused = store.SaveSteps(stale, {s}, 30);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().message.rfind(kFlowLeaseLost, 0), 0u);
  // Expired: another worker takes it over, counted as a crash; the old token is dead.
  ASSERT_TRUE(db->Exec("UPDATE flow_runs SET lease_expires_at = now() - interval '1 second'").ok());
  auto again = store2.Claim("w2", 10, 30);
  ASSERT_EQ(again->size(), 1u);
  EXPECT_EQ((*again)[0].crashes, 1);
  ASSERT_EQ((*again)[0].steps.size(), 1u);
  EXPECT_EQ((*again)[0].steps[0].op_key, "a");
  EXPECT_FALSE(store.Finish(lease, {}, "succeeded", "", 0).ok());
  RunLease now{run.id, (*again)[0].lease_token, "demo", 0};
  EXPECT_TRUE(store2.Finish(now, {}, "succeeded", "", 0).ok());
  EXPECT_EQ(*QueryText(*db, "SELECT state FROM flow_runs WHERE id = " + std::to_string(run.id)), "succeeded");
}

TEST(FlowStorage, AllowlistAndFilterSql) {
  TestDatabase t;
  ASSERT_TRUE(t.ok());
  auto db = t.Connect();
  auto schema = FlowSchema::Load(*db);
  ASSERT_TRUE(schema.ok());
  const FlowSchema& s = **schema;
  EXPECT_EQ(s.Table("api_tokens"), nullptr);
  EXPECT_EQ(s.Table("flow_runs"), nullptr);
  EXPECT_TRUE(s.CheckWritable("payments").ok());
  EXPECT_FALSE(s.CheckWritable("events").ok());
  EXPECT_FALSE(s.CheckWritable("client_activity").ok());  // a view
  EXPECT_TRUE(s.CheckReadable("client_activity").ok());
  EXPECT_FALSE(s.CheckColumn("companies", "name_key", true).ok());  // generated
  EXPECT_FALSE(s.CheckColumn("companies", "id", true).ok());
  EXPECT_TRUE(s.CheckColumn("companies", "name", true).ok());
  EXPECT_TRUE(s.Sequences().count("accounting_entry_ids"));

  SqlParams params = {std::string("first")};
  auto sql = FilterToSql(s, "tasks",
                         {{"status", {{"_in", {"todo", "in \"progress\""}}}},
                          {"_or", {{{"due_date", {{"_lt", "2025-01-01"}}}}, {{"assignee_id", {{"_null", true}}}}}},
                          {"title", {{"_icontains", "x"}}}},
                         &params);
  ASSERT_TRUE(sql.ok()) << sql.error().message;
  EXPECT_EQ(*sql,
            "((\"due_date\" < $2) OR (\"assignee_id\" IS NULL)) AND \"status\" = ANY($3) AND"
            " (strpos(lower(\"title\"::text), lower($4::text)) > 0)");
  ASSERT_EQ(params.size(), 4u);
  EXPECT_EQ(*params[1], "2025-01-01");  // keys in order: _or, status, title
  EXPECT_EQ(*params[2], "{\"todo\",\"in \\\"progress\\\"\"}");
  EXPECT_FALSE(FilterToSql(s, "tasks", {{"nope", {{"_eq", 1}}}}, &params).ok());
  EXPECT_FALSE(FilterToSql(s, "tasks", {{"title.x", {{"_eq", 1}}}}, &params).ok());
  EXPECT_FALSE(FilterToSql(s, "api_tokens", {{"id", 1}}, &params).ok());
  EXPECT_EQ(QuoteIdent("a\"b"), "\"a\"\"b\"");
}

TEST(FlowStorage, NotifyWakesTheListener) {
  TestDatabase t;
  ASSERT_TRUE(t.ok());
  auto listen = FlowWakeups::Listen(t.url());
  ASSERT_TRUE(listen.ok());
  auto quiet = (*listen)->Wait(50);
  ASSERT_TRUE(quiet.ok());
  EXPECT_FALSE(*quiet);
  std::thread writer([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    auto db = t.Connect();
    (void)db->Exec("INSERT INTO events (topic, payload) VALUES ('x.create', '{}')");
  });
  bool woke = false;
  for (int i = 0; i < 50 && !woke; ++i) {
    auto w = (*listen)->Wait(100);
    ASSERT_TRUE(w.ok());
    woke = *w;
  }
  writer.join();
  EXPECT_TRUE(woke);
}

}  // namespace
}  // namespace docflow
