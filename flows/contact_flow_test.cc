// Flow 3, contact-received, on a real PostgreSQL: the company found (by name,
// case-insensitively) or created and linked; a new person becomes a lead
// scored by explicit rules, assigned round-robin to the sales users, with
// follow-up tasks, a reminder and a notification; an existing lead is kept.
#include <gtest/gtest.h>

#include "flows/testing/flow_test_support.h"
#include "flows/time_text.h"

namespace docflow::flows::testing {
namespace {
using nlohmann::json;

TEST(ContactFlow, CompanyLeadScoreAssignmentAndFollowUps) {
  FlowHarness h;
  ASSERT_TRUE(h.ok());
  auto users = h.SeedUsers();
  long long acme = h.Scalar("INSERT INTO companies (name) VALUES ('Acme Industrie') RETURNING id");
  h.Load();
  h.RunUntilIdle();

  // 1. A card read by the pipeline (store stage: actor docflow + event).
  long long doc = h.Document("card-claire");
  long long claire = h.Scalar(
      "WITH a AS (SELECT set_config('docflow.actor', 'docflow', true)),"
      " p AS (INSERT INTO people (source_document_id, full_name, company, job_title, email, phone)"
      "  SELECT " + std::to_string(doc) + ", 'Claire Martin', 'ACME INDUSTRIE', 'Directrice commerciale',"
      "  'claire.martin@acme-industrie.fr', '+33612345678' FROM a RETURNING id, source_document_id)"
      " INSERT INTO events (topic, document_id, record_table, record_id, payload)"
      " SELECT 'people.create', source_document_id, 'people', id, '{}' FROM p RETURNING record_id");
  h.RunUntilIdle();
  // 2. Typed in by a person (the change capture makes the event).
  long long bob = h.Scalar("INSERT INTO people (full_name, company, job_title, email) VALUES"
                           " ('Bob Stone', 'Newco', 'Assistant', 'bob.stone@gmail.com') RETURNING id");
  h.RunUntilIdle();
  // 3. No company, no title, two interactions already.
  long long dan = h.Scalar("INSERT INTO people (full_name, email) VALUES ('Dan Roe', 'dan@roe-consulting.com')"
                           " RETURNING id");
  h.Exec("INSERT INTO interactions (person_id, kind) VALUES (" + std::to_string(dan) + ", 'call'), (" +
         std::to_string(dan) + ", 'email')");
  h.RunUntilIdle();

  // Claire: the existing company, found case-insensitively, linked, and
  // its empty website filled from her business domain.
  EXPECT_EQ(h.Scalar("SELECT company_id FROM people WHERE id = " + std::to_string(claire)), acme);
  EXPECT_EQ(h.Text("SELECT website FROM companies WHERE id = " + std::to_string(acme)), "https://acme-industrie.fr");
  // Bob: a new company (no website: free mail), linked.
  auto newco = h.Rows("SELECT id, source, website FROM companies WHERE name = 'Newco'");
  ASSERT_EQ(newco.size(), 1u);
  EXPECT_EQ(newco[0]["source"], "flow");
  EXPECT_TRUE(newco[0]["website"].is_null());
  EXPECT_EQ(h.Scalar("SELECT company_id FROM people WHERE id = " + std::to_string(bob)), newco[0]["id"].get<long long>());

  // Leads: explicit scores, owners in turn (sales1, sales2, sales1).
  auto leads = h.Rows("SELECT person_id, company_id, score, owner_id, source, status, assigned_at IS NOT NULL AS assigned"
                      " FROM leads ORDER BY id");
  ASSERT_EQ(leads.size(), 3u) << leads.dump();
  EXPECT_EQ(leads[0]["person_id"], claire);
  EXPECT_EQ(leads[0]["score"], 80);  // company 25 + director 30 + business e-mail 20 + phone 5
  EXPECT_EQ(leads[0]["owner_id"], users["sales1"]);
  EXPECT_EQ(leads[0]["source"], "docflow");
  EXPECT_EQ(leads[0]["company_id"], acme);
  EXPECT_EQ(leads[1]["person_id"], bob);
  EXPECT_EQ(leads[1]["score"], 35);  // company 25 + other title 5 + free mail 5
  EXPECT_EQ(leads[1]["owner_id"], users["sales2"]);
  EXPECT_EQ(leads[1]["source"], "manual");
  EXPECT_EQ(leads[2]["person_id"], dan);
  EXPECT_EQ(leads[2]["score"], 30);  // business e-mail 20 + two interactions 10
  EXPECT_EQ(leads[2]["owner_id"], users["sales1"]);
  EXPECT_TRUE(leads[2]["company_id"].is_null());
  for (const auto& l : leads) EXPECT_EQ(l["assigned"], true);

  // Follow-ups: two tasks per lead for its owner, a reminder in 7 days, a notification.
  auto tasks = h.Rows("SELECT t.title, t.assignee_id, t.due_date::text AS due, t.priority FROM tasks t"
                      " JOIN leads l ON l.id = t.related_id AND t.related_table = 'leads' WHERE l.person_id = " +
                      std::to_string(claire) + " ORDER BY t.due_date");
  ASSERT_EQ(tasks.size(), 2u) << tasks.dump();
  EXPECT_EQ(tasks[0]["title"], "Call Claire Martin");
  EXPECT_EQ(tasks[0]["priority"], "high");  // score >= 70
  EXPECT_EQ(tasks[0]["due"], FormatDate(NowSeconds() + 86400));
  EXPECT_EQ(tasks[1]["due"], FormatDate(NowSeconds() + 7 * 86400));
  EXPECT_EQ(tasks[0]["assignee_id"], users["sales1"]);
  EXPECT_EQ(h.Scalar("SELECT count(*) FROM tasks WHERE related_table = 'leads'"), 6);
  EXPECT_EQ(h.Scalar("SELECT count(*) FROM planning WHERE related_table = 'leads' AND kind = 'reminder'"
                     " AND due_at > now() + interval '6 days'"),
            3);
  EXPECT_EQ(h.Scalar("SELECT count(*) FROM notifications WHERE kind = 'task' AND user_id = " +
                     std::to_string(users["sales1"])),
            2);
  // The reminders are armed for planning-reminder.
  EXPECT_EQ(h.Scalar("SELECT count(*) FROM flow_timers t JOIN workflows w ON w.id = t.workflow_id"
                     " WHERE w.name = 'planning-reminder' AND t.state = 'pending'"),
            3);
}

TEST(ContactFlow, AnExistingLeadIsNotDuplicated) {
  FlowHarness h;
  ASSERT_TRUE(h.ok());
  h.SeedUsers();
  h.Load();
  // The person and their lead arrive together (e.g. an import).
  long long p = h.Scalar(
      "WITH p AS (INSERT INTO people (full_name, email) VALUES ('Eve Known', 'eve@known.io') RETURNING id),"
      " l AS (INSERT INTO leads (person_id, score, source) SELECT id, 50, 'import' FROM p)"
      " SELECT id FROM p");
  h.RunUntilIdle();
  EXPECT_EQ(h.Scalar("SELECT count(*) FROM leads WHERE person_id = " + std::to_string(p)), 1);
  EXPECT_EQ(h.Scalar("SELECT score FROM leads WHERE person_id = " + std::to_string(p)), 50);
  auto steps = h.Rows("SELECT s.op_key, s.state FROM flow_steps s JOIN flow_runs r ON r.id = s.run_id"
                      " JOIN workflows w ON w.id = r.workflow_id WHERE w.name = 'contact-received'"
                      " AND s.op_key = 'is_new'");
  ASSERT_EQ(steps.size(), 1u);
  EXPECT_EQ(steps[0]["state"], "rejected");
}

}  // namespace
}  // namespace docflow::flows::testing
