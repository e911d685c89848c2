#include "node/radiomics/texture/zones.h"

#include <array>

namespace radfed::radiomics {

Zones LabelZones(const TextureInput& input, bool slice_wise) {
  const int64_t sx = input.size[0], sy = input.size[1], sz = input.size[2];
  Zones zones;
  zones.zone_of.assign(input.grey.size(), -1);

  // The neighbour offsets: the 8 in-plane ones, plus the 18 of the adjacent slices in 3D.
  std::vector<std::array<int64_t, 3>> neighbours;
  for (int64_t dk = slice_wise ? 0 : -1; dk <= (slice_wise ? 0 : 1); ++dk) {
    for (int64_t dj = -1; dj <= 1; ++dj) {
      for (int64_t di = -1; di <= 1; ++di) {
        if (di != 0 || dj != 0 || dk != 0) neighbours.push_back({di, dj, dk});
      }
    }
  }

  std::vector<int64_t> stack;
  for (int64_t k = 0; k < sz; ++k) {
    for (int64_t j = 0; j < sy; ++j) {
      for (int64_t i = 0; i < sx; ++i) {
        const int64_t seed = input.Offset(i, j, k);
        const int32_t level = input.grey[seed];
        if (level <= 0 || zones.zone_of[seed] >= 0) continue;

        const auto zone = static_cast<int32_t>(zones.level.size());
        int64_t size = 0;
        zones.zone_of[seed] = zone;
        stack.push_back(seed);
        while (!stack.empty()) {
          const int64_t v = stack.back();
          stack.pop_back();
          ++size;
          const int64_t vi = v % sx, vj = (v / sx) % sy, vk = v / (sx * sy);
          for (const auto& [di, dj, dk] : neighbours) {
            const int64_t ni = vi + di, nj = vj + dj, nk = vk + dk;
            if (ni < 0 || nj < 0 || nk < 0 || ni >= sx || nj >= sy || nk >= sz) continue;
            const int64_t n = input.Offset(ni, nj, nk);
            if (input.grey[n] != level || zones.zone_of[n] >= 0) continue;
            zones.zone_of[n] = zone;
            stack.push_back(n);
          }
        }
        zones.level.push_back(level);
        zones.size.push_back(size);
        zones.slice.push_back(k);
      }
    }
  }
  return zones;
}

}  // namespace radfed::radiomics
