// Image grids of test series, for fuzzing mask readers: a mask is read onto a grid, and only a
// grid its contours or frames actually meet exercises rasterisation and frame placement.
#pragma once

#include <string>
#include <vector>

#include "node/imaging/grid.h"

namespace radfed::fuzz {

// The grids of the DICOM series in `directories` (relative to the test data directory), read once.
// Aborts when one cannot be read: the fuzzer would otherwise test far less than it claims.
std::vector<imaging::Grid> LoadReferenceGrids(const std::vector<std::string>& directories);

}  // namespace radfed::fuzz
