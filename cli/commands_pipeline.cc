// The service: serve, broker, worker, watch; and its clients: ingest, status,
// documents.
#include <signal.h>
#include <unistd.h>

#include <filesystem>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <thread>

#include "cli/cli.h"
#include "cli/progress.h"
#include "common/blob_store.h"
#include "common/log.h"
#include "common/paths.h"
#include "common/process.h"
#include "pipeline/broker.h"
#include "pipeline/inbox_watcher.h"
#include "pipeline/ingest.h"
#include "pipeline/mail/mail_ingest.h"
#include "pipeline/protocol.h"
#include "pipeline/supervisor.h"
#include "storage/embedded_cluster.h"
#include "storage/jobs.h"
#include "storage/migrator.h"
#include "storage/records/record_summary.h"
#include "workers/stage_handler.h"

namespace docflow::cli {

// commands_mail.cc: whether an IMAP account is configured (Error: one is not valid).
Result<bool> MailAccountsConfigured(const Config& c);

namespace {

using nlohmann::json;

// A worker whose job outran broker.job_timeout_seconds ends with this code
// (EX_TEMPFAIL); `docflow serve` restarts it like any other exit.
constexpr int kExitStuckWorker = 75;

long long MaxFileBytes(const Config& c) { return static_cast<long long>(c.Int("preprocess.max_file_mb")) << 20; }

int Serve(Context& ctx, const std::string& http_listen) {
  const Config& c = ctx.config();
  ctx.Log("serve");
  if (c.UsesEmbeddedCluster()) {
    auto info = StartEmbeddedCluster(c.Home(), c.Int("database.port"));
    if (!info) return Fail(info.error());
  }
  auto db = ctx.Connect();
  if (!db) return Fail(db.error());
  if (auto n = Migrate(**db); !n) return Fail(n.error());
  db->reset();

  std::vector<std::string> base = {SelfExe()};
  if (!ctx.config_path.empty()) base.insert(base.end(), {"--config", AbsolutePath(ctx.config_path)});
  SupervisorOptions so;
  so.log_dir = c.Home() + "/logs";
  auto cmd = [&](std::vector<std::string> args) {
    std::vector<std::string> v = base;
    v.insert(v.end(), args.begin(), args.end());
    return v;
  };
  so.children.push_back({"broker", cmd({"broker"}), {}});
  for (auto stage : protocol::kStages) {
    int n = c.Int("workers." + std::string(stage));
    // One Tesseract thread per OCR worker: libgomp reads this when it loads.
    std::vector<std::string> env;
    if (stage == "ocr") env.push_back("OMP_THREAD_LIMIT=1");
    for (int i = 1; i <= n; ++i)
      so.children.push_back({"worker-" + std::string(stage) + "-" + std::to_string(i),
                             cmd({"worker", "--stage", std::string(stage)}), env});
  }
  if (c.Bool("inbox.enabled")) so.children.push_back({"watch", cmd({"watch"}), {}});
  // The flow engine (flows/README.md): business flows started by the events outbox.
  if (c.Bool("flows.enabled")) so.children.push_back({"flows", cmd({"flows"}), {}});
  // The HTTP API (docflow http), supervised like the other children.
  if (c.Bool("http.enabled"))
    so.children.push_back({"http", cmd({"http", "--listen", http_listen.empty() ? c.Str("http.listen") : http_listen}), {}});
  // The IMAP accounts (docflow mail watch), when any is configured.
  auto mail_accounts = MailAccountsConfigured(c);
  if (!mail_accounts) return Fail(mail_accounts.error());
  if (*mail_accounts) so.children.push_back({"mail", cmd({"mail", "watch"}), {}});

  std::string run_dir = c.Home() + "/run";
  if (auto s = MakeDirs(run_dir); !s) return Fail(s.error());
  if (auto old = ReadFile(run_dir + "/serve.pid"); old) {
    pid_t pid = static_cast<pid_t>(std::atoll(old->c_str()));
    if (pid > 0 && pid != ::getpid() && ::kill(pid, 0) == 0)
      return Fail(Permanent("docflow serve is already running for " + c.Home() + " (pid " + std::to_string(pid) + ")"));
  }
  if (auto s = WriteFileDurably(run_dir + "/serve.pid", std::to_string(::getpid()) + "\n"); !s) return Fail(s.error());
  spdlog::info("serving: broker {}, inbox {}, logs in {}", c.Str("broker.bind"), c.Str("inbox.dir"), so.log_dir);
  if (c.Bool("http.enabled"))
    spdlog::info("HTTP API on {}", http_listen.empty() ? c.Str("http.listen") : http_listen);
  auto s = RunSupervisor(so, g_stop);
  std::filesystem::remove(run_dir + "/serve.pid");
  return s ? 0 : Fail(s.error());
}

int Broker(Context& ctx, const std::string& bind) {
  const Config& c = ctx.config();
  ctx.Log("broker");
  auto url = ctx.DatabaseUrl();
  if (!url) return Fail(url.error());
  BrokerOptions o;
  o.bind = bind.empty() ? c.Str("broker.bind") : bind;
  o.database_url = *url;
  o.blob_root = c.Home() + "/blobs";
  o.heartbeat_ms = c.Int("broker.heartbeat_ms");
  o.liveness = c.Int("broker.liveness");
  o.lease_seconds = c.Int("broker.lease_seconds");
  o.poll_ms = c.Int("broker.poll_ms");
  o.archive_pdf = c.Bool("ocr.archive_pdf");
  auto s = RunBroker(o, g_stop);
  return s ? 0 : Fail(s.error());
}

int Worker(Context& ctx, const std::string& stage, const std::string& connect) {
  const Config& c = ctx.config();
  ctx.Log("worker/" + stage);
  auto handler = MakeStageHandler(stage, c);
  if (!handler) return Fail(handler.error());
  WorkerOptions o;
  o.endpoint = connect.empty() ? c.Str("broker.connect") : connect;
  o.heartbeat_ms = c.Int("broker.heartbeat_ms");
  o.liveness = c.Int("broker.liveness");
  o.job_timeout_ms = c.Int("broker.job_timeout_seconds") * 1000;
  auto s = RunWorker(o, **handler, g_stop);
  if (!s && s.error().message.rfind("stuck: ", 0) == 0) {
    spdlog::shutdown();  // flushes the log
    std::_Exit(kExitStuckWorker);  // the job's thread is still running: no clean-up
  }
  return s ? 0 : Fail(s.error());
}

int Watch(Context& ctx, const std::string& dir) {
  const Config& c = ctx.config();
  ctx.Log("watch");
  auto db = ctx.Connect();
  if (!db) return Fail(db.error());
  BlobStore blobs(c.Home() + "/blobs");
  JobStore jobs(**db);
  auto options = InboxOptionsFromConfig(c, dir);  // inbox.dir and inbox.folders
  if (!options) return Fail(options.error());
  InboxOptions o = std::move(*options);
  InboxCallbacks cb;
  int attempts = c.Int("jobs.max_attempts");
  long long max_bytes = MaxFileBytes(c);
  cb.ingest = [&](const InboxItem& item) -> Result<long long> {
    auto r = IngestInboxItem(**db, blobs, item, attempts, max_bytes);  // with the folder's class hint and tags
    if (!r) return r.error();
    spdlog::info("accepted {} as document {} (job {}{})", SanitizeFilename(item.path), r->document_id, r->job_id,
                 r->duplicate ? ", duplicate" : "");
    return r->job_id;
  };
  mail::MailIngestOptions mail_options;  // *.eml: the attachments become documents
  mail_options.max_attempts = attempts;
  mail_options.max_bytes = max_bytes;
  cb.ingest_message = [&](const InboxItem& item) {
    mail::MailIngestOptions o = mail_options;
    o.detail = InboxItemDetail(item);
    return mail::InboxMessageIngester(**db, blobs, o)(item.path);
  };
  cb.outcome = [&](long long job_id) -> Result<JobOutcome> {
    auto j = jobs.Get(job_id);
    if (!j) return j.error();
    JobOutcome out;
    out.finished = j->state == "done" || j->state == "failed";
    out.failed = j->state == "failed";
    out.error = j->last_error;
    return out;
  };
  cb.log = [](const std::string& line) { spdlog::info("{}", line); };
  InboxWatcher watcher(o, cb);
  spdlog::info("watching {}{}", o.dir,
               o.folders.empty() ? std::string() : " and " + std::to_string(o.folders.size()) + " more folder(s)");
  auto s = watcher.Run(g_stop);
  return s ? 0 : Fail(s.error());
}

// Polls until the job is done or failed (or timeout); returns its summary.
Result<json> WaitForJob(Db& db, long long job_id, int timeout_s) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_s);
  while (true) {
    auto s = JobSummary(db, job_id);
    if (!s) return s.error();
    std::string state = (*s)["state"];
    if (state == "done" || state == "failed") return s;
    if (g_stop.load() || std::chrono::steady_clock::now() > deadline) {
      (*s)["error"] = "timed out waiting (job still " + state + ")";
      return s;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

int Ingest(Context& ctx, const std::vector<std::string>& files, bool wait, bool as_json, int timeout_s) {
  const Config& c = ctx.config();
  auto db = ctx.Connect();
  if (!db) return Fail(db.error());
  BlobStore blobs(c.Home() + "/blobs");
  std::vector<std::pair<std::string, Result<IngestReceipt>>> receipts;
  for (const auto& f : files)
    receipts.emplace_back(f, IngestPath(**db, blobs, f, "cli", c.Int("jobs.max_attempts"), MaxFileBytes(c)));
  Progress progress("ingest", files.size());
  size_t n = 0;
  int code = 0;
  for (auto& [file, r] : receipts) {
    json out{{"file", file}};
    if (!r) {
      out["error"] = r.error().message;
      code = 1;
    } else {
      out["document_id"] = r->document_id;
      out["job_id"] = r->job_id;
      out["duplicate"] = r->duplicate;
      if (wait) {
        auto s = WaitForJob(**db, r->job_id, timeout_s);
        if (!s) {
          out["error"] = s.error().message;
        } else {
          for (const char* k : {"state", "class", "confidence", "fields", "record", "error"}) out[k] = (*s)[k];
        }
      }
    }
    ++n;
    progress.Update(n, n);
    if (as_json) {
      std::cout << out.dump(-1, ' ', false, json::error_handler_t::replace) << std::endl;
    } else if (out.contains("error") && !out["error"].is_null()) {
      std::cout << file << ": " << out.value("state", "error") << ": " << out["error"].get<std::string>() << "\n";
    } else {
      std::cout << file << ": document " << out["document_id"] << ", job " << out["job_id"]
                << (out["duplicate"].get<bool>() ? " (duplicate)" : "")
                << (wait ? ", " + out.value("state", "") + " as " + out["class"].dump() : "") << "\n";
    }
  }
  return code;
}

int Status(Context& ctx, long long job_id) {
  auto db = ctx.Connect();
  if (!db) return Fail(db.error());
  JobStore jobs(**db);
  if (job_id == 0) {
    auto counts = jobs.CountsByState();
    if (!counts) return Fail(counts.error());
    long long total = 0;
    for (const char* s : {"queued", "preprocessing", "ocr", "classifying", "extracting", "storing", "done", "failed"}) {
      long long n = counts->count(s) ? counts->at(s) : 0;
      total += n;
      std::cout << std::left << std::setw(14) << s << n << "\n";
    }
    std::cout << std::left << std::setw(14) << "total" << total << "\n";
    return 0;
  }
  auto j = jobs.Get(job_id);
  if (!j) return Fail(j.error());
  std::cout << "job " << j->job_id << " (document " << j->document_id << "): " << j->state;
  if (!j->last_error.empty()) std::cout << " - " << j->last_error;
  std::cout << "\n";
  auto h = jobs.History(job_id);
  if (!h) return Fail(h.error());
  for (const auto& e : *h)
    std::cout << "  " << e.at << "  " << std::left << std::setw(14) << e.state << "attempt " << e.attempt << "  "
              << e.message << "\n";
  return 0;
}

std::string Clip(std::string s, size_t n) {
  if (s.size() <= n) return s;
  size_t cut = n - 3;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return s.substr(0, cut) + "...";
}

int Documents(Context& ctx, bool as_json) {
  auto db = ctx.Connect();
  if (!db) return Fail(db.error());
  auto ids = ListJobIds(**db);
  if (!ids) return Fail(ids.error());
  if (!as_json)
    std::cout << std::left << std::setw(24) << "FILE" << std::setw(8) << "STATE" << std::setw(10) << "CLASS"
              << std::setw(6) << "CONF" << std::setw(16) << "RECORD" << "KEY FIELDS / ERROR\n";
  for (long long id : *ids) {
    auto s = JobSummary(**db, id);
    if (!s) return Fail(s.error());
    // The business record and the companies / people it was matched to.
    auto rec = SummariseRecord(**db, (*s)["document_id"].get<long long>());
    if (!rec) return Fail(rec.error());
    if (as_json) {
      (*s)["records"] = rec->json;
      std::cout << s->dump(-1, ' ', false, json::error_handler_t::replace) << "\n";
      continue;
    }
    std::string fields;
    if ((*s)["state"] == "failed") {
      fields = (*s)["error"].is_string() ? (*s)["error"].get<std::string>() : "";
    } else {
      for (auto& [k, v] : (*s)["fields"].items()) {
        const json& val = v["value"];
        fields += (fields.empty() ? "" : ", ") + k + "=" + (val.is_string() ? val.get<std::string>() : val.dump());
      }
    }
    std::ostringstream conf;
    if ((*s)["confidence"].is_number()) conf << std::fixed << std::setprecision(2) << (*s)["confidence"].get<double>();
    std::string record = (*s)["record"].is_null() ? "-"
                                                  : (*s)["record"]["table"].get<std::string>() + " #" +
                                                        std::to_string((*s)["record"]["id"].get<long long>());
    std::cout << std::left << std::setw(24) << Clip((*s)["file"], 23) << std::setw(8) << (*s)["state"].get<std::string>()
              << std::setw(10) << ((*s)["class"].is_string() ? (*s)["class"].get<std::string>() : "-") << std::setw(6)
              << (conf.str().empty() ? "-" : conf.str()) << std::setw(16) << record << Clip(fields, 110) << "\n";
    if (!rec->text.empty()) std::cout << std::string(24, ' ') << "-> " << Clip(rec->text, 140) << "\n";
  }
  return 0;
}

}  // namespace

void AddPipelineCommands(CLI::App& app, Context& ctx, int& code) {
  static std::string http_listen;
  auto* serve = app.add_subcommand("serve", "run the whole service: broker, workers and sources, supervised");
  serve->add_option("--http", http_listen, "ADDR:PORT of the HTTP API (default http.listen)");
  serve->callback([&] { code = Serve(ctx, http_listen); });

  static std::string bind, connect, stage, dir;
  auto* broker = app.add_subcommand("broker", "run the broker alone");
  broker->add_option("--bind", bind, "ZeroMQ endpoint to bind, e.g. tcp://0.0.0.0:5555");
  broker->callback([&] { code = Broker(ctx, bind); });

  auto* worker = app.add_subcommand("worker", "run one stage worker alone");
  worker->add_option("--stage", stage, "preprocess | ocr | classify | extract | store")->required();
  worker->add_option("--connect", connect, "broker endpoint, e.g. tcp://HOST:5555");
  worker->callback([&] { code = Worker(ctx, stage, connect); });

  auto* watch = app.add_subcommand("watch", "run the watched-folder source alone");
  watch->add_option("--dir", dir, "folder to watch (default inbox.dir)");
  watch->callback([&] { code = Watch(ctx, dir); });

  static std::vector<std::string> files;
  static bool wait = false, as_json = false;
  static int timeout_s = 900;
  auto* ingest = app.add_subcommand("ingest", "hand files to the running service");
  ingest->add_option("files", files, "files to ingest")->required()->check(CLI::ExistingFile);
  ingest->add_flag("--wait", wait, "wait until each is done or failed");
  ingest->add_flag("--json", as_json, "one JSON object per file and line");
  ingest->add_option("--timeout", timeout_s, "seconds to wait for each file with --wait");
  ingest->callback([&] { code = Ingest(ctx, files, wait, as_json, timeout_s); });

  static long long job_id = 0;
  auto* status = app.add_subcommand("status", "job counts per state, or one job's history");
  status->add_option("id", job_id, "job id");
  status->callback([&] { code = Status(ctx, job_id); });

  static bool docs_json = false;
  auto* docs = app.add_subcommand("documents", "table of documents: file, state, class, record, key fields");
  docs->add_flag("--json", docs_json, "one JSON object per document");
  docs->callback([&] { code = Documents(ctx, docs_json); });
}

}  // namespace docflow::cli
