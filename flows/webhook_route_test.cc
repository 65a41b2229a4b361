// The webhook trigger through the HTTP API: POST /api/v1/flows/{name}/trigger
// (pipeline/http) starts a flow declaring `trigger: {type: webhook}`, once
// per Idempotency-Key, with the body as $trigger.body.
#include <httplib.h>

#include <thread>

#include <gtest/gtest.h>

#include "flows/testing/flow_test_support.h"
#include "pipeline/http/api_server.h"
#include "storage/api_tokens.h"

namespace docflow::flows::testing {
namespace {
using nlohmann::json;
using ::docflow::testing::TempDir;

TEST(WebhookRoute, StartsTheFlowOncePerKey) {
  TempDir dir, home;
  FlowHarness h(WriteFlows(dir, {{"inbound.yaml", R"(
name: inbound
trigger: {type: webhook}
operations:
  keep: {type: item-create, collection: tasks, data: {title: "{{$trigger.body.title}}"}}
)"},
                                 {"manual.yaml", R"(
name: by-hand
trigger: {type: manual}
operations:
  x: {type: log, message: x}
)"}}));
  ASSERT_TRUE(h.ok());
  h.Load();
  http::ApiServerOptions o;
  o.database_url = h.db.url();
  o.blob_root = home.path() + "/blobs";
  o.db_connections = 2;
  o.threads = 4;
  auto server = http::ApiServer::Create(o);
  ASSERT_TRUE(server.ok()) << server.error().message;
  std::thread t([&] { (void)(*server)->Run(); });
  auto admin = CreateApiToken(*h.conn, "flows-admin", {"admin"});
  auto reader = CreateApiToken(*h.conn, "reader", {"read"});
  ASSERT_TRUE(admin.ok() && reader.ok());
  httplib::Client c("127.0.0.1", (*server)->port());
  auto post = [&](const std::string& path, const std::string& token, const std::string& key, const std::string& body) {
    httplib::Headers hd = {{"Authorization", "Bearer " + token}};
    if (!key.empty()) hd.emplace("Idempotency-Key", key);
    return c.Post(path.c_str(), hd, body, "application/json");
  };
  auto a = post("/api/v1/flows/inbound/trigger", admin->secret, "k-1", R"({"title": "from outside"})");
  auto b = post("/api/v1/flows/inbound/trigger", admin->secret, "k-1", R"({"title": "from outside"})");
  auto other = post("/api/v1/flows/inbound/trigger", admin->secret, "", R"({"title": "second"})");
  ASSERT_TRUE(a && b && other);
  EXPECT_EQ(a->status, 202) << a->body;
  EXPECT_EQ(b->status, 200) << b->body;
  EXPECT_EQ(other->status, 202);
  json ja = json::parse(a->body), jb = json::parse(b->body);
  EXPECT_EQ(ja["run_id"], jb["run_id"]);
  EXPECT_EQ(ja["state"], "pending");
  EXPECT_EQ(post("/api/v1/flows/nosuch/trigger", admin->secret, "", "{}")->status, 404);
  EXPECT_EQ(post("/api/v1/flows/by-hand/trigger", admin->secret, "", "{}")->status, 409);
  EXPECT_EQ(post("/api/v1/flows/inbound/trigger", admin->secret, "", "not json")->status, 400);
  EXPECT_EQ(post("/api/v1/flows/inbound/trigger", reader->secret, "", "{}")->status, 403);
  EXPECT_EQ(c.Post("/api/v1/flows/inbound/trigger", "{}", "application/json")->status, 401);
  h.RunUntilIdle();
  EXPECT_EQ(h.Text("SELECT string_agg(title, ',' ORDER BY id) FROM tasks"), "from outside,second");
  (*server)->Stop();
  t.join();
}

}  // namespace
}  // namespace docflow::flows::testing
