// Flow 4, client-onboarding, on a real PostgreSQL with a real HTTP receiver
// and a real SMTP server: premium / tech / standard onboarding and, in
// parallel, the welcome e-mail, the team-channel message and the billing
// subscription; only when a company becomes a client.
#include <gtest/gtest.h>

#include "flows/testing/flow_test_support.h"

namespace docflow::flows::testing {
namespace {
using nlohmann::json;

TEST(OnboardingFlow, PremiumTechAndStandard) {
  FlowHarness h;
  ASSERT_TRUE(h.ok());
  auto users = h.SeedUsers();
  long long big = h.Scalar("INSERT INTO companies (name, email, industry, account_manager_id) VALUES"
                           " ('Big Corp', 'hello@bigcorp.example', 'Retail', " + std::to_string(users["am1"]) +
                           ") RETURNING id");
  long long techy = h.Scalar("INSERT INTO companies (name, email, industry) VALUES ('Techy', 'team@techy.example',"
                             " 'Tech') RETURNING id");
  long long plain = h.Scalar("INSERT INTO companies (name, industry) VALUES ('Plain Shop', 'Retail') RETURNING id");
  for (auto [company, value] : {std::pair{big, "80000"}, {big, "5000"}, {techy, "20000"}}) {
    long long doc = h.Document("c" + std::to_string(company) + value);
    h.Exec("INSERT INTO contracts (document_id, title, value_amount, currency, client_company_id) VALUES (" +
           std::to_string(doc) + ", 'deal', " + value + ", 'EUR', " + std::to_string(company) + ")");
  }
  h.Load();
  h.RunUntilIdle();  // companies and contracts written, nobody is a client yet
  EXPECT_EQ(h.Scalar("SELECT count(*) FROM projects"), 0);

  h.Exec("UPDATE companies SET is_client = true WHERE id IN (" + std::to_string(big) + ", " + std::to_string(techy) +
         ", " + std::to_string(plain) + ")");
  h.RunUntilIdle();

  auto projects = h.Rows("SELECT company_id, template, manager_id, status FROM projects ORDER BY company_id");
  ASSERT_EQ(projects.size(), 3u) << projects.dump();
  EXPECT_EQ(projects[0]["template"], "premium");  // 85,000 EUR of contracts > 50,000
  EXPECT_EQ(projects[0]["manager_id"], users["am1"]);
  EXPECT_EQ(projects[1]["template"], "tech");
  EXPECT_EQ(projects[2]["template"], "standard");
  // Techy and Plain Shop had no account manager: each got the least-loaded one.
  EXPECT_FALSE(projects[1]["manager_id"].is_null());
  EXPECT_FALSE(projects[2]["manager_id"].is_null());
  EXPECT_EQ(h.Scalar("SELECT count(*) FROM companies WHERE account_manager_id IS NOT NULL"), 3);

  // Premium: senior team tasks, priority support, an executive meeting.
  auto premium = h.Rows("SELECT title, priority FROM tasks WHERE related_id = " + std::to_string(big) +
                        " AND related_table = 'companies' ORDER BY title");
  ASSERT_EQ(premium.size(), 3u) << premium.dump();
  EXPECT_EQ(premium[0]["title"], "Enable priority support for Big Corp");
  EXPECT_EQ(premium[0]["priority"], "urgent");
  EXPECT_EQ(premium[2]["title"], "Staff the senior onboarding team for Big Corp");
  EXPECT_EQ(h.Scalar("SELECT count(*) FROM planning WHERE kind = 'meeting' AND title LIKE 'Executive kick-off%'"
                     " AND related_id = " + std::to_string(big)),
            1);
  // Tech: tech tasks and API access; the others keep it off.
  EXPECT_EQ(h.Scalar("SELECT count(*) FROM tasks WHERE related_id = " + std::to_string(techy) +
                     " AND related_table = 'companies'"),
            3);
  EXPECT_EQ(h.Text("SELECT string_agg(name || '=' || api_access, ',' ORDER BY id) FROM companies"),
            "Big Corp=false,Techy=true,Plain Shop=false");
  EXPECT_EQ(h.Scalar("SELECT count(*) FROM tasks WHERE related_id = " + std::to_string(plain) +
                     " AND title LIKE 'Welcome call%'"),
            1);

  // In parallel: subscriptions, team channel, welcome e-mails.
  auto subs = h.Rows("SELECT company_id, plan, amount::float8 AS amount, currency, period, status FROM subscriptions"
                     " ORDER BY company_id");
  ASSERT_EQ(subs.size(), 3u);
  EXPECT_EQ(subs[0]["plan"], "premium");
  EXPECT_EQ(subs[0]["amount"], 7083.33);  // 85,000 / 12
  EXPECT_EQ(subs[0]["currency"], "EUR");
  EXPECT_EQ(subs[0]["period"], "monthly");
  EXPECT_EQ(subs[2]["amount"], 0.0);
  auto team = h.http.requests("/team");
  ASSERT_EQ(team.size(), 3u);
  std::string texts;
  for (const auto& r : team) texts += r.json.value("text", std::string()) + "\n";
  EXPECT_NE(texts.find("New client: Big Corp (premium onboarding, contracts worth 85000.00 EUR)"), std::string::npos)
      << texts;
  ASSERT_TRUE(h.smtp.WaitFor(2, 10));
  auto mails = h.smtp.Messages();
  ASSERT_EQ(mails.size(), 2u);  // Plain Shop has no e-mail: that step is skipped
  std::set<std::string> to;
  for (const auto& m : mails) to.insert(m.to);
  EXPECT_EQ(to, (std::set<std::string>{"hello@bigcorp.example", "team@techy.example"}));
  EXPECT_EQ(h.Text("SELECT s.state FROM flow_steps s JOIN flow_runs r ON r.id = s.run_id WHERE s.op_key ="
                   " 'welcome_mail' AND r.trigger->'record'->>'name' = 'Plain Shop'"),
            "skipped");

  // Already a client: another change onboards nobody again.
  h.Exec("UPDATE companies SET phone = '+33100000000' WHERE id = " + std::to_string(techy));
  h.RunUntilIdle();
  EXPECT_EQ(h.Scalar("SELECT count(*) FROM projects"), 3);
  EXPECT_EQ(h.Scalar("SELECT count(*) FROM flow_runs r JOIN workflows w ON w.id = r.workflow_id"
                     " WHERE w.name = 'client-onboarding'"),
            3);
}

}  // namespace
}  // namespace docflow::flows::testing
