// The one libcurl adapter of the flow engine: HTTP requests (the request
// operation) and SMTP submission (the mail operation). Everything libcurl
// does or throws stays in curl_transport.cc.
//
// Errors: a transport failure (refused, timed out, TLS) is a retryable Error
// whose message never contains credentials; an HTTP response of any status
// is a value (the caller decides what a 503 means). SMTP: a 4xx reply is
// retryable, a 5xx reply (e.g. mailbox unknown) is permanent.
//
// Thread safety: the functions may be called from several threads at once;
// each thread keeps its own handle (and so its own keep-alive connections).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "common/result.h"

namespace docflow::flows {

struct HttpCall {
  std::string method = "POST";
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  int timeout_ms = 10000;
};

struct HttpReply {
  long status = 0;
  std::string body;          // at most 1 MiB kept
  std::string content_type;
  double elapsed_ms = 0;
};

Result<HttpReply> PerformHttp(const HttpCall& call);

struct SmtpCall {
  std::string url;  // smtp://host:port, smtps://host:port
  std::string user, password;
  bool starttls = false;
  std::string from;
  std::vector<std::string> to;  // envelope recipients (To and Cc)
  std::string message;          // RFC 5322, CRLF line ends (flows/mail_message.h)
  int timeout_ms = 10000;
};

Status SendSmtp(const SmtpCall& call);

}  // namespace docflow::flows
