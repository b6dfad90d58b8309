// Output failures: a full disk or a vanished file must not pass for success.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "cli/commands.h"

namespace kg::cli {
namespace {

// The errno of the first write to standard output that failed: by the final
// flush errno says nothing about it.
int first_stdout_error = 0;

}  // namespace

void WriteStandardOutput(std::string_view text) {
  if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size() && first_stdout_error == 0) {
    first_stdout_error = errno;
  }
}

void WidenStandardOutputPipe() {
  struct stat st {};
  if (::fstat(STDOUT_FILENO, &st) != 0 || !S_ISFIFO(st.st_mode)) return;
  // Only a wish: past the limit (/proc/sys/fs/pipe-max-size) the pipe keeps
  // its size, and so does the answer.
  (void)::fcntl(STDOUT_FILENO, F_SETPIPE_SZ, kStandardOutputPipeBytes);
}

Status WriteFailed(std::string_view what, int error) {
  // The user can act on every cause here (free space, fix a path or a
  // permission, write elsewhere): a user error, exit 1.
  std::string reason = error != 0 ? std::strerror(error) : "the write failed";
  const char* fix = error == ENOSPC || error == EDQUOT
                        ? "free some space, or write somewhere else"
                        : "check that it can be written, or write somewhere else";
  return Status::InvalidArgument(fmt::format("cannot write {}: {}; {}", what, reason, fix));
}

Status FlushStandardOutput() {
  errno = 0;
  const bool flush_failed = std::fflush(stdout) != 0;
  const int error = flush_failed && errno != 0 ? errno : first_stdout_error;
  if (!flush_failed && !std::ferror(stdout)) return Status::Ok();
  return WriteFailed("to standard output", error);
}

std::function<Status()> TakeBackStandardOutput() {
  std::fflush(stdout);
  struct stat st {};
  if (::fstat(STDOUT_FILENO, &st) != 0 || !S_ISREG(st.st_mode)) return {};
  const off_t start = ::lseek(STDOUT_FILENO, 0, SEEK_CUR);
  const int flags = ::fcntl(STDOUT_FILENO, F_GETFL);
  // With O_APPEND, writes land at the end wherever the offset is.
  if (start < 0 || start != st.st_size || flags < 0 || (flags & O_APPEND) != 0) return {};
  return [start] {
    std::fflush(stdout);
    if (::ftruncate(STDOUT_FILENO, start) != 0 || ::lseek(STDOUT_FILENO, start, SEEK_SET) < 0) {
      return Status::IOError(fmt::format("truncating standard output back to {} bytes: {}", start,
                                         std::strerror(errno)));
    }
    return Status::Ok();
  };
}

}  // namespace kg::cli
