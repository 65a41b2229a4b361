// mail: a plain-text e-mail through the SMTP server of flows.smtp_url
// (libcurl, flows/curl_transport.h), from flows.mail_from.
//   to (an address, "a@x, b@y" or a list), cc, subject, text, reply_to
// Skipped when flows.smtp_url is unset or no recipient is valid. The
// Message-ID is derived from the idempotency key: the same on every retry,
// so a receiver (or a test) can drop repeats. A 4xx reply or no answer is
// retried with back-off; a 5xx reply fails the step.
// Output: {"to": [...], "cc": [...], "message_id"}.
#include "flows/curl_transport.h"
#include "flows/expression.h"
#include "flows/mail_message.h"
#include "flows/ops/ops.h"
#include "flows/time_text.h"

namespace docflow::flows::ops {
using nlohmann::json;

namespace {

std::vector<std::string> Items(const json& v) {
  std::vector<std::string> out;
  if (v.is_array()) {
    for (const json& e : v)
      if (!e.is_null()) out.push_back(ToText(e));
  } else if (!v.is_null()) {
    out.push_back(ToText(v));
  }
  return out;
}

class MailOp : public Operation {
 public:
  const char* type() const override { return "mail"; }
  OpKind kind() const override { return OpKind::kExternal; }
  Status Validate(const json& o) const override {
    if (auto s = AllowedOptions(o, {"to", "cc", "subject", "text", "reply_to"}); !s) return s;
    if (auto s = RequireOption(o, "to"); !s) return s;
    if (auto s = RequireOption(o, "subject"); !s) return s;
    return RequireOption(o, "text");
  }
  Result<OpOutcome> Run(const json& o, OpEnv& env) const override {
    OpOutcome out;
    const FlowSettings& s = *env.settings;
    MailMessage m;
    m.to = MailAddresses(Items(o.value("to", json(nullptr))));
    m.cc = MailAddresses(Items(o.value("cc", json(nullptr))));
    if (s.smtp_url.empty() || m.to.empty()) {
      out.state = OpOutcome::kSkipped;
      out.note = s.smtp_url.empty() ? "no SMTP server (flows.smtp_url is not set)" : "no valid recipient";
      out.output = nullptr;
      return out;
    }
    m.from = s.mail_from;
    m.subject = ToText(o["subject"]);
    m.text = ToText(o["text"]);
    m.reply_to = o.contains("reply_to") ? ToText(o["reply_to"]) : "";
    m.message_id = env.idempotency_key + "@docflow";
    m.date = NowSeconds();
    SmtpCall call;
    call.url = s.smtp_url;
    call.user = s.smtp_user;
    call.password = s.smtp_password;
    call.starttls = s.smtp_starttls;
    call.from = s.mail_from;
    call.to = m.to;
    call.to.insert(call.to.end(), m.cc.begin(), m.cc.end());
    call.message = BuildMailMessage(m);
    call.timeout_ms = s.request_timeout_ms;
    if (auto st = SendSmtp(call); !st) return st.error();
    out.output = {{"to", m.to}, {"cc", m.cc}, {"message_id", m.message_id}};
    return out;
  }
};
}  // namespace

const Operation& Mail() {
  static const MailOp op;
  return op;
}

}  // namespace docflow::flows::ops
