// For the records tests: documents recorded and walked to the store stage
// the way the broker does, then stored with a class and fields.
#pragma once

#include <cstdio>
#include <map>
#include <memory>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "storage/documents.h"
#include "storage/jobs.h"
#include "storage/store_document.h"
#include "tests/store_walk.h"
#include "tests/test_database.h"

namespace docflow::testing {

class StoreHarness {
 public:
  explicit StoreHarness(TestDatabase& t) : t_(t), db_(t.Connect()), jobs_(*db_) {}
  Db& db() { return *db_; }

  // A new document in the storing state, classified label, with these fields.
  StoreInput Prepare(const std::string& label, const std::map<std::string, nlohmann::json>& fields,
                     const std::string& subtype = "") {
    char sha[65];
    std::snprintf(sha, sizeof sha, "%064llx", ++seq_);
    StoreInput in = WalkToStoring(*db_, jobs_, sha, label + "-" + std::to_string(seq_) + ".pdf", "cli", {});
    in.classification = {label, 0.9, subtype, {}};
    for (const auto& [k, v] : fields) in.fields[k] = Field{v, 0.9, 0, std::nullopt, "test", label + "/test"};
    return in;
  }

  // Prepare + StoreDocument; fails the test when the store fails.
  StoreOutcome Store(const std::string& label, const std::map<std::string, nlohmann::json>& fields,
                     long long* document_id = nullptr, const std::string& subtype = "") {
    StoreInput in = Prepare(label, fields, subtype);
    if (document_id) *document_id = in.document_id;
    auto out = StoreDocument(*db_, in);
    EXPECT_TRUE(out.ok()) << out.error().message;
    return out.ok() ? *out : StoreOutcome{};
  }

  long long Scalar(const std::string& sql) { return t_.Scalar(sql); }

 private:
  TestDatabase& t_;
  std::unique_ptr<Db> db_;
  JobStore jobs_;
  unsigned long long seq_ = 0;
};

}  // namespace docflow::testing
