// The WASI descriptor table: lowest free numbers, closing and renumbering.
#include "wasi/fd_table.h"

#include <fcntl.h>
#include <gtest/gtest.h>

namespace kiln::wasi {
namespace {

FdEntry borrowed(int host_fd, FdRights rights = {}) {
  return {.host_fd = host_fd, .rights = rights, .owns_host_fd = false, .preopen_name = {}, .listing = {}};
}

TEST(WasiFdTable, TakesLowestFreeNumber) {
  FdTable table;
  EXPECT_EQ(table.insert(borrowed(0)), 0u);
  EXPECT_EQ(table.insert(borrowed(1)), 1u);
  EXPECT_EQ(table.insert(borrowed(2)), 2u);
  EXPECT_EQ(table.close(1), Errno::Success);
  EXPECT_EQ(table.find(1), nullptr);
  EXPECT_EQ(table.close(1), Errno::BadFd);
  EXPECT_EQ(table.insert(borrowed(1)), 1u);
  EXPECT_EQ(table.find(7), nullptr);
}

TEST(WasiFdTable, Renumbers) {
  FdTable table;
  table.insert(borrowed(0));
  int host = open("/dev/null", O_RDONLY);
  ASSERT_GE(host, 0);
  uint32_t fd = table.insert({.host_fd = host, .rights = {}, .owns_host_fd = true, .preopen_name = {}, .listing = {}});
  EXPECT_EQ(table.renumber(fd, 0), Errno::Success);
  ASSERT_NE(table.find(0), nullptr);
  EXPECT_EQ(table.find(0)->host_fd, host);
  EXPECT_EQ(table.find(fd), nullptr);
  EXPECT_EQ(table.renumber(fd, 0), Errno::BadFd);
  EXPECT_EQ(table.renumber(0, 0), Errno::Success);
}

TEST(WasiFdTable, FindsOnlyWithTheNeededRights) {
  FdTable table;
  uint32_t fd = table.insert(borrowed(0, {.base = 0b011, .inheriting = 0}));
  EXPECT_EQ(table.find(fd, 0b001).error, Errno::Success);
  EXPECT_EQ(table.find(fd, 0b011).entry, table.find(fd));
  EXPECT_EQ(table.find(fd, 0b100).error, Errno::NotCapable);
  EXPECT_EQ(table.find(fd, 0b100).entry, nullptr);
  EXPECT_EQ(table.find(fd + 1, 0).error, Errno::BadFd);
}

TEST(WasiFdTable, FileTypes) {
  EXPECT_EQ(file_type_from_mode(S_IFDIR | 0755), FileType::Directory);
  EXPECT_EQ(file_type_from_mode(S_IFREG | 0644), FileType::RegularFile);
  EXPECT_EQ(file_type_from_mode(S_IFLNK), FileType::SymbolicLink);
  EXPECT_EQ(file_type_from_mode(S_IFIFO), FileType::Unknown);
}

TEST(WasiErrno, MapsHostErrors) {
  EXPECT_EQ(errno_from_posix(ENOENT), Errno::NoEntry);
  EXPECT_EQ(errno_from_posix(EXDEV), Errno::NotCapable);
  EXPECT_EQ(errno_from_posix(ENOTEMPTY), Errno::NotEmpty);
  EXPECT_EQ(static_cast<int>(Errno::NotCapable), 76);
  EXPECT_EQ(static_cast<int>(Errno::Fault), 21);
}

}  // namespace
}  // namespace kiln::wasi
