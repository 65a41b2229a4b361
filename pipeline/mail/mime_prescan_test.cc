#include "pipeline/mail/mime_prescan.h"

#include <gtest/gtest.h>

#include <string>

namespace docflow::mail {
namespace {

TEST(MimePrescan, CountsDeclaredBoundariesAndTheirLines) {
  std::string msg =
      "Content-Type: multipart/mixed; boundary=\"outer b\"\r\n\r\n"
      "--outer b\r\n"
      "Content-Type: multipart/alternative; BOUNDARY=inner\r\n\r\n"
      "--inner\r\n\r\nx\r\n--inner  \r\n\r\ny\r\n--inner--\r\n"
      "-- a signature line, not a boundary\r\n"
      "--outer b--\r\n";
  MimeShape shape = MeasureMimeShape(msg, MailLimits{});
  EXPECT_EQ(shape.boundaries, 2u);
  EXPECT_EQ(shape.boundary_lines, 3u);  // closing "--x--" lines create no part
  EXPECT_EQ(shape.dash_lines, 6u);
  EXPECT_TRUE(CheckMimeShape(msg, MailLimits{}).ok());
}

TEST(MimePrescan, UnreadableDeclarationsCountEveryDashLine) {
  std::string msg = "Content-Type: multipart/mixed; boundary*0=\"a\"; boundary*1=\"b\"\n\n--ab\n\n--zz\n";
  MimeShape shape = MeasureMimeShape(msg, MailLimits{});
  EXPECT_EQ(shape.boundary_lines, 2u);
}

TEST(MimePrescan, RefusesBeyondTheLimits) {
  MailLimits limits;
  limits.max_boundaries = 5;
  limits.max_parts = 10;
  limits.max_message_bytes = 1000;
  std::string deep;
  for (int i = 0; i < 6; ++i) deep += "Content-Type: multipart/mixed; boundary=b" + std::to_string(i) + "\n\n--b" + std::to_string(i) + "\n";
  auto s = CheckMimeShape(deep, limits);
  ASSERT_FALSE(s.ok());
  EXPECT_FALSE(s.error().retryable);
  EXPECT_NE(s.error().message.find("boundaries"), std::string::npos);

  std::string wide = "Content-Type: multipart/mixed; boundary=b\n\n";
  for (int i = 0; i < 11; ++i) wide += "--b\n\n";
  s = CheckMimeShape(wide, limits);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("MIME parts"), std::string::npos);

  MailLimits checks;
  checks.max_boundary_checks = 100;
  std::string dashes = "Content-Type: multipart/mixed; boundary=a\n\n--a\nContent-Type: multipart/mixed; boundary=b\n\n";
  for (int i = 0; i < 51; ++i) dashes += "-- not a boundary\n";
  s = CheckMimeShape(dashes, checks);  // 2 boundaries x 52 dash lines > 100
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("lines starting with"), std::string::npos);
  checks.max_boundary_checks = 104;
  EXPECT_TRUE(CheckMimeShape(dashes, checks).ok());

  s = CheckMimeShape(std::string(1001, 'x'), limits);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("too large"), std::string::npos);
}

TEST(MimePrescan, MeasuresHeaderFieldsWhereGMimeReadsThem) {
  std::string msg =
      "From: a@example.com,\r\n b@example.com\r\n"
      "Subject: x; y; z\r\n"
      "Content-Type: multipart/mixed; boundary=b\r\n\r\n"
      "Body: not a header\r\n"
      "--b\r\nContent-Type: message/rfc822\r\n\r\n"
      "To: c@example.com\r\nSubject: inner\r\n\r\n"
      "Also: not a header\r\n"
      "--b\r\n\r\nNo: content type, so maybe a digest's message\r\n\r\nText: body\r\n"
      "--b--\r\n";
  MimeShape shape = MeasureMimeShape(msg, MailLimits{});
  // top: From, Subject, Content-Type; part 1: Content-Type; its message: To, Subject; part 2: No
  EXPECT_EQ(shape.header_fields, 7u);
  EXPECT_EQ(shape.most_field_parameters, 2u);
  EXPECT_EQ(shape.address_bytes, std::string("From: a@example.com,\n b@example.com\nTo: c@example.com\n").size());
}

TEST(MimePrescan, RefusesHeaderBombs) {
  MailLimits limits;
  limits.max_header_fields = 10;
  limits.max_header_field_bytes = 100;
  limits.max_header_parameters = 3;
  limits.max_address_bytes = 50;
  auto error_of = [&](const std::string& msg) {
    Status s = CheckMimeShape(msg, limits);
    return s.ok() ? std::string("ok") : s.error().message;
  };
  std::string many = "Subject: x\n";
  for (int i = 0; i < 10; ++i) many += "X-A: b\n";
  EXPECT_NE(error_of(many + "\nbody").find("header fields"), std::string::npos);
  EXPECT_NE(error_of("Subject: " + std::string(50, 'x') + "\n " + std::string(50, 'y') + "\n\nbody").find("longer than 100"),
            std::string::npos);
  EXPECT_NE(error_of("Content-Type: text/plain; a=1; b=2;\n c=3; d=4\n\nbody").find("parameters"), std::string::npos);
  EXPECT_NE(error_of("To: aa@example.com, cc@example.com\nCc: ee@example.com\n\nbody").find("address"),
            std::string::npos);
  // the same lines in a body are not headers
  std::string body = "Subject: x\n\n";
  for (int i = 0; i < 20; ++i) body += "X-A: b; c; d; e; f\n";
  EXPECT_EQ(error_of(body), "ok");
}

}  // namespace
}  // namespace docflow::mail
