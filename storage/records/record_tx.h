// Private to storage/: the store stage's open transaction as the record
// writers (companies, people, invoice/contract/contact records) see it, and
// the outbox events they announce. The writers throw libpqxx exceptions,
// which the store stage's Transact() turns into Errors (rolling back).
//
// Not thread-safe: one per transaction.
#pragma once

#include <pqxx/pqxx>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace docflow::records {

struct OutboxEvent {
  std::string topic;         // e.g. companies.create
  std::string record_table;  // e.g. companies
  long long record_id = 0;
  nlohmann::json payload;
};

class RecordTx {
 public:
  RecordTx(pqxx::work& w, long long document_id) : w_(w), document_id_(document_id) {}
  pqxx::work& w() { return w_; }
  long long document_id() const { return document_id_; }

  // Announces a record written by this document; the same (topic, table, id)
  // twice keeps one event, with the later payload. Written to events by the
  // store stage before it commits.
  void Emit(const std::string& topic, const std::string& table, long long id, nlohmann::json payload) {
    payload["document_id"] = document_id_;
    for (auto& e : events_)
      if (e.topic == topic && e.record_table == table && e.record_id == id) {
        e.payload = std::move(payload);
        return;
      }
    events_.push_back({topic, table, id, std::move(payload)});
  }
  const std::vector<OutboxEvent>& events() const { return events_; }

 private:
  pqxx::work& w_;
  long long document_id_;
  std::vector<OutboxEvent> events_;
};

}  // namespace docflow::records
