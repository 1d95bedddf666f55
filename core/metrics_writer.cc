#include "core/metrics_writer.h"

#include <algorithm>
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

// One CSV line, 10 significant digits, NaN as an empty field.
void WriteRow(std::ostream& out, const std::vector<double>& row) {
  out << std::setprecision(10);
  for (size_t i = 0; i < row.size(); ++i) {
    if (i > 0) out << ',';
    if (!std::isnan(row[i])) out << row[i];
  }
  out << '\n';
}

// Writes `columns` and `rows` over `path` atomically.
void WriteTable(const std::string& path,
                const std::vector<std::string>& columns,
                const std::vector<std::vector<double>>& rows) {
  std::ostringstream text;
  text << JoinCsv(columns) << '\n';
  for (const std::vector<double>& row : rows) WriteRow(text, row);
  WriteTextAtomically(path, text.str());
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
  MetricsTable existing = ReadMetrics(path_);
  if (!existing.columns.empty()) {
    columns_ = existing.columns;
    const int steps = existing.ColumnIndex("env_steps");
    if (keep_rows_through_env_steps >= 0 && steps >= 0) {
      std::vector<std::vector<double>>& rows = existing.rows;
      rows.erase(std::remove_if(rows.begin(), rows.end(),
                                [&](const std::vector<double>& row) {
                                  return row[steps] >
                                         keep_rows_through_env_steps;
                                }),
                 rows.end());
    }
    WriteTable(path_, columns_, existing.rows);
  }
  OpenForAppending();
}

void MetricsWriter::OpenForAppending() {
  out_.open(path_, std::ios::app);
  if (!out_) throw std::runtime_error(path_ + ": cannot open for writing");
}

void MetricsWriter::AddColumns(const std::vector<std::string>& names) {
  out_.close();
  MetricsTable existing = ReadMetrics(path_);
  columns_.insert(columns_.end(), names.begin(), names.end());
  for (std::vector<double>& row : existing.rows) {
    row.resize(columns_.size(), std::nan(""));
  }
  WriteTable(path_, columns_, existing.rows);
  OpenForAppending();
}

void MetricsWriter::Write(const MetricsRow& row) {
  if (columns_.empty()) {
    for (const auto& [name, value] : row) columns_.push_back(name);
    out_ << JoinCsv(columns_) << '\n';
  }
  std::vector<std::string> missing;
  for (const auto& [name, value] : row) {
    if (std::find(columns_.begin(), columns_.end(), name) == columns_.end()) {
      missing.push_back(name);
    }
  }
  if (!missing.empty()) AddColumns(missing);
  std::vector<double> values(columns_.size(), std::nan(""));
  for (const auto& [name, value] : row) {
    values[std::find(columns_.begin(), columns_.end(), name) -
           columns_.begin()] = value;
  }
  WriteRow(out_, values);
  out_.flush();
}

}  // namespace prefctl
