#include "pipeline/messages.h"

#include <gtest/gtest.h>

namespace docflow {

static Result<Message> RoundTrip(const Message& m) {
  auto frames = Encode(m);
  return Decode(frames);
}

TEST(Messages, JobRoundTripKeepsHeaderAndBinaryBlobs) {
  Payload p;
  p.header = {{"document_id", 7}, {"pages", {{{"index", 0}, {"blob", 0}}}}};
  p.blobs.push_back(std::string("\x89PNG\0\x01\x02", 7));
  auto m = RoundTrip(MakeJob(42, 3, "ocr", p));
  ASSERT_TRUE(m.ok()) << m.error().message;
  EXPECT_EQ(m->command, protocol::Command::kJob);
  EXPECT_EQ(m->job_id, 42);
  EXPECT_EQ(m->lease_token, 3);
  EXPECT_EQ(m->stage, "ocr");
  EXPECT_EQ(m->payload.header["document_id"], 7);
  ASSERT_EQ(m->payload.blobs.size(), 1u);
  EXPECT_EQ(m->payload.blobs[0].size(), 7u);
  EXPECT_EQ(m->payload.blobs[0][4], '\0');
}

TEST(Messages, FailedCarriesReasonAndRetryability) {
  auto m = RoundTrip(MakeFailed(5, 9, Permanent("unsupported type: application/zip")));
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->command, protocol::Command::kFailed);
  EXPECT_FALSE(m->retryable);
  EXPECT_EQ(m->reason, "unsupported type: application/zip");
  auto t = RoundTrip(MakeFailed(5, 9, Transient("db down")));
  ASSERT_TRUE(t.ok());
  EXPECT_TRUE(t->retryable);
}

TEST(Messages, MalformedInputIsAnErrorNotACrash) {
  std::vector<zmq::message_t> frames;
  EXPECT_FALSE(Decode(frames).ok());
  frames.emplace_back();
  frames.emplace_back("XXX01", 5);
  frames.emplace_back("\x05", 1);
  EXPECT_FALSE(Decode(frames).ok());
  frames[1] = zmq::message_t("DFW01", 5);
  EXPECT_TRUE(Decode(frames).ok());  // a heartbeat
  frames[2] = zmq::message_t("\x03", 1);  // DONE without fields
  EXPECT_FALSE(Decode(frames).ok());
  frames.emplace_back("12x", 3);
  frames.emplace_back("1", 1);
  frames.emplace_back("{}", 2);
  EXPECT_FALSE(Decode(frames).ok());  // bad job id
  frames[3] = zmq::message_t("12", 2);
  frames[5] = zmq::message_t("{not json", 9);
  EXPECT_FALSE(Decode(frames).ok());
  frames[2] = zmq::message_t("\x7f", 1);
  EXPECT_FALSE(Decode(frames).ok());
}

TEST(Messages, TravelOverRealRouterDealerSockets) {
  zmq::context_t ctx;
  zmq::socket_t router(ctx, zmq::socket_type::router), dealer(ctx, zmq::socket_type::dealer);
  router.bind("tcp://127.0.0.1:*");
  std::string endpoint = router.get(zmq::sockopt::last_endpoint);
  dealer.set(zmq::sockopt::routing_id, "w1");
  dealer.connect(endpoint);
  ASSERT_TRUE(SendMessage(dealer, MakeReady("classify")));
  std::vector<zmq::message_t> frames;
  ASSERT_TRUE(ReceiveFrames(router, frames, false));
  ASSERT_GE(frames.size(), 2u);
  EXPECT_EQ(frames[0].to_string(), "w1");
  auto m = Decode(frames, 1);
  ASSERT_TRUE(m.ok()) << m.error().message;
  EXPECT_EQ(m->command, protocol::Command::kReady);
  EXPECT_EQ(m->stage, "classify");
  ASSERT_TRUE(SendMessage(router, MakeHeartbeat(), "w1"));
  ASSERT_TRUE(ReceiveFrames(dealer, frames, false));
  auto hb = Decode(frames);
  ASSERT_TRUE(hb.ok());
  EXPECT_EQ(hb->command, protocol::Command::kHeartbeat);
}

}  // namespace docflow
