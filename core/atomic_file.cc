#include "core/atomic_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <stdexcept>

namespace prefctl {
namespace {

void SyncFile(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY);
  if (fd < 0) throw std::runtime_error(path + ": cannot open to sync");
  const int status = ::fsync(fd);
  ::close(fd);
  if (status != 0) throw std::runtime_error(path + ": fsync failed");
}

}  // namespace

void WriteFileAtomically(const std::string& path,
                         const std::function<void(const std::string&)>& write) {
  const std::string temporary = path + ".tmp";
  try {
    write(temporary);
    SyncFile(temporary);
  } catch (...) {
    std::remove(temporary.c_str());
    throw;
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    std::remove(temporary.c_str());
    throw std::runtime_error(path +
                             ": cannot rename temporary file into place");
  }
}

void WriteTextAtomically(const std::string& path, const std::string& text) {
  WriteFileAtomically(path, [&](const std::string& temporary) {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out) throw std::runtime_error(temporary + ": write failed");
  });
}

}  // namespace prefctl
