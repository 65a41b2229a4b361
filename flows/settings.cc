#include "flows/settings.h"

#include <cstdlib>

namespace docflow::flows {
using nlohmann::json;

std::string DefaultFlowsDir() {
  if (const char* d = std::getenv("DOCFLOW_FLOWS_DIR"); d && *d) return d;
  return DOCFLOW_DEFAULT_FLOWS_DIR;
}

FlowSettings SettingsFromConfig(const Config& c) {
  FlowSettings s;
  const json& f = c.tree().at("flows");
  s.dir = c.Str("flows.dir");
  if (s.dir.empty()) s.dir = DefaultFlowsDir();
  s.threads = std::max(1, c.Int("flows.threads"));
  s.batch = std::max(1, c.Int("flows.batch"));
  s.poll_ms = std::max(10, c.Int("flows.poll_ms"));
  s.lease_seconds = std::max(5, c.Int("flows.lease_seconds"));
  s.max_depth = std::max(0, c.Int("flows.max_depth"));
  s.max_attempts = std::max(1, c.Int("flows.max_attempts"));
  s.backoff_ms = std::max(1, c.Int("flows.backoff_ms"));
  s.backoff_max_ms = std::max(s.backoff_ms, c.Int("flows.backoff_max_ms"));
  s.request_timeout_ms = std::max(100, c.Int("flows.request_timeout_ms"));
  s.max_crashes = std::max(1, c.Int("flows.max_crashes"));
  s.smtp_url = c.Str("flows.smtp_url");
  s.smtp_user = c.Str("flows.smtp_user");
  s.smtp_password = c.Str("flows.smtp_password");
  s.smtp_starttls = c.Bool("flows.smtp_starttls");
  s.mail_from = c.Str("flows.mail_from");
  // Everything a flow may read: the flows.* keys minus secrets and the
  // engine's own knobs. smtp_configured says whether mail can go out.
  for (auto it = f.begin(); it != f.end(); ++it) {
    static const char* kHidden[] = {"smtp_url", "smtp_user", "smtp_password", "dir"};
    bool hidden = false;
    for (const char* h : kHidden) hidden = hidden || it.key() == h;
    if (!hidden) s.exposed[it.key()] = it.value();
  }
  s.exposed["smtp_configured"] = !s.smtp_url.empty();
  return s;
}

}  // namespace docflow::flows
