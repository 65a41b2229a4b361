// The HTTP API's storage on a real PostgreSQL: tokens, idempotency keys,
// document queries and full-text search, field corrections, live workers,
// pipeline metrics.
#include <gtest/gtest.h>

#include "common/blob_store.h"
#include "storage/api_tokens.h"
#include "storage/document_batch.h"
#include "storage/document_queries.h"
#include "storage/documents.h"
#include "storage/field_corrections.h"
#include "storage/idempotency.h"
#include "storage/jobs.h"
#include "storage/live_workers.h"
#include "storage/service_metrics.h"
#include "storage/store_document.h"
#include "tests/store_walk.h"
#include "tests/test_database.h"

namespace docflow {
namespace {

using nlohmann::json;
using testing::TestDatabase;

// Records a document and walks its job through every stage to done, the way
// the broker and the store stage do; returns the receipt.
IngestReceipt StoreDoc(Db& db, char sha, const std::string& text, const std::string& cls, Fields fields,
                       double stage_ms = 3) {
  JobStore jobs(db);
  IngestReceipt r;
  StoreInput in = testing::WalkToStoring(db, jobs, std::string(64, sha), std::string("doc-") + sha + ".pdf", "http",
                                         json{{"token", "t"}}, stage_ms, &r);
  Page p;
  p.index = 0;
  p.source = "text-layer";
  p.text = text;
  p.mean_confidence = 100;
  in.pages = {p};
  in.classification = {cls, 0.9, "", {}};
  in.fields = std::move(fields);
  auto out = StoreDocument(db, in);
  EXPECT_TRUE(out.ok()) << (out.ok() ? "" : out.error().message);
  return r;
}

TEST(ApiTokens, CreatedOnceStoredHashedCheckedAndRevoked) {
  TestDatabase t;
  ASSERT_TRUE(t.ok());
  auto db = t.Connect();
  auto created = CreateApiToken(*db, "scanner", {"upload"});
  ASSERT_TRUE(created.ok()) << created.error().message;
  const std::string secret = created->secret;
  EXPECT_EQ(secret.rfind("dft_", 0), 0u);
  // Only the hash is stored.
  EXPECT_EQ(t.Scalar("SELECT count(*) FROM api_tokens WHERE sha256 = '" + Sha256Hex(secret) + "'"), 1);
  EXPECT_EQ(t.Scalar("SELECT count(*) FROM api_tokens WHERE position('" + secret.substr(17) +
                     "' IN (api_tokens::text)) > 0"),
            0);

  auto auth = AuthenticateApiToken(*db, secret);
  ASSERT_TRUE(auth.ok()) << auth.error().message;
  EXPECT_EQ(auth->name, "scanner");
  EXPECT_TRUE(HasScope(*auth, "upload"));
  EXPECT_FALSE(HasScope(*auth, "read"));
  EXPECT_EQ(t.Scalar("SELECT count(*) FROM api_tokens WHERE last_used_at IS NOT NULL"), 1);

  // Same lookup prefix, other secret; garbage; empty.
  std::string forged = secret;
  forged.back() = forged.back() == '0' ? '1' : '0';
  EXPECT_FALSE(AuthenticateApiToken(*db, forged).ok());
  EXPECT_FALSE(AuthenticateApiToken(*db, "dft_nothex").ok());
  EXPECT_FALSE(AuthenticateApiToken(*db, "").ok());

  // One live token per name; admin implies every scope.
  EXPECT_FALSE(CreateApiToken(*db, "scanner", {"read"}).ok());
  auto admin = CreateApiToken(*db, "ops", {"admin"});
  ASSERT_TRUE(admin.ok());
  EXPECT_TRUE(HasScope(admin->token, "read") && HasScope(admin->token, "upload"));
  EXPECT_FALSE(ParseScopes("read,write").ok());
  EXPECT_EQ(*ParseScopes(" read , upload,read"), (std::vector<std::string>{"read", "upload"}));

  ASSERT_TRUE(RevokeApiToken(*db, "scanner").ok());
  EXPECT_FALSE(AuthenticateApiToken(*db, secret).ok());
  EXPECT_FALSE(RevokeApiToken(*db, "scanner").ok());
  auto list = ListApiTokens(*db);
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 2u);
  EXPECT_TRUE((*list)[0].revoked);
  EXPECT_EQ((*list)[1].scopes, std::vector<std::string>{"admin"});
  // The name is free again once revoked.
  EXPECT_TRUE(CreateApiToken(*db, "scanner", {}).ok());
}

TEST(Idempotency, ClaimReplayMismatchRelease) {
  TestDatabase t;
  ASSERT_TRUE(t.ok());
  auto db = t.Connect();
  auto tok = CreateApiToken(*db, "c", {});
  ASSERT_TRUE(tok.ok());
  long long id = tok->token.id;
  auto c1 = ClaimIdempotencyKey(*db, id, "k1", "fp");
  ASSERT_TRUE(c1.ok());
  EXPECT_EQ(c1->kind, IdempotencyClaim::Kind::kNew);
  EXPECT_EQ(ClaimIdempotencyKey(*db, id, "k1", "fp")->kind, IdempotencyClaim::Kind::kInProgress);
  ASSERT_TRUE(FinishIdempotencyKey(*db, id, "k1", 202, json{{"documents", json::array({{{"id", 7}}})}}).ok());
  auto again = ClaimIdempotencyKey(*db, id, "k1", "fp");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->kind, IdempotencyClaim::Kind::kReplay);
  EXPECT_EQ(again->status, 202);
  EXPECT_EQ(again->response["documents"][0]["id"], 7);
  EXPECT_EQ(ClaimIdempotencyKey(*db, id, "k1", "other")->kind, IdempotencyClaim::Kind::kMismatch);
  // Another token may use the same key.
  auto tok2 = CreateApiToken(*db, "d", {});
  EXPECT_EQ(ClaimIdempotencyKey(*db, tok2->token.id, "k1", "fp")->kind, IdempotencyClaim::Kind::kNew);
  // A released claim can be taken again; an abandoned one after stale_seconds.
  EXPECT_EQ(ClaimIdempotencyKey(*db, id, "k2", "fp")->kind, IdempotencyClaim::Kind::kNew);
  ASSERT_TRUE(ReleaseIdempotencyKey(*db, id, "k2").ok());
  EXPECT_EQ(ClaimIdempotencyKey(*db, id, "k2", "fp")->kind, IdempotencyClaim::Kind::kNew);
  ASSERT_TRUE(db->Exec("UPDATE idempotency_keys SET created_at = now() - interval '2 minutes' WHERE key = 'k2'").ok());
  EXPECT_EQ(ClaimIdempotencyKey(*db, id, "k2", "fp", 60)->kind, IdempotencyClaim::Kind::kNew);
}

TEST(DocumentQueries, ViewTextSearchInFrenchAndEnglishAndCursor) {
  TestDatabase t;
  ASSERT_TRUE(t.ok());
  auto db = t.Connect();
  Fields inv;
  inv["invoice_number"] = Field{"FA-7", 0.91, 0, Box{1, 2, 3, 4}, "label", "invoice/1"};
  inv["total_gross"] = Field{"120.50", 0.8, 0, std::nullopt, "label", "invoice/1"};
  auto fr = StoreDoc(*db, 'a', "FACTURE n° FA-7\nLes prestations de conseil du mois de mars", "invoice", inv);
  auto en = StoreDoc(*db, 'b', "This agreement is made between the parties; invoices are payable monthly",
                     "contract", {});
  auto other = StoreDoc(*db, 'c', "Une lettre sans importance", "other", {});
  auto queued = RecordDocument(*db, std::string(64, 'd'), 10, "late.pdf", "http", json::object(), 3);
  ASSERT_TRUE(queued.ok());

  auto v = DocumentView(*db, fr.document_id);
  ASSERT_TRUE(v.ok()) << v.error().message;
  ASSERT_TRUE(v->has_value());
  const json& d = **v;
  EXPECT_EQ(d["state"], "done");
  EXPECT_EQ(d["class"], "invoice");
  EXPECT_EQ(d["job_id"], fr.job_id);
  EXPECT_EQ(d["provenance"]["token"], "t");
  EXPECT_EQ(d["fields"]["invoice_number"]["value"], "FA-7");
  EXPECT_DOUBLE_EQ(d["fields"]["invoice_number"]["confidence"].get<double>(), 0.91);
  EXPECT_EQ(d["fields"]["invoice_number"]["bbox"], json::array({1, 2, 3, 4}));
  EXPECT_EQ(d["fields"]["invoice_number"]["method"], "label");
  EXPECT_EQ(d["record"]["table"], "invoices");
  EXPECT_EQ(d["record"]["values"]["invoice_number"], "FA-7");
  EXPECT_FALSE(DocumentView(*db, 999999)->has_value());

  auto job = JobView(*db, fr.job_id);
  ASSERT_TRUE(job.ok() && job->has_value());
  EXPECT_EQ((**job)["state"], "done");
  EXPECT_GE((**job)["events"].size(), 5u);

  auto text = GetDocumentText(*db, fr.document_id);
  ASSERT_TRUE(text.ok() && text->has_value());
  EXPECT_EQ((*text)->pages, 1);
  EXPECT_NE((*text)->text.find("prestations"), std::string::npos);
  EXPECT_EQ((*GetDocumentText(*db, queued->document_id))->pages, 0);

  auto filter = [](std::string cls, std::string state, std::string query) {
    DocumentFilter f;
    f.cls = std::move(cls);
    f.state = std::move(state);
    f.query = std::move(query);
    return f;
  };
  auto ids = [&](const DocumentFilter& f) {
    auto l = ListDocuments(*db, f);
    EXPECT_TRUE(l.ok()) << (l.ok() ? "" : l.error().message);
    std::vector<long long> out;
    if (l.ok())
      for (const auto& i : l->items) out.push_back(i["id"].get<long long>());
    return out;
  };
  // French stemming: "factures" finds "FACTURE"; "prestation" finds "prestations".
  EXPECT_EQ(ids(filter("", "", "factures")), std::vector<long long>{fr.document_id});
  EXPECT_EQ(ids(filter("", "", "prestation conseil")), std::vector<long long>{fr.document_id});
  // English stemming: "invoice" finds "invoices", "agreements" finds "agreement".
  EXPECT_EQ(ids(filter("", "", "invoice")), std::vector<long long>{en.document_id});
  EXPECT_EQ(ids(filter("", "", "agreements")), std::vector<long long>{en.document_id});
  EXPECT_TRUE(ids(filter("", "", "nothing-like-this")).empty());
  EXPECT_EQ(ids(filter("contract", "", "")), std::vector<long long>{en.document_id});
  EXPECT_EQ(ids(filter("", "queued", "")), std::vector<long long>{queued->document_id});

  // Cursor: newest first, two at a time, every document once.
  std::vector<long long> seen;
  DocumentFilter f;
  f.limit = 2;
  for (int page = 0; page < 5; ++page) {
    auto l = ListDocuments(*db, f);
    ASSERT_TRUE(l.ok());
    for (const auto& i : l->items) seen.push_back(i["id"]);
    if (!l->next_cursor) break;
    f.before_id = l->next_cursor;
  }
  EXPECT_EQ(seen, (std::vector<long long>{queued->document_id, other.document_id, en.document_id, fr.document_id}));

  // Only documents the store stage finished have search terms.
  EXPECT_EQ(t.Scalar("SELECT count(*) FROM documents WHERE search IS NULL"), 1);  // the queued one
}

TEST(FieldCorrections, UpdatesFieldRecordAndAudit) {
  TestDatabase t;
  ASSERT_TRUE(t.ok());
  auto db = t.Connect();
  Fields inv;
  inv["total_gross"] = Field{"120.50", 0.8, 0, Box{5, 5, 5, 5}, "label", "invoice/1"};
  auto doc = StoreDoc(*db, 'e', "Facture", "invoice", inv);
  auto busy = RecordDocument(*db, std::string(64, 'f'), 10, "b.pdf", "http", json::object(), 3);

  auto r = CorrectFields(*db, doc.document_id, json{{"total_gross", "99.90"}, {"note", "checked"}}, "alice");
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->refused, CorrectionRefusal::kNone) << r->reason;
  EXPECT_EQ(t.Scalar("SELECT (total_gross * 100)::bigint FROM invoices"), 9990);
  EXPECT_EQ(t.Scalar("SELECT count(*) FROM document_fields WHERE name = 'total_gross' AND method = 'manual'"
                     " AND confidence = 1 AND value = '\"99.90\"' AND bbox IS NULL"),
            1);
  EXPECT_EQ(t.Scalar("SELECT count(*) FROM field_corrections WHERE who = 'alice' AND field = 'total_gross'"
                     " AND old_value = '\"120.50\"' AND new_value = '\"99.90\"'"),
            1);
  EXPECT_EQ(t.Scalar("SELECT count(*) FROM field_corrections WHERE field = 'note' AND old_value IS NULL"), 1);
  EXPECT_EQ(r->applied.size(), 2u);

  // Refusals write nothing.
  auto bad = CorrectFields(*db, doc.document_id, json{{"issue_date", "31/02/2024"}, {"total_gross", "1"}}, "bob");
  ASSERT_TRUE(bad.ok());
  EXPECT_EQ(bad->refused, CorrectionRefusal::kInvalid);
  EXPECT_NE(bad->reason.find("issue_date"), std::string::npos);
  EXPECT_EQ(CorrectFields(*db, doc.document_id, json{{"Bad Name", 1}}, "bob")->refused, CorrectionRefusal::kInvalid);
  EXPECT_EQ(CorrectFields(*db, 424242, json{{"x", 1}}, "bob")->refused, CorrectionRefusal::kNotFound);
  EXPECT_EQ(CorrectFields(*db, busy->document_id, json{{"x", 1}}, "bob")->refused, CorrectionRefusal::kBusy);
  EXPECT_EQ(t.Scalar("SELECT count(*) FROM field_corrections WHERE who = 'bob'"), 0);
  EXPECT_EQ(t.Scalar("SELECT (total_gross * 100)::bigint FROM invoices"), 9990);

  auto view = DocumentView(*db, doc.document_id);
  ASSERT_TRUE(view.ok() && view->has_value());
  EXPECT_EQ((**view)["corrections"].size(), 2u);
  EXPECT_EQ((**view)["fields"]["total_gross"]["method"], "manual");
}

TEST(DocumentBatch, OneTransactionSameAnswersAsOneByOne) {
  TestDatabase t;
  ASSERT_TRUE(t.ok());
  auto db = t.Connect();
  auto before = RecordDocument(*db, std::string(64, '9'), 5, "old.pdf", "cli", json::object(), 3);
  ASSERT_TRUE(before.ok());
  auto doc = [](char c, const std::string& name) {
    return NewDocument{std::string(64, c), 10, name, "http", json{{"token", "t"}, {"tags", {"a"}}}, 4};
  };
  auto r = RecordDocuments(*db, {doc('1', "a.pdf"), doc('9', "again.pdf"), doc('2', "b \"quoted\".pdf"),
                                 doc('1', "a-twice.pdf")});
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->size(), 4u);
  const auto& a = (*r)[0], &old = (*r)[1], &b = (*r)[2], &a2 = (*r)[3];
  EXPECT_FALSE(a.duplicate);
  EXPECT_FALSE(b.duplicate);
  EXPECT_TRUE(old.duplicate);
  EXPECT_EQ(old.document_id, before->document_id);
  EXPECT_EQ(old.job_id, before->job_id);
  EXPECT_TRUE(a2.duplicate);  // the same bytes twice in one batch: one document
  EXPECT_EQ(a2.document_id, a.document_id);
  EXPECT_EQ(a2.job_id, a.job_id);
  EXPECT_NE(a.document_id, b.document_id);
  EXPECT_EQ(t.Scalar("SELECT count(*) FROM documents"), 3);
  EXPECT_EQ(t.Scalar("SELECT count(*) FROM jobs WHERE state = 'queued' AND max_attempts = 4"), 2);
  EXPECT_EQ(t.Scalar("SELECT count(*) FROM job_events WHERE message = 'accepted from http as b \"quoted\".pdf'"), 1);
  EXPECT_EQ(t.Scalar("SELECT count(*) FROM documents WHERE source_detail->'tags' = '[\"a\"]' AND source = 'http'"),
            2);
  EXPECT_EQ(t.Scalar("SELECT count(*) FROM jobs j JOIN documents d ON d.id = j.document_id WHERE d.id = " +
                     std::to_string(b.document_id) + " AND j.id = " + std::to_string(b.job_id)),
            1);
  EXPECT_TRUE(RecordDocuments(*db, {})->empty());
}

TEST(LiveWorkers, PublishedAndRead) {
  TestDatabase t;
  ASSERT_TRUE(t.ok());
  auto db = t.Connect();
  auto none = ReadLiveness(*db, 10);
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->broker_age_seconds.has_value());
  ASSERT_TRUE(PublishLiveWorkers(*db, "broker-1", {{"w1", "ocr", true, 5}, {"w2", "ocr", false, 0},
                                                    {std::string("w\x01", 2), "store", false, 0}})
                  .ok());
  auto l = ReadLiveness(*db, 10);
  ASSERT_TRUE(l.ok());
  ASSERT_TRUE(l->broker_age_seconds.has_value());
  EXPECT_LT(*l->broker_age_seconds, 10);
  EXPECT_EQ(l->live["ocr"], 2);
  EXPECT_EQ(l->busy["ocr"], 1);
  EXPECT_EQ(l->live["store"], 1);
  // The next publication replaces the set.
  ASSERT_TRUE(PublishLiveWorkers(*db, "broker-1", {{"w3", "extract", false, 0}}).ok());
  l = ReadLiveness(*db, 10);
  EXPECT_EQ(l->live.count("ocr"), 0u);
  EXPECT_EQ(l->live["extract"], 1);
  ASSERT_TRUE(db->Exec("UPDATE live_workers SET seen_at = now() - interval '1 minute'").ok());
  l = ReadLiveness(*db, 10);
  EXPECT_TRUE(l->live.empty());
  EXPECT_GT(*l->broker_age_seconds, 50);
}

TEST(ServiceMetrics, StatesLatencyQueuesAndPages) {
  TestDatabase t;
  ASSERT_TRUE(t.ok());
  auto db = t.Connect();
  StoreDoc(*db, '1', "one", "other", {}, 3);       // 3 ms per stage
  StoreDoc(*db, '2', "two", "other", {}, 700);     // 0.7 s per stage
  ASSERT_TRUE(RecordDocument(*db, std::string(64, '3'), 10, "q.pdf", "http", json::object(), 3).ok());
  auto s = ReadPipelineSnapshot(*db);
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(s->documents_by_state["done"], 2);
  EXPECT_EQ(s->documents_by_state["queued"], 1);
  EXPECT_EQ(s->waiting["preprocess"], 1);
  EXPECT_EQ(s->running["preprocess"], 0);
  EXPECT_EQ(s->pages_done_total, 2);
  EXPECT_EQ(s->pages_done_recent, 2);
  const StageLatency& pre = s->latency["preprocess"];
  ASSERT_EQ(pre.cumulative.size(), StageLatencyBuckets().size());
  EXPECT_EQ(pre.count, 2);
  EXPECT_NEAR(pre.sum_seconds, 0.703, 1e-9);
  // Buckets: 0.005 holds the 3 ms result; 0.5 still one; 1 s both.
  EXPECT_EQ(pre.cumulative[0], 1);
  EXPECT_EQ(pre.cumulative[6], 1);  // le 0.5
  EXPECT_EQ(pre.cumulative[7], 2);  // le 1
  EXPECT_EQ(pre.cumulative.back(), 2);
}

}  // namespace
}  // namespace docflow
