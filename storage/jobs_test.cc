#include "storage/jobs.h"

#include <gtest/gtest.h>

#include <thread>

#include "storage/documents.h"
#include "tests/test_database.h"

namespace docflow {
namespace {

using testing::TestDatabase;

long long NewJob(Db& db, char c, int max_attempts = 3) {
  auto r = RecordDocument(db, std::string(64, c), 1, "x.pdf", "cli", {}, max_attempts);
  EXPECT_TRUE(r.ok());
  return r.ok() ? r->job_id : 0;
}

TEST(Jobs, ClaimLeasesOnceAndCompleteAdvancesTheState) {
  TestDatabase t;
  ASSERT_TRUE(t.ok());
  auto db = t.Connect();
  JobStore jobs(*db);
  long long id = NewJob(*db, 'a');
  auto c = jobs.Claim("preprocess", 5, "w1", 30);
  ASSERT_TRUE(c.ok()) << c.error().message;
  ASSERT_EQ(c->size(), 1u);
  EXPECT_EQ((*c)[0].job_id, id);
  EXPECT_EQ((*c)[0].attempts, 1);
  // Leased: a second claim finds nothing.
  auto again = jobs.Claim("preprocess", 5, "w2", 30);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->empty());
  auto ok = jobs.Complete(id, (*c)[0].lease_token, "preprocess", {{"pages", nlohmann::json::array()}}, "classifying",
                          "w1", 1.0);
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  EXPECT_TRUE(*ok);
  auto info = jobs.Get(id);
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->state, "classifying");
  EXPECT_EQ(info->attempts, 0);
  auto stored = jobs.StageResult(id, "preprocess");
  ASSERT_TRUE(stored.ok());
  EXPECT_TRUE((*stored)["pages"].is_array());
}

TEST(Jobs, StaleTokenIsRefusedAndWritesNothing) {
  TestDatabase t;
  ASSERT_TRUE(t.ok());
  auto db = t.Connect();
  JobStore jobs(*db);
  long long id = NewJob(*db, 'b');
  auto c = jobs.Claim("preprocess", 1, "w1", 30);
  ASSERT_TRUE(c.ok() && c->size() == 1);
  long long token = (*c)[0].lease_token;
  ASSERT_TRUE(jobs.Release(id, token, "worker lost").ok());
  auto c2 = jobs.Claim("preprocess", 1, "w2", 30);  // re-dispatched at once
  ASSERT_TRUE(c2.ok() && c2->size() == 1);
  EXPECT_EQ((*c2)[0].attempts, 2);
  auto stale = jobs.Complete(id, token, "preprocess", nlohmann::json::object(), "ocr", "w1", 1);
  ASSERT_TRUE(stale.ok());
  EXPECT_FALSE(*stale);
  EXPECT_EQ(t.Scalar("SELECT count(*) FROM stage_results"), 0);
  auto fail = jobs.Fail(id, token, "late failure", true);
  ASSERT_TRUE(fail.ok());
  EXPECT_EQ(*fail, "");
}

TEST(Jobs, PermanentFailureFailsAtOnceRetryableOnlyAfterMaxAttempts) {
  TestDatabase t;
  ASSERT_TRUE(t.ok());
  auto db = t.Connect();
  JobStore jobs(*db);
  long long perm = NewJob(*db, 'c');
  auto c = jobs.Claim("preprocess", 1, "w", 30);
  ASSERT_TRUE(c.ok() && c->size() == 1);
  auto s = jobs.Fail(perm, (*c)[0].lease_token, "unsupported type: application/zip", false);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(*s, "failed");

  long long retry = NewJob(*db, 'd', 3);
  for (int attempt = 1; attempt <= 3; ++attempt) {
    auto cl = jobs.Claim("preprocess", 1, "w", 30);
    ASSERT_TRUE(cl.ok() && cl->size() == 1) << "attempt " << attempt;
    EXPECT_EQ((*cl)[0].job_id, retry);
    auto st = jobs.Fail(retry, (*cl)[0].lease_token, "transient trouble " + std::to_string(attempt), true);
    ASSERT_TRUE(st.ok());
    EXPECT_EQ(*st, attempt < 3 ? "preprocessing" : "failed");
  }
  auto info = jobs.Get(retry);
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->last_error, "transient trouble 3");
}

TEST(Jobs, ExpiredLeaseIsRedispatchedThenReapedWhenAttemptsRunOut) {
  TestDatabase t;
  ASSERT_TRUE(t.ok());
  auto db = t.Connect();
  JobStore jobs(*db);
  long long id = NewJob(*db, 'e', 2);
  auto c1 = jobs.Claim("preprocess", 1, "w1", 1);  // a 1-second lease nobody renews
  ASSERT_TRUE(c1.ok() && c1->size() == 1);
  std::this_thread::sleep_for(std::chrono::milliseconds(1200));
  auto c2 = jobs.Claim("preprocess", 1, "w2", 1);
  ASSERT_TRUE(c2.ok() && c2->size() == 1);
  EXPECT_EQ((*c2)[0].attempts, 2);
  std::this_thread::sleep_for(std::chrono::milliseconds(1200));
  auto c3 = jobs.Claim("preprocess", 1, "w3", 1);
  ASSERT_TRUE(c3.ok());
  EXPECT_TRUE(c3->empty());  // out of attempts
  auto reaped = jobs.ReapExhausted();
  ASSERT_TRUE(reaped.ok());
  EXPECT_EQ(*reaped, 1);
  auto info = jobs.Get(id);
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->state, "failed");
  EXPECT_NE(info->last_error.find("gave up after 2 attempts"), std::string::npos) << info->last_error;
}

TEST(Jobs, RenewKeepsALiveLease) {
  TestDatabase t;
  ASSERT_TRUE(t.ok());
  auto db = t.Connect();
  JobStore jobs(*db);
  long long id = NewJob(*db, 'f');
  auto c = jobs.Claim("preprocess", 1, "w1", 1);
  ASSERT_TRUE(c.ok() && c->size() == 1);
  ASSERT_TRUE(jobs.Renew({{id, (*c)[0].lease_token}}, 30).ok());
  std::this_thread::sleep_for(std::chrono::milliseconds(1200));
  auto c2 = jobs.Claim("preprocess", 1, "w2", 30);
  ASSERT_TRUE(c2.ok());
  EXPECT_TRUE(c2->empty());
}

}  // namespace
}  // namespace docflow
