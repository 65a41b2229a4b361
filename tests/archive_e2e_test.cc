// The archive PDF through the whole service (ocr.archive_pdf on): real
// broker and workers, a real PostgreSQL database, the scanned sample invoice;
// the stored PDF is read back with poppler-cpp.
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-page.h>

#include "storage/jobs.h"
#include "storage/store_document.h"
#include "tests/service_harness.h"

namespace docflow::testing {
namespace {

using nlohmann::json;

std::string PageText(poppler::document& d, int i) {
  std::unique_ptr<poppler::page> p(d.create_page(i));
  if (!p) return "";
  auto bytes = p->text().to_utf8();
  return std::string(bytes.begin(), bytes.end());
}

// Words of `words` (OCR JSON) missing from text; each line's words must also
// come in order within the text.
std::vector<std::string> MissingWords(const std::string& text, const json& words) {
  std::vector<std::string> missing;
  size_t pos = 0;
  int block = -1, line = -1;
  for (const auto& w : words) {
    std::string t = w.value("text", "");
    if (w.value("block", 0) != block || w.value("line", 0) != line) pos = 0;  // a new line may be anywhere
    block = w.value("block", 0);
    line = w.value("line", 0);
    size_t at = text.find(t, pos);
    if (at == std::string::npos) {
      missing.push_back(t);
      continue;
    }
    pos = at + t.size();
  }
  return missing;
}

TEST(ArchiveEndToEnd, AScannedInvoiceGetsOneSearchableArchiveThatARerunReplaces) {
  ServiceHarness h;
  ASSERT_TRUE(h.ok());
  h.Start("broker", {"broker"}, {"DOCFLOW_OCR_ARCHIVE_PDF=1"});
  h.StartAllWorkers();
  auto r = h.Ingest(ServiceHarness::ReadSample("invoice-scan.pdf"), "invoice-scan.pdf");
  ASSERT_GT(r.job_id, 0);
  ASSERT_TRUE(h.WaitAllFinished(240));
  json s = h.Summary(r.job_id);
  ASSERT_EQ(s["state"], "done") << s.dump();

  const std::string doc = std::to_string(r.document_id);
  EXPECT_EQ(h.db().Scalar("SELECT count(*) FROM document_archives"), 1);
  EXPECT_EQ(h.db().Scalar("SELECT count(*) FROM document_archives WHERE document_id = " + doc +
                          " AND byte_size = length(pdf) AND page_count = (SELECT count(*) FROM pages WHERE "
                          "document_id = " + doc + ")"),
            1);
  auto conn = h.db().Connect();
  auto stored = GetDocumentArchive(*conn, r.document_id);
  ASSERT_TRUE(stored.ok()) << stored.error().message;
  ASSERT_TRUE(stored->has_value());
  const std::string pdf = (*stored)->archive.pdf;
  EXPECT_EQ(Sha256Hex(pdf), (*stored)->archive.sha256);

  // The PDF's text layer holds what the OCR stage read, page by page.
  JobStore jobs(*conn);
  auto ocr = jobs.StageResult(r.job_id, "ocr");
  ASSERT_TRUE(ocr.ok() && ocr->is_object()) << "the scan went through OCR";
  const json& pages = (*ocr)["pages"];
  std::unique_ptr<poppler::document> d(poppler::document::load_from_raw_data(pdf.data(), static_cast<int>(pdf.size())));
  ASSERT_TRUE(d != nullptr);
  ASSERT_EQ(d->pages(), static_cast<int>(pages.size()));
  size_t words = 0;
  for (size_t i = 0; i < pages.size(); ++i) {
    EXPECT_EQ(pages[i].value("source", ""), "ocr");
    std::string text = PageText(*d, static_cast<int>(i));
    auto missing = MissingWords(text, pages[i]["words"]);
    words += pages[i]["words"].size();
    EXPECT_TRUE(missing.empty()) << missing.size() << " word(s) missing, first '" << missing.front() << "' in:\n"
                                 << text;
  }
  EXPECT_GE(words, 20u);
  // The store stage recorded what building the archive cost.
  auto store = jobs.StageResult(r.job_id, "store");
  ASSERT_TRUE(store.ok());
  EXPECT_EQ((*store)["archive"].value("sha256", ""), (*stored)->archive.sha256) << store->dump();
  EXPECT_GT((*store)["archive"].value("ms", 0.0), 0.0) << store->dump();

  // The store stage runs again (as after a worker that died before its DONE
  // arrived): still one archive, the same bytes.
  ASSERT_EQ(h.db().Scalar("UPDATE jobs SET state = 'storing', lease_expires_at = NULL, attempts = 0 WHERE id = " +
                          std::to_string(r.job_id) + " RETURNING 1"),
            1);
  ASSERT_TRUE(h.WaitAllFinished(60));
  EXPECT_EQ(h.Summary(r.job_id)["state"], "done");
  EXPECT_EQ(h.db().Scalar("SELECT count(*) FROM job_events WHERE state = 'done' AND job_id = " +
                          std::to_string(r.job_id) + " AND message LIKE 'stored%'"),
            2)
      << "the store stage did not run a second time";
  EXPECT_EQ(h.db().Scalar("SELECT count(*) FROM document_archives"), 1);
  auto again = GetDocumentArchive(*conn, r.document_id);
  ASSERT_TRUE(again.ok() && again->has_value());
  EXPECT_EQ((*again)->archive.sha256, (*stored)->archive.sha256) << "the archive is deterministic";
}

TEST(ArchiveEndToEnd, WithTheKeyOffNoArchiveIsStored) {
  ServiceHarness h;
  ASSERT_TRUE(h.ok());
  h.StartBroker();
  h.StartAllWorkers();
  auto r = h.Ingest(ServiceHarness::ReadSample("invoice-en.pdf"), "invoice-en.pdf");
  ASSERT_TRUE(h.WaitAllFinished(120));
  EXPECT_EQ(h.Summary(r.job_id)["state"], "done");
  EXPECT_EQ(h.db().Scalar("SELECT count(*) FROM document_archives"), 0);
}

}  // namespace
}  // namespace docflow::testing
