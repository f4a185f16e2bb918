// Feature sets stored by name in the workspace table feature_sets (schema 2), one transaction
// with an audit entry per change.
#include "microseg/csv_import.h"
#include "microseg/feature_set.h"
#include "named_document_store.h"

namespace microseg::core {
namespace {

constexpr NamedDocumentTable kFeatureSets{"feature_sets", "spec", "feature set", "feature_set",
                                          "features"};

Result<FeatureSetInfo> readRow(const Statement& row) {
    FeatureSetInfo info;
    info.id = row.columnInt(0);
    info.name = row.columnText(1);
    auto spec = FeatureSpec::fromJson(row.columnText(2));
    if (!spec) {
        Error error = spec.error();
        error.message = "Feature set \"" + info.name + "\": " + error.message;
        return error;
    }
    info.spec = std::move(spec.value());
    info.createdAt = row.columnText(3);
    info.updatedAt = row.columnText(4);
    return info;
}

} // namespace

Status saveFeatureSet(Workspace& workspace, const std::string& name, const FeatureSpec& spec,
                      bool overwrite) {
    if (!isValidDatasetName(name))
        return Error{ErrorCode::InvalidArgument,
                     "The feature set name \"" + name +
                         "\" must hold 1 to 100 letters, digits and underscores.",
                     {},
                     0,
                     0,
                     name};
    return saveNamedDocument(workspace, kFeatureSets, name, spec.toJson(), spec.features.size(),
                             overwrite);
}

Result<FeatureSetInfo> featureSet(const Workspace& workspace, const std::string& name) {
    return loadNamedDocument<FeatureSetInfo>(workspace, kFeatureSets, name, readRow);
}

Result<std::vector<FeatureSetInfo>> featureSets(const Workspace& workspace) {
    return listNamedDocuments<FeatureSetInfo>(workspace, kFeatureSets, readRow);
}

Status deleteFeatureSet(Workspace& workspace, const std::string& name) {
    return deleteNamedDocument(workspace, kFeatureSets, name);
}

} // namespace microseg::core
