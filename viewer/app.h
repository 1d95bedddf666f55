// The viewer application: the simulation loop, its panels (simulation,
// policy, learning curves, optimizer inspection, preference labelling) and
// the headless screenshot / recording jobs.
#ifndef PREFCTL_VIEWER_APP_H_
#define PREFCTL_VIEWER_APP_H_

#include "viewer/viewer_setup.h"

namespace prefctl {

// Runs until the window is closed, or headless until the screenshot and
// recording are written. Throws std::runtime_error (DisplayError when there
// is no display) with a message naming what failed; a missing or unreadable
// initial checkpoint is reported before any window opens.
void RunViewer(const ViewerSetup& setup);

}  // namespace prefctl

#endif  // PREFCTL_VIEWER_APP_H_
