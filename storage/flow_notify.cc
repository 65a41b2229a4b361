#include "storage/flow_notify.h"

#include <pqxx/pqxx>

#include "common/log.h"

namespace docflow {

namespace {
constexpr const char* kChannel = "docflow_flows";

class Receiver : public pqxx::notification_receiver {
 public:
  Receiver(pqxx::connection_base& c, bool* flag) : pqxx::notification_receiver(c, kChannel), flag_(flag) {}
  void operator()(const std::string&, int) override { *flag_ = true; }

 private:
  bool* flag_;
};
}  // namespace

struct FlowWakeups::Impl {
  std::unique_ptr<pqxx::connection> conn;
  std::unique_ptr<Receiver> receiver;
  bool fired = false;
};

FlowWakeups::FlowWakeups(std::string url) : url_(std::move(url)), impl_(std::make_unique<Impl>()) {}

FlowWakeups::~FlowWakeups() {
  impl_->receiver.reset();  // before its connection
  impl_->conn.reset();
}

namespace {
Status Open(const std::string& url, FlowWakeups::Impl& impl) {
  try {
    impl.receiver.reset();
    impl.conn = std::make_unique<pqxx::connection>(url);
    impl.receiver = std::make_unique<Receiver>(*impl.conn, &impl.fired);
    impl.conn->get_notifs();  // issues the LISTEN
    return Ok();
  } catch (const std::exception& e) {
    impl.receiver.reset();
    impl.conn.reset();
    return Transient("cannot listen for flow wake-ups on " + RedactUrl(url) + ": " + RedactUrl(e.what()));
  }
}
}  // namespace

Result<std::unique_ptr<FlowWakeups>> FlowWakeups::Listen(const std::string& url) {
  std::unique_ptr<FlowWakeups> w(new FlowWakeups(url));
  if (auto s = Open(url, *w->impl_); !s) return s.error();
  return w;
}

Result<bool> FlowWakeups::Wait(int timeout_ms) {
  Impl& impl = *impl_;
  if (!impl.conn || !impl.conn->is_open()) {
    if (auto s = Open(url_, impl); !s) return s.error();
    return true;
  }
  try {
    impl.fired = false;
    impl.conn->get_notifs();
    if (!impl.fired && timeout_ms > 0)
      impl.conn->await_notification(timeout_ms / 1000, static_cast<long>(timeout_ms % 1000) * 1000);
    impl.conn->get_notifs();
    return impl.fired;
  } catch (const std::exception& e) {
    impl.receiver.reset();
    impl.conn.reset();
    return Transient(std::string("flow wake-up connection lost: ") + RedactUrl(e.what()));
  }
}

}  // namespace docflow
