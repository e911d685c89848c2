// The neighbour directions texture matrices are built along (IBSI 1, section 3.6).
//
// Each unordered direction appears once: a matrix along (di, dj, dk) also counts the pairs along
// (-di, -dj, -dk), which is what makes GLCMs symmetric and runs direction-free.
#pragma once

#include <array>
#include <span>

namespace radfed::radiomics {

struct Direction {
  int di, dj, dk;
};

// The 13 directions of the 26-connected neighbourhood in 3D.
inline constexpr std::array<Direction, 13> kDirections3D{{
    {1, 0, 0}, {0, 1, 0}, {1, 1, 0}, {1, -1, 0}, {0, 0, 1}, {1, 0, 1}, {1, 0, -1},
    {0, 1, 1}, {0, 1, -1}, {1, 1, 1}, {1, 1, -1}, {1, -1, 1}, {1, -1, -1},
}};

// The 4 in-plane directions (dk = 0) of the 8-connected neighbourhood, for 2D and 2.5D.
inline constexpr std::array<Direction, 4> kDirections2D{{{1, 0, 0}, {0, 1, 0}, {1, 1, 0}, {1, -1, 0}}};

}  // namespace radfed::radiomics
