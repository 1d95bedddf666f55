#include "viewer/q_charts.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

#include "viewer/optimizer_inspector.h"

namespace prefctl {
namespace {

// An ImGui frame without a window system: the charts' draw commands are
// read back from the window's draw list.
class ChartFrame {
 public:
  ChartFrame() {
    ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;  // as the viewer: no imgui.ini in the cwd
    io.DisplaySize = ImVec2(800, 600);
    io.DeltaTime = 1.0f / 60;
    unsigned char* pixels;
    int width, height;
    io.Fonts->GetTexDataAsRGBA32(&pixels, &width, &height);
    ImGui::NewFrame();
    ImGui::Begin("chart");
  }
  ~ChartFrame() {
    ImGui::End();
    ImGui::EndFrame();
    ImGui::DestroyContext();
  }
  // The [x, y] extent of the vertices drawn in `colour`; empty when none.
  std::vector<float> Extent(ImU32 colour) const {
    std::vector<float> extent;
    for (const ImDrawVert& vertex : ImGui::GetWindowDrawList()->VtxBuffer) {
      if (vertex.col != colour) continue;
      if (extent.empty()) {
        extent = {vertex.pos.x, vertex.pos.x, vertex.pos.y, vertex.pos.y};
      }
      extent[0] = std::min(extent[0], vertex.pos.x);
      extent[1] = std::max(extent[1], vertex.pos.x);
      extent[2] = std::min(extent[2], vertex.pos.y);
      extent[3] = std::max(extent[3], vertex.pos.y);
    }
    return extent;
  }
};

// Four samples: the best accepted, the worst rejected, two neither.
OptimizerInspection FourSamples() {
  OptimizerInspection inspection;
  inspection.num_samples = 4;
  inspection.action_size = 1;
  inspection.actions = {-0.5f, 0.9f, 0.1f, -0.9f};
  inspection.q = {1.0f, 3.0f, 2.0f, 0.0f};
  inspection.accepted = {0, 1, 0, 0};
  inspection.rejected = {0, 0, 0, 1};
  inspection.accepted_count = inspection.rejected_count = 1;
  inspection.executed_q = 1.5f;
  return inspection;
}

// min x, max x, min y (top), max y of an extent.
enum { kLeft, kRight, kTop, kBottom };

TEST(QChartsTest, BarsRunFromBestToWorstInTheSelectionColours) {
  ChartFrame frame;
  DrawQBars(FourSamples());
  const std::vector<float> accepted = frame.Extent(kAcceptedColor);
  const std::vector<float> rejected = frame.Extent(kRejectedColor);
  const std::vector<float> neither = frame.Extent(kNeutralColor);
  ASSERT_EQ(accepted.size(), 4u);
  ASSERT_EQ(rejected.size(), 4u);
  ASSERT_EQ(neither.size(), 4u);
  // The best sample's bar is leftmost and tallest, the worst's rightmost
  // and shortest; the two others lie between.
  EXPECT_LT(accepted[kRight], neither[kLeft] + 2);
  EXPECT_LT(neither[kRight], rejected[kLeft] + 2);
  EXPECT_LT(accepted[kTop], neither[kTop]);
  EXPECT_LT(neither[kTop], rejected[kTop]);
  EXPECT_FALSE(frame.Extent(kExecutedColor).empty());
}

TEST(QChartsTest, ScatterPlacesSamplesByActionAndQ) {
  ChartFrame frame;
  DrawQScatter(FourSamples(), {0.0f}, 0);
  const std::vector<float> accepted = frame.Extent(kAcceptedColor);
  const std::vector<float> rejected = frame.Extent(kRejectedColor);
  ASSERT_EQ(accepted.size(), 4u);
  ASSERT_EQ(rejected.size(), 4u);
  // Accepted: action 0.9, the highest Q (right, top); rejected: action
  // -0.9, the lowest (left, bottom).
  EXPECT_GT(accepted[kLeft], rejected[kRight]);
  EXPECT_LT(accepted[kBottom], rejected[kTop]);
  // The executed action (0, Q 1.5) is a cross between them.
  const std::vector<float> cross = frame.Extent(kExecutedColor);
  ASSERT_EQ(cross.size(), 4u);
  EXPECT_GT(cross[kLeft], rejected[kRight]);
  EXPECT_LT(cross[kRight], accepted[kLeft]);
}

}  // namespace
}  // namespace prefctl
