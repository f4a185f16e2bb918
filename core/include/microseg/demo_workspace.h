#pragma once
/// @file demo_workspace.h
/// The bundled demo: a workspace built on first run from the 10 % customer sample of UCI Online
/// Retail (Chen, Sain and Guo 2012; CC BY 4.0) shipped in resources/.

#include <string>

#include "microseg/error.h"
#include "microseg/progress.h"

namespace microseg::core {

/// Where the demo workspace lives: $XDG_DATA_HOME/microseg/demo.microseg (or ~/.local/share/...).
std::string defaultDemoWorkspacePath();
/// The bundled sample CSV: next to the executable's share dir, or the source tree's resources/.
std::string findDemoDataset();
/// Returns `path` after building it from `csvPath` if it does not exist yet (atomically: a
/// temporary file renamed into place, so an interrupted first run never leaves half a demo).
Result<std::string> ensureDemoWorkspace(const std::string& path, const std::string& csvPath,
                                        Progress& progress, const CancelToken& cancel);

} // namespace microseg::core
