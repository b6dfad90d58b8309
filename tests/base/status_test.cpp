#include <doctest/doctest.h>

#include <string>

#include "base/status.h"

namespace kg {
namespace {

Status FailWhenNegative(int x) {
  if (x < 0) return Status::InvalidArgument("x is negative");
  return Status::Ok();
}

Status Chain(int x) {
  KG_RETURN_IF_ERROR(FailWhenNegative(x));
  return Status::Internal("reached the end");
}

}  // namespace

TEST_CASE("Status carries code and message; Annotate prefixes context") {
  Status ok;
  CHECK(ok.ok());
  CHECK(ok.ToString() == "OK");
  Status bad = Status::NotFound("no entity named \"X\"").Annotate("kg neighbours");
  CHECK_FALSE(bad.ok());
  CHECK(bad.code() == Status::Code::kNotFound);
  CHECK(bad.message() == "kg neighbours: no entity named \"X\"");
  CHECK(bad.IsUserError());
  CHECK_FALSE(Status::IOError("disk").IsUserError());
}

TEST_CASE("KG_RETURN_IF_ERROR returns the first failure") {
  CHECK(Chain(-1).message() == "x is negative");
  CHECK(Chain(1).code() == Status::Code::kInternal);
}

TEST_CASE("Result holds a value or a non-OK status") {
  Result<std::string> value(std::string("abc"));
  REQUIRE(value.ok());
  CHECK(*value == "abc");
  CHECK(value->size() == 3);
  Result<int> error(Status::InvalidArgument("bad"));
  CHECK_FALSE(error.ok());
  CHECK(error.status().message() == "bad");
  Result<int> misuse(Status::Ok());
  CHECK(misuse.status().code() == Status::Code::kInternal);
}

}  // namespace kg
