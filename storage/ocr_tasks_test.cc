#include "storage/ocr_tasks.h"

#include <gtest/gtest.h>

#include "storage/documents.h"
#include "storage/jobs.h"
#include "tests/test_database.h"

namespace docflow {
namespace {

using nlohmann::json;
using testing::TestDatabase;

// A job that has just finished preprocessing with `image_pages` image pages
// after one text-layer page.
long long JobInOcr(Db& db, JobStore& jobs, int image_pages, char c = 'a') {
  auto r = RecordDocument(db, std::string(64, c), 1, "scan.pdf", "cli", {}, 2);
  EXPECT_TRUE(r.ok());
  auto cl = jobs.Claim("preprocess", 1, "w", 30);
  EXPECT_TRUE(cl.ok() && cl->size() == 1);
  json pages = json::array({{{"index", 0}, {"source", "text-layer"}, {"text", "cover page"}}});
  for (int i = 1; i <= image_pages; ++i)
    pages.push_back({{"index", i}, {"source", "image"}, {"image_sha256", std::string(64, 'f')}});
  auto ok = jobs.Complete(r->job_id, (*cl)[0].lease_token, "preprocess", {{"mime", "application/pdf"}, {"pages", pages}},
                          "ocr", "w", 1);
  EXPECT_TRUE(ok.ok() && *ok);
  return r->job_id;
}

json Recognised(int index, const std::string& text) {
  return {{"index", index}, {"source", "ocr"}, {"text", text}, {"mean_confidence", 90}};
}

TEST(OcrTasks, PagesWithMoreTextGoFirst) {
  // Longest first: two workers then finish a document together.
  TestDatabase t;
  ASSERT_TRUE(t.ok());
  auto db = t.Connect();
  JobStore jobs(*db);
  OcrTaskStore ocr(*db);
  auto r = RecordDocument(*db, std::string(64, 'c'), 1, "scan.pdf", "cli", {}, 2);
  ASSERT_TRUE(r.ok());
  auto cl = jobs.Claim("preprocess", 1, "w", 30);
  ASSERT_TRUE(cl.ok() && cl->size() == 1);
  auto page = [](int i, int glyphs, double upscale) {
    json pre = {{"analysis", {{"glyphs", glyphs}}}};
    if (upscale != 1) pre["rescale"] = {{"factor", upscale}};
    return json{{"index", i}, {"source", "image"}, {"image_sha256", std::string(64, 'f')}, {"preprocess", pre}};
  };
  // Page 1: a short letter; page 2: a dense page; page 3: small print, upscaled 2x.
  json pages = json::array({page(0, 300, 1), page(1, 2500, 1), page(2, 900, 2)});
  ASSERT_TRUE(*jobs.Complete(r->job_id, (*cl)[0].lease_token, "preprocess", {{"mime", "application/pdf"}, {"pages", pages}},
                             "ocr", "w", 1));
  std::vector<int> order;
  for (int i = 0; i < 3; ++i) {
    auto c = ocr.Claim("ocr-" + std::to_string(i), 30);
    ASSERT_TRUE(c.ok() && c->size() == 1);
    order.push_back((*c)[0].page_index);
  }
  EXPECT_EQ(order, (std::vector<int>{2, 1, 0}));  // 900 x 4 = 3600, then 2500, then 300
}

TEST(OcrTasks, PagesGoToSeveralWorkersAndTheLastOneMergesInOrder) {
  TestDatabase t;
  ASSERT_TRUE(t.ok());
  auto db = t.Connect();
  JobStore jobs(*db);
  OcrTaskStore ocr(*db);
  long long job = JobInOcr(*db, jobs, 3);
  EXPECT_EQ(t.Scalar("SELECT count(*) FROM ocr_tasks WHERE job_id = " + std::to_string(job)), 3);
  auto a = ocr.Claim("ocr-a", 30), b = ocr.Claim("ocr-b", 30), c = ocr.Claim("ocr-c", 30);
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());
  ASSERT_EQ(a->size(), 1u);
  ASSERT_EQ(b->size(), 1u);
  ASSERT_EQ(c->size(), 1u);
  EXPECT_EQ((*a)[0].page_index, 1);
  EXPECT_EQ((*b)[0].page_index, 2);  // the same document, at the same time, on another worker
  EXPECT_EQ((*c)[0].page_index, 3);
  EXPECT_TRUE(ocr.Claim("ocr-d", 30)->empty());
  // Finish out of order; the job moves on only with the last page.
  ASSERT_TRUE(*ocr.Complete(job, (*c)[0].lease_token, Recognised(3, "three"), "ocr-c", 10));
  ASSERT_TRUE(*ocr.Complete(job, (*a)[0].lease_token, Recognised(1, "one"), "ocr-a", 10));
  EXPECT_EQ(jobs.Get(job)->state, "ocr");
  ASSERT_TRUE(*ocr.Complete(job, (*b)[0].lease_token, Recognised(2, "two"), "ocr-b", 10));
  EXPECT_EQ(jobs.Get(job)->state, "classifying");
  auto merged = jobs.StageResult(job, "ocr");
  ASSERT_TRUE(merged.ok());
  ASSERT_EQ((*merged)["pages"].size(), 4u);
  EXPECT_EQ((*merged)["pages"][0]["text"], "cover page");
  EXPECT_EQ((*merged)["pages"][1]["text"], "one");
  EXPECT_EQ((*merged)["pages"][2]["text"], "two");
  EXPECT_EQ((*merged)["pages"][3]["text"], "three");
  EXPECT_EQ((*merged)["pages"][3]["image_sha256"], std::string(64, 'f'));
  // A late duplicate of a page is refused.
  EXPECT_FALSE(*ocr.Complete(job, (*a)[0].lease_token, Recognised(1, "again"), "ocr-a", 10));
}

TEST(OcrTasks, ALostWorkersPageIsRetriedAndAPermanentPageErrorFailsTheJob) {
  TestDatabase t;
  ASSERT_TRUE(t.ok());
  auto db = t.Connect();
  JobStore jobs(*db);
  OcrTaskStore ocr(*db);
  long long job = JobInOcr(*db, jobs, 2);
  auto first = ocr.Claim("ocr-a", 30);
  ASSERT_TRUE(first.ok() && first->size() == 1);
  ASSERT_TRUE(ocr.Release(job, (*first)[0].lease_token, "worker lost").ok());
  auto again = ocr.Claim("ocr-b", 30);
  ASSERT_TRUE(again.ok() && again->size() == 1);
  EXPECT_EQ((*again)[0].page_index, (*first)[0].page_index);
  EXPECT_EQ((*again)[0].attempts, 2);
  EXPECT_FALSE(*ocr.Complete(job, (*first)[0].lease_token, Recognised(1, "stale"), "ocr-a", 1));
  auto other = ocr.Claim("ocr-c", 30);
  ASSERT_TRUE(other.ok() && other->size() == 1);
  auto state = ocr.Fail(job, (*other)[0].lease_token, "OCR timed out after 120000 ms on page 2", false);
  ASSERT_TRUE(state.ok());
  EXPECT_EQ(*state, "failed");
  auto info = jobs.Get(job);
  EXPECT_EQ(info->state, "failed");
  EXPECT_EQ(info->last_error, "page 3: OCR timed out after 120000 ms on page 2");
  EXPECT_TRUE(ocr.Claim("ocr-d", 30)->empty());
}

TEST(OcrTasks, ExhaustedPageLeaseFailsTheJob) {
  TestDatabase t;
  ASSERT_TRUE(t.ok());
  auto db = t.Connect();
  JobStore jobs(*db);
  OcrTaskStore ocr(*db);
  long long job = JobInOcr(*db, jobs, 1);  // max_attempts = 2
  for (int i = 0; i < 2; ++i) {
    auto c = ocr.Claim("ocr", 30);
    ASSERT_TRUE(c.ok() && c->size() == 1);
    ASSERT_TRUE(ocr.Release(job, (*c)[0].lease_token, "worker lost").ok());
  }
  EXPECT_TRUE(ocr.Claim("ocr", 30)->empty());
  auto n = ocr.ReapExhausted();
  ASSERT_TRUE(n.ok()) << n.error().message;
  EXPECT_EQ(*n, 1);
  auto info = jobs.Get(job);
  EXPECT_EQ(info->state, "failed");
  EXPECT_NE(info->last_error.find("gave up after 2 attempts on page 2"), std::string::npos) << info->last_error;
}

}  // namespace
}  // namespace docflow
