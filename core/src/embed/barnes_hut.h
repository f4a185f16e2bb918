#pragma once
// Barnes-Hut approximation of the t-SNE repulsive forces on a quadtree. Not a public header.
//
// References: J. Barnes and P. Hut, "A hierarchical O(N log N) force-calculation algorithm",
// Nature 324, 1986; J. Barnes, "A modified tree code: don't laugh; it runs", J. Comput. Phys. 87,
// 1990 (one walk per group of nearby particles); L. van der Maaten, "Accelerating t-SNE using Tree-Based Algorithms", JMLR 15,
// 2014 (section 4.2: a cell whose width over its distance to the point is below theta acts as one
// point of its total mass at its centre of mass).
//
// The tree is rebuilt every iteration (the embedding moves). Points are stored in tree order so
// every node is a contiguous range [begin, end) and the points of a leaf are adjacent in memory;
// points are visited in groups of nearby points that share one tree walk, and the kernel sums over
// the group's interaction list are plain vectorisable loops. A node containing a point of the
// group is never summarised (a point must not repel itself).

#include "microseg/kmeans.h" // RowMatrix

#include <cstdint>
#include <utility>
#include <vector>

namespace microseg::core::detail {

class QuadTree {
  public:
    struct Node {
        double centreX = 0.0, centreY = 0.0; ///< centre of mass
        double mass = 0.0;                   ///< number of points
        double width = 0.0;                  ///< side of the square cell
        std::int32_t begin = 0, end = 0;     ///< tree positions of its points
        std::int32_t firstChild = -1;        ///< children are contiguous; -1 for a leaf
        std::int32_t childCount = 0;
    };

    /// Per-thread buffers of groupRepulsion: the interaction list of one group.
    struct Scratch {
        std::vector<double> x, y, mass; ///< summarised cells and single points (mass 1)
        std::vector<double> q;          ///< kernel values of one point against the list
    };

    /// Builds the tree over the rows of `y` (n x 2); large trees with up to 4 threads.
    explicit QuadTree(const RowMatrix& y, int threads = 1);

    [[nodiscard]] const std::vector<Node>& nodes() const { return m_nodes; }
    /// Original row of tree position t.
    [[nodiscard]] const std::vector<std::int32_t>& order() const { return m_order; }

    /// Tree positions split into groups of nearby points: the contiguous ranges of the highest
    /// nodes holding at most `maxPoints` points (or leaves), in increasing order.
    [[nodiscard]] std::vector<std::pair<std::int32_t, std::int32_t>> groups(std::int32_t maxPoints) const;

    /// Repulsion on every point of the group [begin, end) of tree positions: adds
    /// sum_j K_tj to `sumKernel` and writes sum_j K_tj^2 (y_t - y_j) into forceX/forceY[t - begin],
    /// K = (1 + |y_t - y_j|^2)^-1, j != t. One walk serves the whole group (Barnes 1990): a cell
    /// is summarised when width^2 < theta^2 * d^2 with d the distance from the group's bounding
    /// box to the cell's centre of mass, which is at most the distance from any of its points, so
    /// every point meets the per-point criterion of van der Maaten (2014).
    void groupRepulsion(std::int32_t begin, std::int32_t end, double theta2, Scratch& scratch,
                        double& sumKernel, double* forceX, double* forceY) const;

  private:
    /// Partitions m_order[begin, end) into the quadrants around (cx, cy): below-left,
    /// below-right, above-left, above-right, as ranges bounds[q] .. bounds[q + 1].
    void splitQuadrants(std::int32_t begin, std::int32_t end, double cx, double cy,
                        std::int32_t bounds[5]);
    void build(std::vector<Node>& nodes, std::int32_t slot, std::int32_t begin, std::int32_t end,
               double cx, double cy, double half, int depth);

    std::vector<Node> m_nodes;
    std::vector<std::int32_t> m_order; ///< original row of each tree position
    std::vector<double> m_x, m_y;      ///< coordinates in tree order
};

/// Repulsive forces for every point: forces.row(i) = sum_j K_ij^2 (y_i - y_j) (not divided by Z),
/// returns Z = sum_{i != j} K_ij, both Barnes-Hut approximations. Deterministic for any thread
/// count (fixed blocks of tree positions, Z summed in block order).
double barnesHutRepulsion(const RowMatrix& y, double theta, RowMatrix& forces, int threads);

} // namespace microseg::core::detail
