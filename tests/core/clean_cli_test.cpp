// `microseg-cli clean` as people run it: replay into a table, preview a step, export a recipe,
// a recipe applied to a dataset that lacks a column.
#include "test_util.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <gtest/gtest.h>

using microseg::test::TempDir;
using microseg::test::writeFile;

namespace {

QString q(const std::string& text) { return QString::fromStdString(text); }

constexpr const char* kRecipe = R"({
  "format": "microseg-cleaning-recipe", "version": 1, "name": "contacts",
  "steps": [
    {"type": "trim", "columns": ["name", "email"]},
    {"type": "validate_email", "columns": ["email"], "params": {"action": "drop"}},
    {"type": "convert_type", "columns": ["signup"], "params": {"to": "date", "format": "DD/MM/YYYY"}},
    {"type": "change_case", "columns": ["region"], "params": {"mode": "upper"}}
  ]
})";

struct Fixture {
    TempDir dir;
    std::string ws = dir.path("w.microseg");
    std::string recipe = dir.path("recipe.json");
    Fixture() {
        writeFile(dir.path("contacts.csv"), "name,email,signup\n Ada ,ada@example.org,31/01/2020\n"
                                            "Bob,bob_at_example,02/02/2020\nCy, cy@example.org ,15/03/2021\n");
        writeFile(recipe, kRecipe);
        auto run = microseg::test::runCli({"import", q(dir.path("contacts.csv")), "-w", q(ws)});
        EXPECT_EQ(run.exitCode, 0) << run.err;
    }
};

} // namespace

TEST(CleanCli, ReplaysTheRecipeAndListsTheStepItCannotApply) {
    Fixture f;
    auto run = microseg::test::runCli({"clean", "-w", q(f.ws), "--table", "contacts", "--recipe", q(f.recipe),
                                       "--out", "contacts_clean", "--json"});
    ASSERT_EQ(run.exitCode, 0) << run.err;
    const QJsonObject out = QJsonDocument::fromJson(QByteArray::fromStdString(run.out)).object();
    EXPECT_EQ(out["rows"].toInt(), 2);
    EXPECT_EQ(out["rows_before"].toInt(), 3);
    EXPECT_EQ(out["skipped_steps"].toInt(), 1);
    EXPECT_TRUE(out.contains("seconds"));
    const QJsonArray steps = out["steps"].toArray();
    ASSERT_EQ(steps.size(), 4);
    EXPECT_EQ(steps[1].toObject()["rows_dropped"].toInt(), 1);
    EXPECT_EQ(steps[3].toObject()["status"].toString(), "skipped");
    EXPECT_TRUE(steps[3].toObject()["message"].toString().contains("column \"region\" does not exist"));
    EXPECT_NE(run.err.find("1 of 4 steps could not be applied"), std::string::npos) << run.err;

    auto show = microseg::test::runCli({"show", "-w", q(f.ws), "--table", "contacts_clean", "--format", "csv"});
    ASSERT_EQ(show.exitCode, 0) << show.err;
    EXPECT_NE(show.out.find("1,Ada,ada@example.org,2020-01-31"), std::string::npos) << show.out;
    EXPECT_NE(show.out.find("3,Cy,cy@example.org,2021-03-15"), std::string::npos) << show.out;
}

TEST(CleanCli, PreviewShowsChangesAndWritesNothing) {
    Fixture f;
    auto run = microseg::test::runCli({"clean", "-w", q(f.ws), "--table", "contacts", "--recipe", q(f.recipe),
                                       "--preview", "2", "--json"});
    ASSERT_EQ(run.exitCode, 0) << run.err;
    const QJsonObject out = QJsonDocument::fromJson(QByteArray::fromStdString(run.out)).object();
    EXPECT_EQ(out["rows_dropped"].toInt(), 1);
    const QJsonArray dropped = out["sample_dropped"].toArray();
    ASSERT_EQ(dropped.size(), 1);
    EXPECT_EQ(dropped[0].toObject()["raw_row"].toInt(), 2);
    auto text = microseg::test::runCli({"clean", "-w", q(f.ws), "--table", "contacts", "--recipe", q(f.recipe),
                                        "--preview", "1"});
    ASSERT_EQ(text.exitCode, 0) << text.err;
    EXPECT_NE(text.out.find("raw row 1 name: \" Ada \" -> \"Ada\""), std::string::npos) << text.out;
    auto info = microseg::test::runCli({"info", "-w", q(f.ws), "--json"});
    EXPECT_EQ(info.out.find("contacts_clean"), std::string::npos);
    auto bad = microseg::test::runCli({"clean", "-w", q(f.ws), "--table", "contacts", "--recipe", q(f.recipe),
                                       "--preview", "9"});
    EXPECT_EQ(bad.exitCode, 2);
    EXPECT_NE(bad.err.find("from 1 to 4"), std::string::npos) << bad.err;
}

TEST(CleanCli, SavesAndExportsTheRecipeWithImportSettings) {
    Fixture f;
    const std::string exported = f.dir.path("out.json");
    auto run = microseg::test::runCli({"clean", "-w", q(f.ws), "--table", "contacts", "--recipe", q(f.recipe),
                                       "--save-recipe", "contacts_v1", "--export-recipe", q(exported)});
    ASSERT_EQ(run.exitCode, 0) << run.err;
    const QJsonObject json =
        QJsonDocument::fromJson(QByteArray::fromStdString(microseg::test::readFile(exported))).object();
    EXPECT_EQ(json["name"].toString(), "contacts_v1");
    EXPECT_EQ(json["import_settings"].toObject()["delimiter"].toString(), ",");
    EXPECT_EQ(json["steps"].toArray().size(), 4);
    auto replay = microseg::test::runCli({"clean", "-w", q(f.ws), "--table", "contacts", "--recipe-name",
                                          "contacts_v1", "--out", "again"});
    ASSERT_EQ(replay.exitCode, 0) << replay.err;
    EXPECT_NE(replay.out.find("(2 rows)"), std::string::npos) << replay.out;
}

TEST(CleanCli, BadRecipeFileIsAClearError) {
    Fixture f;
    writeFile(f.recipe, "{\"steps\": [ {\"type\": \"trim\", \"columns\": \"name\"} ]}");
    auto run = microseg::test::runCli({"clean", "-w", q(f.ws), "--table", "contacts", "--recipe", q(f.recipe),
                                       "--out", "x"});
    EXPECT_EQ(run.exitCode, 2);
    EXPECT_NE(run.err.find("step 1: \"columns\" must be a list"), std::string::npos) << run.err;
}
