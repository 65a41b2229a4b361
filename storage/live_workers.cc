#include "storage/live_workers.h"

#include "storage/db_internal.h"

namespace docflow {
using storage_internal::Transact;

namespace {
// ZeroMQ identities are bytes: keep them printable ASCII for a text column.
std::string Printable(const std::string& id) {
  std::string out = id;
  for (char& c : out)
    if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f) c = '?';
  return out;
}
}  // namespace

Status PublishLiveWorkers(Db& db, const std::string& broker_id, const std::vector<LiveWorker>& workers) {
  return Transact(db, [&](pqxx::work& w) {
    w.exec("SET LOCAL synchronous_commit TO OFF");
    w.exec("DELETE FROM live_workers");
    w.exec_params("INSERT INTO live_workers(worker_id, stage) VALUES ($1, 'broker')", Printable(broker_id));
    for (const auto& x : workers)
      w.exec_params(
          "INSERT INTO live_workers(worker_id, stage, busy, job_id) VALUES ($1, $2, $3, NULLIF($4, 0))"
          " ON CONFLICT (worker_id) DO NOTHING",
          Printable(x.id), x.stage, x.busy, x.job_id);
  });
}

Result<Liveness> ReadLiveness(Db& db, double max_age_seconds) {
  return Transact(db, [&](pqxx::work& w) {
    Liveness out;
    auto b = w.exec("SELECT extract(epoch FROM now() - max(seen_at))::float8 FROM live_workers WHERE stage = 'broker'");
    if (!b.empty() && !b[0][0].is_null()) out.broker_age_seconds = b[0][0].as<double>();
    auto r = w.exec_params(
        "SELECT stage, count(*), count(*) FILTER (WHERE busy) FROM live_workers"
        " WHERE stage <> 'broker' AND seen_at >= now() - make_interval(secs => $1) GROUP BY stage",
        max_age_seconds);
    for (const auto& row : r) {
      out.live[row[0].as<std::string>()] = row[1].as<int>();
      out.busy[row[0].as<std::string>()] = row[2].as<int>();
    }
    return out;
  });
}

}  // namespace docflow
