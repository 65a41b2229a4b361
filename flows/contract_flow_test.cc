// Flow 2, contract-received + planning-reminder, on a real PostgreSQL and a
// real SMTP server: reminders at end - 90 / - 30 days and a renewal task for
// the account manager; moved with the end date; on the reminder date (its
// durable timer fires) a notification and an e-mail.
#include <gtest/gtest.h>

#include "flows/testing/flow_test_support.h"
#include "flows/time_text.h"

namespace docflow::flows::testing {
namespace {
using nlohmann::json;

std::string InDays(int days) { return FormatDate(NowSeconds() + days * 86400.0); }

TEST(ContractFlow, RemindersTaskAndTheReminderDay) {
  FlowHarness h;
  ASSERT_TRUE(h.ok());
  auto users = h.SeedUsers();
  // am1 already has open work: the least-loaded account manager is am2.
  h.Exec("INSERT INTO tasks (title, assignee_id) VALUES ('busy', " + std::to_string(users["am1"]) + ")");
  // Not a client yet (client-onboarding would give it an account manager).
  long long client = h.Scalar("INSERT INTO companies (name) VALUES ('Globex') RETURNING id");
  h.Load();
  h.RunUntilIdle();
  std::string end = InDays(120);
  long long doc = h.Document("contract");
  // Stored the way the store stage does (actor docflow + outbox event).
  long long contract = h.Scalar(
      "WITH a AS (SELECT set_config('docflow.actor', 'docflow', true)),"
      " c AS (INSERT INTO contracts (document_id, title, expiration_date, client_company_id)"
      "  SELECT " + std::to_string(doc) + ", 'Maintenance agreement', DATE '" + end + "', " + std::to_string(client) +
      "  FROM a RETURNING id, document_id)"
      " INSERT INTO events (topic, document_id, record_table, record_id, payload)"
      " SELECT 'contracts.create', document_id, 'contracts', id, '{}' FROM c RETURNING record_id");
  h.RunUntilIdle();

  EXPECT_EQ(h.Scalar("SELECT account_manager_id FROM contracts WHERE id = " + std::to_string(contract)), users["am2"]);
  auto rem = h.Rows("SELECT title, to_char(due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') AS due, user_id, status"
                    " FROM planning WHERE related_table = 'contracts' ORDER BY due_at");
  ASSERT_EQ(rem.size(), 2u) << rem.dump();
  EXPECT_EQ(rem[0]["due"], InDays(30) + " 08:00");
  EXPECT_EQ(rem[1]["due"], InDays(90) + " 08:00");
  EXPECT_NE(rem[0]["title"].get<std::string>().find("Contract ends in 90 days: Maintenance agreement with Globex"),
            std::string::npos);
  EXPECT_EQ(rem[0]["user_id"], users["am2"]);
  auto task = h.Rows("SELECT title, assignee_id, due_date::text AS due, priority FROM tasks"
                     " WHERE related_table = 'contracts'");
  ASSERT_EQ(task.size(), 1u);
  EXPECT_EQ(task[0]["assignee_id"], users["am2"]);
  EXPECT_EQ(task[0]["due"], InDays(30));
  EXPECT_EQ(task[0]["priority"], "high");
  // planning-reminder holds a durable timer per reminder, due when it is.
  auto timers = h.Rows("SELECT t.state, to_char(t.due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') AS due,"
                       " t.record_id FROM flow_timers t JOIN workflows w ON w.id = t.workflow_id"
                       " WHERE w.name = 'planning-reminder' ORDER BY t.due_at");
  ASSERT_EQ(timers.size(), 2u) << timers.dump();
  EXPECT_EQ(timers[0]["state"], "pending");
  EXPECT_EQ(timers[0]["due"], InDays(30) + " 08:00");

  // The end date moves: the reminders and their timers move with it.
  std::string later = InDays(200);
  h.Exec("UPDATE contracts SET expiration_date = DATE '" + later + "' WHERE id = " + std::to_string(contract));
  h.RunUntilIdle();
  auto moved = h.Rows("SELECT to_char(due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS due FROM planning"
                      " WHERE related_table = 'contracts' ORDER BY due_at");
  ASSERT_EQ(moved.size(), 2u);
  EXPECT_EQ(moved[0]["due"], InDays(110));
  EXPECT_EQ(moved[1]["due"], InDays(170));
  EXPECT_EQ(h.Scalar("SELECT count(*) FROM tasks WHERE related_table = 'contracts'"), 1);
  EXPECT_EQ(h.Text("SELECT string_agg(to_char(t.due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD'), ',' ORDER BY t.due_at)"
                   " FROM flow_timers t JOIN workflows w ON w.id = t.workflow_id WHERE w.name = 'planning-reminder'"
                   " AND t.state = 'pending'"),
            InDays(110) + "," + InDays(170));

  // The reminder date comes (the clock is moved by moving the timer's due
  // time): a notification and an e-mail, once.
  h.Exec("UPDATE flow_timers SET due_at = now() - interval '1 second' WHERE due_at = (SELECT min(due_at) FROM"
         " flow_timers WHERE state = 'pending' AND kind = 'date')");
  h.RunUntilIdle();
  auto notes = h.Rows("SELECT user_id, kind, message, related_table FROM notifications");
  ASSERT_EQ(notes.size(), 1u) << notes.dump();
  EXPECT_EQ(notes[0]["user_id"], users["am2"]);
  EXPECT_EQ(notes[0]["kind"], "reminder");
  EXPECT_EQ(notes[0]["related_table"], "contracts");
  ASSERT_TRUE(h.smtp.WaitFor(1, 10));
  auto mails = h.smtp.Messages();
  ASSERT_EQ(mails.size(), 1u);
  EXPECT_EQ(mails[0].to, "am2@example.com");
  EXPECT_NE(mails[0].subject.find("Reminder: Contract ends in 90 days: Maintenance agreement"), std::string::npos)
      << mails[0].subject;
  EXPECT_NE(mails[0].body.find("Hello User am2"), std::string::npos) << mails[0].body;
  EXPECT_EQ(h.Scalar("SELECT count(*) FROM planning WHERE notified_at IS NOT NULL"), 1);
  h.RunUntilIdle();
  EXPECT_EQ(h.Scalar("SELECT count(*) FROM notifications"), 1);
  EXPECT_EQ(h.smtp.Messages().size(), 1u);
}

TEST(ContractFlow, APastReminderIsNotCreatedAndTheClientsManagerIsUsed) {
  FlowHarness h;
  ASSERT_TRUE(h.ok());
  auto users = h.SeedUsers();
  long long client = h.Scalar("INSERT INTO companies (name, account_manager_id) VALUES ('Initech', " +
                              std::to_string(users["am1"]) + ") RETURNING id");
  h.Load();
  long long doc = h.Document("short");
  // Entered by a person: the change capture makes the event.
  h.Exec("INSERT INTO contracts (document_id, title, expiration_date, client_company_id) VALUES (" +
         std::to_string(doc) + ", 'Short deal', DATE '" + InDays(40) + "', " + std::to_string(client) + ")");
  h.RunUntilIdle();
  auto rem = h.Rows("SELECT title, user_id FROM planning");
  ASSERT_EQ(rem.size(), 1u) << rem.dump();  // end - 90 days is past
  EXPECT_NE(rem[0]["title"].get<std::string>().find("30 days"), std::string::npos);
  EXPECT_EQ(rem[0]["user_id"], users["am1"]);
  EXPECT_EQ(h.Scalar("SELECT count(*) FROM tasks WHERE assignee_id = " + std::to_string(users["am1"])), 1);
}

TEST(ContractFlow, WithoutAnyAccountManagerTheRemindersAndTaskAreUnassigned) {
  FlowHarness h;
  ASSERT_TRUE(h.ok());
  h.Load();
  long long doc = h.Document("nobody");
  h.Exec("INSERT INTO contracts (document_id, title, expiration_date) VALUES (" + std::to_string(doc) +
         ", 'Orphan deal', DATE '" + InDays(100) + "')");
  h.RunUntilIdle();
  EXPECT_EQ(h.Scalar("SELECT count(*) FROM planning WHERE user_id IS NULL AND related_table = 'contracts'"), 2);
  EXPECT_EQ(h.Scalar("SELECT count(*) FROM tasks WHERE assignee_id IS NULL AND related_table = 'contracts'"), 1);
  EXPECT_EQ(h.Text("SELECT s.state FROM flow_steps s WHERE s.op_key = 'pick_manager'"), "rejected");
}

}  // namespace
}  // namespace docflow::flows::testing
