// Even-odd polygon rasterisation on a pixel plane, the rule RTSTRUCT contours are drawn with.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

namespace radfed::dicom {

using Point2 = std::array<double, 2>;  // (i, j): continuous column and row index

// Toggles every pixel of the width x height plane (row-major, i fastest) whose centre (i, j) is
// inside the closed polygon by the even-odd rule. Applying it to every contour of a slice leaves
// exactly the pixels covered an odd number of times set, so holes and islands come out right.
// A centre exactly on a left or lower edge counts as inside, on a right or upper edge as outside,
// so two polygons sharing an edge never both claim a pixel.
void ToggleInsidePolygon(const std::vector<Point2>& polygon, int64_t width, int64_t height, uint8_t* plane);

}  // namespace radfed::dicom
