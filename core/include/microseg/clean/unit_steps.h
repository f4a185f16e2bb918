#pragma once
/// @file unit_steps.h
/// Unit steps (registered by registerUnitSteps):
///  - convert_currency: a money column to one currency with a rates table
///    ({"USD": 0.92, "GBP": 1.17}: the value of one unit in the target currency), the source
///    currency from a second column or a fixed "currency" parameter;
///  - scale_units: numeric scaling by a factor, or between two units of one kind (length, mass,
///    volume, time, data size).
/// Amounts that are not numbers and unknown currencies are reported and become missing, or fail
/// the step with on_invalid "fail".

#include <optional>
#include <string_view>

namespace microseg::core::clean {

/// The factor that turns a value in `from` into one in `to` ("km" -> "m" = 1000), or nullopt when
/// a unit is unknown or the two are not of one kind. Units: mm cm m km in ft yd mi; mg g kg t oz
/// lb; ml cl dl l gal (US) fl_oz (US); ms s min h d; B KB MB GB (powers of 1000) KiB MiB.
std::optional<double> unitFactor(std::string_view from, std::string_view to);

} // namespace microseg::core::clean
