#include "pipeline/broker.h"

#include <unistd.h>

#include <chrono>
#include <deque>
#include <map>
#include <thread>

#include "common/blob_store.h"
#include "common/log.h"
#include "pipeline/messages.h"
#include "pipeline/stages.h"
#include "storage/documents.h"
#include "storage/jobs.h"
#include "storage/live_workers.h"
#include "storage/ocr_tasks.h"

namespace docflow {
namespace {

using Clock = std::chrono::steady_clock;
using nlohmann::json;

struct WorkerState {
  std::string stage;
  Clock::time_point expiry;
  bool busy = false;
  long long job_id = 0, lease_token = 0;
};

class Broker {
 public:
  Broker(const BrokerOptions& o, std::unique_ptr<Db> db)
      : opt_(o), db_(std::move(db)), jobs_(*db_), ocr_(*db_), blobs_(o.blob_root),
        router_(ctx_, zmq::socket_type::router) {}

  Status Run(const std::atomic<bool>& stop) {
    router_.set(zmq::sockopt::router_mandatory, 1);
    router_.set(zmq::sockopt::linger, 0);
    try {
      router_.bind(opt_.bind);
    } catch (const zmq::error_t& e) {
      return Permanent("cannot bind " + opt_.bind + ": " + e.what());
    }
    spdlog::info("broker bound to {}", opt_.bind);
    auto now = Clock::now();
    next_heartbeat_ = now;
    next_poll_ = now;
    next_renew_ = now;
    next_reap_ = now;
    next_publish_ = now;
    std::vector<zmq::message_t> frames;
    while (!stop.load()) {
      zmq::pollitem_t items[] = {{static_cast<void*>(router_), 0, ZMQ_POLLIN, 0}};
      auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(
          std::min(next_heartbeat_, next_poll_) - Clock::now());
      try {
        zmq::poll(items, 1, std::chrono::milliseconds(std::clamp<long>(wait.count(), 0, opt_.poll_ms)));
      } catch (const zmq::error_t& e) {
        if (e.num() == EINTR) continue;
        return Transient(std::string("poll failed: ") + e.what());
      }
      if (items[0].revents & ZMQ_POLLIN) {
        while (ReceiveFrames(router_, frames, true)) HandleFrames(frames);
      }
      Tick();
    }
    for (auto& [id, w] : workers_) SendMessage(router_, MakeDisconnect(), id);
    return Ok();
  }

 private:
  void HandleFrames(std::vector<zmq::message_t>& frames) {
    if (frames.size() < 2) return;
    std::string id = frames[0].to_string();
    auto m = Decode(frames, 1);
    if (!m) {
      spdlog::warn("malformed message from {}: {}", id, m.error().message);
      return;
    }
    auto it = workers_.find(id);
    if (it != workers_.end()) it->second.expiry = Expiry();
    switch (m->command) {
      case protocol::Command::kReady: {
        if (!IsKnownStage(m->stage)) {
          spdlog::warn("worker {} announced unknown stage '{}'", id, m->stage);
          SendMessage(router_, MakeDisconnect(), id);
          return;
        }
        auto& w = workers_[id];
        if (w.stage.empty()) spdlog::info("worker {} ready for {}", id, m->stage);
        w.stage = m->stage;
        w.expiry = Expiry();
        const bool same_job = w.busy && w.job_id == m->job_id && w.lease_token == m->lease_token;
        // A job we thought it held and it does not: it never reached the
        // worker or was lost with its old socket.
        if (w.busy && !same_job)
          ReleaseHeld(id, w, m->job_id > 0 ? "worker announced another job" : "worker announced itself idle");
        if (m->job_id > 0) {
          // (Re)connected while running a job: busy with it until its result
          // (whose lease token decides whether it still counts).
          MakeBusy(id, w, m->job_id, m->lease_token);
        } else {
          MakeIdle(id, w);
          next_poll_ = Clock::now();
        }
        break;
      }
      case protocol::Command::kHeartbeat:
        if (it == workers_.end()) SendMessage(router_, MakeDisconnect(), id);  // unknown: make it re-announce
        break;
      case protocol::Command::kDone:
        OnDone(id, *m);
        break;
      case protocol::Command::kFailed:
        OnFailed(id, *m);
        break;
      case protocol::Command::kDisconnect:
        if (it != workers_.end()) DropWorker(id, "worker disconnected");
        break;
      default:
        spdlog::warn("unexpected command from {}", id);
    }
  }

  Clock::time_point Expiry() const {
    return Clock::now() + std::chrono::milliseconds(opt_.heartbeat_ms * opt_.liveness);
  }

  void MakeIdle(const std::string& id, WorkerState& w) {
    w.busy = false;
    w.job_id = w.lease_token = 0;
    auto& q = idle_[w.stage];
    if (std::find(q.begin(), q.end(), id) == q.end()) q.push_back(id);
  }

  void MakeBusy(const std::string& id, WorkerState& w, long long job_id, long long lease_token) {
    w.busy = true;
    w.job_id = job_id;
    w.lease_token = lease_token;
    auto& q = idle_[w.stage];
    q.erase(std::remove(q.begin(), q.end(), id), q.end());
  }

  // Marks the worker that sent a result idle, if it held that job.
  void Finished(const std::string& id, const Message& m) {
    auto it = workers_.find(id);
    if (it != workers_.end() && it->second.busy && it->second.job_id == m.job_id) MakeIdle(id, it->second);
    next_poll_ = Clock::now();
  }

  void OnDone(const std::string& id, const Message& m) {
    Finished(id, m);
    auto job = jobs_.Get(m.job_id);
    if (!job) {
      spdlog::error("DONE for job {}: {}", m.job_id, job.error().message);
      return;
    }
    if (job->state == "ocr") {  // a page of the OCR stage (storage/ocr_tasks.h)
      OnPageDone(id, m);
      return;
    }
    std::string stage = StageForState(job->state);
    if (job->state == "done") stage = "store";
    if (stage.empty() || job->lease_token != m.lease_token) {
      spdlog::info("ignoring stale result for job {} (state {})", m.job_id, job->state);
      return;
    }
    json result = m.payload.header;
    double elapsed = result.value("elapsed_ms", 0.0);
    std::string next_state = StateForStage(NextStage(stage));
    if (stage == "preprocess") {
      if (auto s = StorePageImages(result, m.payload.blobs); !s) {
        Fail("preprocess", m.job_id, m.lease_token, s.error());
        return;
      }
      bool needs_ocr = false;
      for (const auto& p : result["pages"])
        if (p.value("source", "") == "image") needs_ocr = true;
      if (!needs_ocr) next_state = "classifying";
    }
    auto ok = jobs_.Complete(m.job_id, m.lease_token, stage, result, next_state, id, elapsed);
    if (!ok) spdlog::error("cannot record {} result of job {}: {}", stage, m.job_id, ok.error().message);
    else if (!*ok) spdlog::info("result of job {} arrived after its lease moved on; ignored", m.job_id);
    else spdlog::debug("job {} {} done -> {}", m.job_id, stage, next_state.empty() ? "done" : next_state);
  }

  // Moves page images out of the message into the blob store; the stored
  // result refers to them by sha256.
  Status StorePageImages(json& result, const std::vector<std::string>& blobs) {
    if (!result.contains("pages") || !result["pages"].is_array()) return Permanent("preprocess returned no pages");
    for (auto& p : result["pages"]) {
      if (!p.contains("blob")) continue;
      size_t k = p["blob"].get<size_t>();
      if (k >= blobs.size()) return Permanent("preprocess result refers to a missing image frame");
      auto sha = blobs_.Put(blobs[k]);
      if (!sha) return sha.error();
      p["image_sha256"] = *sha;
      p.erase("blob");
    }
    return Ok();
  }

  void OnPageDone(const std::string& id, const Message& m) {
    const json& pages = m.payload.header["pages"];
    if (!pages.is_array() || pages.size() != 1) {
      Fail("ocr", m.job_id, m.lease_token, Permanent("OCR worker returned no page"));
      return;
    }
    auto ok = ocr_.Complete(m.job_id, m.lease_token, pages[0], id, m.payload.header.value("elapsed_ms", 0.0));
    if (!ok) spdlog::error("cannot record OCR of job {}: {}", m.job_id, ok.error().message);
    else if (!*ok) spdlog::info("OCR result for job {} arrived after its lease moved on; ignored", m.job_id);
  }

  void OnFailed(const std::string& id, const Message& m) {
    auto it = workers_.find(id);
    std::string stage = it != workers_.end() ? it->second.stage : "";
    if (stage.empty()) {
      auto job = jobs_.Get(m.job_id);
      if (job) stage = StageForState(job->state);
    }
    Finished(id, m);
    Fail(stage, m.job_id, m.lease_token, Error{m.reason, m.retryable});
  }

  void Fail(const std::string& stage, long long job_id, long long token, const Error& e) {
    auto state = stage == "ocr" ? ocr_.Fail(job_id, token, e.message, e.retryable)
                                : jobs_.Fail(job_id, token, e.message, e.retryable);
    if (!state) spdlog::error("cannot record failure of job {}: {}", job_id, state.error().message);
    else if (*state == "failed") spdlog::warn("job {} failed: {}", job_id, e.message);
    else if (!state->empty()) spdlog::info("job {} will be retried: {}", job_id, e.message);
  }

  void DropWorker(const std::string& id, const std::string& why) {
    auto it = workers_.find(id);
    if (it == workers_.end()) return;
    WorkerState w = it->second;
    workers_.erase(it);
    auto& q = idle_[w.stage];
    q.erase(std::remove(q.begin(), q.end(), id), q.end());
    if (w.busy) ReleaseHeld(id, w, why);
    else spdlog::info("{} ({})", why, id);
  }

  // Ends the lease of the job (or OCR page) the broker handed to worker `id`,
  // so that it is dispatched again at once.
  void ReleaseHeld(const std::string& id, const WorkerState& w, const std::string& why) {
    spdlog::warn("{} ({}) while holding job {}; it will be dispatched again", why, id, w.job_id);
    auto s = w.stage == "ocr" ? ocr_.Release(w.job_id, w.lease_token, why + " during ocr")
                              : jobs_.Release(w.job_id, w.lease_token, why + " during " + w.stage);
    if (!s) spdlog::error("cannot release job {}: {}", w.job_id, s.error().message);
  }

  void Tick() {
    auto now = Clock::now();
    if (now >= next_heartbeat_) {
      std::vector<std::string> dead;
      for (auto& [id, w] : workers_) {
        if (w.expiry < now) dead.push_back(id);
        else if (!SendMessage(router_, MakeHeartbeat(), id)) dead.push_back(id);
      }
      for (const auto& id : dead) DropWorker(id, "worker lost (no heartbeat)");
      next_heartbeat_ = now + std::chrono::milliseconds(opt_.heartbeat_ms);
    }
    if (now >= next_renew_) {
      std::vector<std::pair<long long, long long>> held, pages;
      for (auto& [id, w] : workers_)
        if (w.busy) (w.stage == "ocr" ? pages : held).emplace_back(w.job_id, w.lease_token);
      if (auto s = jobs_.Renew(held, opt_.lease_seconds); !s) spdlog::error("lease renewal: {}", s.error().message);
      if (auto s = ocr_.Renew(pages, opt_.lease_seconds); !s) spdlog::error("lease renewal: {}", s.error().message);
      next_renew_ = now + std::chrono::milliseconds(opt_.lease_seconds * 1000 / 3);
    }
    if (now >= next_reap_) {
      for (auto n : {jobs_.ReapExhausted(), ocr_.ReapExhausted()})
        if (n && *n) spdlog::warn("{} job(s) failed after exhausting their attempts", *n);
      next_reap_ = now + std::chrono::seconds(1);
    }
    if (now >= next_publish_) {
      PublishLiveness();
      next_publish_ = now + std::chrono::seconds(2);
    }
    if (now >= next_poll_) {
      Dispatch();
      next_poll_ = Clock::now() + std::chrono::milliseconds(opt_.poll_ms);
    }
  }

  // The live workers, for /metrics and /readyz of the HTTP API (storage/live_workers.h).
  void PublishLiveness() {
    std::vector<LiveWorker> live;
    for (const auto& [id, w] : workers_) live.push_back({id, w.stage, w.busy, w.job_id});
    if (auto s = PublishLiveWorkers(*db_, "broker-" + std::to_string(::getpid()), live); !s)
      spdlog::warn("cannot publish live workers: {}", s.error().message);
  }

  // Leases one job per idle worker, recording that worker as the lease owner.
  void Dispatch() {
    for (auto& [stage, q] : idle_) {
      while (!q.empty()) {
        std::string id = q.front();
        auto it = workers_.find(id);
        if (it == workers_.end()) {
          q.pop_front();
          continue;
        }
        auto claimed = stage == "ocr" ? ClaimPage(id) : jobs_.Claim(stage, 1, id, opt_.lease_seconds);
        if (!claimed) {
          spdlog::error("cannot claim {} jobs: {}", stage, claimed.error().message);
          return;
        }
        if (claimed->empty()) break;
        q.pop_front();
        SendJob(stage, id, it->second, claimed->front());
      }
    }
  }

  // Leases one OCR page; page_ remembers which page each token stands for.
  Result<std::vector<ClaimedJob>> ClaimPage(const std::string& owner) {
    auto t = ocr_.Claim(owner, opt_.lease_seconds);
    if (!t) return t.error();
    std::vector<ClaimedJob> out;
    for (const auto& task : *t) {
      page_[task.lease_token] = task.page_index;
      out.push_back(ClaimedJob{task.job_id, task.document_id, task.lease_token, task.attempts});
    }
    return out;
  }

  void SendJob(const std::string& stage, const std::string& id, WorkerState& w, const ClaimedJob& job) {
    auto payload = BuildInput(stage, job);
    if (!payload) {
      Fail(stage, job.job_id, job.lease_token, payload.error());
      MakeIdle(id, w);
      return;
    }
    if (SendMessage(router_, MakeJob(job.job_id, job.lease_token, stage, *payload), id)) {
      MakeBusy(id, w, job.job_id, job.lease_token);
      spdlog::debug("job {} ({}) -> {} (attempt {})", job.job_id, stage, id, job.attempts);
      return;
    }
    MakeBusy(id, w, job.job_id, job.lease_token);  // so that DropWorker releases the lease
    DropWorker(id, "worker unreachable");
  }

  // Reads a stage result, failing when absent.
  Result<json> Prior(long long job_id, const std::string& stage) {
    auto r = jobs_.StageResult(job_id, stage);
    if (!r) return r.error();
    if (r->is_null()) return Transient("missing " + stage + " result for job " + std::to_string(job_id));
    return r;
  }

  // The input of `stage` for a job: its file or the results of earlier stages.
  Result<Payload> BuildInput(const std::string& stage, const ClaimedJob& job) {
    Payload p;
    p.header = {{"job_id", job.job_id}, {"document_id", job.document_id}};
    if (stage == "preprocess") {
      auto doc = GetDocument(*db_, job.document_id);
      if (!doc) return doc.error();
      auto bytes = blobs_.Get(doc->sha256);
      if (!bytes) return bytes.error();
      p.header["filename"] = doc->filename;
      p.header["sha256"] = doc->sha256;
      p.header["file_blob"] = 0;
      p.blobs.push_back(std::move(*bytes));
      return p;
    }
    auto pre = Prior(job.job_id, "preprocess");
    if (!pre) return pre.error();
    p.header["mime"] = pre->value("mime", "");
    if (stage == "ocr") {  // one page per JOB: pages of a document go to several workers
      auto page_it = page_.find(job.lease_token);
      if (page_it == page_.end()) return Permanent("OCR task without a page");
      int index = page_it->second;
      page_.erase(page_it);
      for (const auto& page : (*pre)["pages"]) {
        if (page.value("index", -1) != index) continue;
        auto img = blobs_.Get(page.value("image_sha256", ""));
        if (!img) return img.error();
        json one = page;
        one["blob"] = 0;
        p.blobs.push_back(std::move(*img));
        p.header["pages"] = json::array({one});
        return p;
      }
      return Permanent("page " + std::to_string(index) + " missing from the preprocess result");
    }
    auto ocr = jobs_.StageResult(job.job_id, "ocr");
    if (!ocr) return ocr.error();
    p.header["pages"] = ocr->is_null() ? (*pre)["pages"] : (*ocr)["pages"];
    if (pre->contains("embedded")) p.header["embedded"] = (*pre)["embedded"];  // invoice XML from the PDF
    if (stage == "classify") return p;
    auto cls = Prior(job.job_id, "classify");
    if (!cls) return cls.error();
    p.header["classification"] = (*cls)["classification"];
    if (stage == "extract") return p;
    auto ext = Prior(job.job_id, "extract");
    if (!ext) return ext.error();
    p.header["fields"] = (*ext)["fields"];
    // The extract stage's second look at the class wins (class_review.h).
    if (ext->contains("classification")) p.header["classification"] = (*ext)["classification"];
    p.header["lease_token"] = job.lease_token;
    if (opt_.archive_pdf) {
      if (auto s = AttachArchiveInputs(job, p); !s) return s.error();
    }
    return p;  // store
  }

  // ocr.archive_pdf: what the store stage needs to build the searchable PDF,
  // as blob frames: each OCR'd page's image ("blob": k on the page, from the
  // blob store by image_sha256) and, for a PDF with text-layer pages to copy,
  // the original file ("original_blob": k). See docs/protocol.md.
  Status AttachArchiveInputs(const ClaimedJob& job, Payload& p) {
    p.header["archive"] = true;
    bool copies_pages = false;
    for (auto& page : p.header["pages"]) {
      if (page.value("source", "") == "text-layer") copies_pages = true;
      if (page.value("source", "") != "ocr" || page.value("image_sha256", "").empty()) continue;
      auto img = blobs_.Get(page["image_sha256"].get<std::string>());
      if (!img) return img.error();
      page["blob"] = p.blobs.size();
      p.blobs.push_back(std::move(*img));
    }
    if (copies_pages && p.header.value("mime", "") == "application/pdf") {
      auto doc = GetDocument(*db_, job.document_id);
      if (!doc) return doc.error();
      auto bytes = blobs_.Get(doc->sha256);
      if (!bytes) return bytes.error();
      p.header["original_blob"] = p.blobs.size();
      p.blobs.push_back(std::move(*bytes));
    }
    return Ok();
  }

  BrokerOptions opt_;
  std::unique_ptr<Db> db_;
  JobStore jobs_;
  OcrTaskStore ocr_;
  BlobStore blobs_;
  std::map<long long, int> page_;  // OCR lease token -> page index, between claim and send
  zmq::context_t ctx_;
  zmq::socket_t router_;
  std::map<std::string, WorkerState> workers_;
  std::map<std::string, std::deque<std::string>> idle_;
  Clock::time_point next_heartbeat_, next_poll_, next_renew_, next_reap_;
  Clock::time_point next_publish_;
};

}  // namespace

Status RunBroker(const BrokerOptions& options, const std::atomic<bool>& stop) {
  std::unique_ptr<Db> db;
  for (int attempt = 0;; ++attempt) {
    auto c = Db::Connect(options.database_url);
    if (c) {
      db = std::move(*c);
      break;
    }
    if (attempt >= 20 || stop.load()) return c.error();
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
  Broker broker(options, std::move(db));
  return broker.Run(stop);
}

}  // namespace docflow
