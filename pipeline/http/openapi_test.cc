// docs/openapi.yaml describes exactly the routes the server registers, with
// the scope each one needs (x-docflow-scope) and its path parameters.
#include <yaml-cpp/yaml.h>

#include <cstdlib>
#include <set>
#include <tuple>

#include <gtest/gtest.h>

#include "pipeline/http/api_server.h"

namespace docflow::http {
namespace {

std::string SpecPath() {
  const char* dir = std::getenv("DOCFLOW_SOURCE_DIR");
  return std::string(dir ? dir : ".") + "/docs/openapi.yaml";
}

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

TEST(OpenApi, SpecAndServerRoutesAgree) {
  YAML::Node spec;
  ASSERT_NO_THROW(spec = YAML::LoadFile(SpecPath())) << SpecPath();
  ASSERT_TRUE(spec["openapi"]);
  EXPECT_EQ(spec["openapi"].as<std::string>().rfind("3.0", 0), 0u);
  ASSERT_TRUE(spec["info"]["title"]);
  ASSERT_TRUE(spec["paths"].IsMap());

  std::set<std::tuple<std::string, std::string, std::string>> in_spec, in_server;
  for (const auto& path : spec["paths"]) {
    std::string p = path.first.as<std::string>();
    for (const auto& op : path.second) {
      std::string method = op.first.as<std::string>();
      if (method == "parameters" || method == "summary" || method == "description") continue;
      const YAML::Node& o = op.second;
      std::string scope = o["x-docflow-scope"] ? o["x-docflow-scope"].as<std::string>() : "";
      in_spec.insert({Upper(method), p, scope});
      EXPECT_TRUE(o["responses"] && o["responses"].IsMap()) << method << " " << p;
      EXPECT_TRUE(o["operationId"]) << method << " " << p;
      // Secured routes name the bearer scheme and answer 401 and 403.
      if (!scope.empty()) {
        EXPECT_TRUE(o["security"]) << method << " " << p;
        EXPECT_TRUE(o["responses"]["401"]) << method << " " << p;
        EXPECT_TRUE(o["responses"]["403"]) << method << " " << p;
        EXPECT_TRUE(o["responses"]["429"]) << method << " " << p;
      }
      // {id} is declared as a path parameter.
      if (p.find("{id}") != std::string::npos) {
        bool declared = false;
        for (const auto& params : {path.second["parameters"], o["parameters"]}) {
          if (!params) continue;
          for (const auto& prm : params) {
            if (prm["$ref"] && prm["$ref"].as<std::string>() == "#/components/parameters/Id") declared = true;
            if (prm["name"] && prm["name"].as<std::string>() == "id" && prm["in"].as<std::string>() == "path")
              declared = true;
          }
        }
        EXPECT_TRUE(declared) << method << " " << p << ": {id} not declared";
      }
    }
  }
  for (const auto& r : ApiServer::Routes()) in_server.insert({r.method, r.path, r.scope});
  for (const auto& r : in_server)
    EXPECT_TRUE(in_spec.count(r)) << "not in the spec (or with another scope): " << std::get<0>(r) << " "
                                  << std::get<1>(r) << " [" << std::get<2>(r) << "]";
  for (const auto& r : in_spec)
    EXPECT_TRUE(in_server.count(r)) << "not served (or with another scope): " << std::get<0>(r) << " "
                                    << std::get<1>(r) << " [" << std::get<2>(r) << "]";
  ASSERT_TRUE(spec["components"]["securitySchemes"]["bearerAuth"]);
  EXPECT_EQ(spec["components"]["securitySchemes"]["bearerAuth"]["scheme"].as<std::string>(), "bearer");
}

}  // namespace
}  // namespace docflow::http
