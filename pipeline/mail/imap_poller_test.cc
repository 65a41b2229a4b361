// ImapPoller against a real Dovecot on loopback (imap_test_server.h) and a real
// PostgreSQL (DOCFLOW_TEST_DATABASE_URL): documents and their provenance,
// nothing fetched twice (counted by Dovecot itself: body_count in its log),
// the rules, the after-actions, UIDVALIDITY changes, TLS (imaps:// and
// STARTTLS), a server that is down, and the command line (docflow mail poll).
#include "pipeline/mail/imap_poller.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "common/process.h"
#include "pipeline/mail/imap_test_server.h"
#include "tests/test_database.h"

namespace docflow::mail {
namespace {

using testing::DovecotServer;
using testing::DovecotOptions;
using testing::TempDir;
using testing::TestDatabase;

// A message from `from` with the given parts (each: headers CRLF CRLF body).
std::string Message(const std::string& from, const std::string& subject, const std::string& message_id,
                    const std::vector<std::string>& parts) {
  std::string m = "From: " + from + "\r\nTo: invoices@example.com\r\nSubject: " + subject +
                  "\r\nDate: Tue, 2 Dec 2025 14:03:09 +0100\r\n" +
                  (message_id.empty() ? "" : "Message-ID: <" + message_id + ">\r\n") +
                  "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
                  "--b\r\nContent-Type: text/plain\r\n\r\nPlease find attached.\r\n";
  for (const auto& p : parts) m += "--b\r\n" + p + "\r\n";
  return m + "--b--\r\n";
}

std::string TextOnly(const std::string& from, const std::string& message_id) {
  return "From: " + from + "\r\nTo: invoices@example.com\r\nSubject: Lunch?\r\nMessage-ID: <" + message_id +
         ">\r\nMIME-Version: 1.0\r\nContent-Type: text/plain\r\n\r\nNo attachment here.\r\n";
}

std::string Attachment(const std::string& type, const std::string& name, const std::string& body) {
  return "Content-Type: " + type + "\r\nContent-Disposition: attachment; filename=\"" + name + "\"\r\n\r\n" + body;
}

std::string Pdf(const std::string& name, const std::string& body) { return Attachment("application/pdf", name, body); }

class ImapPollerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(t_.ok());
    db_ = t_.Connect();
    ASSERT_TRUE(db_);
  }

  ImapAccount Account(const DovecotServer& server, const std::string& name = "acme") {
    ImapAccount a;
    a.name = name;
    a.server.url = server.imap_url();
    a.server.user = server.user();
    a.server.password = server.password();
    a.folders = {"INBOX"};
    return a;
  }

  ImapFolderReport PollOne(const ImapAccount& account) {
    ImapPoller poller(*db_, blobs_, account, options_);
    auto reports = poller.PollOnce();
    EXPECT_EQ(reports.size(), 1u);
    return reports.empty() ? ImapFolderReport{} : reports.front();
  }

  // Flags and presence of the messages of a folder, through a client of our own.
  std::vector<ImapMessageInfo> Messages(const DovecotServer& server, const std::string& folder) {
    ImapClient c(Account(server).server);
    auto uids = c.SearchFrom(folder, 1);
    EXPECT_TRUE(uids.ok()) << (uids.ok() ? "" : uids.error().message);
    if (!uids.ok()) return {};
    auto info = c.FetchInfo(folder, *uids);
    EXPECT_TRUE(info.ok());
    return info.ok() ? *info : std::vector<ImapMessageInfo>{};
  }

  long long Count(const std::string& sql) { return t_.Scalar(sql); }

  TestDatabase t_;
  TempDir dir_;
  std::unique_ptr<Db> db_;
  BlobStore blobs_{dir_.path() + "/blobs"};
  ImapPollOptions options_;
};

TEST_F(ImapPollerTest, AttachmentsBecomeDocumentsOnceWithProvenance) {
  DovecotServer server;
  ASSERT_TRUE(server.ok());
  ASSERT_TRUE(server.Deliver("INBOX", Message("Supplier <billing@supplier.example>", "Invoice 42", "m1@supplier.example",
                                              {Pdf("invoice-42.pdf", "%PDF-1.4 invoice 42")})));
  ASSERT_TRUE(server.Deliver("INBOX", TextOnly("Bob <bob@example.com>", "m2@example.com")));
  ASSERT_TRUE(server.Deliver("INBOX", Message("Supplier <billing@supplier.example>", "Two files", "m3@supplier.example",
                                              {Pdf("a.pdf", "%PDF-1.4 a"),
                                               Attachment("text/csv", "lines.csv", "a;b;c\r\n1;2;3")})));
  // A hostile name: a path, a NUL-free control character, a leading dot.
  ASSERT_TRUE(server.Deliver("INBOX", Message("x@evil.example", "hi", "m4@evil.example",
                                              {Pdf("../../../etc/cron.d/\x01.evil.pdf", "%PDF-1.4 evil")})));

  ImapAccount account = Account(server);
  auto rules = TextPattern::Make("*.pdf");
  ASSERT_TRUE(rules.ok());
  account.rules.filenames = {*rules};

  auto r = PollOne(account);
  EXPECT_EQ(r.error, "");
  EXPECT_EQ(r.examined, 4);
  EXPECT_EQ(r.downloaded, 3) << "the text-only message is not downloaded";
  EXPECT_EQ(r.stored, 3);
  EXPECT_EQ(r.skipped, 1);
  EXPECT_EQ(r.failed + r.retry, 0);
  EXPECT_EQ(r.job_ids.size(), 3u);
  EXPECT_EQ(r.last_uid, 4);
  EXPECT_EQ(server.BodyFetches(), 3) << server.Log();

  // Provenance in the documents; the CSV was left out by the filename rule.
  EXPECT_EQ(Count("SELECT count(*) FROM documents WHERE source = 'mail'"), 3);
  EXPECT_EQ(Count("SELECT count(*) FROM documents WHERE filename = 'invoice-42.pdf' AND source_detail->>'account' = "
                  "'acme' AND source_detail->>'message_id' = 'm1@supplier.example' AND source_detail->>'from' LIKE "
                  "'%billing@supplier.example%' AND source_detail->>'subject' = 'Invoice 42' AND "
                  "source_detail->>'imap_folder' = 'INBOX' AND (source_detail->>'imap_uid')::int = 1 AND "
                  "source_detail->>'date' LIKE '2025-12-02%'"),
            1);
  EXPECT_EQ(Count("SELECT count(*) FROM documents WHERE filename LIKE '%csv%'"), 0);
  EXPECT_EQ(Count("SELECT count(*) FROM mail_messages WHERE account = 'acme' AND state = 'done'"), 3);
  EXPECT_EQ(Count("SELECT attachment_count FROM mail_messages WHERE message_id = 'm3@supplier.example'"), 1);
  EXPECT_EQ(Count("SELECT count(*) FROM imap_messages WHERE state = 'done'"), 3);
  EXPECT_EQ(Count("SELECT count(*) FROM imap_messages WHERE state = 'skipped'"), 0) << "pruned below the watermark";
  EXPECT_EQ(Count("SELECT last_uid FROM imap_folders WHERE account = 'acme' AND folder = 'INBOX'"), 4);

  // The hostile name stays a name: no path, no control character, no dot first.
  EXPECT_EQ(Count("SELECT count(*) FROM documents WHERE source_detail->>'message_id' = 'm4@evil.example' AND "
                  "position('/' in filename) = 0 AND filename !~ '[[:cntrl:]]' AND filename NOT LIKE '.%' AND "
                  "filename LIKE '%evil.pdf'"),
            1);
  EXPECT_FALSE(std::filesystem::exists(dir_.path() + "/etc"));
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir_.path()))
    EXPECT_EQ(e.path().filename().string().find("evil"), std::string::npos) << e.path();

  // after: seen (the default) - the stored messages are \Seen, the skipped one is not.
  auto messages = Messages(server, "INBOX");
  ASSERT_EQ(messages.size(), 4u);
  EXPECT_TRUE(messages[0].HasFlag("\\Seen"));
  EXPECT_FALSE(messages[1].HasFlag("\\Seen"));
  EXPECT_TRUE(messages[2].HasFlag("\\Seen"));
  EXPECT_TRUE(messages[3].HasFlag("\\Seen"));

  // Again: nothing fetched, nothing new.
  long long fetches = server.BodyFetches();
  auto again = PollOne(account);
  EXPECT_EQ(again.error, "");
  EXPECT_EQ(again.examined, 0);
  EXPECT_EQ(again.downloaded, 0);
  EXPECT_EQ(server.BodyFetches(), fetches);
  EXPECT_EQ(Count("SELECT count(*) FROM documents"), 3);

  // A new message: only it is looked at.
  ASSERT_TRUE(server.Deliver("INBOX", Message("Supplier <billing@supplier.example>", "Invoice 43",
                                              "m5@supplier.example", {Pdf("invoice-43.pdf", "%PDF-1.4 43")})));
  auto third = PollOne(account);
  EXPECT_EQ(third.examined, 1);
  EXPECT_EQ(third.downloaded, 1);
  EXPECT_EQ(third.stored, 1);
  EXPECT_EQ(third.last_uid, 5);
  EXPECT_EQ(server.BodyFetches(), fetches + 1);
  EXPECT_EQ(Count("SELECT count(*) FROM documents"), 4);
}

TEST_F(ImapPollerTest, RulesDecideBeforeDownloadingAndMoveAfter) {
  DovecotServer server;
  ASSERT_TRUE(server.ok());
  server.CreateFolder("Processed");
  const std::string big(3000, 'x');
  ASSERT_TRUE(server.Deliver("INBOX", Message("Mallory <m@other.example>", "Invoice", "r1@other.example",
                                              {Pdf("invoice.pdf", "%PDF-1.4 " + big)})));
  ASSERT_TRUE(server.Deliver("INBOX", Message("Billing <billing@supplier.example>", "Invoice", "r2@supplier.example",
                                              {Pdf("tiny.pdf", "%PDF-1.4 tiny")})));
  ASSERT_TRUE(server.Deliver("INBOX", Message("Billing <billing@supplier.example>", "Invoice", "r3@supplier.example",
                                              {Pdf("big.pdf", "%PDF-1.4 " + big),
                                               Pdf("small.pdf", "%PDF-1.4 small")})));
  // An HTML body with its logo: the logo is not an attachment (inline_images off).
  ASSERT_TRUE(server.Deliver(
      "INBOX", "From: billing@supplier.example\r\nSubject: News\r\nMessage-ID: <r4@supplier.example>\r\n"
               "MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=r\r\n\r\n"
               "--r\r\nContent-Type: text/html\r\n\r\n<p><img src=\"cid:logo\"></p>\r\n"
               "--r\r\nContent-Type: image/png\r\nContent-ID: <logo>\r\n\r\n" + big + "\r\n--r--\r\n"));

  ImapAccount account = Account(server);
  auto from = TextPattern::Make("*@supplier.example");
  ASSERT_TRUE(from.ok());
  account.rules.from = {*from};
  account.rules.min_size = 1000;
  account.after = ImapAccount::After::kMove;
  account.move_to = "Processed";

  auto r = PollOne(account);
  EXPECT_EQ(r.error, "");
  EXPECT_EQ(r.examined, 4);
  EXPECT_EQ(r.downloaded, 1) << "only r3 has an attachment that passes the rules";
  EXPECT_EQ(r.stored, 1);
  EXPECT_EQ(r.skipped, 3);
  EXPECT_EQ(server.BodyFetches(), 1);
  EXPECT_EQ(Count("SELECT count(*) FROM documents"), 1) << "small.pdf is below min_size";
  EXPECT_EQ(Count("SELECT count(*) FROM documents WHERE filename = 'big.pdf'"), 1);

  // The stored message moved; the skipped ones stay, unseen.
  auto inbox = Messages(server, "INBOX");
  ASSERT_EQ(inbox.size(), 3u);
  for (const auto& m : inbox) EXPECT_FALSE(m.HasFlag("\\Seen")) << m.uid;
  auto processed = Messages(server, "Processed");
  ASSERT_EQ(processed.size(), 1u);
  EXPECT_NE(processed[0].header_fields.find("r3@supplier.example"), std::string::npos);
  EXPECT_FALSE(processed[0].HasFlag("\\Seen")) << "move leaves the message as it was";
  EXPECT_EQ(Count("SELECT count(*) FROM imap_messages WHERE state = 'done'"), 1);
}

TEST_F(ImapPollerTest, LeaveKeepsMessagesUnseenAndUntouched) {
  DovecotServer server;
  ASSERT_TRUE(server.ok());
  ASSERT_TRUE(server.Deliver("INBOX", Message("a@supplier.example", "Invoice", "l1@supplier.example",
                                              {Pdf("one.pdf", "%PDF-1.4 one")})));
  ImapAccount account = Account(server);
  account.after = ImapAccount::After::kLeave;
  auto r = PollOne(account);
  EXPECT_EQ(r.stored, 1);
  auto inbox = Messages(server, "INBOX");
  ASSERT_EQ(inbox.size(), 1u);
  EXPECT_FALSE(inbox[0].HasFlag("\\Seen")) << "the download's implicit \\Seen was removed";
  auto again = PollOne(account);
  EXPECT_EQ(again.downloaded, 0);
  EXPECT_EQ(server.BodyFetches(), 1);
}

TEST_F(ImapPollerTest, UidValidityChangeReadsTheFolderAgainWithoutIngestingTwice) {
  DovecotServer server;
  ASSERT_TRUE(server.ok());
  ASSERT_TRUE(server.Deliver("INBOX", Message("a@supplier.example", "Invoice", "u1@supplier.example",
                                              {Pdf("u1.pdf", "%PDF-1.4 u1")})));
  ASSERT_TRUE(server.Deliver("INBOX", Message("a@supplier.example", "No id", "", {Pdf("u2.pdf", "%PDF-1.4 u2")})));
  ImapAccount account = Account(server);
  account.after = ImapAccount::After::kLeave;
  auto first = PollOne(account);
  EXPECT_EQ(first.stored, 2);
  EXPECT_EQ(first.downloaded, 2);
  long long old_uidvalidity = first.uidvalidity;

  ASSERT_TRUE(server.SetUidValidity("INBOX", old_uidvalidity + 1000));
  auto second = PollOne(account);
  EXPECT_EQ(second.error, "");
  EXPECT_TRUE(second.uidvalidity_changed);
  EXPECT_EQ(second.uidvalidity, old_uidvalidity + 1000);
  EXPECT_EQ(second.examined, 2);
  EXPECT_EQ(second.already_received, 1) << "recognised by Message-ID and size, not downloaded";
  EXPECT_EQ(second.downloaded, 1) << "the message without a Message-ID is downloaded again";
  EXPECT_EQ(server.BodyFetches(), 3);
  // ... and recognised by its bytes: nothing ingested twice.
  EXPECT_EQ(Count("SELECT count(*) FROM documents"), 2);
  EXPECT_EQ(Count("SELECT count(*) FROM mail_messages"), 2);
  EXPECT_EQ(Count("SELECT count(*) FROM jobs"), 2);
  EXPECT_EQ(Count("SELECT uidvalidity FROM imap_folders"), old_uidvalidity + 1000);
  EXPECT_EQ(Count("SELECT count(*) FROM imap_messages WHERE uidvalidity = " + std::to_string(old_uidvalidity)), 0);
}

TEST_F(ImapPollerTest, ServerDownIsRecordedAndNothingIsLost) {
  int port = testing::FreePort();  // nothing listens there
  ImapAccount account;
  account.name = "down";
  account.server.url = "imap://127.0.0.1:" + std::to_string(port);
  account.server.user = "alice";
  account.server.password = "never-shown-Pa55";
  account.folders = {"INBOX"};
  auto r = PollOne(account);
  EXPECT_NE(r.error, "");
  EXPECT_EQ(r.error.find("never-shown-Pa55"), std::string::npos);
  EXPECT_EQ(Count("SELECT count(*) FROM imap_folders"), 0) << "no state before a successful pass";

  // A wrong password: refused, said so, the password itself never shown.
  DovecotServer server;
  ASSERT_TRUE(server.ok());
  ASSERT_TRUE(server.Deliver("INBOX", Message("a@supplier.example", "Invoice", "d1@supplier.example",
                                              {Pdf("d1.pdf", "%PDF-1.4 d1")})));
  ImapAccount wrong = Account(server);
  wrong.server.password = "Wrong-" + server.password();
  auto refused = PollOne(wrong);
  EXPECT_NE(refused.error.find("Login denied"), std::string::npos) << refused.error;
  EXPECT_EQ(refused.error.find(wrong.server.password), std::string::npos);
  EXPECT_EQ(Count("SELECT count(*) FROM documents"), 0);
  auto ok = PollOne(Account(server));
  EXPECT_EQ(ok.stored, 1);
}

TEST_F(ImapPollerTest, TlsFromTheStartAndStartTls) {
  DovecotServer server(DovecotOptions{.tls = true});
  ASSERT_TRUE(server.ok());
  ASSERT_TRUE(server.Deliver("INBOX", Message("a@supplier.example", "Invoice", "t1@supplier.example",
                                              {Pdf("t1.pdf", "%PDF-1.4 t1")})));
  ImapAccount imaps = Account(server, "tls");
  imaps.server.url = server.imaps_url();
  imaps.after = ImapAccount::After::kLeave;

  // Not trusted without the certificate.
  auto untrusted = PollOne(imaps);
  EXPECT_NE(untrusted.error, "");
  EXPECT_NE(untrusted.error.find("certificate"), std::string::npos) << untrusted.error;
  EXPECT_EQ(server.Logins(), 0);

  imaps.server.ca_file = server.ca_file();
  auto r = PollOne(imaps);
  EXPECT_EQ(r.error, "");
  EXPECT_EQ(r.stored, 1);
  std::string logins = server.LoginLines();
  EXPECT_NE(logins.find(", TLS,"), std::string::npos) << logins;

  // STARTTLS on the plain port, a second folder state under another account.
  ASSERT_TRUE(server.Deliver("INBOX", Message("a@supplier.example", "Invoice", "t2@supplier.example",
                                              {Pdf("t2.pdf", "%PDF-1.4 t2")})));
  ImapAccount starttls = Account(server, "starttls");
  starttls.server.starttls = true;
  starttls.server.ca_file = server.ca_file();
  starttls.after = ImapAccount::After::kLeave;
  long long before = server.Logins();
  auto s = PollOne(starttls);
  EXPECT_EQ(s.error, "");
  EXPECT_EQ(s.examined, 2);
  EXPECT_EQ(s.already_received, 0) << "another account";
  EXPECT_EQ(s.stored, 2);
  std::string all = server.LoginLines();
  std::istringstream lines(all);
  long long n = 0, tls = 0;
  for (std::string line; std::getline(lines, line);) {
    if (++n <= before) continue;
    if (line.find(", TLS,") != std::string::npos) ++tls;
  }
  EXPECT_EQ(n - before, tls) << all;
  EXPECT_GT(tls, 0);
}

TEST_F(ImapPollerTest, StartTlsRequiredButNotOffered) {
  DovecotServer server;  // ssl = no
  ASSERT_TRUE(server.ok());
  ImapAccount account = Account(server);
  account.server.starttls = true;
  auto r = PollOne(account);
  EXPECT_NE(r.error, "");
  EXPECT_EQ(server.Logins(), 0) << "no login without TLS";
}

// docflow mail poll: accounts from a YAML file, the password from the
// environment; one JSON line per folder; the password in no output.
TEST_F(ImapPollerTest, CommandLinePollReadsTheConfigurationAndNeverPrintsThePassword) {
  const char* bin = std::getenv("DOCFLOW_BIN");
  ASSERT_NE(bin, nullptr) << "DOCFLOW_BIN is set by ctest";
  DovecotServer server;
  ASSERT_TRUE(server.ok());
  ASSERT_TRUE(server.Deliver("INBOX", Message("a@supplier.example", "Invoice", "c1@supplier.example",
                                              {Pdf("c1.pdf", "%PDF-1.4 c1")})));
  std::string yaml = dir_.path() + "/docflow.yaml";
  {
    std::ofstream out(yaml);
    out << "mail:\n  accounts:\n    - name: cli\n      url: " << server.imap_url() << "/INBOX\n"
        << "      user: " << server.user() << "\n      password_env: TEST_IMAP_PASSWORD\n"
        << "      rules:\n        filenames: ['*.pdf']\n      after: leave\n";
  }
  auto run = [&](const std::vector<std::string>& args, std::string* output) {
    std::string out_file = dir_.path() + "/out.txt";
    std::filesystem::remove(out_file);
    SpawnOptions o;
    o.output_file = out_file;
    o.env = {"DOCFLOW_HOME=" + dir_.path() + "/home", "DOCFLOW_DATABASE_URL=" + t_.url(),
             "TEST_IMAP_PASSWORD=" + server.password()};
    std::vector<std::string> argv{bin, "--config", yaml};
    argv.insert(argv.end(), args.begin(), args.end());
    auto pid = Spawn(argv, o);
    if (!pid) return -1;
    int status = 0;
    ::waitpid(*pid, &status, 0);
    std::ifstream in(out_file);
    std::stringstream ss;
    ss << in.rdbuf();
    *output = ss.str();
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  };
  std::string out;
  ASSERT_EQ(run({"mail", "poll", "--json"}, &out), 0) << out;
  EXPECT_NE(out.find("\"account\":\"cli\""), std::string::npos) << out;
  EXPECT_NE(out.find("\"stored\":1"), std::string::npos) << out;
  EXPECT_EQ(out.find(server.password()), std::string::npos);
  EXPECT_EQ(Count("SELECT count(*) FROM documents WHERE source_detail->>'account' = 'cli'"), 1);

  ASSERT_EQ(run({"config"}, &out), 0) << out;
  EXPECT_NE(out.find("TEST_IMAP_PASSWORD"), std::string::npos) << "where the password is, not what it is";
  EXPECT_EQ(out.find(server.password()), std::string::npos);

  // A password in the file itself is refused, and not echoed.
  {
    std::ofstream out_yaml(yaml);
    out_yaml << "mail:\n  accounts:\n    - name: cli\n      url: " << server.imap_url() << "\n      user: u\n"
             << "      password: Plain-Text-Secret-1\n";
  }
  EXPECT_NE(run({"mail", "poll"}, &out), 0);
  EXPECT_NE(out.find("password_env"), std::string::npos) << out;
  EXPECT_EQ(out.find("Plain-Text-Secret-1"), std::string::npos) << out;
}

}  // namespace
}  // namespace docflow::mail
