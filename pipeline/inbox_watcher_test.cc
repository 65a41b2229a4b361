// Tests of InboxWatcher on real temporary folders with fake callbacks.
#include "pipeline/inbox_watcher.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace docflow {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

std::string ReadAll(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void WriteFile(const fs::path& p, const std::string& content) {
  std::ofstream out(p, std::ios::binary);
  out << content;
}

// Fake ingest/outcome: records calls; thread-safe (Run may be on another thread).
struct Fake {
  struct Call {
    std::string path;
    std::string content;  // bytes read at ingest time
  };
  std::mutex mu;
  std::vector<Call> calls;
  std::map<std::string, long long> job_of_name;  // by file name
  std::map<long long, JobOutcome> outcomes;
  long long next_job = 1;
  std::vector<Error> ingest_errors;  // returned (front first) before succeeding
  std::vector<std::string> log;

  InboxCallbacks Callbacks() {
    InboxCallbacks cb;
    cb.ingest = [this](const std::string& path) -> Result<long long> {
      std::string content = ReadAll(path);
      std::lock_guard lock(mu);
      calls.push_back({path, content});
      if (!ingest_errors.empty()) {
        Error e = ingest_errors.front();
        ingest_errors.erase(ingest_errors.begin());
        return e;
      }
      long long id = next_job++;
      job_of_name[fs::path(path).filename().string()] = id;
      outcomes[id] = JobOutcome{};
      return id;
    };
    cb.outcome = [this](long long id) -> Result<JobOutcome> {
      std::lock_guard lock(mu);
      auto it = outcomes.find(id);
      if (it == outcomes.end()) return Transient("unknown job");
      return it->second;
    };
    cb.log = [this](const std::string& line) {
      std::lock_guard lock(mu);
      log.push_back(line);
    };
    return cb;
  }
  size_t CallCount() {
    std::lock_guard lock(mu);
    return calls.size();
  }
  void Finish(const std::string& name, bool failed = false, std::string error = "") {
    std::lock_guard lock(mu);
    outcomes[job_of_name.at(name)] = JobOutcome{true, failed, std::move(error)};
  }
};

class InboxWatcherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/docflow-inbox-XXXXXX";
    ASSERT_NE(::mkdtemp(tmpl), nullptr);
    root_ = tmpl;
    inbox_ = root_ / "inbox";
    opts_.dir = inbox_.string();
    opts_.stable_ms = 200;
    opts_.poll_ms = 20;
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(root_, ec);
  }

  // Calls PollOnce until pred() holds or the timeout passes.
  template <typename Pred>
  bool PollUntil(InboxWatcher& w, Pred pred, std::chrono::milliseconds timeout = 3000ms) {
    auto deadline = Clock::now() + timeout;
    while (Clock::now() < deadline) {
      w.PollOnce();
      if (pred()) return true;
      std::this_thread::sleep_for(10ms);
    }
    return pred();
  }

  fs::path root_;
  fs::path inbox_;
  InboxOptions opts_;
  Fake fake_;
};

TEST_F(InboxWatcherTest, PresentFileIsIngestedWhenStableAndMovedWhenFinished) {
  fs::create_directories(inbox_);
  WriteFile(inbox_ / "a.pdf", "%PDF-1.4 hello");
  InboxWatcher w(opts_, fake_.Callbacks());

  auto start = Clock::now();
  w.PollOnce();
  EXPECT_EQ(fake_.CallCount(), 0u) << "not stable yet";
  EXPECT_TRUE(fs::is_directory(inbox_ / "processed"));
  EXPECT_TRUE(fs::is_directory(inbox_ / "failed"));

  ASSERT_TRUE(PollUntil(w, [&] { return fake_.CallCount() == 1; }));
  EXPECT_GE(Clock::now() - start, 200ms);
  EXPECT_EQ(fake_.calls[0].path, (inbox_ / "a.pdf").string());
  EXPECT_EQ(fake_.calls[0].content, "%PDF-1.4 hello");

  // Not finished: stays in the inbox, never ingested twice.
  for (int i = 0; i < 10; ++i) {
    w.PollOnce();
    std::this_thread::sleep_for(10ms);
  }
  EXPECT_EQ(fake_.CallCount(), 1u);
  EXPECT_EQ(w.tracked_count(), 1u);
  EXPECT_TRUE(fs::exists(inbox_ / "a.pdf"));

  fake_.Finish("a.pdf");
  ASSERT_TRUE(PollUntil(w, [&] { return fs::exists(inbox_ / "processed" / "a.pdf"); }));
  EXPECT_FALSE(fs::exists(inbox_ / "a.pdf"));
  EXPECT_EQ(ReadAll(inbox_ / "processed" / "a.pdf"), "%PDF-1.4 hello");
  EXPECT_EQ(w.tracked_count(), 0u);
  EXPECT_EQ(fake_.CallCount(), 1u);
}

TEST_F(InboxWatcherTest, SlowWriterIsNeverReadHalfWritten) {
  opts_.stable_ms = 500;
  opts_.poll_ms = 50;
  InboxWatcher w(opts_, fake_.Callbacks());
  std::atomic<bool> stop{false};
  Status run_status;
  std::thread runner([&] { run_status = w.Run(stop); });

  // Wait for Run to create the folder, then write a chunk every 150 ms.
  for (int i = 0; i < 100 && !fs::exists(inbox_ / "failed"); ++i) std::this_thread::sleep_for(10ms);
  const std::string chunk(4096, 'x');
  const int chunks = 10;
  std::atomic<bool> writer_done{false};
  Clock::time_point writer_end;
  std::thread writer([&] {
    int fd = ::open((inbox_ / "scan.pdf").c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ASSERT_GE(fd, 0);
    for (int i = 0; i < chunks; ++i) {
      ASSERT_EQ(::write(fd, chunk.data(), chunk.size()), static_cast<ssize_t>(chunk.size()));
      if (i + 1 < chunks) std::this_thread::sleep_for(150ms);
    }
    ::close(fd);
    writer_end = Clock::now();
    writer_done = true;
  });
  writer.join();

  auto deadline = Clock::now() + 3s;
  while (fake_.CallCount() == 0 && Clock::now() < deadline) std::this_thread::sleep_for(10ms);
  ASSERT_EQ(fake_.CallCount(), 1u);
  {
    std::lock_guard lock(fake_.mu);
    EXPECT_EQ(fake_.calls[0].content.size(), chunk.size() * chunks)
        << "ingest saw a half-written file";
  }

  fake_.Finish("scan.pdf");
  deadline = Clock::now() + 3s;
  while (!fs::exists(inbox_ / "processed" / "scan.pdf") && Clock::now() < deadline) {
    std::this_thread::sleep_for(10ms);
  }
  stop = true;
  runner.join();
  EXPECT_TRUE(run_status.ok());
  EXPECT_TRUE(fs::exists(inbox_ / "processed" / "scan.pdf"));
  EXPECT_EQ(fake_.CallCount(), 1u);
}

TEST_F(InboxWatcherTest, FailedOutcomeMovesToFailedWithErrorText) {
  fs::create_directories(inbox_);
  WriteFile(inbox_ / "bad.png", "not really a png");
  InboxWatcher w(opts_, fake_.Callbacks());
  ASSERT_TRUE(PollUntil(w, [&] { return fake_.CallCount() == 1; }));
  fake_.Finish("bad.png", /*failed=*/true, "ocr: image is unreadable");
  ASSERT_TRUE(PollUntil(w, [&] { return fs::exists(inbox_ / "failed" / "bad.png"); }));
  EXPECT_FALSE(fs::exists(inbox_ / "bad.png"));
  EXPECT_NE(ReadAll(inbox_ / "failed" / "bad.png.error.txt").find("ocr: image is unreadable"),
            std::string::npos);
  EXPECT_FALSE(fs::exists(inbox_ / "processed" / "bad.png"));
}

TEST_F(InboxWatcherTest, IngestErrors) {
  fs::create_directories(inbox_);
  WriteFile(inbox_ / "flaky.pdf", "flaky");
  WriteFile(inbox_ / "corrupt.pdf", "corrupt");
  // corrupt.pdf is older: it is ingested first.
  fs::last_write_time(inbox_ / "corrupt.pdf", fs::last_write_time(inbox_ / "flaky.pdf") - 1h);
  fake_.ingest_errors = {Permanent("unsupported file type"), Transient("database is down")};
  InboxWatcher w(opts_, fake_.Callbacks());

  // Non-retryable: straight to failed/ with the error beside it.
  ASSERT_TRUE(PollUntil(w, [&] { return fs::exists(inbox_ / "failed" / "corrupt.pdf"); }));
  EXPECT_NE(ReadAll(inbox_ / "failed" / "corrupt.pdf.error.txt").find("unsupported file type"),
            std::string::npos);
  EXPECT_FALSE(fs::exists(inbox_ / "corrupt.pdf"));

  // Retryable: stays in place and is retried until it succeeds.
  ASSERT_TRUE(PollUntil(w, [&] { return w.tracked_count() == 1; }));
  EXPECT_TRUE(fs::exists(inbox_ / "flaky.pdf"));
  EXPECT_EQ(fake_.CallCount(), 3u);  // corrupt, flaky (error), flaky (ok)
  EXPECT_FALSE(fs::exists(inbox_ / "failed" / "flaky.pdf"));
}

TEST_F(InboxWatcherTest, HiddenPartialAndFoldersAreIgnored) {
  fs::create_directories(inbox_ / "subdir");
  for (const char* name : {".hidden.pdf", "download.pdf.part", "x.tmp", "y.PDF.crdownload", "z.Part"}) {
    WriteFile(inbox_ / name, "ignored");
  }
  WriteFile(inbox_ / "subdir" / "deep.pdf", "not directly in the inbox");
  WriteFile(inbox_ / "real.pdf", "taken");
  fs::create_symlink(inbox_ / "real.pdf", inbox_ / "link.pdf");
  InboxWatcher w(opts_, fake_.Callbacks());
  ASSERT_TRUE(PollUntil(w, [&] { return fake_.CallCount() >= 1; }));
  for (int i = 0; i < 10; ++i) {
    w.PollOnce();
    std::this_thread::sleep_for(30ms);
  }
  ASSERT_EQ(fake_.CallCount(), 1u);
  EXPECT_EQ(fake_.calls[0].path, (inbox_ / "real.pdf").string());
  EXPECT_TRUE(fs::exists(inbox_ / ".hidden.pdf"));
  EXPECT_TRUE(fs::exists(inbox_ / "download.pdf.part"));
}

TEST_F(InboxWatcherTest, NameCollisionsGetASuffix) {
  fs::create_directories(inbox_ / "processed");
  fs::create_directories(inbox_ / "failed");
  WriteFile(inbox_ / "processed" / "a.pdf", "old a");
  WriteFile(inbox_ / "processed" / "a.1.pdf", "old a.1");
  WriteFile(inbox_ / "failed" / "b.pdf.error.txt", "stale error of a vanished b.pdf");
  WriteFile(inbox_ / "a.pdf", "new a");
  WriteFile(inbox_ / "b.pdf", "new b");
  InboxWatcher w(opts_, fake_.Callbacks());
  ASSERT_TRUE(PollUntil(w, [&] { return fake_.CallCount() == 2; }));
  fake_.Finish("a.pdf");
  fake_.Finish("b.pdf", /*failed=*/true, "boom");
  ASSERT_TRUE(PollUntil(w, [&] { return w.tracked_count() == 0; }));

  EXPECT_EQ(ReadAll(inbox_ / "processed" / "a.pdf"), "old a");
  EXPECT_EQ(ReadAll(inbox_ / "processed" / "a.1.pdf"), "old a.1");
  EXPECT_EQ(ReadAll(inbox_ / "processed" / "a.2.pdf"), "new a");
  EXPECT_EQ(ReadAll(inbox_ / "failed" / "b.1.pdf"), "new b");
  EXPECT_EQ(ReadAll(inbox_ / "failed" / "b.1.pdf.error.txt"), "boom\n");
  EXPECT_EQ(ReadAll(inbox_ / "failed" / "b.pdf.error.txt"), "stale error of a vanished b.pdf");
}

TEST_F(InboxWatcherTest, ReplacedTrackedFileIsTakenAgain) {
  fs::create_directories(inbox_);
  WriteFile(inbox_ / "r.pdf", "first");
  InboxWatcher w(opts_, fake_.Callbacks());
  ASSERT_TRUE(PollUntil(w, [&] { return w.tracked_count() == 1; }));
  WriteFile(inbox_ / "r.pdf.tmp", "second, longer");
  fs::rename(inbox_ / "r.pdf.tmp", inbox_ / "r.pdf");
  ASSERT_TRUE(PollUntil(w, [&] { return fake_.CallCount() == 2; }));
  std::lock_guard lock(fake_.mu);
  EXPECT_EQ(fake_.calls[1].content, "second, longer");
}

// E-mail messages: one file, several jobs; it leaves the inbox only when all
// of them have finished.
TEST_F(InboxWatcherTest, MessageWaitsForEveryAttachmentJob) {
  fs::create_directories(inbox_);
  WriteFile(inbox_ / "invoices.EML", "Subject: two invoices");
  WriteFile(inbox_ / "empty.eml", "Subject: nothing attached");
  WriteFile(inbox_ / "scan.pdf", "%PDF");
  InboxCallbacks cb = fake_.Callbacks();
  std::vector<std::string> messages;
  cb.ingest_message = [&](const std::string& path) -> Result<std::vector<long long>> {
    std::lock_guard lock(fake_.mu);
    messages.push_back(fs::path(path).filename().string());
    if (fs::path(path).filename() == "empty.eml") return Permanent("message has no attachment to make a document of");
    for (long long id : {101, 102, 103}) fake_.outcomes[id] = JobOutcome{};
    return std::vector<long long>{101, 102, 103};
  };
  InboxWatcher w(opts_, cb);
  ASSERT_TRUE(PollUntil(w, [&] { return fake_.CallCount() == 1 && w.tracked_count() == 2; }));
  EXPECT_EQ(fake_.calls[0].path, (inbox_ / "scan.pdf").string());  // not a message: the ordinary ingest
  {
    std::lock_guard lock(fake_.mu);
    std::sort(messages.begin(), messages.end());
    EXPECT_EQ(messages, (std::vector<std::string>{"empty.eml", "invoices.EML"}));
  }
  ASSERT_TRUE(PollUntil(w, [&] { return fs::exists(inbox_ / "failed" / "empty.eml"); }));
  EXPECT_NE(ReadAll(inbox_ / "failed" / "empty.eml.error.txt").find("no attachment"), std::string::npos);

  {
    std::lock_guard lock(fake_.mu);
    fake_.outcomes[101] = JobOutcome{true, false, ""};
    fake_.outcomes[103] = JobOutcome{true, true, "preprocess: unsupported type"};
  }
  for (int i = 0; i < 10; ++i) {
    w.PollOnce();
    std::this_thread::sleep_for(10ms);
  }
  EXPECT_TRUE(fs::exists(inbox_ / "invoices.EML")) << "job 102 has not finished";

  {
    std::lock_guard lock(fake_.mu);
    fake_.outcomes[102] = JobOutcome{true, false, ""};
  }
  ASSERT_TRUE(PollUntil(w, [&] { return fs::exists(inbox_ / "failed" / "invoices.EML"); }));
  std::string error = ReadAll(inbox_ / "failed" / "invoices.EML.error.txt");
  EXPECT_NE(error.find("job 103: preprocess: unsupported type"), std::string::npos);
  EXPECT_EQ(error.find("job 101"), std::string::npos);
  {
    std::lock_guard lock(fake_.mu);
    EXPECT_EQ(messages.size(), 2u) << "a message is ingested once";
  }

  // All jobs fine: processed/.
  WriteFile(inbox_ / "ok.eml", "Subject: fine");
  ASSERT_TRUE(PollUntil(w, [&] { return w.tracked_count() == 2; }));  // ok.eml and scan.pdf
  {
    std::lock_guard lock(fake_.mu);
    for (long long id : {101, 102, 103}) fake_.outcomes[id] = JobOutcome{true, false, ""};
  }
  ASSERT_TRUE(PollUntil(w, [&] { return fs::exists(inbox_ / "processed" / "ok.eml"); }));
}

// Several folders: a recursive one whose sub-folders give a class hint and a
// tag and whose files are deleted when done, a polled one whose files stay.
TEST_F(InboxWatcherTest, SeveralFoldersSubfolderHintsAndAfterActions) {
  fs::path scans = root_ / "scans", archive = root_ / "archive";
  fs::create_directories(inbox_);
  fs::create_directories(scans / "Invoices" / "2025");
  fs::create_directories(scans / "misc");
  fs::create_directories(scans / ".hidden");
  fs::create_directories(archive);
  WriteFile(inbox_ / "plain.pdf", "plain");
  WriteFile(scans / "Invoices" / "2025" / "x.pdf", "an invoice");
  WriteFile(scans / "misc" / "y.pdf", "a misc file");
  WriteFile(scans / "top.pdf", "at the top");
  WriteFile(scans / ".hidden" / "z.pdf", "hidden folder");
  WriteFile(archive / "kept.pdf", "kept");

  InboxFolder deep;
  deep.dir = scans.string();
  deep.recursive = true;
  deep.class_hint_from_subfolder = true;
  deep.tag_from_subfolder = true;
  deep.after = InboxFolder::After::kDelete;
  deep.stable_ms = 100;
  InboxFolder kept;
  kept.dir = archive.string();
  kept.after = InboxFolder::After::kKeep;
  kept.poll = true;
  kept.stable_ms = 100;
  opts_.folders = {deep, kept};

  InboxCallbacks cb = fake_.Callbacks();
  std::vector<InboxItem> items;
  auto plain_ingest = cb.ingest;
  cb.ingest = [&](const InboxItem& item) {
    {
      std::lock_guard lock(fake_.mu);
      items.push_back(item);
    }
    return plain_ingest(item);
  };
  InboxWatcher w(opts_, cb);
  ASSERT_TRUE(PollUntil(w, [&] { return fake_.CallCount() == 5; }));
  auto item = [&](const std::string& relative) {
    std::lock_guard lock(fake_.mu);
    for (const auto& i : items)
      if (i.relative == relative) return i;
    return InboxItem{};
  };
  EXPECT_EQ(item("plain.pdf").folder, inbox_.string());
  EXPECT_EQ(item("plain.pdf").class_hint, "");
  InboxItem x = item("Invoices/2025/x.pdf");
  EXPECT_EQ(x.path, (scans / "Invoices" / "2025" / "x.pdf").string());
  EXPECT_EQ(x.subfolder, "Invoices");
  EXPECT_EQ(x.class_hint, "invoice");
  EXPECT_EQ(x.tags, std::vector<std::string>{"Invoices"});
  EXPECT_EQ(InboxItemDetail(x), nlohmann::json({{"folder", scans.string()}, {"class_hint", "invoice"},
                                                {"tags", {"Invoices"}}}));
  InboxItem y = item("misc/y.pdf");
  EXPECT_EQ(y.class_hint, "") << "misc names no class";
  EXPECT_EQ(y.tags, std::vector<std::string>{"misc"});
  EXPECT_EQ(item("top.pdf").tags, std::vector<std::string>{});
  EXPECT_EQ(item("kept.pdf").folder, archive.string());
  EXPECT_EQ(item(".hidden/z.pdf").path, "");

  fake_.Finish("x.pdf");
  fake_.Finish("y.pdf", /*failed=*/true, "unreadable scan");
  fake_.Finish("kept.pdf");
  ASSERT_TRUE(PollUntil(w, [&] { return w.tracked_count() == 2; }));  // plain.pdf, top.pdf
  EXPECT_FALSE(fs::exists(scans / "Invoices" / "2025" / "x.pdf")) << "after: delete";
  EXPECT_FALSE(fs::exists(scans / "processed"));
  EXPECT_EQ(ReadAll(scans / "failed" / "misc" / "y.pdf"), "a misc file") << "a failed file is kept, in its sub-folder";
  EXPECT_NE(ReadAll(scans / "failed" / "misc" / "y.pdf.error.txt").find("unreadable scan"), std::string::npos);
  EXPECT_EQ(ReadAll(archive / "kept.pdf"), "kept") << "after: keep";
  EXPECT_FALSE(fs::exists(archive / "processed"));
  EXPECT_FALSE(fs::exists(archive / "failed"));

  // A kept file is not taken again... unless it changes.
  for (int i = 0; i < 10; ++i) {
    w.PollOnce();
    std::this_thread::sleep_for(20ms);
  }
  EXPECT_EQ(fake_.CallCount(), 5u);
  WriteFile(archive / "kept.pdf", "kept, then edited");
  ASSERT_TRUE(PollUntil(w, [&] { return fake_.CallCount() == 6; }));
  // A file dropped later into a new sub-folder is found too.
  fs::create_directories(scans / "contracts");
  WriteFile(scans / "contracts" / "c.pdf", "a contract");
  ASSERT_TRUE(PollUntil(w, [&] { return fake_.CallCount() == 7; }));
  EXPECT_EQ(item("contracts/c.pdf").class_hint, "contract");
}

TEST_F(InboxWatcherTest, EmptyFilesWaitThenFail) {
  fs::create_directories(inbox_);
  WriteFile(inbox_ / "later.pdf", "");
  opts_.retry_max_ms = 50;
  InboxWatcher w(opts_, fake_.Callbacks());
  for (int i = 0; i < 30; ++i) {
    w.PollOnce();
    std::this_thread::sleep_for(20ms);
  }
  EXPECT_EQ(fake_.CallCount(), 0u) << "an empty file is not taken";
  EXPECT_TRUE(fs::exists(inbox_ / "later.pdf")) << "nor failed before empty_fail_ms";
  WriteFile(inbox_ / "later.pdf", "%PDF written at last");
  ASSERT_TRUE(PollUntil(w, [&] { return fake_.CallCount() == 1; }));
  EXPECT_EQ(fake_.calls[0].content, "%PDF written at last");
  fake_.Finish("later.pdf");
  ASSERT_TRUE(PollUntil(w, [&] { return fs::exists(inbox_ / "processed" / "later.pdf"); }));

  // One that stays empty fails, with the reason.
  opts_.empty_fail_ms = 300;
  InboxWatcher quick(opts_, fake_.Callbacks());
  WriteFile(inbox_ / "never.pdf", "");
  ASSERT_TRUE(PollUntil(quick, [&] { return fs::exists(inbox_ / "failed" / "never.pdf"); }));
  EXPECT_NE(ReadAll(inbox_ / "failed" / "never.pdf.error.txt").find("empty file"), std::string::npos);
  EXPECT_EQ(fake_.CallCount(), 1u);
}

TEST_F(InboxWatcherTest, LockedFilesAreRetriedNotFailed) {
  fs::create_directories(inbox_);
  WriteFile(inbox_ / "flocked.pdf", "locked with flock");
  WriteFile(inbox_ / "posix.pdf", "locked with a write lock");
  int a = ::open((inbox_ / "flocked.pdf").c_str(), O_RDWR);
  int b = ::open((inbox_ / "posix.pdf").c_str(), O_RDWR);
  ASSERT_GE(a, 0);
  ASSERT_GE(b, 0);
  ASSERT_EQ(::flock(a, LOCK_EX), 0);
  struct flock l {};
  l.l_type = F_WRLCK;
  l.l_whence = SEEK_SET;
  ASSERT_EQ(::fcntl(b, F_OFD_SETLK, &l), 0);
  opts_.retry_max_ms = 50;
  InboxWatcher w(opts_, fake_.Callbacks());
  for (int i = 0; i < 30; ++i) {
    w.PollOnce();
    std::this_thread::sleep_for(20ms);
  }
  EXPECT_EQ(fake_.CallCount(), 0u);
  EXPECT_TRUE(fs::exists(inbox_ / "flocked.pdf"));
  EXPECT_TRUE(fs::exists(inbox_ / "posix.pdf"));
  {
    std::lock_guard lock(fake_.mu);
    bool said = std::any_of(fake_.log.begin(), fake_.log.end(),
                            [](const std::string& line) { return line.find("locked") != std::string::npos; });
    EXPECT_TRUE(said);
  }
  ::close(a);  // releases the flock
  ASSERT_TRUE(PollUntil(w, [&] { return fake_.CallCount() == 1; }));
  EXPECT_EQ(fake_.calls[0].content, "locked with flock");
  ::close(b);  // releases the write lock
  ASSERT_TRUE(PollUntil(w, [&] { return fake_.CallCount() == 2; }));
  EXPECT_EQ(fake_.calls[1].content, "locked with a write lock");
}

// Run with inotify on a recursive folder and polling alone on another.
TEST_F(InboxWatcherTest, RunWatchesSubfoldersAndPolledFolders) {
  fs::path deep = root_ / "deep", polled = root_ / "polled";
  InboxFolder d;
  d.dir = deep.string();
  d.recursive = true;
  d.stable_ms = 100;
  InboxFolder p;
  p.dir = polled.string();
  p.poll = true;
  p.stable_ms = 100;
  opts_.folders = {d, p};
  opts_.poll_ms = 50;
  InboxWatcher w(opts_, fake_.Callbacks());
  std::atomic<bool> stop{false};
  Status run_status;
  std::thread runner([&] { run_status = w.Run(stop); });
  for (int i = 0; i < 100 && !fs::exists(polled / "failed"); ++i) std::this_thread::sleep_for(10ms);
  fs::create_directories(deep / "a" / "b");
  WriteFile(deep / "a" / "b" / "new.pdf", "deep");
  WriteFile(polled / "p.pdf", "polled");
  auto deadline = Clock::now() + 5s;
  while (fake_.CallCount() < 2 && Clock::now() < deadline) std::this_thread::sleep_for(10ms);
  EXPECT_EQ(fake_.CallCount(), 2u);
  fake_.Finish("new.pdf");
  deadline = Clock::now() + 5s;
  while (!fs::exists(deep / "processed" / "a" / "b" / "new.pdf") && Clock::now() < deadline)
    std::this_thread::sleep_for(10ms);
  stop = true;
  runner.join();
  EXPECT_TRUE(run_status.ok());
  EXPECT_EQ(ReadAll(deep / "processed" / "a" / "b" / "new.pdf"), "deep");
  EXPECT_FALSE(fs::exists(deep / "processed" / "processed")) << "processed/ is never watched or listed";
}

TEST(InboxConfigTest, FoldersFromTheConfigurationFile) {
  char tmpl[] = "/tmp/docflow-inbox-config-XXXXXX";
  ASSERT_NE(::mkdtemp(tmpl), nullptr);
  fs::path dir = tmpl;
  auto load = [&](const std::string& yaml) {
    WriteFile(dir / "docflow.yaml", yaml);
    return Config::Load((dir / "docflow.yaml").string());
  };
  auto c = load("inbox:\n  dir: " + (dir / "in").string() +
                "\n  folders:\n    - dir: " + (dir / "scans").string() +
                "\n      recursive: true\n      class_hint_from_subfolder: 'yes'\n      after: delete\n"
                "      stable_ms: '500'\n    - dir: " + (dir / "nas").string() + "\n      poll: true\n"
                "      after: keep\n");
  ASSERT_TRUE(c.ok()) << c.error().message;
  auto o = InboxOptionsFromConfig(*c);
  ASSERT_TRUE(o.ok()) << o.error().message;
  EXPECT_EQ(o->dir, (dir / "in").string());
  ASSERT_EQ(o->folders.size(), 2u);
  EXPECT_EQ(o->folders[0].dir, (dir / "scans").string());
  EXPECT_TRUE(o->folders[0].recursive);
  EXPECT_TRUE(o->folders[0].class_hint_from_subfolder);
  EXPECT_FALSE(o->folders[0].tag_from_subfolder);
  EXPECT_EQ(o->folders[0].after, InboxFolder::After::kDelete);
  EXPECT_EQ(o->folders[0].stable_ms, 500);
  EXPECT_TRUE(o->folders[1].poll);
  EXPECT_EQ(o->folders[1].after, InboxFolder::After::kKeep);
  EXPECT_EQ(o->folders[1].stable_ms, 2000) << "inbox.stable_ms";
  auto only = InboxOptionsFromConfig(*c, (dir / "other").string());
  ASSERT_TRUE(only.ok());
  EXPECT_TRUE(only->folders.empty()) << "watch --dir D watches D alone";

  auto error = [&](const std::string& folder_yaml) {
    auto cfg = load("inbox:\n  dir: " + (dir / "in").string() + "\n  folders:\n" + folder_yaml);
    if (!cfg.ok()) return cfg.error().message;
    auto r = InboxOptionsFromConfig(*cfg);
    return r.ok() ? std::string() : r.error().message;
  };
  EXPECT_NE(error("    - dir: " + (dir / "in").string() + "\n").find("twice"), std::string::npos);
  EXPECT_NE(error("    - dir: /x\n      after: shred\n").find("after"), std::string::npos);
  EXPECT_NE(error("    - dir: /x\n      recursve: true\n").find("unknown key recursve"), std::string::npos);
  EXPECT_NE(error("    - dir: /x\n      tag_from_subfolder: true\n").find("recursive"), std::string::npos);
  EXPECT_NE(error("    - recursive: true\n").find("dir"), std::string::npos);
  fs::remove_all(dir);

  EXPECT_EQ(InboxClassHint("Factures"), "invoice");
  EXPECT_EQ(InboxClassHint("contracts"), "contract");
  EXPECT_EQ(InboxClassHint("cards"), "contact");
  EXPECT_EQ(InboxClassHint("2025"), "");
}

}  // namespace
}  // namespace docflow
