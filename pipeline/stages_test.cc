#include "pipeline/stages.h"

#include <gtest/gtest.h>

namespace docflow {

TEST(Stages, StateMachineRoundTrips) {
  EXPECT_EQ(StageForState("queued"), "preprocess");
  EXPECT_EQ(StageForState("preprocessing"), "preprocess");
  EXPECT_EQ(StageForState("classifying"), "classify");
  EXPECT_EQ(StageForState("done"), "");
  EXPECT_EQ(StateForStage("extract"), "extracting");
  EXPECT_EQ(NextStage("preprocess"), "ocr");
  EXPECT_EQ(NextStage("extract"), "store");
  EXPECT_EQ(NextStage("store"), "");
  EXPECT_TRUE(IsTerminalState("failed"));
  EXPECT_FALSE(IsTerminalState("storing"));
  EXPECT_FALSE(IsKnownStage("bogus"));
}

}  // namespace docflow
