// The HTTP API on a loopback port against a real PostgreSQL, driven by
// httplib::Client: auth and limits, uploads (multipart, raw, duplicates,
// Idempotency-Key, hostile names), the read side, search, corrections,
// health, metrics and HTTPS.
#include "pipeline/http/api_server.h"

#include <httplib.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <filesystem>
#include <thread>

#include <gtest/gtest.h>

#include "common/blob_store.h"
#include "common/paths.h"
#include "storage/api_tokens.h"
#include "storage/jobs.h"
#include "storage/live_workers.h"
#include "storage/store_document.h"
#include "tests/test_database.h"
#include "workers/preprocess/test_pdf.h"

namespace docflow::http {
namespace {

using nlohmann::json;
using testing::TempDir;
using testing::TestDatabase;

std::string Pdf(const std::string& text) {
  return test_pdf::MakePdf({"BT /F1 12 Tf 72 700 Td (" + text + ") Tj ET"});
}

// A server on a free loopback port, with three tokens (read, upload, admin).
class TestServer {
 public:
  explicit TestServer(ApiServerOptions o = {}) {
    if (!db_.ok()) return;
    conn_ = db_.Connect();
    o.host = "127.0.0.1";
    o.port = 0;
    o.database_url = db_.url();
    o.blob_root = home_.path() + "/blobs";
    o.db_connections = 4;
    o.threads = 8;
    auto s = ApiServer::Create(o);
    EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.error().message);
    if (!s) return;
    server_ = std::move(*s);
    thread_ = std::thread([this] { EXPECT_TRUE(server_->Run().ok()); });
    for (auto [name, scope] : {std::pair{"reader", "read"}, {"uploader", "upload"}, {"admin", "admin"}}) {
      auto t = CreateApiToken(*conn_, name, {scope});
      EXPECT_TRUE(t.ok());
      if (t) tokens_[name] = t->secret;
    }
  }
  ~TestServer() {
    if (server_) server_->Stop();
    if (thread_.joinable()) thread_.join();
  }
  bool ok() const { return server_ != nullptr; }
  int port() const { return server_->port(); }
  Db& db() { return *conn_; }
  const TestDatabase& database() const { return db_; }
  std::string blob_root() const { return home_.path() + "/blobs"; }
  std::string home() const { return home_.path(); }
  httplib::Headers As(const std::string& who) const {
    return {{"Authorization", "Bearer " + tokens_.at(who)}};
  }
  httplib::Client Client() const {
    httplib::Client c("127.0.0.1", server_->port());
    c.set_read_timeout(30);
    return c;
  }

 private:
  TestDatabase db_;
  TempDir home_;
  std::unique_ptr<Db> conn_;
  std::unique_ptr<ApiServer> server_;
  std::thread thread_;
  std::map<std::string, std::string> tokens_;
};

json Body(const httplib::Result& r) {
  if (!r) return json();
  return json::parse(r->body, nullptr, false);
}

// Walks an uploaded document's job to done with one text page, a class and
// fields, the way the broker and the store stage do.
void Process(Db& db, long long job_id, long long document_id, const std::string& text, const std::string& cls,
             Fields fields) {
  JobStore jobs(db);
  for (auto [stage, next] : {std::pair{"preprocess", "classifying"}, {"classify", "extracting"}, {"extract", "storing"}}) {
    auto cl = jobs.Claim(stage, 1, "w", 30);
    ASSERT_TRUE(cl.ok() && cl->size() == 1);
    ASSERT_EQ((*cl)[0].job_id, job_id);
    ASSERT_TRUE(*jobs.Complete(job_id, (*cl)[0].lease_token, stage, json::object(), next, "w", 2));
  }
  auto cl = jobs.Claim("store", 1, "w", 30);
  ASSERT_TRUE(cl.ok() && cl->size() == 1);
  StoreInput in;
  in.job_id = job_id;
  in.document_id = document_id;
  in.lease_token = (*cl)[0].lease_token;
  in.mime = "application/pdf";
  Page p;
  p.index = 0;
  p.source = "text-layer";
  p.text = text;
  p.mean_confidence = 100;
  in.pages = {p};
  in.classification = {cls, 0.88, "", {}};
  in.fields = std::move(fields);
  auto out = StoreDocument(db, in);
  ASSERT_TRUE(out.ok()) << out.error().message;
}

TEST(ApiServer, AuthScopesAndRateLimit) {
  ApiServerOptions o;
  o.rate_per_minute = 60;
  o.rate_burst = 3;
  o.auth_cache_ms = 0;  // every request checks the token: a revocation is seen at once
  TestServer s(o);
  ASSERT_TRUE(s.ok());
  auto c = s.Client();

  auto r = c.Get("/api/v1/documents");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 401);
  EXPECT_EQ(r->get_header_value("Content-Type"), "application/json");
  EXPECT_NE(r->get_header_value("WWW-Authenticate").find("Bearer"), std::string::npos);
  EXPECT_EQ(Body(r)["status"], 401);
  r = c.Get("/api/v1/documents", {{"Authorization", "Bearer dft_000000000000_" + std::string(48, '0')}});
  EXPECT_EQ(r->status, 401);
  r = c.Get("/metrics");
  EXPECT_EQ(r->status, 401);

  // Scopes: reading needs read, uploading upload, correcting admin.
  r = c.Post("/api/v1/documents", s.As("reader"), Pdf("x"), "application/pdf");
  EXPECT_EQ(r->status, 403);
  EXPECT_NE(Body(r)["error"].get<std::string>().find("upload"), std::string::npos);
  r = c.Get("/api/v1/documents", s.As("uploader"));
  EXPECT_EQ(r->status, 403);
  r = c.Patch("/api/v1/documents/1/fields", s.As("uploader"), R"({"fields": {"a": 1}})", "application/json");
  EXPECT_EQ(r->status, 403);

  // Refusals took nothing from the reader's three: three pass, the next is refused.
  EXPECT_EQ(c.Get("/api/v1/documents", s.As("reader"))->status, 200);
  EXPECT_EQ(c.Get("/api/v1/documents", s.As("reader"))->status, 200);
  EXPECT_EQ(c.Get("/api/v1/documents", s.As("reader"))->status, 200);
  r = c.Get("/api/v1/documents", s.As("reader"));
  EXPECT_EQ(r->status, 429);
  EXPECT_EQ(r->get_header_value("Retry-After"), "1");
  // Other tokens have their own budget; open routes have none.
  EXPECT_EQ(c.Get("/api/v1/documents", s.As("admin"))->status, 200);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(c.Get("/healthz")->status, 200);
  // A revoked token is refused at once.
  ASSERT_TRUE(RevokeApiToken(s.db(), "admin").ok());
  EXPECT_EQ(c.Get("/api/v1/documents", s.As("admin"))->status, 401);
}

TEST(ApiServer, MultipartAndRawUploadsAreDurableBeforeTheirReceipt) {
  TestServer s;
  ASSERT_TRUE(s.ok());
  auto c = s.Client();
  const std::string a = Pdf("Facture A"), b = Pdf("Facture B");
  httplib::MultipartFormDataItems items = {
      {"file", a, "a.pdf", "application/pdf"},
      {"file", b, "b.pdf", "application/octet-stream"},
      {"class_hint", "invoice", "", ""},
      {"tags", "acme, march", "", ""},
  };
  auto r = c.Post("/api/v1/documents", s.As("uploader"), items);
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 202) << r->body;
  json docs = Body(r)["documents"];
  ASSERT_EQ(docs.size(), 2u);
  for (size_t i = 0; i < 2; ++i) {
    const json& d = docs[i];
    EXPECT_FALSE(d["duplicate"].get<bool>());
    long long id = d["id"], job = d["job_id"];
    // Everything is there the moment the receipt is read.
    EXPECT_EQ(s.database().Scalar("SELECT count(*) FROM documents WHERE id = " + std::to_string(id) +
                                  " AND source = 'http' AND source_detail->>'class_hint' = 'invoice'"
                                  " AND source_detail->'tags' = '[\"acme\", \"march\"]'"
                                  " AND source_detail->>'token' = 'uploader'"),
              1);
    EXPECT_EQ(s.database().Scalar("SELECT count(*) FROM jobs WHERE state = 'queued' AND id = " + std::to_string(job) +
                                  " AND document_id = " + std::to_string(id)),
              1);
    EXPECT_EQ(s.database().Scalar("SELECT count(*) FROM job_events WHERE job_id = " + std::to_string(job)), 1);
    auto stored = ReadFile(BlobStore(s.blob_root()).PathFor(d["sha256"]));
    ASSERT_TRUE(stored.ok());
    EXPECT_EQ(*stored, i == 0 ? a : b);
    EXPECT_EQ(d["type"], "application/pdf");
  }
  EXPECT_EQ(docs[0]["filename"], "a.pdf");

  // A raw body, named by X-Filename (percent-encoded UTF-8 allowed).
  const std::string raw = Pdf("Contrat de service");
  r = c.Post("/api/v1/documents?class_hint=contract",
             {{"Authorization", s.As("uploader").begin()->second}, {"X-Filename", "contrat%20d%C3%A9cembre.pdf"}},
             raw, "application/pdf");
  ASSERT_EQ(r->status, 202) << r->body;
  json d = Body(r)["documents"][0];
  EXPECT_EQ(d["filename"], "contrat décembre.pdf");
  EXPECT_EQ(s.database().Scalar("SELECT count(*) FROM documents WHERE filename = 'contrat décembre.pdf'"
                                " AND source_detail->>'class_hint' = 'contract'"),
            1);
  EXPECT_TRUE(std::filesystem::exists(BlobStore(s.blob_root()).PathFor(d["sha256"])));
  EXPECT_EQ(s.database().Scalar("SELECT count(*) FROM documents"), 3);
}

TEST(ApiServer, DuplicatesAndIdempotencyKeys) {
  TestServer s;
  ASSERT_TRUE(s.ok());
  auto c = s.Client();
  const std::string pdf = Pdf("Invoice 1");
  auto first = c.Post("/api/v1/documents", s.As("uploader"), pdf, "application/pdf");
  ASSERT_EQ(first->status, 202);
  json d1 = Body(first)["documents"][0];

  // The same bytes again: the first document, flagged.
  auto again = c.Post("/api/v1/documents", s.As("uploader"), pdf, "application/pdf");
  ASSERT_EQ(again->status, 202);
  json d2 = Body(again)["documents"][0];
  EXPECT_TRUE(d2["duplicate"].get<bool>());
  EXPECT_EQ(d2["id"], d1["id"]);
  EXPECT_EQ(d2["job_id"], d1["job_id"]);

  // Idempotency-Key: the same answer, no second document, even for new bytes.
  auto headers = s.As("uploader");
  headers.emplace("Idempotency-Key", "order-77");
  const std::string other = Pdf("Invoice 2");
  auto k1 = c.Post("/api/v1/documents", headers, other, "application/pdf");
  ASSERT_EQ(k1->status, 202);
  EXPECT_FALSE(Body(k1)["documents"][0]["duplicate"].get<bool>());
  auto k2 = c.Post("/api/v1/documents", headers, other, "application/pdf");
  ASSERT_EQ(k2->status, 202);
  EXPECT_EQ(k2->get_header_value("Idempotent-Replayed"), "true");
  EXPECT_EQ(Body(k2), Body(k1));  // duplicate stays false: the first answer, replayed
  EXPECT_EQ(s.database().Scalar("SELECT count(*) FROM documents"), 2);
  EXPECT_EQ(s.database().Scalar("SELECT count(*) FROM jobs"), 2);
  // The same key with other content is a client error.
  auto k3 = c.Post("/api/v1/documents", headers, Pdf("Invoice 3"), "application/pdf");
  EXPECT_EQ(k3->status, 422);
  EXPECT_EQ(s.database().Scalar("SELECT count(*) FROM documents"), 2);
  // Another token's key space is its own.
  auto admin = s.As("admin");
  admin.emplace("Idempotency-Key", "order-77");
  auto k4 = c.Post("/api/v1/documents", admin, other, "application/pdf");
  ASSERT_EQ(k4->status, 202);
  EXPECT_TRUE(Body(k4)["documents"][0]["duplicate"].get<bool>());
}

TEST(ApiServer, LimitsHaveClearAnswers) {
  ApiServerOptions o;
  o.max_body_bytes = 1 << 20;
  TestServer s(o);
  ASSERT_TRUE(s.ok());
  auto c = s.Client();
  // 413: over the body limit.
  std::string big = Pdf("big") + std::string(2 << 20, ' ');
  auto r = c.Post("/api/v1/documents", s.As("uploader"), big, "application/pdf");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);
  EXPECT_NE(Body(r)["error"].get<std::string>().find("1 MB"), std::string::npos) << r->body;
  // 415: the content decides, not the declared type.
  r = c.Post("/api/v1/documents", s.As("uploader"), "<html><body>not a pdf</body></html>", "application/pdf");
  EXPECT_EQ(r->status, 415);
  EXPECT_NE(Body(r)["error"].get<std::string>().find("text/html"), std::string::npos) << r->body;
  // One bad part refuses the whole request: nothing stored.
  httplib::MultipartFormDataItems items = {{"file", Pdf("ok"), "ok.pdf", "application/pdf"},
                                           {"file", "MZ\x90\x00 not a document", "x.exe", "application/pdf"}};
  r = c.Post("/api/v1/documents", s.As("uploader"), items);
  EXPECT_EQ(r->status, 415);
  // 400s: empty body, no file part, bad class hint, bad idempotency key.
  EXPECT_EQ(c.Post("/api/v1/documents", s.As("uploader"), "", "application/pdf")->status, 400);
  EXPECT_EQ(c.Post("/api/v1/documents", s.As("uploader"),
                   httplib::MultipartFormDataItems{{"class_hint", "invoice", "", ""}})
                ->status,
            400);
  EXPECT_EQ(c.Post("/api/v1/documents?class_hint=recipe", s.As("uploader"), Pdf("y"), "application/pdf")->status,
            400);
  EXPECT_EQ(s.database().Scalar("SELECT count(*) FROM documents"), 0);
  // Unknown routes and methods.
  r = c.Get("/api/v1/nothing");
  EXPECT_EQ(r->status, 404);
  EXPECT_EQ(Body(r)["status"], 404);
  r = c.Delete("/api/v1/documents/1");
  EXPECT_EQ(r->status, 405);
  EXPECT_EQ(r->get_header_value("Allow"), "GET");
  // A document that does not exist.
  EXPECT_EQ(c.Get("/api/v1/documents/999999", s.As("reader"))->status, 404);
  EXPECT_EQ(c.Get("/api/v1/documents/999999/file", s.As("reader"))->status, 404);
  EXPECT_EQ(c.Get("/api/v1/jobs/999999", s.As("reader"))->status, 404);
  // Bad list parameters.
  EXPECT_EQ(c.Get("/api/v1/documents?limit=0", s.As("reader"))->status, 400);
  EXPECT_EQ(c.Get("/api/v1/documents?cursor=abc", s.As("reader"))->status, 400);
  EXPECT_EQ(c.Get("/api/v1/documents?state=lost", s.As("reader"))->status, 400);
}

TEST(ApiServer, HostileFileNamesStayNames) {
  TestServer s;
  ASSERT_TRUE(s.ok());
  auto c = s.Client();
  auto r = c.Post("/api/v1/documents",
                  {{"Authorization", s.As("uploader").begin()->second}, {"X-Filename", "../../etc/passwd"}},
                  Pdf("hostile one"), "application/pdf");
  ASSERT_EQ(r->status, 202) << r->body;
  EXPECT_EQ(Body(r)["documents"][0]["filename"], "passwd");
  httplib::MultipartFormDataItems items = {{"file", Pdf("hostile two"), "..\\..\\x; rm -rf *.pdf", "application/pdf"},
                                           {"file", Pdf("hostile three"), "%2e%2e%2fup.pdf", "application/pdf"}};
  r = c.Post("/api/v1/documents", s.As("uploader"), items);
  ASSERT_EQ(r->status, 202) << r->body;
  json docs = Body(r)["documents"];
  for (const auto& d : docs) {
    std::string name = d["filename"];
    EXPECT_EQ(name.find('/'), std::string::npos) << name;
    EXPECT_EQ(name.find('\\'), std::string::npos) << name;
    EXPECT_NE(name.rfind("..", 0), 0u) << name;
  }
  // Bytes that are not UTF-8 do not reach PostgreSQL as such.
  r = c.Post("/api/v1/documents", {{"Authorization", s.As("uploader").begin()->second}, {"X-Filename", "%ff%fe.pdf"}},
             Pdf("latin-1 name"), "application/pdf");
  ASSERT_EQ(r->status, 202) << r->body;
  EXPECT_EQ(Body(r)["documents"][0]["filename"], "__.pdf");
  // Files exist only as blobs named by their hash.
  namespace fs = std::filesystem;
  for (const auto& e : fs::recursive_directory_iterator(s.home())) {
    if (!e.is_regular_file()) continue;
    std::string rel = fs::relative(e.path(), s.blob_root()).string();
    EXPECT_EQ(rel.size(), 2u + 1u + 62u) << e.path();
  }
  // The name travels back only as a quoted header parameter.
  long long id = Body(r)["documents"][0]["id"];
  auto f = c.Get("/api/v1/documents/" + std::to_string(id) + "/file", s.As("reader"));
  ASSERT_EQ(f->status, 200);
  std::string cd = f->get_header_value("Content-Disposition");
  EXPECT_EQ(cd.find('\n'), std::string::npos);
  EXPECT_EQ(std::count(cd.begin(), cd.end(), '"'), 2) << cd;
}

TEST(ApiServer, ReadSideSearchCursorAndCorrections) {
  TestServer s;
  ASSERT_TRUE(s.ok());
  auto c = s.Client();
  auto upload = [&](const std::string& bytes, const std::string& name) {
    auto r = c.Post("/api/v1/documents", {{"Authorization", s.As("uploader").begin()->second}, {"X-Filename", name}},
                    bytes, "application/pdf");
    EXPECT_EQ(r->status, 202);
    return Body(r)["documents"][0];
  };
  const std::string fr_pdf = Pdf("facture fr");
  json fr = upload(fr_pdf, "facture.pdf");
  Fields inv;
  inv["invoice_number"] = Field{"F-2024-9", 0.93, 0, Box{10, 20, 30, 40}, "label", "invoice/2"};
  inv["total_gross"] = Field{"240.00", 0.9, 0, std::nullopt, "label", "invoice/2"};
  Process(s.db(), fr["job_id"], fr["id"], "FACTURE N° F-2024-9\nTotal TTC 240,00 EUR\nMerci de votre confiance",
          "invoice", inv);
  json en = upload(Pdf("invoice en"), "invoice.pdf");
  Process(s.db(), en["job_id"], en["id"], "Consulting agreement: invoices are due within thirty days", "contract", {});
  json third = upload(Pdf("letter"), "letter.pdf");
  Process(s.db(), third["job_id"], third["id"], "Une simple lettre", "other", {});
  json pending = upload(Pdf("pending"), "pending.pdf");

  // GET document: state, class, fields with confidence and provenance, record.
  auto r = c.Get("/api/v1/documents/" + fr["id"].dump(), s.As("reader"));
  ASSERT_EQ(r->status, 200);
  json d = Body(r);
  EXPECT_EQ(d["state"], "done");
  EXPECT_EQ(d["class"], "invoice");
  EXPECT_DOUBLE_EQ(d["confidence"].get<double>(), 0.88);
  EXPECT_EQ(d["fields"]["invoice_number"]["value"], "F-2024-9");
  EXPECT_EQ(d["fields"]["invoice_number"]["page"], 0);
  EXPECT_EQ(d["fields"]["invoice_number"]["bbox"], json::array({10, 20, 30, 40}));
  EXPECT_EQ(d["fields"]["invoice_number"]["method"], "label");
  EXPECT_EQ(d["record"]["table"], "invoices");
  EXPECT_EQ(d["record"]["values"]["invoice_number"], "F-2024-9");
  EXPECT_EQ(d["provenance"]["token"], "uploader");

  // GET file: the bytes as uploaded. GET text: the pages' text.
  r = c.Get("/api/v1/documents/" + fr["id"].dump() + "/file", s.As("reader"));
  ASSERT_EQ(r->status, 200);
  EXPECT_EQ(r->body, fr_pdf);
  EXPECT_EQ(r->get_header_value("Content-Type"), "application/pdf");
  r = c.Get("/api/v1/documents/" + fr["id"].dump() + "/text", s.As("reader"));
  ASSERT_EQ(r->status, 200);
  EXPECT_NE(r->body.find("Merci de votre confiance"), std::string::npos);
  r = c.Get("/api/v1/documents/" + pending["id"].dump() + "/text", s.As("reader"));
  EXPECT_EQ(r->status, 409);
  EXPECT_NE(Body(r)["error"].get<std::string>().find("queued"), std::string::npos);

  // GET job: its state and history.
  r = c.Get("/api/v1/jobs/" + fr["job_id"].dump(), s.As("reader"));
  ASSERT_EQ(r->status, 200);
  EXPECT_EQ(Body(r)["state"], "done");
  EXPECT_GE(Body(r)["events"].size(), 5u);

  auto ids = [&](const std::string& query) {
    auto res = c.Get("/api/v1/documents?" + query, s.As("reader"));
    EXPECT_EQ(res->status, 200) << query << ": " << res->body;
    std::vector<long long> out;
    json page = Body(res);
    for (const auto& i : page["documents"]) out.push_back(i["id"]);
    return out;
  };
  // French: "factures" finds "FACTURE"; English: "invoice" finds "invoices".
  EXPECT_EQ(ids("q=factures"), std::vector<long long>{fr["id"]});
  EXPECT_EQ(ids("q=invoice"), std::vector<long long>{en["id"]});
  EXPECT_EQ(ids("q=confiance%20absente"), std::vector<long long>{});
  EXPECT_EQ(ids("q=confiance%20totale"), std::vector<long long>{fr["id"]});  // "Total" and "totale" share a stem
  EXPECT_EQ(ids("class=contract"), std::vector<long long>{en["id"]});
  EXPECT_EQ(ids("state=queued"), std::vector<long long>{pending["id"]});

  // Cursor pagination: newest first, every document once.
  std::vector<long long> seen;
  std::string cursor;
  for (int i = 0; i < 10; ++i) {
    auto res = c.Get("/api/v1/documents?limit=3" + (cursor.empty() ? "" : "&cursor=" + cursor), s.As("reader"));
    ASSERT_EQ(res->status, 200);
    json page = Body(res);
    for (const auto& item : page["documents"]) seen.push_back(item["id"]);
    if (page["next_cursor"].is_null()) break;
    cursor = page["next_cursor"];
  }
  EXPECT_EQ(seen, (std::vector<long long>{pending["id"], third["id"], en["id"], fr["id"]}));

  // PATCH fields: field, record and audit row; refusals with clear codes.
  r = c.Patch("/api/v1/documents/" + fr["id"].dump() + "/fields", s.As("admin"),
              R"({"fields": {"total_gross": "250.00", "due_date": "2024-07-31"}})", "application/json");
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(Body(r)["corrections"].size(), 2u);
  EXPECT_EQ(s.database().Scalar("SELECT (total_gross * 100)::bigint FROM invoices WHERE document_id = " +
                                fr["id"].dump() + " AND due_date = '2024-07-31'"),
            25000);
  EXPECT_EQ(s.database().Scalar("SELECT count(*) FROM field_corrections WHERE who = 'admin' AND field = 'total_gross'"
                                " AND old_value = '\"240.00\"' AND new_value = '\"250.00\"' AND at <= now()"),
            1);
  d = Body(c.Get("/api/v1/documents/" + fr["id"].dump(), s.As("reader")));
  EXPECT_EQ(d["fields"]["total_gross"]["value"], "250.00");
  EXPECT_EQ(d["fields"]["total_gross"]["method"], "manual");
  EXPECT_DOUBLE_EQ(d["fields"]["total_gross"]["confidence"].get<double>(), 1.0);
  EXPECT_EQ(d["corrections"].size(), 2u);
  EXPECT_EQ(c.Patch("/api/v1/documents/" + fr["id"].dump() + "/fields", s.As("admin"),
                    R"({"fields": {"issue_date": "yesterday"}})", "application/json")
                ->status,
            422);
  EXPECT_EQ(c.Patch("/api/v1/documents/" + fr["id"].dump() + "/fields", s.As("admin"), "not json", "application/json")
                ->status,
            400);
  EXPECT_EQ(c.Patch("/api/v1/documents/" + pending["id"].dump() + "/fields", s.As("admin"),
                    R"({"fields": {"a": 1}})", "application/json")
                ->status,
            409);
  EXPECT_EQ(c.Patch("/api/v1/documents/424242/fields", s.As("admin"), R"({"fields": {"a": 1}})", "application/json")
                ->status,
            404);
  EXPECT_EQ(s.database().Scalar("SELECT count(*) FROM field_corrections"), 2);
}

TEST(ApiServer, HealthReadinessAndMetrics) {
  TestServer s;
  ASSERT_TRUE(s.ok());
  auto c = s.Client();
  auto r = c.Get("/healthz");
  ASSERT_EQ(r->status, 200);
  EXPECT_EQ(Body(r)["status"], "ok");
  // No broker has published yet: not ready.
  r = c.Get("/readyz");
  EXPECT_EQ(r->status, 503);
  EXPECT_EQ(Body(r)["database"], "ok");
  EXPECT_EQ(Body(r)["broker"], "never seen");
  ASSERT_TRUE(PublishLiveWorkers(s.db(), "broker", {{"w-ocr-1", "ocr", true, 1}, {"w-store-1", "store", false, 0}}).ok());
  r = c.Get("/readyz");
  EXPECT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(Body(r)["workers"], 2);

  ASSERT_EQ(c.Post("/api/v1/documents", s.As("uploader"), Pdf("m"), "application/pdf")->status, 202);
  r = c.Get("/metrics", s.As("reader"));
  ASSERT_EQ(r->status, 200);
  EXPECT_EQ(r->get_header_value("Content-Type").rfind("text/plain; version=0.0.4", 0), 0u);
  for (const char* want : {"docflow_documents{state=\"queued\"} 1\n", "docflow_queue_depth{stage=\"preprocess\"} 1\n",
                           "docflow_workers_live{stage=\"ocr\"} 1\n", "docflow_workers_busy{stage=\"ocr\"} 1\n",
                           "docflow_broker_up 1\n", "# TYPE docflow_stage_duration_seconds histogram\n",
                           "docflow_pages_per_second 0\n", "docflow_http_upload_ack_seconds_count 1\n",
                           "docflow_http_requests_total{method=\"POST\",route=\"/api/v1/documents\",code=\"202\"} 1\n"})
    EXPECT_NE(r->body.find(want), std::string::npos) << want << "\n" << r->body;
  // The broker went away: not ready, broker down.
  ASSERT_TRUE(s.db().Exec("UPDATE live_workers SET seen_at = now() - interval '1 minute'").ok());
  EXPECT_EQ(c.Get("/readyz")->status, 503);
  EXPECT_NE(c.Get("/metrics", s.As("reader"))->body.find("docflow_broker_up 0\n"), std::string::npos);
}

// A self-signed certificate for 127.0.0.1 (EC P-256), written as PEM files.
void WriteSelfSigned(const std::string& cert_path, const std::string& key_path) {
  EVP_PKEY* key = EVP_EC_gen("P-256");
  ASSERT_NE(key, nullptr);
  X509* x = X509_new();
  ASN1_INTEGER_set(X509_get_serialNumber(x), 1);
  X509_gmtime_adj(X509_getm_notBefore(x), 0);
  X509_gmtime_adj(X509_getm_notAfter(x), 3600);
  X509_set_pubkey(x, key);
  X509_NAME* name = X509_get_subject_name(x);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("127.0.0.1"), -1, -1, 0);
  X509_set_issuer_name(x, name);
  ASSERT_GT(X509_sign(x, key, EVP_sha256()), 0);
  FILE* f = std::fopen(cert_path.c_str(), "w");
  PEM_write_X509(f, x);
  std::fclose(f);
  f = std::fopen(key_path.c_str(), "w");
  PEM_write_PrivateKey(f, key, nullptr, nullptr, 0, nullptr, nullptr);
  std::fclose(f);
  X509_free(x);
  EVP_PKEY_free(key);
}

TEST(ApiServer, HttpsWhenACertificateIsConfigured) {
  TempDir dir;
  ApiServerOptions o;
  o.tls_cert = dir.path() + "/cert.pem";
  o.tls_key = dir.path() + "/key.pem";
  WriteSelfSigned(o.tls_cert, o.tls_key);
  TestServer s(o);
  ASSERT_TRUE(s.ok());
  httplib::SSLClient tls("127.0.0.1", s.port());
  tls.enable_server_certificate_verification(false);
  auto r = tls.Get("/healthz");
  ASSERT_TRUE(r) << httplib::to_string(r.error());
  EXPECT_EQ(r->status, 200);
  r = tls.Post("/api/v1/documents", s.As("uploader"), Pdf("over tls"), "application/pdf");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 202);
  // Plain HTTP to the TLS port gets no HTTP answer.
  httplib::Client plain("127.0.0.1", s.port());
  plain.set_read_timeout(2);
  auto p = plain.Get("/healthz");
  EXPECT_TRUE(!p || p->status != 200);

  // A half-configured or unreadable certificate is a clear error.
  ApiServerOptions bad;
  bad.tls_cert = o.tls_cert;
  EXPECT_FALSE(ApiServer::Create(bad).ok());
  bad.tls_key = dir.path() + "/missing.pem";
  auto e = ApiServer::Create(bad);
  ASSERT_FALSE(e.ok());
  EXPECT_NE(e.error().message.find("certificate"), std::string::npos);
}

}  // namespace
}  // namespace docflow::http
