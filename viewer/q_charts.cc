#include "viewer/q_charts.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "viewer/optimizer_inspector.h"

namespace prefctl {
namespace {

ImU32 SampleColor(const OptimizerInspection& inspection, int i) {
  if (inspection.accepted[i]) return kAcceptedColor;
  if (inspection.rejected[i]) return kRejectedColor;
  return kNeutralColor;
}

// The chart area both Q charts draw into: its Q range (the samples' and the
// executed action's, padded) and a dark background.
struct QChart {
  float low, high, pad;
  ImVec2 origin;
  float width = kChartWidth, height = 110.0f;
  float Y(float q) const {
    return origin.y + height * (1.0f - (q - low) / (high - low));
  }
};

QChart BeginQChart(const OptimizerInspection& inspection) {
  float low = inspection.executed_q, high = inspection.executed_q;
  for (float q : inspection.q) {
    low = std::min(low, q);
    high = std::max(high, q);
  }
  // Relative padding, so that rewards on a small scale (self-play's win
  // rates spread over an episode: Q ~ 0.05) still show their spread.
  const float pad =
      std::max(0.08f * (high - low), 1e-6f * std::max(1.0f, std::fabs(high)));
  QChart chart{low - pad, high + pad, pad, ImGui::GetCursorScreenPos()};
  ImGui::GetWindowDrawList()->AddRectFilled(
      chart.origin,
      ImVec2(chart.origin.x + chart.width, chart.origin.y + chart.height),
      IM_COL32(35, 35, 45, 255));
  return chart;
}

}  // namespace

// The N sampled actions' Q values as bars sorted from best to worst, coloured
// by PMPO's selection, with the executed action's Q as a line.
void DrawQBars(const OptimizerInspection& inspection) {
  const int n = inspection.num_samples;
  std::vector<int> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(),
            [&](int a, int b) { return inspection.q[a] > inspection.q[b]; });
  const QChart chart = BeginQChart(inspection);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImVec2 origin = chart.origin;
  const float width = chart.width, height = chart.height;
  const float bar = width / n;
  for (int rank = 0; rank < n; ++rank) {
    const int i = order[rank];
    draw->AddRectFilled(
        ImVec2(origin.x + rank * bar + 1, chart.Y(inspection.q[i])),
        ImVec2(origin.x + (rank + 1) * bar - 1, origin.y + height),
        SampleColor(inspection, i));
  }
  const float executed_y = chart.Y(inspection.executed_q);
  draw->AddLine(ImVec2(origin.x, executed_y),
                ImVec2(origin.x + width, executed_y), kExecutedColor, 2.0f);
  ImGui::Dummy(ImVec2(width, height));
  if (ImGui::IsItemHovered()) {
    const int rank = std::clamp(
        static_cast<int>((ImGui::GetMousePos().x - origin.x) / bar), 0, n - 1);
    const int i = order[rank];
    ImGui::SetTooltip("sample %d: Q = %.4g (%s)", i, inspection.q[i],
                      inspection.accepted[i]   ? "accepted"
                      : inspection.rejected[i] ? "rejected"
                                               : "neither");
  }
  ImGui::Text("Q from %.4g to %.4g", chart.low + chart.pad,
              chart.high - chart.pad);
}

// Q against one action dimension: where along that axis the accepted and
// rejected samples lie, and the executed action as a cross.
void DrawQScatter(const OptimizerInspection& inspection,
                  const std::vector<float>& executed, int dimension) {
  const QChart chart = BeginQChart(inspection);
  ImDrawList* draw = ImGui::GetWindowDrawList();
  const ImVec2 origin = chart.origin;
  const float width = chart.width, height = chart.height;
  auto point = [&](float action, float q) {
    return ImVec2(origin.x + width * (action + 1.0f) / 2.0f, chart.Y(q));
  };
  draw->AddLine(ImVec2(origin.x + width / 2, origin.y),
                ImVec2(origin.x + width / 2, origin.y + height),
                IM_COL32(80, 80, 90, 255));
  const int a = inspection.action_size;
  for (int i = 0; i < inspection.num_samples; ++i) {
    draw->AddCircleFilled(
        point(inspection.actions[i * a + dimension], inspection.q[i]), 3.5f,
        SampleColor(inspection, i));
  }
  const ImVec2 cross = point(executed[dimension], inspection.executed_q);
  draw->AddLine(ImVec2(cross.x - 6, cross.y - 6),
                ImVec2(cross.x + 6, cross.y + 6), kExecutedColor, 2.0f);
  draw->AddLine(ImVec2(cross.x - 6, cross.y + 6),
                ImVec2(cross.x + 6, cross.y - 6), kExecutedColor, 2.0f);
  ImGui::Dummy(ImVec2(width, height));
}

}  // namespace prefctl
