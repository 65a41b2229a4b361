// The flow engine's commands (flows/README.md):
//   docflow flows                         the worker (a child of `docflow serve`)
//   docflow flow list                     the flows of flows/ (loaded into workflows) and their runs
//   docflow flow show NAME                a flow's definition, timers and last runs
//   docflow flow run NAME --data JSON     start it now and print the run, step by step
//   docflow flow runs NAME [--run ID]     its runs (or one run's steps)
//   docflow flow retry RUN                send a dead or failed run's steps again
//   docflow flow check [DIR]              validate the YAML files, no database
#include <unistd.h>

#include <chrono>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <thread>

#include "cli/cli.h"
#include "common/log.h"
#include "flows/engine.h"
#include "flows/flow_loader.h"
#include "flows/webhook.h"
#include "flows/worker.h"
#include "storage/flow_runs.h"
#include "storage/flow_triggers.h"
#include "storage/flow_workflows.h"

namespace docflow::cli {
namespace {

using nlohmann::json;

std::string Owner() {
  char host[256] = {0};
  ::gethostname(host, sizeof host - 1);
  return std::string("flows@") + host + ":" + std::to_string(::getpid());
}

std::string TriggerSummary(const json& def) {
  const json t = def.value("trigger", json::object());
  std::string type = t.value("type", std::string("?"));
  if (type == "event") {
    std::string actions;
    json a = t.contains("actions") ? t["actions"] : t.value("action", json("create"));
    if (a.is_string()) actions = a.get<std::string>();
    else
      for (const auto& x : a) actions += (actions.empty() ? "" : "|") + x.get<std::string>();
    return "event " + t.value("collection", std::string()) + "." + actions + (t.contains("filter") ? " (filtered)" : "");
  }
  if (type == "schedule") return "schedule " + t.value("cron", std::string());
  if (type == "date") {
    std::string offs;
    for (const auto& o : t.value("offsets", json::array({t.value("offset", json("0"))})))
      offs += (offs.empty() ? "" : ", ") + (o.is_string() ? o.get<std::string>() : o.dump());
    return "date " + t.value("collection", std::string()) + "." + t.value("field", std::string()) + " " + offs;
  }
  return type;
}

json StepJson(const FlowStepRecord& s) {
  return {{"op", s.op_key},          {"type", s.op_type},   {"state", s.state},   {"attempts", s.attempts},
          {"parent", s.parent},      {"via", s.via},        {"input", s.input},   {"output", s.output},
          {"error", s.error},        {"duration_ms", s.duration_ms}, {"idempotency_key", s.idempotency_key}};
}

json RunJson(const FlowRunInfo& r) {
  json steps = json::array();
  for (const auto& s : r.steps) steps.push_back(StepJson(s));
  return {{"id", r.id},
          {"flow", r.workflow},
          {"trigger_kind", r.trigger_kind},
          {"trigger_key", r.trigger_key},
          {"state", r.state},
          {"error", r.last_error},
          {"depth", r.depth},
          {"claims", r.claims},
          {"crashes", r.crashes},
          {"created_at", r.created_at},
          {"finished_at", r.finished_at},
          {"duration_ms", r.duration_ms},
          {"trigger", r.trigger},
          {"steps", steps}};
}

std::string Clip(std::string s, size_t n) {
  for (char& c : s)
    if (c == '\n') c = ' ';
  return s.size() > n ? s.substr(0, n - 1) + "…" : s;
}

void PrintRun(const FlowRunInfo& r) {
  std::cout << "run " << r.id << "  " << r.workflow << "  " << r.trigger_key << "  " << r.state;
  if (!r.finished_at.empty()) std::cout << "  " << std::fixed << std::setprecision(1) << r.duration_ms << " ms";
  std::cout << "\n";
  if (!r.last_error.empty()) std::cout << "  error: " << r.last_error << "\n";
  for (const auto& s : r.steps)
    std::cout << "  " << std::left << std::setw(22) << s.op_key << std::setw(13) << s.op_type << std::setw(10) << s.state
              << " x" << s.attempts << "  " << std::right << std::setw(8) << std::fixed << std::setprecision(1)
              << s.duration_ms << " ms  " << Clip(s.error.empty() ? s.output.dump() : s.error, 90) << "\n";
}

struct Loaded {
  std::unique_ptr<Db> db;
  flows::FlowSettings settings;
  std::shared_ptr<const FlowSchema> schema;
  std::shared_ptr<const flows::FlowCatalog> catalog;
};

// Connects, loads flows/ into workflows and returns the catalog.
Result<Loaded> Load(Context& ctx) {
  Loaded l;
  auto db = ctx.Connect();
  if (!db) return db.error();
  l.db = std::move(*db);
  l.settings = flows::SettingsFromConfig(ctx.config());
  auto schema = FlowSchema::Load(*l.db);
  if (!schema) return schema.error();
  l.schema = *schema;
  std::vector<std::string> errors;
  auto catalog = flows::FlowEngine::LoadAndSync(*l.db, l.settings, *l.schema, &errors);
  if (!catalog) return catalog.error();
  for (const auto& e : errors) std::cerr << "docflow: flow not loaded: " << e << "\n";
  l.catalog = *catalog;
  return l;
}

int Worker(Context& ctx, int threads) {
  ctx.Log("flows");
  auto url = ctx.DatabaseUrl();
  if (!url) return Fail(url.error());
  flows::FlowWorkerOptions o;
  o.database_url = *url;
  o.settings = flows::SettingsFromConfig(ctx.config());
  if (threads > 0) o.settings.threads = threads;
  o.owner = Owner();
  auto s = flows::RunFlowWorker(o, g_stop);
  return s ? 0 : Fail(s.error());
}

int List(Context& ctx, bool as_json) {
  auto l = Load(ctx);
  if (!l) return Fail(l.error());
  auto rows = ListWorkflows(*l->db, false);
  if (!rows) return Fail(rows.error());
  auto counts = FlowRunCounts(*l->db);
  if (!counts) return Fail(counts.error());
  json out = json::array();
  for (const auto& w : *rows) {
    json runs = counts->count(w.name) ? json(counts->at(w.name)) : json::object();
    out.push_back({{"name", w.name},
                   {"description", w.description},
                   {"enabled", w.enabled},
                   {"version", w.version},
                   {"trigger", TriggerSummary(w.definition)},
                   {"operations", w.definition.value("operations", json::object()).size()},
                   {"source_file", w.source_file},
                   {"runs", runs}});
  }
  if (as_json) {
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  for (const auto& f : out) {
    std::string runs;
    for (auto it = f["runs"].begin(); it != f["runs"].end(); ++it)
      runs += (runs.empty() ? "" : " ") + it.key() + "=" + it.value().dump();
    std::cout << std::left << std::setw(24) << f["name"].get<std::string>() << std::setw(9)
              << (f["enabled"].get<bool>() ? "enabled" : "disabled") << std::setw(44)
              << Clip(f["trigger"].get<std::string>(), 43) << f["operations"].get<size_t>() << " ops  "
              << (runs.empty() ? "no runs" : runs) << "\n";
  }
  return 0;
}

int Show(Context& ctx, const std::string& name, bool as_json) {
  auto l = Load(ctx);
  if (!l) return Fail(l.error());
  auto w = GetWorkflow(*l->db, name);
  if (!w) return Fail(w.error());
  if (!*w) return Fail(Permanent("no flow named '" + name + "'"));
  auto timers = ListFlowTimers(*l->db, name);
  if (!timers) return Fail(timers.error());
  auto runs = ListFlowRuns(*l->db, name, 10);
  if (!runs) return Fail(runs.error());
  json t = json::array();
  for (const auto& x : *timers)
    t.push_back({{"id", x.id}, {"kind", x.kind}, {"key", x.timer_key}, {"state", x.state}, {"due_at", x.due_at},
                 {"run_id", x.run_id}, {"note", x.note}});
  json r = json::array();
  for (const auto& x : *runs) r.push_back(RunJson(x));
  json out = {{"name", (*w)->name}, {"enabled", (*w)->enabled}, {"version", (*w)->version},
              {"source_file", (*w)->source_file}, {"definition", (*w)->definition}, {"timers", t}, {"runs", r}};
  if (as_json) {
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  std::cout << (*w)->name << " (version " << (*w)->version << ", " << ((*w)->enabled ? "enabled" : "disabled")
            << ", " << (*w)->source_file << ")\n"
            << "trigger: " << TriggerSummary((*w)->definition) << "\n"
            << "definition:\n" << (*w)->definition.dump(2) << "\n";
  size_t pending = 0;
  for (const auto& x : *timers) pending += x.state == "pending";
  std::cout << "timers: " << timers->size() << " (" << pending << " pending)\n";
  for (const auto& x : *timers)
    if (x.state == "pending") std::cout << "  " << x.due_at << "  " << x.timer_key << "\n";
  std::cout << "last runs:\n";
  for (const auto& x : *runs)
    std::cout << "  " << x.id << "  " << x.state << "  " << x.trigger_key << "  " << x.created_at
              << (x.last_error.empty() ? "" : "  " + Clip(x.last_error, 80)) << "\n";
  return 0;
}

int Run(Context& ctx, const std::string& name, const std::string& data_text, bool wait, bool as_json) {
  ctx.Log("flow");
  json data = json::object();
  if (!data_text.empty()) {
    data = json::parse(data_text, nullptr, false);
    if (data.is_discarded()) return Fail(Permanent("--data: not JSON"));
  }
  auto l = Load(ctx);
  if (!l) return Fail(l.error());
  auto created = flows::TriggerManual(*l->db, name, data, l->settings);
  if (!created) return Fail(created.error());
  if (!wait) {
    std::cout << (as_json ? json{{"run", created->id}}.dump() : "run " + std::to_string(created->id) + " queued")
              << "\n";
    return 0;
  }
  flows::FlowEngine engine(*l->db, l->settings, l->schema, Owner());
  auto state = engine.RunOne(*l->catalog, created->id);
  if (!state) return Fail(state.error());
  // Another worker took it first (or it waits for a retry): follow it.
  for (int i = 0; i < 600; ++i) {
    auto r = GetFlowRun(*l->db, created->id);
    if (!r) return Fail(r.error());
    if (*r && (*r)->state != "pending" && (*r)->state != "running") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  auto r = GetFlowRun(*l->db, created->id);
  if (!r) return Fail(r.error());
  if (!*r) return Fail(Permanent("run vanished"));
  if (as_json) std::cout << RunJson(**r).dump(2) << "\n";
  else PrintRun(**r);
  return (*r)->state == "succeeded" ? 0 : 3;
}

int Runs(Context& ctx, const std::string& name, long long run_id, int limit, bool as_json) {
  auto db = ctx.Connect();
  if (!db) return Fail(db.error());
  if (run_id > 0) {
    auto r = GetFlowRun(**db, run_id);
    if (!r) return Fail(r.error());
    if (!*r || (*r)->workflow != name) return Fail(Permanent("no run " + std::to_string(run_id) + " of " + name));
    if (as_json) std::cout << RunJson(**r).dump(2) << "\n";
    else PrintRun(**r);
    return 0;
  }
  auto runs = ListFlowRuns(**db, name, limit);
  if (!runs) return Fail(runs.error());
  if (as_json) {
    json out = json::array();
    for (const auto& r : *runs) out.push_back(RunJson(r));
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  for (const auto& r : *runs)
    std::cout << std::left << std::setw(8) << r.id << std::setw(13) << r.state << std::setw(26) << r.created_at
              << std::setw(40) << Clip(r.trigger_key, 39) << std::right << std::setw(9) << std::fixed
              << std::setprecision(1) << r.duration_ms << " ms"
              << (r.last_error.empty() ? "" : "  " + Clip(r.last_error, 70)) << "\n";
  return 0;
}

int Retry(Context& ctx, long long run_id) {
  auto db = ctx.Connect();
  if (!db) return Fail(db.error());
  auto n = RetryFlowRun(**db, run_id);
  if (!n) return Fail(n.error());
  std::cout << "run " << run_id << ": " << *n << " step(s) will be tried again\n";
  return 0;
}

int Check(Context& ctx, const std::string& dir) {
  std::string d = dir.empty() ? flows::SettingsFromConfig(ctx.config()).dir : dir;
  auto loaded = flows::LoadFlowDir(d);
  for (const auto& f : loaded.flows)
    std::cout << "ok     " << f.origin << "  (" << f.name << ", " << f.operations.size() << " operations)\n";
  for (const auto& e : loaded.errors) std::cout << "error  " << e << "\n";
  return loaded.errors.empty() ? 0 : 1;
}

}  // namespace

void AddFlowCommands(CLI::App& app, Context& ctx, int& code) {
  static int threads = 0;
  auto* worker = app.add_subcommand("flows", "run the flow engine's worker (business flows on the events outbox)");
  worker->add_option("--threads", threads, "engine threads (default flows.threads)");
  worker->callback([&] { code = Worker(ctx, threads); });

  auto* flow = app.add_subcommand("flow", "business flows: list, show, run, runs, retry, check");
  flow->require_subcommand(1);
  static bool as_json = false, no_wait = false;
  static std::string name, data, dir;
  static long long run_id = 0;
  static int limit = 20;
  auto* list = flow->add_subcommand("list", "the flows of flows/ (loaded into the database) and their runs");
  list->add_flag("--json", as_json);
  list->callback([&] { code = List(ctx, as_json); });
  auto* show = flow->add_subcommand("show", "a flow's definition, timers and last runs");
  show->add_option("name", name)->required();
  show->add_flag("--json", as_json);
  show->callback([&] { code = Show(ctx, name, as_json); });
  auto* run = flow->add_subcommand("run", "start a flow now with --data as $trigger and print the run");
  run->add_option("name", name)->required();
  run->add_option("--data", data, "JSON ($trigger of the run)");
  run->add_flag("--no-wait", no_wait, "only queue the run (the worker runs it)");
  run->add_flag("--json", as_json);
  run->callback([&] { code = Run(ctx, name, data, !no_wait, as_json); });
  auto* runs = flow->add_subcommand("runs", "a flow's runs, newest first (--run ID: one run's steps)");
  runs->add_option("name", name)->required();
  runs->add_option("--run", run_id, "show this run's steps");
  runs->add_option("--limit", limit, "how many (default 20)");
  runs->add_flag("--json", as_json);
  runs->callback([&] { code = Runs(ctx, name, run_id, limit, as_json); });
  auto* retry = flow->add_subcommand("retry", "try the dead or failed steps of a run again");
  retry->add_option("run", run_id)->required();
  retry->callback([&] { code = Retry(ctx, run_id); });
  auto* check = flow->add_subcommand("check", "validate flow files (no database)");
  check->add_option("dir", dir, "folder (default flows.dir)");
  check->callback([&] { code = Check(ctx, dir); });
}

}  // namespace docflow::cli
