// Accounts from the configuration, patterns and rules, passwords.
#include "pipeline/mail/imap_account.h"

#include <stdlib.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

namespace docflow::mail {
namespace {

using nlohmann::json;

json Minimal() {
  return json{{"name", "acme"}, {"url", "imaps://imap.example.com:993"}, {"user", "u@example.com"},
              {"password_env", "ACME_IMAP_PASSWORD"}};
}

std::string ErrorOf(const json& account) {
  auto r = ParseImapAccounts(json::array({account}), 60);
  return r.ok() ? "" : r.error().message;
}

TEST(ImapAccountTest, ReadsAnAccountWithItsDefaults) {
  auto r = ParseImapAccounts(json::array({Minimal()}), 45);
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->size(), 1u);
  const ImapAccount& a = r->front();
  EXPECT_EQ(a.name, "acme");
  EXPECT_EQ(a.server.url, "imaps://imap.example.com:993");
  EXPECT_FALSE(a.server.starttls);
  EXPECT_EQ(a.folders, std::vector<std::string>{"INBOX"});
  EXPECT_EQ(a.after, ImapAccount::After::kSeen);
  EXPECT_EQ(a.poll_seconds, 45);
  EXPECT_TRUE(a.server.password.empty()) << "resolved only when polling";
}

TEST(ImapAccountTest, ReadsEveryKeyAsTheYamlFileGivesThem) {
  // As YAML gives them: every scalar a string.
  std::string yaml =
      "- name: invoices\n"
      "  url: imap://127.0.0.1:1143/Factures%20re%C3%A7ues\n"
      "  starttls: 'true'\n"
      "  user: me\n"
      "  password_file: /run/secrets/imap\n"
      "  ca_file: /etc/ca.pem\n"
      "  rules:\n"
      "    from: ['*@supplier.example', 're:^billing@']\n"
      "    subject: '*invoice*'\n"
      "    filenames: ['*.pdf', '*.JPG']\n"
      "    min_size: '10240'\n"
      "    inline_images: 'yes'\n"
      "  after: move:Done\n"
      "  poll_seconds: '120'\n";
  auto r = ParseImapAccounts(json(yaml), 60);
  ASSERT_TRUE(r.ok()) << r.error().message;
  const ImapAccount& a = r->front();
  EXPECT_EQ(a.server.url, "imap://127.0.0.1:1143");
  EXPECT_TRUE(a.server.starttls);
  EXPECT_EQ(a.folders, std::vector<std::string>{"Factures re\xc3\xa7ues"});
  EXPECT_EQ(a.password_file, "/run/secrets/imap");
  EXPECT_EQ(a.server.ca_file, "/etc/ca.pem");
  EXPECT_EQ(a.rules.from.size(), 2u);
  EXPECT_EQ(a.rules.subject.size(), 1u);
  EXPECT_EQ(a.rules.min_size, 10240);
  EXPECT_TRUE(a.rules.inline_images);
  EXPECT_EQ(a.after, ImapAccount::After::kMove);
  EXPECT_EQ(a.move_to, "Done");
  EXPECT_EQ(AfterText(a), "move:Done");
  EXPECT_EQ(a.poll_seconds, 120);

  MailProvenance p;
  p.from = "Billing Dept <billing@supplier.example>";
  p.subject = "Your INVOICE 42";
  EXPECT_EQ(MessageRejection(a.rules, p), "");
  p.subject = "Newsletter";
  EXPECT_NE(MessageRejection(a.rules, p).find("subject"), std::string::npos);
  p.subject = "invoice";
  p.from = "Eve <eve@evil.example>";
  EXPECT_NE(MessageRejection(a.rules, p).find("sender"), std::string::npos);
  p.from = "billing@other.example";  // the regular expression
  EXPECT_EQ(MessageRejection(a.rules, p), "");

  EXPECT_EQ(AttachmentRejection(a.rules, "scan.jpg", 20000), "");
  EXPECT_EQ(AttachmentRejection(a.rules, "Invoice.PDF", 20000), "");
  EXPECT_NE(AttachmentRejection(a.rules, "notes.txt", 20000).find("name"), std::string::npos);
  EXPECT_NE(AttachmentRejection(a.rules, "scan.pdf", 100).find("min_size"), std::string::npos);
}

TEST(ImapAccountTest, RefusesWhatWouldLeakOrCannotWork) {
  json a = Minimal();
  a["password"] = "hunter2";
  std::string e = ErrorOf(a);
  EXPECT_NE(e.find("password_env"), std::string::npos) << e;
  EXPECT_EQ(e.find("hunter2"), std::string::npos);

  a = Minimal();
  a["url"] = "imaps://u:hunter2@imap.example.com";
  e = ErrorOf(a);
  EXPECT_NE(e.find("must not hold a user or password"), std::string::npos) << e;
  EXPECT_EQ(e.find("hunter2"), std::string::npos);

  a = Minimal();
  a["starttls"] = true;
  EXPECT_NE(ErrorOf(a).find("starttls"), std::string::npos);
  a = Minimal();
  a["url"] = "http://example.com";
  EXPECT_NE(ErrorOf(a).find("url"), std::string::npos);
  a = Minimal();
  a["password_file"] = "/x";
  EXPECT_NE(ErrorOf(a).find("exactly one"), std::string::npos);
  a = Minimal();
  a["after"] = "delete";
  EXPECT_NE(ErrorOf(a).find("after"), std::string::npos);
  a = Minimal();
  a["after"] = "move:INBOX";
  EXPECT_NE(ErrorOf(a).find("polled"), std::string::npos);
  a = Minimal();
  a["rules"] = {{"from", "re:(unclosed"}};
  EXPECT_NE(ErrorOf(a).find("regular expression"), std::string::npos);
  a = Minimal();
  a["rules"] = {{"sender", "x"}};
  EXPECT_NE(ErrorOf(a).find("unknown key sender"), std::string::npos);
  a = Minimal();
  a["folders"] = json::array({"INBOX", "INBOX"});
  EXPECT_NE(ErrorOf(a).find("twice"), std::string::npos);
  a = Minimal();
  a["name"] = "../x";
  EXPECT_NE(ErrorOf(a).find("name"), std::string::npos);
  auto twice = ParseImapAccounts(json::array({Minimal(), Minimal()}), 60);
  EXPECT_FALSE(twice.ok());
  EXPECT_TRUE(ParseImapAccounts(json::array(), 60)->empty());
  EXPECT_TRUE(ParseImapAccounts(json(""), 60)->empty());
}

TEST(ImapAccountTest, PasswordsComeFromTheEnvironmentOrAFile) {
  auto accounts = ParseImapAccounts(json::array({Minimal()}), 60);
  ASSERT_TRUE(accounts.ok());
  ImapAccount a = accounts->front();
  ::unsetenv("ACME_IMAP_PASSWORD");
  auto missing = ResolvePassword(a);
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message.find("ACME_IMAP_PASSWORD is not set"), std::string::npos);
  ::setenv("ACME_IMAP_PASSWORD", "s3cret value", 1);
  ASSERT_TRUE(ResolvePassword(a).ok());
  EXPECT_EQ(a.server.password, "s3cret value");
  ::unsetenv("ACME_IMAP_PASSWORD");

  std::string file = std::filesystem::temp_directory_path() / ("docflow-imap-pw-" + std::to_string(::getpid()));
  {
    std::ofstream out(file);
    out << "from-file\r\nsecond line ignored\n";
  }
  ImapAccount b = a;
  b.password_env.clear();
  b.password_file = file;
  ASSERT_TRUE(ResolvePassword(b).ok());
  EXPECT_EQ(b.server.password, "from-file");
  std::filesystem::remove(file);
  auto gone = ResolvePassword(b);
  ASSERT_FALSE(gone.ok());
  EXPECT_NE(gone.error().message.find(file), std::string::npos);
}

}  // namespace
}  // namespace docflow::mail
