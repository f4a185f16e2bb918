#include "cluster_views.h"

#include "cluster_box_plots.h"
#include "dendrogram_view.h"
#include "job.h"
#include "kdistance_view.h"
#include "profile_heatmap.h"
#include "text_format.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QVBoxLayout>
#include <algorithm>

namespace microseg::ui {

KDistancePanel::KDistancePanel(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    auto* row = new QHBoxLayout;
    m_status = new QLabel(this);
    m_status->setWordWrap(true);
    m_compute = new QPushButton(tr("Compute k-distance graph"), this);
    m_compute->setObjectName(QStringLiteral("kDistanceButton"));
    m_compute->setToolTip(tr("Each point's distance to its k-th nearest neighbour (k = min "
                             "samples), sorted: eps near the knee separates dense points from "
                             "noise."));
    row->addWidget(m_status, 1);
    row->addWidget(m_compute);
    layout->addLayout(row);
    m_view = new KDistanceView(this);
    m_view->setObjectName(QStringLiteral("kDistanceView"));
    layout->addWidget(m_view, 1);
    connect(m_compute, &QPushButton::clicked, this, &KDistancePanel::computeRequested);
    clear();
}

void KDistancePanel::clear(const QString& message) {
    if (m_job)
        m_job->cancel();
    ++m_generation;
    m_view->clear(message);
    m_status->setText(tr("For DBSCAN: choose eps where the sorted k-distances bend upwards."));
}

bool KDistancePanel::isBusy() const {
    return m_job && m_job->isRunning();
}

Job* KDistancePanel::compute(const ClusterSource& source, int k, core::CancelToken token) {
    if (m_job)
        m_job->cancel();
    const std::uint64_t generation = ++m_generation;
    m_view->clear(tr("Computing the distance of every point to its %1-th neighbour…").arg(k));
    m_status->setText(tr("Computing the k-distance graph (k = %1)…").arg(k));
    Job* job = runJob<core::KDistanceResult>(
        this, tr("k-distance graph (k = %1)").arg(k),
        [source, k](core::Progress& progress, const core::CancelToken& cancel) {
            return computeKDistance(source, k, progress, cancel);
        },
        std::function<void(core::KDistanceResult&)>(
            [this, generation, k](core::KDistanceResult& result) {
                if (generation != m_generation)
                    return;
                m_view->setData(result, k);
                m_status->setText(tr("Suggested eps (the knee): %1. Click the graph to set eps.")
                                      .arg(result.suggestedEps, 0, 'g', 4));
            }),
        std::move(token));
    connect(job, &Job::finished, this, [this, job, generation](Job::Outcome outcome) {
        job->deleteLater();
        if (generation == m_generation) {
            if (outcome == Job::Outcome::Cancelled) {
                m_view->clear(tr("Cancelled"));
                m_status->setText(tr("k-distance graph cancelled."));
            } else if (outcome == Job::Outcome::Failed) {
                m_view->clear(tr("Could not compute the k-distance graph: %1")
                                  .arg(toQString(job->error().message)));
            }
        }
        emit busyChanged();
    });
    m_job = job;
    emit busyChanged();
    emit jobStarted(job);
    return job;
}

RunStructurePanel::RunStructurePanel(QWidget* parent) : QTabWidget(parent) {
    auto* profileTab = new QWidget(this);
    auto* profileLayout = new QVBoxLayout(profileTab);
    profileLayout->setContentsMargins(0, 4, 0, 0);
    m_profileStatus = new QLabel(profileTab);
    m_profileStatus->setWordWrap(true);
    profileLayout->addWidget(m_profileStatus);
    auto* scroll = new QScrollArea(profileTab);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    m_heatmap = new ProfileHeatmap;
    m_heatmap->setObjectName(QStringLiteral("profileHeatmap"));
    scroll->setWidget(m_heatmap);
    profileLayout->addWidget(scroll, 1);
    addTab(profileTab, tr("Profile"));

    auto* boxTab = new QScrollArea(this);
    boxTab->setWidgetResizable(true);
    boxTab->setFrameShape(QFrame::NoFrame);
    m_boxPlots = new ClusterBoxPlotsView;
    m_boxPlots->setObjectName(QStringLiteral("boxPlots"));
    boxTab->setWidget(m_boxPlots);
    addTab(boxTab, tr("Box plots"));

    auto* corner = new QWidget(this);
    auto* cornerLayout = new QHBoxLayout(corner);
    cornerLayout->setContentsMargins(0, 0, 4, 0);
    m_superSegments = new QSpinBox(corner);
    m_superSegments->setObjectName(QStringLiteral("superSegments"));
    m_superSegments->setRange(0, 20);
    m_superSegments->setSpecialValueText(tr("none"));
    m_superSegments->setToolTip(
        tr("Group the clusters into this many super-segments (Ward on the cluster means): views "
           "order clusters by group and give each group one hue, a shade per cluster."));
    cornerLayout->addWidget(new QLabel(tr("Super-segments"), corner));
    cornerLayout->addWidget(m_superSegments);
    setCornerWidget(corner, Qt::TopRightCorner);
    connect(m_superSegments, &QSpinBox::valueChanged, this, &RunStructurePanel::applySuperSegments);

    auto* treeTab = new QWidget(this);
    auto* treeLayout = new QVBoxLayout(treeTab);
    treeLayout->setContentsMargins(0, 4, 0, 0);
    auto* row = new QHBoxLayout;
    m_dendrogramStatus = new QLabel(treeTab);
    m_dendrogramStatus->setWordWrap(true);
    m_apply = new QPushButton(tr("Save this cut as a run"), treeTab);
    m_apply->setObjectName(QStringLiteral("applyCutButton"));
    row->addWidget(m_dendrogramStatus, 1);
    row->addWidget(m_apply);
    treeLayout->addLayout(row);
    m_dendrogram = new DendrogramView(treeTab);
    m_dendrogram->setObjectName(QStringLiteral("dendrogramView"));
    treeLayout->addWidget(m_dendrogram, 1);
    addTab(treeTab, tr("Dendrogram"));

    connect(m_dendrogram, &DendrogramView::cutChanged, this, &RunStructurePanel::updateCutControls);
    connect(m_apply, &QPushButton::clicked, this, [this] { applyCut(); });
    clear();
}

void RunStructurePanel::clear(const QString& message) {
    if (m_job)
        m_job->cancel();
    ++m_generation;
    m_run.reset();
    m_heatmap->clear(message);
    m_boxPlots->clear(message);
    m_dendrogram->clear(message);
    m_centroidTree.reset();
    m_sizes.clear();
    m_segments = {};
    emit superSegmentsChanged();
    m_profileStatus->clear();
    m_dendrogramStatus->clear();
    updateCutControls();
}

bool RunStructurePanel::isBusy() const {
    return (m_job && m_job->isRunning()) || (m_saveJob && m_saveJob->isRunning());
}

void RunStructurePanel::updateCutControls() {
    const bool saving = m_saveJob && m_saveJob->isRunning();
    m_apply->setEnabled(m_dendrogram->hasTree() && m_run && !saving);
    if (m_dendrogram->hasTree())
        m_apply->setText(tr("Save the cut (%1 clusters) as a run").arg(m_dendrogram->clustersAtCut()));
    else
        m_apply->setText(tr("Save this cut as a run"));
}

Job* RunStructurePanel::showRun(const std::string& workspacePath, const core::ClusteringRun& run) {
    if (m_job)
        m_job->cancel();
    const std::uint64_t generation = ++m_generation;
    m_path = workspacePath;
    m_run = run;
    m_heatmap->clear(tr("Computing the cluster profile…"));
    m_boxPlots->clear(tr("Computing the box plots…"));
    m_centroidTree.reset();
    m_segments = {};
    emit superSegmentsChanged();
    m_dendrogram->clear(run.algorithm == "agglomerative"
                            ? tr("Rebuilding the merge tree…")
                            : tr("A dendrogram needs an agglomerative run."));
    m_profileStatus->setText(tr("%1 clusters of run %2").arg(run.clusters).arg(toQString(run.name)));
    m_dendrogramStatus->clear();
    updateCutControls();
    Job* job = runJob<RunStructure>(
        this, tr("Profile of %1").arg(toQString(run.name)),
        [workspacePath, run](core::Progress& progress, const core::CancelToken& cancel) {
            return computeRunStructure(workspacePath, run, progress, cancel);
        },
        std::function<void(RunStructure&)>([this, generation, run](RunStructure& structure) {
            if (generation != m_generation)
                return;
            m_heatmap->setProfile(structure.profile);
            m_boxPlots->setData(structure.boxes);
            m_centroidTree = structure.centroidTree;
            m_sizes = structure.profile.sizes;
            {
                // Many clusters start grouped (about six per super-segment); few start plain.
                const QSignalBlocker blocker(m_superSegments);
                const int k = static_cast<int>(m_sizes.size());
                m_superSegments->setMaximum(std::max(0, std::min(20, k - 1)));
                m_superSegments->setValue(k > 12 ? std::min(8, (k + 5) / 6) : 0);
            }
            applySuperSegments();
            m_profileStatus->setText(
                tr("Rows: the %1 clusters; columns: features, each z-scored over all rows. "
                   "Hover a cell for its value; right-click to export.")
                    .arg(structure.profile.sizes.size()));
            if (!structure.tree) {
                m_dendrogram->clear(structure.noTree);
            } else {
                m_dendrogram->setTree(structure.tree);
                m_dendrogram->setCutHeight(m_dendrogram->heightForClusters(run.clusters));
                m_dendrogramStatus->setText(m_dendrogram->caption());
            }
            updateCutControls();
        }));
    connect(job, &Job::finished, this, [this, job, generation](Job::Outcome outcome) {
        job->deleteLater();
        if (generation == m_generation) {
            if (outcome == Job::Outcome::Cancelled) {
                m_heatmap->clear(tr("Cancelled"));
                m_boxPlots->clear(tr("Cancelled"));
                m_dendrogram->clear(tr("Cancelled"));
            } else if (outcome == Job::Outcome::Failed) {
                const QString why = toQString(job->error().message);
                m_heatmap->clear(tr("Could not compute the profile: %1").arg(why));
                m_boxPlots->clear(tr("Could not compute the box plots: %1").arg(why));
                m_dendrogram->clear(tr("Could not build the tree: %1").arg(why));
            }
        }
        emit busyChanged();
    });
    m_job = job;
    emit busyChanged();
    emit jobStarted(job);
    return job;
}

void RunStructurePanel::applySuperSegments() {
    if (m_centroidTree)
        m_segments = microseg::ui::superSegments(*m_centroidTree, m_sizes, m_superSegments->value());
    else
        m_segments = {};
    m_heatmap->setRowOrder(m_segments.order, m_segments.colors);
    m_boxPlots->setClusterOrder(m_segments.order, m_segments.colors, m_segments.segmentOf);
    emit superSegmentsChanged();
}

Job* RunStructurePanel::applyCut() {
    if (!m_dendrogram->hasTree() || !m_run || (m_saveJob && m_saveJob->isRunning()))
        return nullptr;
    const std::shared_ptr<const core::LinkageTree> tree = m_dendrogram->tree();
    const double height = m_dendrogram->cutHeight();
    const core::ClusteringRun parent = *m_run;
    const std::string path = m_path;
    Job* job = runJob<core::ClusteringRun>(
        this, tr("Save the dendrogram cut (%1 clusters)").arg(m_dendrogram->clustersAtCut()),
        [path, parent, tree, height](core::Progress& progress, const core::CancelToken& cancel) {
            return saveDendrogramCut(path, parent, *tree, height, progress, cancel);
        },
        std::function<void(core::ClusteringRun&)>(
            [this](core::ClusteringRun& run) { emit runSaved(run.id); }));
    connect(job, &Job::finished, this, [this, job](Job::Outcome outcome) {
        job->deleteLater();
        if (outcome == Job::Outcome::Failed)
            m_dendrogramStatus->setText(
                tr("Could not store the cut: %1").arg(toQString(job->error().message)));
        updateCutControls();
        emit busyChanged();
    });
    m_saveJob = job;
    updateCutControls();
    emit busyChanged();
    emit jobStarted(job);
    return job;
}

} // namespace microseg::ui
