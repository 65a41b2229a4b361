// DFW/1: the docflow broker/worker protocol (Majordomo-style). The prose
// specification is docs/protocol.md; this header holds every constant.
//
// Sockets: the broker binds one ROUTER; each worker connects one DEALER.
// Every message starts with an empty delimiter frame and the protocol tag,
// then a one-byte command:
//
//   worker -> broker
//     READY      [""][DFW01][0x01][stage]
//     DONE       [""][DFW01][0x03][job_id][lease_token][header-json][blob]...
//     FAILED     [""][DFW01][0x04][job_id][lease_token][retryable "0"|"1"][reason]
//     HEARTBEAT  [""][DFW01][0x05]
//     DISCONNECT [""][DFW01][0x06]
//   broker -> worker
//     JOB        [""][DFW01][0x02][job_id][lease_token][stage][header-json][blob]...
//     HEARTBEAT  [""][DFW01][0x05]
//     DISCONNECT [""][DFW01][0x06]
//
// A worker holds at most one job; DONE or FAILED makes it ready again.
// Heartbeats flow both ways on the same socket, also while a worker is busy.
#pragma once

#include <array>
#include <string_view>

namespace docflow::protocol {

inline constexpr std::string_view kTag = "DFW01";

enum class Command : unsigned char {
  kReady = 0x01,
  kJob = 0x02,
  kDone = 0x03,
  kFailed = 0x04,
  kHeartbeat = 0x05,
  kDisconnect = 0x06,
};

// Defaults; the configuration (broker.*) may override them.
inline constexpr int kHeartbeatIntervalMs = 1000;
inline constexpr int kHeartbeatLiveness = 3;       // missed beats before a peer is dead
inline constexpr int kReconnectInitialMs = 250;    // worker reconnect back-off
inline constexpr int kReconnectMaxMs = 8000;
inline constexpr int kLeaseSeconds = 15;           // renewed while the worker lives
inline constexpr size_t kMaxFrames = 10000;        // frames in one message, beyond: malformed

// The stages, in pipeline order.
inline constexpr std::array<std::string_view, 5> kStages = {"preprocess", "ocr", "classify", "extract", "store"};

}  // namespace docflow::protocol
