// Crash-safe file writing: content goes to `<path>.tmp`, is flushed to disk,
// then renamed over `path`. A crash or kill at any moment leaves either the
// old file or the new one, never a torn one.
#ifndef PREFCTL_CORE_ATOMIC_FILE_H_
#define PREFCTL_CORE_ATOMIC_FILE_H_

#include <functional>
#include <string>

namespace prefctl {

// Calls write(temporary_path), which must create that file, then fsyncs it
// and renames it to `path`. Throws std::runtime_error naming the path on
// failure, leaving any existing `path` untouched.
void WriteFileAtomically(const std::string& path,
                         const std::function<void(const std::string&)>& write);

// Convenience for text content.
void WriteTextAtomically(const std::string& path, const std::string& text);

}  // namespace prefctl

#endif  // PREFCTL_CORE_ATOMIC_FILE_H_
