#include <gtest/gtest.h>

#include "storage/documents.h"
#include "storage/migrator.h"
#include "tests/test_database.h"

namespace docflow {
namespace {

using testing::TestDatabase;

TEST(Db, ConnectErrorIsAValueAndHidesThePassword) {
  auto db = Db::Connect("postgresql://someone:hunter2@127.0.0.1:1/nowhere?connect_timeout=2");
  ASSERT_FALSE(db.ok());
  EXPECT_TRUE(db.error().retryable);
  EXPECT_EQ(db.error().message.find("hunter2"), std::string::npos) << db.error().message;
}

TEST(Db, MigrationsApplyOnceAndSecondRunIsANoOp) {
  TestDatabase t;
  ASSERT_TRUE(t.ok());
  auto db = t.Connect();
  auto again = Migrate(*db);
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(*again, 0);
  EXPECT_GE(t.Scalar("SELECT count(*) FROM schema_migrations"), 1);
  EXPECT_EQ(t.Scalar("SELECT count(*) FROM information_schema.tables WHERE table_name IN "
                     "('documents','jobs','pages','document_fields','invoices','contracts','people','events')"),
            8);
}

TEST(Db, SameBytesTwiceAreOneDocumentReportedAsDuplicate) {
  TestDatabase t;
  ASSERT_TRUE(t.ok());
  auto db = t.Connect();
  std::string sha(64, 'a');
  auto first = RecordDocument(*db, sha, 10, "a.pdf", "cli", {}, 3);
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_FALSE(first->duplicate);
  auto second = RecordDocument(*db, sha, 10, "copy-of-a.pdf", "inbox", {}, 3);
  ASSERT_TRUE(second.ok());
  EXPECT_TRUE(second->duplicate);
  EXPECT_EQ(second->document_id, first->document_id);
  EXPECT_EQ(second->job_id, first->job_id);
  EXPECT_EQ(t.Scalar("SELECT count(*) FROM documents"), 1);
  EXPECT_EQ(t.Scalar("SELECT count(*) FROM jobs"), 1);
}

}  // namespace
}  // namespace docflow
