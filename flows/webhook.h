// Starting a flow from outside the worker.
//
// TriggerWebhook is the integration point of the HTTP API's route
//   POST /api/v1/flows/{name}/trigger    (body: JSON, header Idempotency-Key)
// The flow must be enabled and declare `trigger: {type: webhook}`. The run
// gets $trigger = {body, received_at} and key 'webhook:<Idempotency-Key>'
// (a repeat with the same key returns the same run, created = false), or a
// fresh key when none is given. depth: the caller's X-Docflow-Depth header
// (a flow calling its own webhook is stopped by the loop guard).
//
// TriggerManual is `docflow flow run NAME --data JSON`: any enabled flow,
// $trigger = the data object (so it can stand in for an event's
// {record: ...}), key 'manual:<random>'.
//
// Errors: Permanent "no flow named X" (HTTP 404), Permanent "flow X is
// disabled" / "flow X has no webhook trigger" (HTTP 409), Permanent when the
// stored definition is invalid; database errors are transient (HTTP 503).
//
// Thread safety: same as Db.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "common/result.h"
#include "flows/settings.h"
#include "storage/db.h"
#include "storage/flow_types.h"

namespace docflow::flows {

Result<CreatedRun> TriggerWebhook(Db& db, const std::string& name, const nlohmann::json& body,
                                  const std::string& idempotency_key = "", int depth = 0,
                                  const FlowSettings& settings = FlowSettings());

Result<CreatedRun> TriggerManual(Db& db, const std::string& name, const nlohmann::json& data,
                                 const FlowSettings& settings = FlowSettings());

// A random key (32 hex digits).
std::string RandomKey();

}  // namespace docflow::flows
