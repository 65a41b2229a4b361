#include "storage/document_queries.h"

#include <algorithm>

#include "storage/db_internal.h"

namespace docflow {
using nlohmann::json;
using storage_internal::Transact;

namespace {

// ISO 8601 UTC of a timestamptz expression, as SQL.
std::string Iso(const std::string& expr) {
  return "to_char(" + expr + " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')";
}

// The latest job of document d.
constexpr const char* kLatestJob =
    " LEFT JOIN LATERAL (SELECT id, state, last_error FROM jobs WHERE document_id = d.id"
    " ORDER BY id DESC LIMIT 1) j ON true";

json ParseJson(const pqxx::field& f) { return json::parse(f.as<std::string>(), nullptr, false); }

}  // namespace

Result<std::optional<json>> DocumentView(Db& db, long long document_id) {
  static const std::string sql =
      "SELECT jsonb_build_object("
      " 'id', d.id, 'filename', d.filename, 'sha256', d.sha256, 'size', d.size, 'mime', d.mime,"
      " 'page_count', d.page_count, 'source', d.source, 'provenance', d.source_detail,"
      " 'created_at', " + Iso("d.created_at") + ", 'job_id', j.id, 'state', j.state, 'error', j.last_error,"
      " 'class', d.class, 'class_subtype', d.class_subtype, 'confidence', d.class_confidence,"
      " 'fields', coalesce((SELECT jsonb_object_agg(f.name, jsonb_build_object('value', f.value,"
      "    'confidence', f.confidence, 'page', f.page, 'bbox', to_jsonb(f.bbox), 'method', f.method,"
      "    'extractor_version', f.extractor_version)) FROM document_fields f WHERE f.document_id = d.id), '{}'),"
      " 'record', coalesce("
      "   (SELECT jsonb_build_object('table', 'invoices', 'id', r.id, 'values', to_jsonb(r) - 'id' - 'document_id')"
      "      FROM invoices r WHERE r.document_id = d.id),"
      "   (SELECT jsonb_build_object('table', 'contracts', 'id', r.id, 'values', to_jsonb(r) - 'id' - 'document_id')"
      "      FROM contracts r WHERE r.document_id = d.id),"
      "   (SELECT jsonb_build_object('table', 'people', 'id', r.id,"
      "      'values', to_jsonb(r) - 'id' - 'source_document_id')"
      "      FROM people r WHERE r.source_document_id = d.id)),"
      " 'corrections', coalesce((SELECT jsonb_agg(jsonb_build_object('field', c.field, 'old_value', c.old_value,"
      "    'new_value', c.new_value, 'who', c.who, 'at', " + Iso("c.at") + ") ORDER BY c.id)"
      "    FROM field_corrections c WHERE c.document_id = d.id), '[]'))::text"
      " FROM documents d" + kLatestJob + " WHERE d.id = $1";
  return Transact(db, [&](pqxx::work& w) -> std::optional<json> {
    auto r = w.exec_params(sql, document_id);
    if (r.empty()) return std::nullopt;
    return ParseJson(r[0][0]);
  });
}

Result<std::optional<json>> JobView(Db& db, long long job_id) {
  static const std::string sql =
      "SELECT jsonb_build_object('id', j.id, 'document_id', j.document_id, 'state', j.state,"
      " 'attempts', j.attempts, 'max_attempts', j.max_attempts, 'error', j.last_error,"
      " 'created_at', " + Iso("j.created_at") + ", 'updated_at', " + Iso("j.updated_at") +
      ", 'finished_at', " + Iso("j.finished_at") + ","
      " 'events', coalesce((SELECT jsonb_agg(jsonb_build_object('at', " + Iso("e.at") + ", 'state', e.state,"
      "    'attempt', e.attempt, 'message', e.message) ORDER BY e.id) FROM job_events e WHERE e.job_id = j.id),"
      "   '[]'))::text FROM jobs j WHERE j.id = $1";
  return Transact(db, [&](pqxx::work& w) -> std::optional<json> {
    auto r = w.exec_params(sql, job_id);
    if (r.empty()) return std::nullopt;
    return ParseJson(r[0][0]);
  });
}

Result<std::optional<DocumentText>> GetDocumentText(Db& db, long long document_id) {
  return Transact(db, [&](pqxx::work& w) -> std::optional<DocumentText> {
    auto r = w.exec_params(std::string("SELECT coalesce(j.state, ''),"
                                       " (SELECT count(*) FROM pages WHERE document_id = d.id),"
                                       " coalesce((SELECT string_agg(text, E'\\f' ORDER BY page_no) FROM pages"
                                       "           WHERE document_id = d.id), '')"
                                       " FROM documents d") +
                               kLatestJob + " WHERE d.id = $1",
                           document_id);
    if (r.empty()) return std::nullopt;
    return DocumentText{r[0][0].as<std::string>(), r[0][1].as<int>(), r[0][2].as<std::string>()};
  });
}

Result<DocumentList> ListDocuments(Db& db, const DocumentFilter& f) {
  int limit = std::clamp(f.limit, 1, 200);
  static const std::string sql =
      "SELECT jsonb_build_object('id', d.id, 'filename', d.filename, 'created_at', " + Iso("d.created_at") +
      ", 'state', j.state, 'job_id', j.id, 'class', d.class, 'confidence', d.class_confidence,"
      " 'page_count', d.page_count)::text, d.id"
      " FROM documents d" + kLatestJob +
      " WHERE ($1 = 0 OR d.id < $1)"
      "   AND ($2 = '' OR d.class = $2)"
      "   AND ($3 = '' OR j.state = $3)"
      "   AND ($4 = '' OR d.search @@ (websearch_to_tsquery('french', $4) || websearch_to_tsquery('english', $4)))"
      " ORDER BY d.id DESC LIMIT $5";
  return Transact(db, [&](pqxx::work& w) {
    DocumentList out;
    auto r = w.exec_params(sql, f.before_id, f.cls, f.state, f.query, limit + 1);
    for (size_t i = 0; i < r.size() && static_cast<int>(i) < limit; ++i) out.items.push_back(ParseJson(r[i][0]));
    if (static_cast<int>(r.size()) > limit) out.next_cursor = r[limit - 1][1].as<long long>();
    return out;
  });
}

}  // namespace docflow
