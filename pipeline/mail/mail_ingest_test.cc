// IngestMessage against a real PostgreSQL (DOCFLOW_TEST_DATABASE_URL) and a
// temporary blob store: documents, jobs, provenance, links and the message
// state, on messages built here.
#include "pipeline/mail/mail_ingest.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "pipeline/ingest.h"
#include "storage/mail_messages.h"
#include "tests/test_database.h"

namespace docflow::mail {
namespace {

using testing::TempDir;
using testing::TestDatabase;

std::string Message(const std::vector<std::string>& parts) {
  std::string m =
      "From: Supplier <billing@supplier.example>\r\nTo: invoices@example.com\r\n"
      "Subject: =?UTF-8?Q?Factures_d=C3=A9cembre?=\r\nDate: Tue, 2 Dec 2025 14:03:09 +0100\r\n"
      "Message-ID: <m1@supplier.example>\r\nMIME-Version: 1.0\r\n"
      "Content-Type: multipart/mixed; boundary=b\r\n\r\n"
      "--b\r\nContent-Type: text/plain\r\n\r\nTwo invoices attached.\r\n";
  for (const auto& p : parts) m += "--b\r\n" + p + "\r\n";
  return m + "--b--\r\n";
}

std::string Pdf(const std::string& name, const std::string& body) {
  return "Content-Type: application/pdf\r\nContent-Disposition: attachment; filename=\"" + name + "\"\r\n\r\n" + body;
}

class MailIngestTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(t_.ok());
    db_ = t_.Connect();
    ASSERT_TRUE(db_);
  }
  long long Count(const std::string& sql) { return t_.Scalar(sql); }

  TestDatabase t_;
  TempDir dir_;
  std::unique_ptr<Db> db_;
  BlobStore blobs_{dir_.path() + "/blobs"};
};

TEST_F(MailIngestTest, AttachmentsBecomeDocumentsWithProvenanceAndTheMessageIsDone) {
  // One attachment's bytes arrived before, by another way.
  IngestRequest earlier;
  earlier.bytes = "%PDF-second";
  earlier.filename = "scan.pdf";
  earlier.source = "cli";
  auto before = Ingest(*db_, blobs_, earlier);
  ASSERT_TRUE(before.ok()) << before.error().message;

  MailIngestOptions o;
  o.max_bytes = 100;
  std::string msg = Message({Pdf("../../etc/passwd", "%PDF-first"), Pdf("second.pdf", "%PDF-second"),
                             "Content-Type: application/ms-tnef; name=winmail.dat\r\n\r\nTNEF",
                             Pdf("huge.pdf", "%PDF-" + std::string(200, 'x'))});
  auto r = IngestMessage(*db_, blobs_, msg, "inbox", o);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_FALSE(r->duplicate);
  ASSERT_EQ(r->parts.size(), 4u);
  EXPECT_EQ(r->parts[0].filename, "passwd");
  EXPECT_GT(r->parts[0].document_id, 0);
  EXPECT_FALSE(r->parts[0].duplicate);
  EXPECT_EQ(r->parts[1].document_id, before->document_id);
  EXPECT_TRUE(r->parts[1].duplicate);
  EXPECT_EQ(r->parts[2].document_id, 0);  // winmail.dat: recorded, no document
  EXPECT_NE(r->parts[2].note.find("unsupported"), std::string::npos);
  EXPECT_EQ(r->parts[3].document_id, 0);  // larger than max_bytes
  EXPECT_NE(r->parts[3].note.find("too large"), std::string::npos);
  EXPECT_EQ(r->JobIds(), (std::vector<long long>{r->parts[0].job_id, before->job_id}));

  long long id = r->mail_message_id;
  EXPECT_EQ(Count("SELECT count(*) FROM mail_messages WHERE id = " + std::to_string(id) +
                  " AND state = 'done' AND attachment_count = 4 AND account = 'inbox'"
                  " AND message_id = 'm1@supplier.example' AND subject = 'Factures décembre'"
                  " AND sent_at = '2025-12-02 13:03:09+00'"),
            1);
  EXPECT_EQ(Count("SELECT count(*) FROM mail_attachments WHERE mail_message_id = " + std::to_string(id)), 4);
  EXPECT_EQ(Count("SELECT count(*) FROM mail_attachments WHERE document_id IS NULL AND note LIKE 'unsupported%'"), 1);
  // The new document carries the provenance; it is queued like any other.
  long long doc = r->parts[0].document_id;
  EXPECT_EQ(Count("SELECT count(*) FROM documents WHERE id = " + std::to_string(doc) +
                  " AND source = 'mail' AND filename = 'passwd'"
                  " AND source_detail->>'message_id' = 'm1@supplier.example'"
                  " AND source_detail->>'from' LIKE '%billing@supplier.example%'"
                  " AND source_detail->>'part' = '2' AND source_detail->>'filename' = '../../etc/passwd'"
                  " AND (source_detail->>'mail_message')::bigint = " + std::to_string(id)),
            1);
  EXPECT_EQ(Count("SELECT count(*) FROM jobs WHERE document_id = " + std::to_string(doc) + " AND state = 'queued'"),
            1);
  // Every byte is in the blob store (the message, the documents, winmail.dat), by hash only.
  EXPECT_TRUE(blobs_.Get(Sha256Hex(msg)).ok());
  EXPECT_TRUE(blobs_.Get(Sha256Hex("TNEF")).ok());
  EXPECT_TRUE(blobs_.Get(Sha256Hex("%PDF-first")).ok());
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir_.path()))
    EXPECT_NE(e.path().filename(), "passwd") << e.path();

  // The same message again: nothing new, same documents.
  long long documents = Count("SELECT count(*) FROM documents");
  auto again = IngestMessage(*db_, blobs_, msg, "inbox", o);
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_TRUE(again->duplicate);
  EXPECT_EQ(again->mail_message_id, id);
  EXPECT_EQ(again->JobIds(), r->JobIds());
  EXPECT_EQ(Count("SELECT count(*) FROM documents"), documents);
  EXPECT_EQ(Count("SELECT count(*) FROM mail_messages"), 1);
}

TEST_F(MailIngestTest, AnInterruptedMessageIsCompletedByIngestingItAgain) {
  std::string msg = Message({Pdf("a.pdf", "%PDF-a"), Pdf("b.pdf", "%PDF-b")});
  // As if a previous run stored the message row and one part, then died.
  auto sha = blobs_.Put(msg);
  ASSERT_TRUE(sha.ok());
  MailMessageRow row;
  row.sha256 = *sha;
  row.size = static_cast<long long>(msg.size());
  row.account = "inbox";
  auto begun = BeginMailMessage(*db_, row);
  ASSERT_TRUE(begun.ok()) << begun.error().message;
  EXPECT_EQ(begun->state, "receiving");
  EXPECT_EQ(Count("SELECT count(*) FROM mail_messages WHERE state = 'done'"), 0);

  auto r = IngestMessage(*db_, blobs_, msg, "inbox", MailIngestOptions{});
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->mail_message_id, begun->id);
  EXPECT_FALSE(r->duplicate);  // it was not done before
  EXPECT_EQ(r->JobIds().size(), 2u);
  EXPECT_EQ(Count("SELECT count(*) FROM mail_messages WHERE state = 'done' AND attachment_count = 2"), 1);
  auto links = MailAttachmentsOf(*db_, begun->id);
  ASSERT_TRUE(links.ok());
  ASSERT_EQ(links->size(), 2u);
  EXPECT_EQ((*links)[0].filename, "a.pdf");
  EXPECT_EQ((*links)[1].filename, "b.pdf");
}

TEST_F(MailIngestTest, UnreadableMessagesAreRecordedAsFailed) {
  std::string junk("\0\0\0 not a message", 18);
  auto r = IngestMessage(*db_, blobs_, junk, "inbox", MailIngestOptions{});
  ASSERT_FALSE(r.ok());
  EXPECT_FALSE(r.error().retryable);
  EXPECT_EQ(Count("SELECT count(*) FROM mail_messages WHERE state = 'failed' AND error LIKE 'not a MIME message%'"),
            1);
  EXPECT_TRUE(blobs_.Get(Sha256Hex(junk)).ok());
  EXPECT_EQ(Count("SELECT count(*) FROM documents"), 0);

  MailIngestOptions tiny;
  tiny.mail.limits.max_message_bytes = 10;
  auto big = IngestMessage(*db_, blobs_, Message({Pdf("a.pdf", "%PDF")}), "inbox", tiny);
  ASSERT_FALSE(big.ok());
  EXPECT_NE(big.error().message.find("too large"), std::string::npos);
  EXPECT_EQ(Count("SELECT count(*) FROM mail_messages"), 1) << "a message too large is not stored";
}

TEST_F(MailIngestTest, InboxIngesterReturnsTheJobsOrAPermanentError) {
  auto ingest = InboxMessageIngester(*db_, blobs_, MailIngestOptions{});
  std::string with = dir_.path() + "/with.eml", without = dir_.path() + "/without.eml";
  std::ofstream(with, std::ios::binary) << Message({Pdf("a.pdf", "%PDF-inbox")});
  std::ofstream(without, std::ios::binary) << Message({});
  auto jobs = ingest(with);
  ASSERT_TRUE(jobs.ok()) << jobs.error().message;
  ASSERT_EQ(jobs->size(), 1u);
  EXPECT_EQ(Count("SELECT count(*) FROM jobs j JOIN documents d ON d.id = j.document_id WHERE j.id = " +
                  std::to_string(jobs->front()) + " AND d.source = 'mail'"),
            1);
  auto none = ingest(without);
  ASSERT_FALSE(none.ok());
  EXPECT_FALSE(none.error().retryable);
  EXPECT_NE(none.error().message.find("no attachment"), std::string::npos);
  EXPECT_EQ(Count("SELECT count(*) FROM mail_messages WHERE state = 'done'"), 2);  // both recorded
  EXPECT_FALSE(ingest(dir_.path() + "/missing.eml").ok());
}

}  // namespace
}  // namespace docflow::mail
