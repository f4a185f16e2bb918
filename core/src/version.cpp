#include "microseg/version.h"

#include <sqlite3.h>

#include <Eigen/Core>
#include <QtGlobal>
#include <boost/version.hpp>

namespace microseg::core {

std::string microsegVersion() { return MICROSEG_VERSION; }
std::string sqliteVersion() { return sqlite3_libversion(); }
std::string qtCoreVersion() { return qVersion(); }

std::string eigenVersion() {
    return std::to_string(EIGEN_WORLD_VERSION) + "." + std::to_string(EIGEN_MAJOR_VERSION) + "." +
           std::to_string(EIGEN_MINOR_VERSION);
}

std::string boostVersion() {
    return std::to_string(BOOST_VERSION / 100000) + "." + std::to_string(BOOST_VERSION / 100 % 1000) +
           "." + std::to_string(BOOST_VERSION % 100);
}

std::string dataCredits() {
    return "Demo data: UCI Machine Learning Repository, \"Online Retail\" (id 352), a 10 % customer "
           "sample. Daqing Chen, Sai Liang Sain and Kun Guo (2012), \"Data mining for the online "
           "retail industry: A case study of RFM model-based customer segmentation using data "
           "mining\", Journal of Database Marketing and Customer Strategy Management 19(3). "
           "Licensed under CC BY 4.0.";
}

} // namespace microseg::core
