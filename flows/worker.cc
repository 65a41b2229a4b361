#include "flows/worker.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include <spdlog/spdlog.h>

#include "common/log.h"
#include "flows/engine.h"
#include "flows/flow_loader.h"
#include "flows/time_text.h"
#include "storage/flow_notify.h"
#include "storage/flow_runs.h"
#include "storage/flow_workflows.h"

namespace docflow::flows {

namespace {

struct Shared {
  std::mutex m;
  std::condition_variable cv;
  unsigned long long wake_seq = 0;
  std::shared_ptr<const FlowCatalog> catalog;

  std::shared_ptr<const FlowCatalog> Catalog() {
    std::lock_guard<std::mutex> l(m);
    return catalog;
  }
  void Wake() {
    {
      std::lock_guard<std::mutex> l(m);
      ++wake_seq;
    }
    cv.notify_all();
  }
};

Result<std::unique_ptr<Db>> ConnectRetrying(const std::string& url, const std::atomic<bool>& stop) {
  while (true) {
    auto db = Db::Connect(url);
    if (db || stop.load()) return db;
    spdlog::warn("{}; retrying in 1 s", db.error().message);
    std::this_thread::sleep_for(std::chrono::seconds(1));
  }
}

void EngineThread(int index, const FlowWorkerOptions& o, std::shared_ptr<const FlowSchema> schema, Shared& shared,
                  const std::atomic<bool>& stop) {
  auto db = ConnectRetrying(o.database_url, stop);
  if (!db) return;
  FlowEngine engine(**db, o.settings, schema, o.owner + "/" + std::to_string(index));
  unsigned long long seen = 0;
  while (!stop.load()) {
    {
      std::lock_guard<std::mutex> l(shared.m);
      seen = shared.wake_seq;
    }
    auto catalog = shared.Catalog();
    auto done = engine.Step(*catalog);
    if (!done) {
      spdlog::warn("flow engine: {}", done.error().message);
      std::this_thread::sleep_for(std::chrono::milliseconds(500));
      continue;
    }
    if (*done > 0) continue;
    // Idle: sleep until woken, the next due timer or retry, or poll_ms.
    int wait_ms = o.settings.poll_ms;
    if (auto next = NextFlowWakeUp(**db); next && *next > 0)
      wait_ms = std::clamp(static_cast<int>((*next - NowSeconds()) * 1000) + 5, 0, wait_ms);
    std::unique_lock<std::mutex> l(shared.m);
    shared.cv.wait_for(l, std::chrono::milliseconds(wait_ms), [&] { return shared.wake_seq != seen || stop.load(); });
  }
}

}  // namespace

Status RunFlowWorker(const FlowWorkerOptions& o, const std::atomic<bool>& stop) {
  auto db = ConnectRetrying(o.database_url, stop);
  if (!db) return db.error();
  auto schema = FlowSchema::Load(**db);
  if (!schema) return schema.error();
  std::vector<std::string> errors;
  auto catalog = FlowEngine::LoadAndSync(**db, o.settings, **schema, &errors);
  if (!catalog) return catalog.error();
  for (const auto& e : errors) spdlog::error("flow not loaded: {}", e);
  spdlog::info("flows: {} loaded from {} ({} threads, loop guard depth {})", (*catalog)->all().size(),
               o.settings.dir, o.settings.threads, o.settings.max_depth);
  Shared shared;
  shared.catalog = *catalog;

  std::vector<std::thread> threads;
  threads.emplace_back([&] {
    std::unique_ptr<FlowWakeups> listen;
    while (!stop.load()) {
      if (!listen) {
        auto l = FlowWakeups::Listen(o.database_url);
        if (!l) {
          spdlog::warn("{}", l.error().message);
          std::this_thread::sleep_for(std::chrono::seconds(1));
          continue;
        }
        listen = std::move(*l);
      }
      auto woke = listen->Wait(250);
      if (!woke) {
        spdlog::warn("{}", woke.error().message);
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        continue;
      }
      if (*woke) shared.Wake();
    }
    shared.Wake();
  });
  for (int i = 0; i < o.settings.threads; ++i)
    threads.emplace_back([&, i] { EngineThread(i + 1, o, *schema, shared, stop); });

  // Definitions edited in the table (another process, the API) are reloaded.
  std::string stamp;
  if (auto s = WorkflowsStamp(**db); s) stamp = *s;
  auto last_check = std::chrono::steady_clock::now();
  while (!stop.load()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    if (std::chrono::steady_clock::now() - last_check < std::chrono::seconds(5)) continue;
    last_check = std::chrono::steady_clock::now();
    auto now_stamp = WorkflowsStamp(**db);
    if (!now_stamp || *now_stamp == stamp) continue;
    std::vector<std::string> errs;
    auto fresh = CatalogFromDb(**db, &errs);
    if (!fresh) continue;
    for (const auto& e : errs) spdlog::error("flow not loaded: {}", e);
    stamp = *now_stamp;
    {
      std::lock_guard<std::mutex> l(shared.m);
      shared.catalog = std::make_shared<const FlowCatalog>(std::move(*fresh));
    }
    spdlog::info("flows: definitions changed, {} enabled", shared.Catalog()->all().size());
    shared.Wake();
  }
  shared.Wake();
  for (auto& t : threads) t.join();
  return Ok();
}

}  // namespace docflow::flows
