// metrics.csv: one row per evaluation. Columns come from the first row (or
// from an existing file when a run resumes); a row with a statistic the file
// lacks (a run resumed by a newer prefctl) adds a column, empty in the rows
// before it, so every column keeps its name.
#ifndef PREFCTL_CORE_METRICS_WRITER_H_
#define PREFCTL_CORE_METRICS_WRITER_H_

#include <fstream>
#include <string>
#include <utility>
#include <vector>

namespace prefctl {

using MetricsRow = std::vector<std::pair<std::string, double>>;

class MetricsWriter {
 public:
  // Opens `path` for appending. An existing file's header defines the
  // columns; its rows past `keep_rows_through_env_steps` (in column
  // `env_steps`) are dropped, so a resumed run does not repeat rows written
  // after its checkpoint. Pass a negative value to keep everything.
  MetricsWriter(std::string path, double keep_rows_through_env_steps = -1);

  // Appends one row and flushes it, so a reader (the viewer) sees it at once.
  void Write(const MetricsRow& row);

  const std::vector<std::string>& columns() const { return columns_; }

 private:
  void OpenForAppending();
  // Rewrites the file with `names` appended to the header, empty in old rows.
  void AddColumns(const std::vector<std::string>& names);

  std::string path_;
  std::vector<std::string> columns_;
  std::ofstream out_;
};

// Reads a metrics.csv back (for tests, eval and the viewer's plots).
struct MetricsTable {
  std::vector<std::string> columns;
  std::vector<std::vector<double>> rows;
  // Index of `column`, or -1.
  int ColumnIndex(const std::string& column) const;
};
MetricsTable ReadMetrics(const std::string& path);

}  // namespace prefctl

#endif  // PREFCTL_CORE_METRICS_WRITER_H_
