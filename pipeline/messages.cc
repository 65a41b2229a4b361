#include "pipeline/messages.h"

#include <charconv>

namespace docflow {
using protocol::Command;

namespace {

zmq::message_t Frame(std::string_view s) { return zmq::message_t(s.data(), s.size()); }

bool ParseInt(const zmq::message_t& f, long long& out) {
  auto s = f.to_string_view();
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size();
}

}  // namespace

std::vector<zmq::message_t> Encode(const Message& m) {
  std::vector<zmq::message_t> f;
  f.emplace_back();  // empty delimiter
  f.push_back(Frame(protocol::kTag));
  unsigned char cmd = static_cast<unsigned char>(m.command);
  f.emplace_back(&cmd, 1);
  switch (m.command) {
    case Command::kReady:
      f.push_back(Frame(m.stage));
      if (m.job_id > 0) {
        f.push_back(Frame(std::to_string(m.job_id)));
        f.push_back(Frame(std::to_string(m.lease_token)));
      }
      break;
    case Command::kJob:
    case Command::kDone:
      f.push_back(Frame(std::to_string(m.job_id)));
      f.push_back(Frame(std::to_string(m.lease_token)));
      if (m.command == Command::kJob) f.push_back(Frame(m.stage));
      f.push_back(Frame(m.payload.header.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)));
      for (const auto& b : m.payload.blobs) f.push_back(Frame(b));
      break;
    case Command::kFailed:
      f.push_back(Frame(std::to_string(m.job_id)));
      f.push_back(Frame(std::to_string(m.lease_token)));
      f.push_back(Frame(m.retryable ? "1" : "0"));
      f.push_back(Frame(m.reason));
      break;
    case Command::kHeartbeat:
    case Command::kDisconnect:
      break;
  }
  return f;
}

Result<Message> Decode(std::vector<zmq::message_t>& frames, size_t first) {
  size_t n = frames.size();
  if (n < first + 3) return Permanent("malformed message: too few frames");
  if (n - first > protocol::kMaxFrames) return Permanent("malformed message: too many frames");
  if (frames[first].size() != 0) return Permanent("malformed message: missing empty delimiter");
  if (frames[first + 1].to_string_view() != protocol::kTag) return Permanent("malformed message: wrong protocol tag");
  if (frames[first + 2].size() != 1) return Permanent("malformed message: bad command frame");
  Message m;
  m.command = static_cast<Command>(*static_cast<const unsigned char*>(frames[first + 2].data()));
  size_t i = first + 3;
  auto need = [&](size_t k) { return n >= i + k; };
  switch (m.command) {
    case Command::kReady:
      if (!need(1)) return Permanent("malformed READY");
      m.stage = frames[i].to_string();
      if (need(3) && (!ParseInt(frames[i + 1], m.job_id) || !ParseInt(frames[i + 2], m.lease_token)))
        return Permanent("malformed READY");
      break;
    case Command::kJob:
    case Command::kDone: {
      size_t fixed = m.command == Command::kJob ? 4 : 3;
      if (!need(fixed)) return Permanent("malformed JOB/DONE");
      if (!ParseInt(frames[i], m.job_id) || !ParseInt(frames[i + 1], m.lease_token))
        return Permanent("malformed JOB/DONE: bad job id or lease token");
      i += 2;
      if (m.command == Command::kJob) m.stage = frames[i++].to_string();
      m.payload.header = nlohmann::json::parse(frames[i].to_string_view(), nullptr, false);
      if (m.payload.header.is_discarded()) return Permanent("malformed JOB/DONE: header is not JSON");
      for (++i; i < n; ++i) m.payload.blobs.push_back(frames[i].to_string());
      break;
    }
    case Command::kFailed:
      if (!need(4)) return Permanent("malformed FAILED");
      if (!ParseInt(frames[i], m.job_id) || !ParseInt(frames[i + 1], m.lease_token))
        return Permanent("malformed FAILED: bad job id or lease token");
      m.retryable = frames[i + 2].to_string_view() != "0";
      m.reason = frames[i + 3].to_string();
      break;
    case Command::kHeartbeat:
    case Command::kDisconnect:
      break;
    default:
      return Permanent("malformed message: unknown command");
  }
  return m;
}

Message MakeReady(std::string stage, long long held_job, long long held_token) {
  Message m;
  m.command = Command::kReady;
  m.stage = std::move(stage);
  m.job_id = held_job;
  m.lease_token = held_token;
  return m;
}
Message MakeHeartbeat() {
  Message m;
  m.command = Command::kHeartbeat;
  return m;
}
Message MakeDisconnect() {
  Message m;
  m.command = Command::kDisconnect;
  return m;
}
Message MakeJob(long long job_id, long long lease_token, std::string stage, Payload payload) {
  Message m;
  m.command = Command::kJob;
  m.job_id = job_id;
  m.lease_token = lease_token;
  m.stage = std::move(stage);
  m.payload = std::move(payload);
  return m;
}
Message MakeDone(long long job_id, long long lease_token, Payload payload) {
  Message m;
  m.command = Command::kDone;
  m.job_id = job_id;
  m.lease_token = lease_token;
  m.payload = std::move(payload);
  return m;
}
Message MakeFailed(long long job_id, long long lease_token, const Error& error) {
  Message m;
  m.command = Command::kFailed;
  m.job_id = job_id;
  m.lease_token = lease_token;
  m.retryable = error.retryable;
  m.reason = error.message;
  return m;
}

bool SendMessage(zmq::socket_t& socket, const Message& m, const std::string& identity) {
  auto frames = Encode(m);
  try {
    if (!identity.empty()) {
      if (!socket.send(zmq::buffer(identity), zmq::send_flags::sndmore | zmq::send_flags::dontwait)) return false;
    }
    for (size_t i = 0; i < frames.size(); ++i) {
      auto flags = i + 1 < frames.size() ? zmq::send_flags::sndmore : zmq::send_flags::none;
      if (!socket.send(frames[i], flags | zmq::send_flags::dontwait)) return false;
    }
  } catch (const zmq::error_t&) {
    return false;
  }
  return true;
}

bool ReceiveFrames(zmq::socket_t& socket, std::vector<zmq::message_t>& frames, bool dontwait) {
  frames.clear();
  try {
    while (true) {
      zmq::message_t msg;
      auto r = socket.recv(msg, dontwait && frames.empty() ? zmq::recv_flags::dontwait : zmq::recv_flags::none);
      if (!r) return false;
      bool more = msg.more();
      frames.push_back(std::move(msg));
      if (!more) return true;
    }
  } catch (const zmq::error_t&) {
    return false;
  }
}

}  // namespace docflow
