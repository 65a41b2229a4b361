// Flow 5, churn-risk (daily) + churn-risk-client, on a real PostgreSQL and a
// real SMTP server: the cron timer fires, every client is scored from late
// payments and falling interactions, and a client crossing the threshold
// gets an alert to its account manager, retention tasks and a check-in.
#include <gtest/gtest.h>

#include "flows/testing/flow_test_support.h"

namespace docflow::flows::testing {
namespace {
using nlohmann::json;

TEST(ChurnFlow, DailyScoresAndAlertsOnCrossingTheThreshold) {
  FlowHarness h;
  ASSERT_TRUE(h.ok());
  auto users = h.SeedUsers();
  std::string am = std::to_string(users["am1"]);
  auto client = [&](const std::string& name, bool is_client) {
    return h.Scalar("INSERT INTO companies (name, is_client, account_manager_id) VALUES ('" + name + "', " +
                    (is_client ? "true" : "false") + ", " + am + ") RETURNING id");
  };
  // (Their outbox events start client-onboarding once the flows load.)
  long long risky = client("Risky Ltd", true), steady = client("Steady SA", true), quiet = client("Quiet SARL", true),
            prospect = client("Prospect Inc", false);
  auto late = [&](long long company, int n) {
    for (int i = 0; i < n; ++i)
      h.Exec("INSERT INTO payments (company_id, direction, amount, currency, due_date, status) VALUES (" +
             std::to_string(company) + ", 'incoming', 100, 'EUR', current_date - 20, 'expected')");
  };
  auto talk = [&](long long company, int days_ago, int n) {
    for (int i = 0; i < n; ++i)
      h.Exec("INSERT INTO interactions (company_id, kind, at) VALUES (" + std::to_string(company) + ", 'call', now() - "
             "interval '" + std::to_string(days_ago) + " days')");
  };
  late(risky, 3);         // 60 points
  talk(risky, 45, 6);     // 3 a month before, none now: 40 points -> 100
  talk(steady, 5, 3);     // more than before: 0
  talk(steady, 50, 4);
  late(quiet, 1);         // 20, and no interactions at all: 10 -> 30
  late(prospect, 5);      // not a client: not scored
  h.Load();
  h.RunUntilIdle();
  EXPECT_EQ(h.Scalar("SELECT count(*) FROM flow_runs r JOIN workflows w ON w.id = r.workflow_id"
                     " WHERE w.name LIKE 'churn%'"),
            0);
  // The schedule is a durable timer, due at the next 06:00 UTC.
  EXPECT_EQ(h.Scalar("SELECT count(*) FROM flow_timers t JOIN workflows w ON w.id = t.workflow_id"
                     " WHERE w.name = 'churn-risk' AND t.kind = 'cron' AND t.state = 'pending' AND"
                     " to_char(t.due_at AT TIME ZONE 'UTC', 'HH24:MI') = '06:00' AND t.due_at > now()"),
            1);

  // 06:00 comes (the timer's due time is moved to now).
  auto fire = [&] {
    h.Exec("UPDATE flow_timers SET due_at = now() - interval '1 second' WHERE kind = 'cron'");
    h.RunUntilIdle();
  };
  fire();
  auto risk = h.Rows("SELECT name, churn_risk FROM companies WHERE churn_risk IS NOT NULL ORDER BY id");
  ASSERT_EQ(risk.size(), 3u) << risk.dump();
  EXPECT_EQ(risk[0], json({{"name", "Risky Ltd"}, {"churn_risk", 100}}));
  EXPECT_EQ(risk[1], json({{"name", "Steady SA"}, {"churn_risk", 0}}));
  EXPECT_EQ(risk[2], json({{"name", "Quiet SARL"}, {"churn_risk", 30}}));
  EXPECT_EQ(h.Scalar("SELECT count(*) FROM flow_runs r JOIN workflows w ON w.id = r.workflow_id"
                     " WHERE w.name = 'churn-risk-client' AND r.state = 'succeeded' AND r.depth = 1"),
            3);
  // The timer is armed again for the next day.
  EXPECT_EQ(h.Scalar("SELECT count(*) FROM flow_timers WHERE kind = 'cron' AND state = 'pending' AND due_at > now()"),
            1);

  // Only Risky Ltd crossed 70: alert, e-mail, retention tasks, check-in.
  auto notes = h.Rows("SELECT user_id, kind, related_id, message FROM notifications");
  ASSERT_EQ(notes.size(), 1u) << notes.dump();
  EXPECT_EQ(notes[0]["user_id"], users["am1"]);
  EXPECT_EQ(notes[0]["kind"], "alert");
  EXPECT_EQ(notes[0]["related_id"], risky);
  EXPECT_EQ(h.Scalar("SELECT count(*) FROM insights WHERE kind = 'churn_risk' AND company_id = " +
                     std::to_string(risky) + " AND score = 100"),
            1);
  auto tasks = h.Rows("SELECT title, priority FROM tasks WHERE related_id = " + std::to_string(risky) +
                      " AND created_by = 'flow:churn-risk-client' ORDER BY due_date");
  ASSERT_EQ(tasks.size(), 3u) << tasks.dump();
  EXPECT_EQ(tasks[0]["priority"], "urgent");
  EXPECT_EQ(tasks[1]["title"], "Review the 3 late payment(s) of Risky Ltd");
  EXPECT_EQ(h.Scalar("SELECT count(*) FROM planning WHERE kind = 'meeting' AND related_id = " + std::to_string(risky) +
                     " AND due_at > now() + interval '13 days'"),
            1);
  ASSERT_TRUE(h.smtp.WaitFor(1, 10));
  auto mails = h.smtp.Messages();
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_EQ(mails[0].to, "am1@example.com");
  EXPECT_EQ(mails[0].subject, "Churn risk 100: Risky Ltd");

  // The next day: still at risk, but no second alert (it did not cross again).
  fire();
  EXPECT_EQ(h.Scalar("SELECT count(*) FROM flow_runs r JOIN workflows w ON w.id = r.workflow_id"
                     " WHERE w.name = 'churn-risk-client' AND r.state = 'succeeded'"),
            6);
  EXPECT_EQ(h.Scalar("SELECT count(*) FROM notifications"), 1);
  EXPECT_EQ(h.Scalar("SELECT count(*) FROM tasks WHERE created_by = 'flow:churn-risk-client'"), 3);
  EXPECT_EQ(h.smtp.Messages().size(), 1u);
}

}  // namespace
}  // namespace docflow::flows::testing
