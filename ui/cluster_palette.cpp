#include "cluster_palette.h"

#include <array>

namespace microseg::ui {

QColor clusterColor(int index) {
    if (index < 0)
        return QColor(0x9e, 0x9e, 0x9e);
    // Tableau 10 first (what people know from other tools), then 50 colours each chosen as far
    // as possible (CIELAB) from all before it and from the noise grey: Glasbey, Van der Heijden,
    // Toh and Gray, "Colour displays for categorical images", 2007. Any two of the first 50 are
    // at least 24 CIELAB units apart. Made by tests/fixtures/palette/make_cluster_palette.py.
    static constexpr std::array<QRgb, kClusterPaletteSize> kPalette = {
        0x4e79a7, 0xf28e2b, 0xe15759, 0x76b7b2, 0x59a14f, 0xedc948, 0xb07aa1, 0xff9da7, 0x9c755f,
        0xbab0ac, 0x4b00ff, 0xff0fd2, 0x00f000, 0x1e5ae1, 0xff0000, 0xa50069, 0xa5e13c, 0xe187ff,
        0x00f087, 0x870fc3, 0x5a5a00, 0x783c96, 0x0096ff, 0xff0078, 0x2d694b, 0x964b0f, 0x4be1b4,
        0x00a500, 0x00c3ff, 0xc3c3ff, 0xff78c3, 0xc3d296, 0xf0b478, 0x879600, 0xe100ff, 0xb41e00,
        0x873c4b, 0x4b4bff, 0x9687e1, 0xb41ea5, 0xa57800, 0xffb4ff, 0xf0003c, 0x00e1f0, 0xa5e178,
        0x007887, 0x1e5ab4, 0xf05a00, 0xa5964b, 0x006900, 0xb40f4b, 0xa569ff, 0xf02da5, 0x5a4b78,
        0xd2d200, 0xf0875a, 0xffc3e1, 0xffb400, 0x2da587, 0x789669};
    return QColor::fromRgb(kPalette[static_cast<std::size_t>(index % kClusterPaletteSize)]);
}

} // namespace microseg::ui
