#include "flows/flow_loader.h"

#include <algorithm>
#include <filesystem>
#include <map>

#include <spdlog/spdlog.h>

#include "flows/cron.h"
#include "flows/time_text.h"
#include "storage/flow_triggers.h"
#include "storage/flow_workflows.h"

namespace docflow::flows {
using nlohmann::json;

LoadedFlows LoadFlowDir(const std::string& dir) {
  namespace fs = std::filesystem;
  LoadedFlows out;
  std::vector<fs::path> files;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    auto ext = e.path().extension().string();
    if (e.is_regular_file() && (ext == ".yaml" || ext == ".yml")) files.push_back(e.path());
  }
  if (ec) {
    out.errors.push_back(dir + ": " + ec.message());
    return out;
  }
  std::sort(files.begin(), files.end());
  std::map<std::string, std::string> seen;
  for (const auto& f : files) {
    auto d = LoadFlowFile(f.string());
    if (!d) {
      out.errors.push_back(d.error().message);
      continue;
    }
    auto [it, fresh] = seen.emplace(d->name, f.string());
    if (!fresh) {
      out.errors.push_back(f.string() + ": name: '" + d->name + "' is already the name of " + it->second);
      continue;
    }
    out.flows.push_back(std::move(*d));
  }
  return out;
}

Result<int> SyncFlows(Db& db, const FlowSchema& schema, const std::vector<FlowDefinition>& flows) {
  std::vector<std::string> names;
  for (const FlowDefinition& f : flows) {
    const TriggerSpec& t = f.trigger;
    // An event trigger may name any topic's collection (events can be
    // written for things that are not tables); a date trigger needs the
    // table and its column.
    if (t.type == TriggerType::kEvent && !schema.Table(t.collection))
      spdlog::info("{}: trigger.collection '{}' is not a table: only events with that topic will start it", f.origin,
                   t.collection);
    if (t.type == TriggerType::kDate) {
      if (auto s = schema.CheckColumn(t.collection, t.field, false); !s)
        return Permanent(f.origin + ": trigger.field: " + s.error().message);
    }
    auto row = UpsertWorkflow(db, f.name, f.description, f.source, f.origin, f.enabled);
    if (!row) return row.error();
    names.push_back(f.name);
    if (!f.enabled) continue;
    if (t.type == TriggerType::kSchedule) {
      auto cron = CronSchedule::Parse(t.cron);
      if (!cron) return Permanent(f.origin + ": trigger.cron: " + cron.error().message);
      if (auto s = EnsureCronTimer(db, f.name, t.cron, cron->Next(NowSeconds())); !s) return s.error();
    } else if (t.type == TriggerType::kDate) {
      std::vector<std::pair<std::string, std::string>> offsets;
      for (const DateOffset& o : t.offsets) {
        char n[64];
        std::snprintf(n, sizeof n, "%g", o.n);
        offsets.emplace_back(o.text, std::string(n) + " " + o.unit);
      }
      if (auto b = BackfillDateTimers(db, schema, f.name, t.collection, t.field, offsets, t.fire_past); !b)
        return b.error();
    }
  }
  if (auto d = DisableWorkflowsNotIn(db, names); !d) return d.error();
  return static_cast<int>(flows.size());
}

Result<FlowCatalog> CatalogFromDb(Db& db, std::vector<std::string>* errors) {
  auto rows = ListWorkflows(db, true);
  if (!rows) return rows.error();
  std::vector<FlowDefinition> flows;
  for (const WorkflowRow& r : *rows) {
    auto d = ParseFlow(r.definition, r.source_file.empty() ? "workflows." + r.name : r.source_file);
    if (!d) {
      if (errors) errors->push_back(d.error().message);
      continue;
    }
    if (!d->enabled) continue;
    flows.push_back(std::move(*d));
  }
  return FlowCatalog(std::move(flows));
}

}  // namespace docflow::flows
