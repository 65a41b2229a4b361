// Encoding and decoding of DFW/1 messages (see protocol.h, docs/protocol.md).
// Decoding never throws: a malformed message is an Error.
//
// Thread safety: pure functions over values.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <zmq.hpp>

#include "common/result.h"
#include "pipeline/protocol.h"

namespace docflow {

// A unit of stage work: a JSON header plus binary blobs (file bytes, page
// images) that the header refers to by index ("blob": k).
struct Payload {
  nlohmann::json header = nlohmann::json::object();
  std::vector<std::string> blobs;
};

struct Message {
  protocol::Command command{};
  std::string stage;        // READY, JOB
  long long job_id = 0;     // JOB, DONE, FAILED; READY: the job held (0: none)
  long long lease_token = 0;
  bool retryable = true;    // FAILED
  std::string reason;       // FAILED
  Payload payload;          // JOB, DONE
};

// Frames after the ROUTER identity (starting at the empty delimiter).
std::vector<zmq::message_t> Encode(const Message& m);
Result<Message> Decode(std::vector<zmq::message_t>& frames, size_t first = 0);

// READY for stage; with held_job > 0, the worker (re)connected while running
// that job under that lease token (docs/protocol.md rule 1).
Message MakeReady(std::string stage, long long held_job = 0, long long held_token = 0);
Message MakeHeartbeat();
Message MakeDisconnect();
Message MakeJob(long long job_id, long long lease_token, std::string stage, Payload payload);
Message MakeDone(long long job_id, long long lease_token, Payload payload);
Message MakeFailed(long long job_id, long long lease_token, const Error& error);

// Sends a message on socket (prefixed by identity when not empty). Returns
// false when the socket would block or is closed.
bool SendMessage(zmq::socket_t& socket, const Message& m, const std::string& identity = "");
// Receives all frames of one message (non-blocking when dontwait).
bool ReceiveFrames(zmq::socket_t& socket, std::vector<zmq::message_t>& frames, bool dontwait);

}  // namespace docflow
