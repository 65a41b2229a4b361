#include "storage/store_document.h"

#include <gtest/gtest.h>

#include "storage/documents.h"
#include "storage/jobs.h"
#include "tests/store_walk.h"
#include "tests/test_database.h"

namespace docflow {
namespace {

using testing::TestDatabase;

StoreInput InvoiceInput(Db& db, JobStore& jobs, char c) {
  StoreInput in = testing::WalkToStoring(db, jobs, std::string(64, c), "inv.pdf", "cli", {});
  Page p;
  p.index = 0;
  p.source = "text-layer";
  p.text = "Facture N° FA-1 Total TTC 1 234,56 €";
  p.mean_confidence = 100;
  in.pages = {p};
  in.classification = {"invoice", 0.97, "", {}};
  in.fields["invoice_number"] = Field{"FA-1", 0.9, 0, Box{10, 20, 30, 40}, "label", "invoice/1"};
  in.fields["issue_date"] = Field{"2024-02-30", 0.8, 0, std::nullopt, "label", "invoice/1"};  // invalid date
  in.fields["total_gross"] = Field{"1234.56", 0.9, 0, std::nullopt, "label", "invoice/1"};
  return in;
}

TEST(StoreDocument, OneTransactionWritesEverythingAndRerunReplaces) {
  TestDatabase t;
  ASSERT_TRUE(t.ok());
  auto db = t.Connect();
  JobStore jobs(*db);
  StoreInput in = InvoiceInput(*db, jobs, '1');
  auto out = StoreDocument(*db, in);
  ASSERT_TRUE(out.ok()) << out.error().message;
  EXPECT_EQ(out->record_table, "invoices");
  EXPECT_EQ(out->event_topic, "invoices.create");
  EXPECT_EQ(t.Scalar("SELECT count(*) FROM invoices WHERE invoice_number = 'FA-1' AND total_gross = 1234.56 "
                     "AND issue_date IS NULL"),
            1);
  EXPECT_EQ(t.Scalar("SELECT count(*) FROM pages"), 1);
  EXPECT_EQ(t.Scalar("SELECT count(*) FROM document_fields WHERE name = 'invoice_number' AND bbox = '{10,20,30,40}'"),
            1);
  EXPECT_EQ(t.Scalar("SELECT count(*) FROM events WHERE topic = 'invoices.create'"), 1);
  EXPECT_EQ(t.Scalar("SELECT count(*) FROM jobs WHERE state = 'done'"), 1);
  EXPECT_EQ(t.Scalar("SELECT count(*) FROM documents WHERE class = 'invoice' AND mime = 'application/pdf'"), 1);

  // The same store again (a worker that died after committing): replaced, not duplicated.
  in.fields["total_gross"].value = "99.00";
  auto again = StoreDocument(*db, in);
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(again->record_id, out->record_id);
  EXPECT_EQ(t.Scalar("SELECT count(*) FROM invoices"), 1);
  EXPECT_EQ(t.Scalar("SELECT (total_gross * 100)::bigint FROM invoices"), 9900);
  EXPECT_EQ(t.Scalar("SELECT count(*) FROM events"), 1);
  EXPECT_EQ(t.Scalar("SELECT count(*) FROM pages"), 1);
}

TEST(StoreDocument, ClassChangeOnRerunLeavesNoStaleRecord) {
  TestDatabase t;
  ASSERT_TRUE(t.ok());
  auto db = t.Connect();
  JobStore jobs(*db);
  StoreInput in = InvoiceInput(*db, jobs, '2');
  ASSERT_TRUE(StoreDocument(*db, in).ok());
  in.classification = {"contact", 0.8, "", {}};
  in.fields.clear();
  in.fields["full_name"] = Field{"Claire Dubois", 0.9, 0, std::nullopt, "label", "contact/1"};
  auto out = StoreDocument(*db, in);
  ASSERT_TRUE(out.ok()) << out.error().message;
  EXPECT_EQ(out->record_table, "people");
  EXPECT_EQ(t.Scalar("SELECT count(*) FROM invoices"), 0);
  EXPECT_EQ(t.Scalar("SELECT count(*) FROM people WHERE full_name = 'Claire Dubois'"), 1);
  EXPECT_EQ(t.Scalar("SELECT count(*) FROM events"), 1);
  EXPECT_EQ(t.Scalar("SELECT count(*) FROM document_fields"), 1);
}

TEST(StoreDocument, StaleLeaseWritesNothing) {
  TestDatabase t;
  ASSERT_TRUE(t.ok());
  auto db = t.Connect();
  JobStore jobs(*db);
  StoreInput in = InvoiceInput(*db, jobs, '3');
  in.lease_token += 100;
  auto out = StoreDocument(*db, in);
  ASSERT_FALSE(out.ok());
  EXPECT_FALSE(out.error().retryable);
  EXPECT_EQ(t.Scalar("SELECT count(*) FROM invoices"), 0);
  EXPECT_EQ(t.Scalar("SELECT count(*) FROM pages"), 0);
}

TEST(StoreDocument, ArchiveIsUpsertedOnePerDocumentAndReadBackByteForByte) {
  TestDatabase t;
  ASSERT_TRUE(t.ok());
  auto db = t.Connect();
  JobStore jobs(*db);
  StoreInput in = InvoiceInput(*db, jobs, '4');
  ASSERT_EQ(GetDocumentArchive(*db, in.document_id).ok(), true);
  EXPECT_FALSE(GetDocumentArchive(*db, in.document_id)->has_value());

  // Binary content: NUL bytes and high bytes must survive the bytea round trip.
  std::string first = "%PDF-1.5\n%\xE2\xE3\xCF\xD3\n";
  first += std::string(3, '\0');
  first += "first";
  in.archive = ArchivePdf{first, std::string(64, 'a'), 1};
  ASSERT_TRUE(StoreDocument(*db, in).ok());
  EXPECT_EQ(t.Scalar("SELECT count(*) FROM document_archives"), 1);
  auto a = GetDocumentArchive(*db, in.document_id);
  ASSERT_TRUE(a.ok()) << a.error().message;
  ASSERT_TRUE(a->has_value());
  EXPECT_EQ((*a)->archive.pdf, first);
  EXPECT_EQ((*a)->archive.page_count, 1);
  EXPECT_EQ((*a)->byte_size, static_cast<long long>(first.size()));
  EXPECT_EQ((*a)->archive.sha256, std::string(64, 'a'));
  EXPECT_FALSE((*a)->created_at.empty());

  // A re-run replaces the archive: still one row, the new bytes.
  std::string second = "%PDF-1.5\nsecond, longer archive";
  in.archive = ArchivePdf{second, std::string(64, 'b'), 2};
  ASSERT_TRUE(StoreDocument(*db, in).ok());
  EXPECT_EQ(t.Scalar("SELECT count(*) FROM document_archives"), 1);
  a = GetDocumentArchive(*db, in.document_id);
  ASSERT_TRUE(a.ok() && a->has_value());
  EXPECT_EQ((*a)->archive.pdf, second);
  EXPECT_EQ((*a)->archive.page_count, 2);
  EXPECT_EQ(t.Scalar("SELECT byte_size FROM document_archives"), static_cast<long long>(second.size()));

  // A re-run without an archive (ocr.archive_pdf switched off) keeps the stored one.
  in.archive.reset();
  ASSERT_TRUE(StoreDocument(*db, in).ok());
  a = GetDocumentArchive(*db, in.document_id);
  ASSERT_TRUE(a.ok() && a->has_value());
  EXPECT_EQ((*a)->archive.pdf, second);

  // A stale lease writes no archive either.
  StoreInput stale = InvoiceInput(*db, jobs, '5');
  stale.lease_token += 100;
  stale.archive = ArchivePdf{first, std::string(64, 'c'), 1};
  EXPECT_FALSE(StoreDocument(*db, stale).ok());
  EXPECT_EQ(t.Scalar("SELECT count(*) FROM document_archives"), 1);
}

TEST(StoreDocument, ValidatorsRejectImpossibleValues) {
  EXPECT_EQ(ValidIsoDate("2024-02-29"), "2024-02-29");
  EXPECT_EQ(ValidIsoDate("2023-02-29"), "");
  EXPECT_EQ(ValidIsoDate("2024-13-01"), "");
  EXPECT_EQ(ValidIsoDate("12/03/2024"), "");
  EXPECT_EQ(ValidDecimal("1234.56"), "1234.56");
  EXPECT_EQ(ValidDecimal("-3"), "-3");
  EXPECT_EQ(ValidDecimal("1 234,56"), "");
}

}  // namespace
}  // namespace docflow
