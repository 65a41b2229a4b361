#include "flows/engine.h"

#include <chrono>
#include <filesystem>

#include <spdlog/spdlog.h>

#include "flows/event_trigger.h"
#include "flows/flow_loader.h"
#include "flows/time_text.h"
#include "flows/timer_trigger.h"
#include "storage/flow_runs.h"
#include "storage/flow_triggers.h"

namespace docflow::flows {

FlowEngine::FlowEngine(Db& db, const FlowSettings& settings, std::shared_ptr<const FlowSchema> schema,
                       std::string owner)
    : db_(db), settings_(settings), schema_(schema), runner_(db, settings, schema, std::move(owner)) {}

Result<std::shared_ptr<const FlowCatalog>> FlowEngine::LoadAndSync(Db& db, const FlowSettings& settings,
                                                                   const FlowSchema& schema,
                                                                   std::vector<std::string>* errors) {
  // A missing folder must not read as "every flow was removed".
  std::error_code ec;
  if (!std::filesystem::is_directory(settings.dir, ec))
    return Permanent("flows.dir " + settings.dir + ": not a folder (no flow was loaded or disabled)");
  LoadedFlows loaded = LoadFlowDir(settings.dir);
  if (errors) errors->insert(errors->end(), loaded.errors.begin(), loaded.errors.end());
  if (auto n = SyncFlows(db, schema, loaded.flows); !n) return n.error();
  auto catalog = CatalogFromDb(db, errors);
  if (!catalog) return catalog.error();
  return std::make_shared<const FlowCatalog>(std::move(*catalog));
}

Result<int> FlowEngine::Step(const FlowCatalog& catalog) {
  int done = 0;
  auto events = ProcessFlowEvents(db_, settings_.batch,
                                  [&](const FlowEvent& e) { return DecideEvent(catalog, settings_, e); });
  if (!events) return events.error();
  done += *events;
  double now = NowSeconds();
  auto timers = FireDueTimers(db_, settings_.batch,
                              [&](const DueTimer& t) { return DecideTimer(catalog, settings_, t, now); });
  if (!timers) return timers.error();
  done += *timers;
  FlowRunStore store(db_);
  auto runs = store.Claim(runner_.owner(), settings_.batch, settings_.lease_seconds);
  if (!runs) return runs.error();
  auto claimed_at = std::chrono::steady_clock::now();
  // The runs' last writes (pure steps, state) are committed together.
  std::vector<RunEnd> ends;
  for (size_t i = 0; i < runs->size(); ++i) {
    const ClaimedRun& r = (*runs)[i];
    // Claimed in a batch but not started while half the lease is gone: give
    // the rest back rather than let their leases expire (that would count as
    // a crash).
    double held = std::chrono::duration<double>(std::chrono::steady_clock::now() - claimed_at).count();
    if (held > settings_.lease_seconds / 2.0) {
      for (size_t j = i; j < runs->size(); ++j) {
        const ClaimedRun& rest = (*runs)[j];
        (void)store.Release(RunLease{rest.id, rest.lease_token, rest.workflow, rest.depth});
      }
      break;
    }
    auto state = runner_.Execute(catalog, r, &ends);
    if (!state) spdlog::warn("flow {} run {}: {}", r.workflow, r.id, state.error().message);
    ++done;
  }
  auto lost = store.FinishMany(ends);
  if (!lost) return lost.error();
  for (long long id : *lost) spdlog::warn("flow run {}: lease lost before it finished (another worker resumes it)", id);
  return done;
}

Result<int> FlowEngine::RunUntilIdle(const FlowCatalog& catalog, double max_seconds) {
  auto t0 = std::chrono::steady_clock::now();
  int total = 0;
  while (true) {
    auto n = Step(catalog);
    if (!n) return n.error();
    total += *n;
    if (*n == 0) return total;
    if (std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() > max_seconds) return total;
  }
}

Result<std::string> FlowEngine::RunOne(const FlowCatalog& catalog, long long run_id) {
  auto runs = FlowRunStore(db_).ClaimOne(run_id, runner_.owner(), settings_.lease_seconds);
  if (!runs) return runs.error();
  if (runs->empty()) return std::string();
  return runner_.Execute(catalog, (*runs)[0]);
}

}  // namespace docflow::flows
