#include "core/metrics_writer.h"

#include <cmath>
#include <cstdlib>
#include <iomanip>
#include <sstream>
#include <stdexcept>

#include "core/atomic_file.h"

namespace prefctl {
namespace {

std::vector<std::string> SplitCsvLine(const std::string& line) {
  std::vector<std::string> fields;
  std::string field;
  std::istringstream in(line);
  while (std::getline(in, field, ',')) fields.push_back(field);
  if (!line.empty() && line.back() == ',') fields.emplace_back();
  return fields;
}

std::string JoinCsv(const std::vector<std::string>& fields) {
  std::string line;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) line += ',';
    line += fields[i];
  }
  return line;
}

double ParseField(const std::string& field) {
  if (field.empty()) return std::nan("");
  return std::strtod(field.c_str(), nullptr);
}

}  // namespace

int MetricsTable::ColumnIndex(const std::string& column) const {
  for (size_t i = 0; i < columns.size(); ++i) {
    if (columns[i] == column) return static_cast<int>(i);
  }
  return -1;
}

MetricsTable ReadMetrics(const std::string& path) {
  MetricsTable table;
  std::ifstream in(path);
  if (!in) return table;
  std::string line;
  if (!std::getline(in, line)) return table;
  table.columns = SplitCsvLine(line);
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    std::vector<double> row;
    for (const std::string& field : SplitCsvLine(line)) {
      row.push_back(ParseField(field));
    }
    // A row cut short by a kill mid-write is ignored.
    if (row.size() == table.columns.size()) table.rows.push_back(row);
  }
  return table;
}

MetricsWriter::MetricsWriter(std::string path,
                             double keep_rows_through_env_steps)
    : path_(std::move(path)) {
  const MetricsTable existing = ReadMetrics(path_);
  if (!existing.columns.empty()) {
    columns_ = existing.columns;
    const int steps = existing.ColumnIndex("env_steps");
    std::ostringstream kept;
    kept << JoinCsv(columns_) << '\n' << std::setprecision(10);
    for (const std::vector<double>& row : existing.rows) {
      if (keep_rows_through_env_steps >= 0 && steps >= 0 &&
          row[steps] > keep_rows_through_env_steps) {
        continue;
      }
      for (size_t i = 0; i < row.size(); ++i) {
        if (i > 0) kept << ',';
        if (!std::isnan(row[i])) kept << row[i];
      }
      kept << '\n';
    }
    WriteTextAtomically(path_, kept.str());
  }
  out_.open(path_, std::ios::app);
  if (!out_) throw std::runtime_error(path_ + ": cannot open for writing");
  out_ << std::setprecision(10);
}

void MetricsWriter::Write(const MetricsRow& row) {
  if (columns_.empty()) {
    for (const auto& [name, value] : row) columns_.push_back(name);
    out_ << JoinCsv(columns_) << '\n';
  }
  std::vector<std::string> fields(columns_.size());
  for (const auto& [name, value] : row) {
    size_t i = 0;
    while (i < columns_.size() && columns_[i] != name) ++i;
    if (i == columns_.size()) {
      throw std::logic_error(path_ + ": metric '" + name +
                             "' is not a column of this file");
    }
    if (!std::isnan(value)) {
      std::ostringstream text;
      text << std::setprecision(10) << value;
      fields[i] = text.str();
    }
  }
  out_ << JoinCsv(fields) << '\n';
  out_.flush();
}

}  // namespace prefctl
