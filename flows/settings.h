// The flow engine's settings, from the configuration's flows.* keys (every
// one overridable by DOCFLOW_FLOWS_<KEY>; the webhook and SMTP URLs also by
// DOCFLOW_FINANCE_WEBHOOK_URL, DOCFLOW_TEAM_WEBHOOK_URL and DOCFLOW_SMTP_URL).
// Flows read the non-secret ones as {{$settings.<key>}}: a flow whose
// setting is empty (no webhook URL, no SMTP server) records its step as
// skipped, never fails.
//
// Thread safety: a plain value.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "common/config.h"

namespace docflow::flows {

struct FlowSettings {
  std::string dir;             // flows/*.yaml (default: the source tree's flows/)
  int threads = 2;             // runner threads of `docflow flows`
  int batch = 64;              // events / timers / runs taken per claim
  int poll_ms = 1000;          // the longest sleep without a wake-up
  int lease_seconds = 60;      // a run's lease, renewed at each step
  int max_depth = 10;          // the loop guard
  int max_attempts = 6;        // request and mail
  int backoff_ms = 1000;       // first retry delay, doubled each time
  int backoff_max_ms = 600000;
  int request_timeout_ms = 10000;
  int max_crashes = 5;         // a run found abandoned this many times fails
  std::string smtp_url, smtp_user, smtp_password, mail_from;
  bool smtp_starttls = false;
  nlohmann::json exposed = nlohmann::json::object();  // $settings (no secrets)
};

FlowSettings SettingsFromConfig(const Config& config);

// The flows/ folder of the source tree (compiled in), or $DOCFLOW_FLOWS_DIR.
std::string DefaultFlowsDir();

}  // namespace docflow::flows
