#include "tests/store_walk.h"

#include <utility>

#include <gtest/gtest.h>

namespace docflow::testing {

StoreInput WalkToStoring(Db& db, JobStore& jobs, const std::string& sha256, const std::string& filename,
                         const std::string& source, const nlohmann::json& source_detail, double stage_ms,
                         IngestReceipt* receipt) {
  StoreInput in;
  auto r = RecordDocument(db, sha256, 100, filename, source, source_detail, 3);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  if (!r.ok()) return in;
  if (receipt) *receipt = *r;
  for (auto [stage, next] :
       {std::pair{"preprocess", "classifying"}, {"classify", "extracting"}, {"extract", "storing"}}) {
    auto cl = jobs.Claim(stage, 1, "w", 30);
    EXPECT_TRUE(cl.ok() && cl->size() == 1) << stage;
    if (!cl.ok() || cl->empty()) return in;
    EXPECT_TRUE(*jobs.Complete(r->job_id, (*cl)[0].lease_token, stage, nlohmann::json::object(), next, "w", stage_ms));
  }
  auto cl = jobs.Claim("store", 1, "w", 30);
  EXPECT_TRUE(cl.ok() && cl->size() == 1);
  if (!cl.ok() || cl->empty()) return in;
  in.job_id = r->job_id;
  in.document_id = r->document_id;
  in.lease_token = (*cl)[0].lease_token;
  in.mime = "application/pdf";
  return in;
}

}  // namespace docflow::testing
