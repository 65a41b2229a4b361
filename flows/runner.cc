#include "flows/runner.h"

#include <algorithm>
#include <cmath>
#include <deque>
#include <map>
#include <random>
#include <set>

#include <spdlog/spdlog.h>

#include "flows/operation.h"
#include "flows/template.h"
#include "flows/time_text.h"
#include "storage/flow_runs.h"

namespace docflow::flows {
using nlohmann::json;

double BackoffMs(const FlowSettings& s, int attempt) {
  double ms = s.backoff_ms * std::pow(2.0, std::max(0, attempt - 1));
  return std::min(ms, static_cast<double>(s.backoff_max_ms));
}

namespace {

bool Final(const std::string& state) {
  return state == "succeeded" || state == "rejected" || state == "skipped" || state == "failed" || state == "dead";
}

bool LeaseLost(const Error& e) { return e.message.rfind(kFlowLeaseLost, 0) == 0; }

double Jitter() {
  thread_local std::mt19937 rng{std::random_device{}()};
  return std::uniform_real_distribution<double>(0.8, 1.2)(rng);
}

void Finish(FlowStepRecord& step) {
  step.finished_at = NowSeconds();
  step.duration_ms = (step.finished_at - step.started_at) * 1000.0;
}

void Apply(FlowStepRecord& step, const OpOutcome& o) {
  step.state = o.state == OpOutcome::kResolved ? "succeeded" : o.state == OpOutcome::kRejected ? "rejected" : "skipped";
  step.output = o.output;
  step.error = o.note;
  step.next_attempt_at = 0;
  Finish(step);
}

// A failed attempt: retried later when the error is transient and attempts
// are left, dead when they are not, failed when it is permanent.
void Failed(FlowStepRecord& step, const Error& e, bool may_retry, int max_attempts, const FlowSettings& s) {
  step.error = e.message;
  step.output = nullptr;
  Finish(step);
  if (!e.retryable || !may_retry) {
    step.state = "failed";
  } else if (step.attempts >= max_attempts) {
    step.state = "dead";
    step.error = "gave up after " + std::to_string(step.attempts) + " attempts: " + e.message;
  } else {
    step.state = "retrying";
    step.next_attempt_at = NowSeconds() + BackoffMs(s, step.attempts) * Jitter() / 1000.0;
  }
}

}  // namespace

Runner::Runner(Db& db, const FlowSettings& settings, std::shared_ptr<const FlowSchema> schema, std::string owner)
    : db_(db), settings_(settings), schema_(std::move(schema)), owner_(std::move(owner)) {}

Result<std::string> Runner::Execute(const FlowCatalog& catalog, const ClaimedRun& run, std::vector<RunEnd>* ends) {
  FlowRunStore store(db_);
  RunLease lease{run.id, run.lease_token, run.workflow, run.depth};
  auto finish = [&](const std::vector<FlowStepRecord>& steps, const std::string& state, const std::string& error,
                    double next) -> Status {
    if (ends) {
      ends->push_back(RunEnd{lease, steps, state, error, next});
      return Ok();
    }
    return store.Finish(lease, steps, state, error, next);
  };
  const FlowDefinition* def = catalog.Find(run.workflow);
  if (!def) {
    if (auto s = finish({}, "failed", "flow '" + run.workflow + "' is not loaded", 0); !s) return s.error();
    return std::string("failed");
  }
  if (run.crashes >= settings_.max_crashes) {
    std::string why = "abandoned " + std::to_string(run.crashes) +
                      " times by a worker that stopped mid-run (flows.max_crashes): not resumed again";
    if (auto s = finish({}, "failed", why, 0); !s) return s.error();
    return std::string("failed");
  }

  std::map<std::string, FlowStepRecord> recorded;
  for (const auto& s : run.steps) recorded[s.op_key] = s;
  json ctx = {{"$trigger", run.trigger},
              {"$settings", settings_.exposed},
              {"$run",
               {{"id", run.id}, {"flow", run.workflow}, {"depth", run.depth}, {"trigger_key", run.trigger_key},
                {"trigger_kind", run.trigger_kind}}},
              {"$last", nullptr}};
  for (const auto& [key, s] : recorded)
    if (Final(s.state)) ctx[key] = s.output;

  struct Item {
    std::string key, parent, via;
    json last;
  };
  std::deque<Item> frontier;
  for (const auto& s : def->start) frontier.push_back({s, "", "start", nullptr});
  std::vector<FlowStepRecord> pending;  // pure steps, written with the next commit
  double wait_until = 0;
  std::string failure;
  bool dead = false;

  auto follow = [&](const OperationSpec& spec, const FlowStepRecord& st) {
    if (st.state == "succeeded" || st.state == "skipped") {
      for (const auto& n : spec.resolve) frontier.push_back({n, spec.key, "resolve", st.output});
    } else if (st.state == "rejected") {
      for (const auto& n : spec.reject) frontier.push_back({n, spec.key, "reject", st.output});
    } else if (st.state == "failed" || st.state == "dead") {
      json err = {{"error", st.error}, {"op", spec.key}, {"state", st.state}};
      for (const auto& n : spec.reject) frontier.push_back({n, spec.key, "reject", err});
      if (spec.reject.empty()) {
        dead = dead || st.state == "dead";
        if (failure.empty()) failure = spec.key + ": " + st.error;
      }
    }
  };
  auto wait = [&](double at) { wait_until = wait_until == 0 ? at : std::min(wait_until, at); };

  std::set<std::string> reached;  // an operation runs once, on its first arrival
  while (!frontier.empty()) {
    Item item = std::move(frontier.front());
    frontier.pop_front();
    if (!reached.insert(item.key).second) continue;
    const OperationSpec& spec = *def->Find(item.key);
    const Operation* op = FindOperation(spec.type);
    auto rec = recorded.find(item.key);
    if (rec != recorded.end()) {
      const FlowStepRecord& st = rec->second;
      if (Final(st.state)) {
        follow(spec, st);
        continue;
      }
      if (st.state == "retrying" && st.next_attempt_at > NowSeconds()) {
        wait(st.next_attempt_at);
        continue;
      }
      // 'sent' (a crash between sending and recording), 'running', or a retry that is due: run again.
    }
    FlowStepRecord step;
    step.op_key = spec.key;
    step.op_type = spec.type;
    step.parent = item.parent;
    step.via = item.via;
    step.attempts = (rec != recorded.end() ? rec->second.attempts : 0) + 1;
    step.started_at = NowSeconds();
    step.idempotency_key = "docflow-" + std::to_string(run.id) + "-" + spec.key;
    int max_attempts = spec.max_attempts > 0 ? spec.max_attempts : settings_.max_attempts;

    ctx["$last"] = item.last;
    auto rendered = Render(spec.options, ctx);
    OpEnv env;
    env.settings = &settings_;
    env.catalog = &catalog;
    env.context = &ctx;
    env.run_id = run.id;
    env.flow = run.workflow;
    env.op_key = spec.key;
    env.depth = run.depth;
    env.attempt = step.attempts;
    env.idempotency_key = step.idempotency_key;

    if (!rendered) {
      step.input = spec.options;
      Failed(step, Permanent(rendered.error().message), false, max_attempts, settings_);
      pending.push_back(step);
    } else if (op->kind() == OpKind::kPure) {
      step.input = op->Recorded(*rendered);
      auto r = op->Run(*rendered, env);
      if (r) Apply(step, *r);
      else Failed(step, r.error(), false, max_attempts, settings_);
      pending.push_back(step);
    } else if (op->kind() == OpKind::kDatabase) {
      step.input = op->Recorded(*rendered);
      auto c = store.CommitStep(lease, pending, *schema_, settings_.lease_seconds,
                                [&](FlowTx& tx) -> Result<FlowStepRecord> {
                                  env.tx = &tx;
                                  auto r = op->Run(*rendered, env);
                                  env.tx = nullptr;
                                  if (!r) return r.error();
                                  FlowStepRecord done = step;
                                  Apply(done, *r);
                                  return done;
                                });
      if (c) {
        step = *c;
      } else {
        if (LeaseLost(c.error())) return c.error();
        // Rolled back: nothing the operation wrote remains. Record why.
        Failed(step, c.error(), true, max_attempts, settings_);
        pending.push_back(step);
        if (auto s = store.SaveSteps(lease, pending, settings_.lease_seconds); !s) return s.error();
      }
      pending.clear();
    } else {  // kExternal: 'sent' is durable before anything leaves
      step.input = op->Recorded(*rendered);
      step.state = "sent";
      pending.push_back(step);
      if (auto s = store.SaveSteps(lease, pending, settings_.lease_seconds); !s) return s.error();
      pending.clear();
      auto r = op->Run(*rendered, env);
      if (r) Apply(step, *r);
      else Failed(step, r.error(), true, max_attempts, settings_);
      if (auto s = store.SaveSteps(lease, {step}, settings_.lease_seconds); !s) return s.error();
      if (step.state == "retrying")
        spdlog::warn("flow {} run {}: {} attempt {} failed, retrying: {}", run.workflow, run.id, spec.key,
                     step.attempts, step.error);
      else if (step.state == "dead")
        spdlog::error("flow {} run {}: {} dead-lettered: {}", run.workflow, run.id, spec.key, step.error);
    }
    recorded[spec.key] = step;
    if (step.state == "retrying") {
      wait(step.next_attempt_at);
      continue;
    }
    ctx[spec.key] = step.output;
    follow(spec, step);
  }

  std::string state = wait_until > 0 ? "pending" : dead ? "dead" : failure.empty() ? "succeeded" : "failed";
  if (auto s = finish(pending, state, wait_until > 0 ? "" : failure, wait_until); !s) return s.error();
  if (state == "failed" || state == "dead")
    spdlog::warn("flow {} run {} {}: {}", run.workflow, run.id, state, failure);
  return state;
}

}  // namespace docflow::flows
