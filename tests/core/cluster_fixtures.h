#pragma once
// Loading the scikit-learn reference fixtures of tests/fixtures/kmeans (written by
// tests/fixtures/make_kmeans_reference.py): CSV matrices and JSON results.

#include "microseg/kmeans.h"

#include <QByteArray>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <gtest/gtest.h>
#include <sstream>
#include <string>
#include <vector>

namespace microseg::test {

/// `name` relative to tests/fixtures/, e.g. "kmeans/blobs_data.csv".
inline std::string fixturePath(const std::string& name) {
    return std::string(MICROSEG_SOURCE_DIR) + "/tests/fixtures/" + name;
}

/// A comma-separated matrix without header.
inline core::RowMatrix loadMatrix(const std::string& name) {
    std::ifstream in(fixturePath(name));
    EXPECT_TRUE(in.good()) << "missing fixture " << fixturePath(name);
    std::vector<std::vector<double>> rows;
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty())
            continue;
        std::vector<double> row;
        std::stringstream cells(line);
        std::string cell;
        while (std::getline(cells, cell, ','))
            row.push_back(std::stod(cell));
        rows.push_back(std::move(row));
    }
    core::RowMatrix m(static_cast<Eigen::Index>(rows.size()),
                      rows.empty() ? 0 : static_cast<Eigen::Index>(rows[0].size()));
    for (Eigen::Index i = 0; i < m.rows(); ++i)
        for (Eigen::Index j = 0; j < m.cols(); ++j)
            m(i, j) = rows[static_cast<std::size_t>(i)][static_cast<std::size_t>(j)];
    return m;
}

inline QJsonObject loadJson(const std::string& name) {
    QFile file(QString::fromStdString(fixturePath(name)));
    EXPECT_TRUE(file.open(QIODevice::ReadOnly)) << "missing fixture " << fixturePath(name);
    return QJsonDocument::fromJson(file.readAll()).object();
}

inline std::vector<std::int32_t> toLabels(const QJsonValue& value) {
    std::vector<std::int32_t> out;
    for (const QJsonValue& v : value.toArray())
        out.push_back(static_cast<std::int32_t>(v.toInt()));
    return out;
}

inline std::vector<double> toDoubles(const QJsonValue& value) {
    std::vector<double> out;
    for (const QJsonValue& v : value.toArray())
        out.push_back(v.toDouble());
    return out;
}

inline core::RowMatrix toMatrix(const QJsonValue& value) {
    const QJsonArray rows = value.toArray();
    const auto cols = rows.isEmpty() ? 0 : rows[0].toArray().size();
    core::RowMatrix m(rows.size(), cols);
    for (Eigen::Index i = 0; i < m.rows(); ++i)
        for (Eigen::Index j = 0; j < m.cols(); ++j)
            m(i, j) = rows[i].toArray()[j].toDouble();
    return m;
}

/// |actual - expected| <= tolerance * max(|expected|, floor): relative; a floor of 1 turns it
/// into an absolute bound for values that can be near zero (coordinates, silhouette values).
inline ::testing::AssertionResult nearRelative(double actual, double expected,
                                               double tolerance = 1e-9, double floor = 0.0) {
    if (std::abs(actual - expected) <= tolerance * std::max(std::abs(expected), floor))
        return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << actual << " differs from the reference " << expected
                                         << " by " << std::abs(actual - expected);
}

} // namespace microseg::test
