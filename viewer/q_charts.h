// The optimizer panel's two charts of the N actions sampled at one state
// (viewer/optimizer_inspector.h), coloured by PMPO's selection: their Q
// values sorted, and Q against one action dimension.
#ifndef PREFCTL_VIEWER_Q_CHARTS_H_
#define PREFCTL_VIEWER_Q_CHARTS_H_

#include <imgui.h>

#include <vector>

namespace prefctl {

struct OptimizerInspection;

// Also the panel's legend colours.
constexpr ImU32 kAcceptedColor = IM_COL32(80, 200, 120, 255);
constexpr ImU32 kRejectedColor = IM_COL32(230, 80, 80, 255);
constexpr ImU32 kNeutralColor = IM_COL32(150, 150, 150, 255);
constexpr ImU32 kExecutedColor = IM_COL32(255, 215, 0, 255);
// Charts have fixed widths so that auto-fitting panels do not feed back.
constexpr float kChartWidth = 360.0f;

// The sampled actions' Q values as bars sorted from best to worst, with the
// executed action's Q as a line.
void DrawQBars(const OptimizerInspection& inspection);

// Q against action dimension `dimension`, with the `executed` action as a
// cross.
void DrawQScatter(const OptimizerInspection& inspection,
                  const std::vector<float>& executed, int dimension);

}  // namespace prefctl

#endif  // PREFCTL_VIEWER_Q_CHARTS_H_
