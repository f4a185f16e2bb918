#pragma once
/// @file version.h
/// Versions shown in the About box and `microseg-cli --version`.

#include <string>

namespace microseg::core {

std::string microsegVersion();  ///< "0.1.0"
std::string sqliteVersion();    ///< the SQLite library in use
std::string qtCoreVersion();    ///< the Qt library in use (qVersion())
std::string eigenVersion();
std::string boostVersion();
/// Credits for bundled data, shown in About and the README.
std::string dataCredits();

} // namespace microseg::core
