// End-to-end tests: real docflow processes, real ZeroMQ sockets on loopback,
// a real PostgreSQL database (see tests/service_harness.h).
#include <signal.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "common/paths.h"
#include "storage/jobs.h"
#include "tests/service_harness.h"

namespace docflow::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// Polls cond every 10 ms for up to timeout_ms.
template <typename F>
bool WaitFor(F cond, int timeout_ms) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (std::chrono::steady_clock::now() < deadline) {
    if (cond()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return cond();
}

size_t RegularFiles(const std::string& dir) {
  size_t n = 0;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.is_regular_file() && e.path().filename().string()[0] != '.') ++n;
  return n;
}

TEST(EndToEnd, EverySampleReachesItsExpectedClassAndStateThroughTheWatchedFolder) {
  ServiceHarness h;
  ASSERT_TRUE(h.ok());
  ASSERT_TRUE(MakeDirs(h.inbox()).ok());
  std::ifstream truth(ServiceHarness::SamplesDir() + "/truth.jsonl");
  ASSERT_TRUE(truth) << "samples/truth.jsonl missing";
  std::map<std::string, json> expected;
  for (std::string line; std::getline(truth, line);) {
    if (line.empty()) continue;
    json t = json::parse(line);
    expected[t["file"]] = t;
    fs::copy_file(ServiceHarness::SamplesDir() + "/" + t["file"].get<std::string>(),
                  h.inbox() + "/" + t["file"].get<std::string>());
  }
  ASSERT_GE(expected.size(), 6u);
  h.Start("serve", {"serve"});

  // The watcher moves each file out of the inbox once its job has finished.
  ASSERT_TRUE(WaitFor([&] { return RegularFiles(h.inbox()) == 0; }, 300000))
      << RegularFiles(h.inbox()) << " file(s) still in the inbox";
  auto conn = h.db().Connect();
  auto ids = ListJobIds(*conn);
  ASSERT_TRUE(ids.ok());
  ASSERT_EQ(ids->size(), expected.size());
  for (long long id : *ids) {
    json s = h.Summary(id);
    std::string file = s["file"];
    ASSERT_TRUE(expected.count(file)) << file;
    const json& t = expected[file];
    std::string want_state = t.value("expect_state", "done");
    EXPECT_EQ(s["state"], want_state) << file << ": " << s.dump();
    if (want_state == "done") {
      EXPECT_EQ(s["class"], t["class"]) << file << ": " << s.dump();
      EXPECT_TRUE(fs::exists(h.inbox() + "/processed/" + file)) << file;
      if (t["class"] != "other") {
        EXPECT_FALSE(s["record"].is_null()) << file;
      }
    } else {
      EXPECT_NE(s["error"].get<std::string>().find(t.value("expect_error", "")), std::string::npos) << s.dump();
      EXPECT_TRUE(fs::exists(h.inbox() + "/failed/" + file + ".error.txt")) << file;
    }
  }
  // Nothing was killed, so every stage and page ran once: the broker never
  // took a busy worker for an idle one (a READY racing with the next JOB).
  EXPECT_EQ(h.db().Scalar("SELECT count(*) FROM job_events WHERE message LIKE '%worker busy%'"), 0);
  EXPECT_EQ(h.db().Scalar("SELECT count(*) FROM ocr_tasks WHERE last_error LIKE '%worker busy%' OR attempts > 1"), 0);
  // Each business record is linked to its document, with an outbox event;
  // so is each company the documents created (suppliers, customers, parties).
  for (const char* table : {"invoices", "contracts", "people", "companies"})
    EXPECT_EQ(h.db().Scalar(std::string("SELECT count(*) FROM events WHERE topic = '") + table + ".create'"),
              h.db().Scalar(std::string("SELECT count(*) FROM ") + table))
        << table;
  // Atelier Lumière SARL (the French invoice's supplier, a party to the French
  // contract, a contact's employer) is one company, however often it is met.
  EXPECT_EQ(h.db().Scalar("SELECT count(*) FROM companies WHERE name_key = 'atelier lumiere'"), 1);
  // The French invoice's key fields made it into its record.
  EXPECT_EQ(h.db().Scalar("SELECT count(*) FROM invoices i JOIN documents d ON d.id = i.document_id WHERE "
                          "d.filename = 'invoice-fr.pdf' AND i.invoice_number = 'FA-2025-0142' AND "
                          "i.total_gross = 1234.56"),
            1);
}

TEST(EndToEnd, KillingAnOcrWorkerHoldingAJobStillCompletesItWithOneRecord) {
  ServiceHarness h;
  ASSERT_TRUE(h.ok());
  h.StartBroker();
  for (const char* s : {"preprocess", "classify", "extract", "store"}) h.StartWorker(s);
  pid_t ocr = h.StartWorker("ocr");
  auto r = h.Ingest(ServiceHarness::ReadSample("invoice-scan.pdf"), "invoice-scan.pdf");
  ASSERT_GT(r.job_id, 0);

  // Wait until the OCR worker holds the job (leased, in the ocr state), then kill -9 it.
  std::string held = "SELECT count(*) FROM ocr_tasks WHERE job_id = " + std::to_string(r.job_id) +
                     " AND state = 'pending' AND lease_expires_at > now() AND lease_owner LIKE 'ocr-%'";
  ASSERT_TRUE(WaitFor([&] { return h.db().Scalar(held) == 1; }, 60000)) << "the OCR worker never took the job";
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // well inside its ~1 s of OCR
  h.Kill(ocr, SIGKILL);
  EXPECT_EQ(h.db().Scalar("SELECT count(*) FROM jobs WHERE state = 'done'"), 0) << "killed too late to prove anything";

  h.StartWorker("ocr");  // what the supervisor would do
  ASSERT_TRUE(h.WaitAllFinished(180));
  json s = h.Summary(r.job_id);
  EXPECT_EQ(s["state"], "done") << s.dump();
  EXPECT_EQ(s["class"], "invoice");
  EXPECT_EQ(h.db().Scalar("SELECT count(*) FROM invoices WHERE document_id = " + std::to_string(r.document_id)), 1);
  EXPECT_EQ(h.db().Scalar("SELECT count(*) FROM events WHERE topic = 'invoices.create'"), 1);
  // The broker noticed the loss and dispatched the OCR stage a second time.
  EXPECT_GE(h.db().Scalar("SELECT count(*) FROM job_events WHERE job_id = " + std::to_string(r.job_id) +
                          " AND message LIKE 'worker lost (no heartbeat)%'"),
            1);
  EXPECT_EQ(h.db().Scalar("SELECT count(*) FROM job_events WHERE job_id = " + std::to_string(r.job_id) +
                          " AND state = 'ocr' AND message LIKE 'page 0 dispatched%'"),
            2);
}

TEST(EndToEnd, KillingTheBrokerMidBatchOfTwentyLosesNothingAndDuplicatesNothing) {
  ServiceHarness h;
  ASSERT_TRUE(h.ok());
  pid_t broker = h.StartBroker();
  h.StartAllWorkers();
  std::string base = ServiceHarness::ReadSample("invoice-fr.pdf");
  ASSERT_FALSE(base.empty());
  std::vector<IngestReceipt> receipts;
  for (int i = 0; i < 20; ++i)  // distinct bytes, still a valid PDF (a comment after %%EOF)
    receipts.push_back(h.Ingest(base + "\n% copy " + std::to_string(i) + "\n", "invoice-" + std::to_string(i) + ".pdf"));
  std::set<long long> docs;
  for (const auto& r : receipts) docs.insert(r.document_id);
  ASSERT_EQ(docs.size(), 20u);

  ASSERT_TRUE(WaitFor([&] { return h.db().Scalar("SELECT count(*) FROM jobs WHERE state = 'done'") >= 1; }, 60000));
  h.Kill(broker, SIGKILL);
  long long done_at_kill = h.db().Scalar("SELECT count(*) FROM jobs WHERE state = 'done'");
  ASSERT_LT(done_at_kill, 20) << "the batch finished before the broker could be killed";
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  h.StartBroker();
  ASSERT_TRUE(h.WaitAllFinished(180));

  EXPECT_EQ(h.db().Scalar("SELECT count(*) FROM jobs WHERE state = 'done'"), 20);
  // Twenty copies of one invoice (same supplier, same number): one invoice,
  // nineteen documents marked as its duplicates, each announced once.
  EXPECT_EQ(h.db().Scalar("SELECT count(*) FROM invoices"), 1);
  EXPECT_EQ(h.db().Scalar("SELECT count(*) FROM documents WHERE duplicate_of IS NOT NULL"), 19);
  EXPECT_EQ(h.db().Scalar("SELECT count(*) FROM events WHERE topic = 'invoices.create'"), 1);
  EXPECT_EQ(h.db().Scalar("SELECT count(DISTINCT document_id) FROM events WHERE topic = 'invoices.duplicate'"), 19);
  EXPECT_EQ(h.db().Scalar("SELECT count(*) FROM events WHERE topic = 'invoices.duplicate'"), 19);
  EXPECT_EQ(h.db().Scalar("SELECT count(*) FROM companies WHERE name_key = 'atelier lumiere'"), 1);
  EXPECT_EQ(h.db().Scalar("SELECT count(*) FROM (SELECT job_id FROM job_events WHERE state = 'done' "
                          "GROUP BY job_id HAVING count(*) > 1) twice"),
            0);
}

TEST(EndToEnd, CorruptEmptyAndPlainTextFilesFailClearlyAndTheServiceKeepsServing) {
  ServiceHarness h;
  ASSERT_TRUE(h.ok());
  h.StartBroker();
  pid_t pre = h.StartWorker("preprocess");
  for (const char* s : {"classify", "extract", "store"}) h.StartWorker(s);
  auto corrupt = h.Ingest("%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage", "broken.pdf");
  auto empty = h.Ingest("", "empty.pdf");
  auto text = h.Ingest("Just a note, not a document.\n", "note.pdf");  // mislabelled by its name
  ASSERT_TRUE(h.WaitAllFinished(60));
  auto expect_failed = [&](const IngestReceipt& r, const std::string& reason) {
    json s = h.Summary(r.job_id);
    EXPECT_EQ(s["state"], "failed") << s.dump();
    ASSERT_TRUE(s["error"].is_string()) << s.dump();
    EXPECT_NE(s["error"].get<std::string>().find(reason), std::string::npos) << s.dump();
  };
  expect_failed(corrupt, "corrupt PDF");
  expect_failed(empty, "empty file");
  expect_failed(text, "unsupported type: text/plain");
  EXPECT_TRUE(h.Alive(pre)) << "the preprocess worker crashed";

  auto good = h.Ingest(ServiceHarness::ReadSample("invoice-en.pdf"), "invoice-en.pdf");
  ASSERT_TRUE(h.WaitAllFinished(60));
  json s = h.Summary(good.job_id);
  EXPECT_EQ(s["state"], "done") << s.dump();
  EXPECT_EQ(s["class"], "invoice");
  EXPECT_EQ(s["fields"]["invoice_number"]["value"], "INV-2025-0087");
}

TEST(EndToEnd, ThePagesOfOneScanAreRecognisedInParallelByTwoOcrWorkers) {
  ServiceHarness h;
  ASSERT_TRUE(h.ok());
  h.StartBroker();
  for (const char* s : {"preprocess", "classify", "extract", "store", "ocr", "ocr"}) h.StartWorker(s);
  // A 4-page scan (multi-page TIFF, 300 dpi), each page saying which it is.
  std::vector<cv::Mat> pages;
  for (int i = 1; i <= 4; ++i) {
    cv::Mat page(1754, 1240, CV_8UC1, cv::Scalar(255));
    for (int line = 0; line < 12; ++line)
      cv::putText(page, "Page " + std::to_string(i) + " line " + std::to_string(line) + " of the scanned contract",
                  cv::Point(80, 160 + line * 110), cv::FONT_HERSHEY_SIMPLEX, 1.4, cv::Scalar(0), 3);
    pages.push_back(page);
  }
  std::string path = h.home() + "/scan.tif";
  ASSERT_TRUE(cv::imwritemulti(path, pages));
  auto bytes = ReadFile(path);
  ASSERT_TRUE(bytes.ok());
  auto r = h.Ingest(*bytes, "scan.tif");
  ASSERT_TRUE(h.WaitAllFinished(180));
  EXPECT_EQ(h.Summary(r.job_id)["state"], "done") << h.Summary(r.job_id).dump();
  std::string job = std::to_string(r.job_id);
  EXPECT_EQ(h.db().Scalar("SELECT count(*) FROM ocr_tasks WHERE state = 'done' AND job_id = " + job), 4);
  EXPECT_EQ(h.db().Scalar("SELECT count(DISTINCT lease_owner) FROM ocr_tasks WHERE job_id = " + job), 2)
      << "both OCR workers should have recognised pages of the same document";
  for (int i = 0; i < 4; ++i)
    EXPECT_EQ(h.db().Scalar("SELECT count(*) FROM pages WHERE document_id = " + std::to_string(r.document_id) +
                            " AND page_no = " + std::to_string(i) + " AND source = 'ocr' AND text LIKE '%Page " +
                            std::to_string(i + 1) + " line%'"),
              1)
        << "page " << i;
}

// Pids of the children of parent whose command line contains word.
std::vector<pid_t> ChildrenRunning(pid_t parent, const std::string& word) {
  std::vector<pid_t> out;
  for (const auto& e : fs::directory_iterator("/proc")) {
    std::string name = e.path().filename().string();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream stat(e.path() / "stat");
    std::string line;
    std::getline(stat, line);
    auto close = line.rfind(')');
    if (close == std::string::npos) continue;
    std::istringstream rest(line.substr(close + 2));
    std::string state;
    pid_t ppid = 0;
    rest >> state >> ppid;
    if (ppid != parent || state == "Z") continue;
    std::ifstream cmd(e.path() / "cmdline");
    std::string args((std::istreambuf_iterator<char>(cmd)), std::istreambuf_iterator<char>());
    for (char& c : args)
      if (c == '\0') c = ' ';
    if (args.find(" " + word) != std::string::npos) out.push_back(std::stoi(name));
  }
  return out;
}

TEST(EndToEnd, TheSupervisorRestartsAKilledBrokerAndWorkGoesOn) {
  ServiceHarness h;
  ASSERT_TRUE(h.ok());
  pid_t serve = h.Start("serve", {"serve"});
  std::vector<pid_t> brokers;
  ASSERT_TRUE(WaitFor([&] { return (brokers = ChildrenRunning(serve, "broker")).size() == 1; }, 20000));
  auto first = h.Ingest(ServiceHarness::ReadSample("invoice-en.pdf"), "invoice-en.pdf");
  ASSERT_TRUE(h.WaitAllFinished(60));
  ::kill(brokers[0], SIGKILL);
  std::vector<pid_t> now;
  ASSERT_TRUE(WaitFor([&] {
    now = ChildrenRunning(serve, "broker");
    return now.size() == 1 && now[0] != brokers[0];
  }, 20000)) << "no new broker";
  auto second = h.Ingest(ServiceHarness::ReadSample("contract-en.pdf"), "contract-en.pdf");
  ASSERT_TRUE(h.WaitAllFinished(60));
  EXPECT_EQ(h.Summary(first.job_id)["state"], "done");
  EXPECT_EQ(h.Summary(second.job_id)["state"], "done");
  EXPECT_EQ(h.Summary(second.job_id)["class"], "contract");
  EXPECT_TRUE(h.Alive(serve));
}

}  // namespace
}  // namespace docflow::testing
