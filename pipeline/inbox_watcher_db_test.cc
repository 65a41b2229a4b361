// The watched folder's ingest on a real PostgreSQL: a file under a
// sub-folder carries its class hint and tag into documents.source_detail,
// and so do the attachments of a message dropped there.
#include <filesystem>
#include <fstream>
#include <thread>

#include <gtest/gtest.h>

#include "pipeline/inbox_watcher.h"
#include "pipeline/mail/mail_ingest.h"
#include "tests/test_database.h"

namespace docflow {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

TEST(InboxWatcherDbTest, SubfolderHintsReachTheDocuments) {
  testing::TestDatabase t;
  ASSERT_TRUE(t.ok());
  testing::TempDir dir;
  auto db = t.Connect();
  ASSERT_TRUE(db);
  BlobStore blobs(dir.path() + "/blobs");
  fs::path scans = fs::path(dir.path()) / "scans";
  fs::create_directories(scans / "factures");
  { std::ofstream(scans / "factures" / "f1.pdf") << "%PDF-1.4 facture"; }
  {
    std::ofstream(scans / "factures" / "mail.eml")
        << "From: billing@supplier.example\r\nSubject: invoice\r\nMessage-ID: <w1@supplier.example>\r\n"
           "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n"
           "\r\nsee attached\r\n--b\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; "
           "filename=\"att.pdf\"\r\n\r\n%PDF-1.4 attached\r\n--b--\r\n";
  }

  InboxOptions o;
  InboxFolder f;
  f.dir = scans.string();
  f.recursive = true;
  f.class_hint_from_subfolder = true;
  f.tag_from_subfolder = true;
  f.stable_ms = 50;
  o.folders = {f};
  o.poll_ms = 20;
  InboxCallbacks cb;
  cb.ingest = [&](const InboxItem& item) -> Result<long long> {
    auto r = IngestInboxItem(*db, blobs, item, 3, 1 << 20);
    if (!r) return r.error();
    return r->job_id;
  };
  cb.ingest_message = [&](const InboxItem& item) {
    mail::MailIngestOptions mo;
    mo.detail = InboxItemDetail(item);
    return mail::InboxMessageIngester(*db, blobs, mo)(item.path);
  };
  cb.outcome = [](long long) -> Result<JobOutcome> { return JobOutcome{}; };
  InboxWatcher w(o, cb);
  for (int i = 0; i < 200 && w.tracked_count() < 2; ++i) {
    w.PollOnce();
    std::this_thread::sleep_for(10ms);
  }
  ASSERT_EQ(w.tracked_count(), 2u);
  EXPECT_EQ(t.Scalar("SELECT count(*) FROM documents WHERE source = 'inbox' AND filename = 'f1.pdf' AND "
                     "source_detail->>'class_hint' = 'invoice' AND source_detail->'tags' = '[\"factures\"]' AND "
                     "source_detail->>'folder' = '" + scans.string() + "' AND source_detail->>'path' LIKE '%/factures/f1.pdf'"),
            1);
  EXPECT_EQ(t.Scalar("SELECT count(*) FROM documents WHERE source = 'mail' AND filename = 'att.pdf' AND "
                     "source_detail->>'class_hint' = 'invoice' AND source_detail->>'message_id' = 'w1@supplier.example'"),
            1);
}

}  // namespace
}  // namespace docflow
