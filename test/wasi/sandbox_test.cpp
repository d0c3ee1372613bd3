// open_beneath and open_parent_beneath: paths resolve inside their directory, and `..`, absolute
// paths and symbolic links out of it are refused with `notcapable`.
#include "wasi/sandbox.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace kiln::wasi {
namespace {

namespace fs = std::filesystem;

class SandboxTest : public testing::Test {
 protected:
  void SetUp() override {
    base_ = fs::temp_directory_path() / ("kiln_sandbox_test_" + std::to_string(getpid()));
    fs::remove_all(base_);
    fs::create_directories(base_ / "root" / "sub");
    std::ofstream(base_ / "outside.txt") << "secret";
    std::ofstream(base_ / "root" / "sub" / "inside.txt") << "inside";
    fs::create_symlink(base_ / "outside.txt", base_ / "root" / "absolute_out");
    fs::create_symlink("../outside.txt", base_ / "root" / "relative_out");
    fs::create_symlink("sub/inside.txt", base_ / "root" / "link_in");
    root_ = open((base_ / "root").c_str(), O_RDONLY | O_DIRECTORY);
    ASSERT_GE(root_, 0);
  }
  void TearDown() override {
    close(root_);
    fs::remove_all(base_);
  }

  Errno open_error(const char* path, bool follow = true) {
    OpenResult result = open_beneath(root_, path, O_RDONLY, 0, follow);
    if (result.fd >= 0) close(result.fd);
    return result.error;
  }

  fs::path base_;
  int root_ = -1;
};

TEST_F(SandboxTest, OpensInside) {
  EXPECT_EQ(open_error("sub/inside.txt"), Errno::Success);
  EXPECT_EQ(open_error("sub/../sub/inside.txt"), Errno::Success);
  EXPECT_EQ(open_error("link_in"), Errno::Success);
  EXPECT_EQ(open_error("."), Errno::Success);
}

TEST_F(SandboxTest, RefusesEscapes) {
  EXPECT_EQ(open_error(".."), Errno::NotCapable);
  EXPECT_EQ(open_error("../outside.txt"), Errno::NotCapable);
  EXPECT_EQ(open_error("sub/../../outside.txt"), Errno::NotCapable);
  EXPECT_EQ(open_error("/etc/passwd"), Errno::NotCapable);
  EXPECT_EQ(open_error("absolute_out"), Errno::NotCapable);
  EXPECT_EQ(open_error("relative_out"), Errno::NotCapable);
}

TEST_F(SandboxTest, LinkNotFollowedWhenAskedNotTo) { EXPECT_EQ(open_error("link_in", false), Errno::Loop); }

TEST_F(SandboxTest, RefusesEmptyPathsAndNul) {
  EXPECT_EQ(open_error(""), Errno::NoEntry);
  EXPECT_EQ(open_beneath(root_, std::string_view("sub\0x", 5), O_RDONLY, 0, true).error, Errno::IllegalSequence);
}

TEST_F(SandboxTest, CreatesWithMode) {
  OpenResult created = open_beneath(root_, "new.txt", O_WRONLY | O_CREAT | O_EXCL, 0600, true);
  ASSERT_EQ(created.error, Errno::Success);
  close(created.fd);
  EXPECT_EQ(fs::status(base_ / "root" / "new.txt").permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write);
}

TEST_F(SandboxTest, ParentAndName) {
  ParentAndName target = open_parent_beneath(root_, "sub/inside.txt/");
  ASSERT_EQ(target.parent.error, Errno::Success);
  EXPECT_EQ(target.name, "inside.txt");
  close(target.parent.fd);
  EXPECT_EQ(open_parent_beneath(root_, "sub/..").parent.error, Errno::Invalid);
  EXPECT_EQ(open_parent_beneath(root_, ".").parent.error, Errno::Invalid);
  EXPECT_EQ(open_parent_beneath(root_, "../x").parent.error, Errno::NotCapable);
  EXPECT_EQ(open_parent_beneath(root_, "/tmp/x").parent.error, Errno::NotCapable);
}

}  // namespace
}  // namespace kiln::wasi
