#include "node/radiomics/morphology/convex_hull.h"

#include <cmath>
#include <csetjmp>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

// Qhull's reentrant C library: its C++ wrapper does not compile as C++20. Only libqhull_r.h
// declares C linkage itself, so the whole set is wrapped.
extern "C" {
#include <libqhull_r/qhull_ra.h>
}

namespace radfed::radiomics::morphology {

Result<ConvexHull> ComputeConvexHull(const std::vector<imaging::Vec3>& points) {
  if (points.size() < 4) {
    return Status::InvalidArgument("convex hull: " + std::to_string(points.size()) +
                                   " points cannot enclose a volume");
  }
  std::vector<coordT> coordinates;
  coordinates.reserve(3 * points.size());
  for (const auto& p : points) coordinates.insert(coordinates.end(), p.begin(), p.end());

  // Qhull writes its error report to a stream; keep it in memory for the Status.
  char* errors = nullptr;
  size_t errors_size = 0;
  FILE* error_stream = open_memstream(&errors, &errors_size);
  qhT qh_storage;
  qhT* qh = &qh_storage;
  qh_zero(qh, error_stream);
  char command[] = "qhull";
  const int exit_code = qh_new_qhull(qh, 3, static_cast<int>(points.size()), coordinates.data(),
                                     False, command, nullptr, error_stream);
  ConvexHull hull;
  if (exit_code == 0) {
    qh_getarea(qh, qh->facet_list);
    hull.volume = qh->totvol;
    hull.area = qh->totarea;
    std::vector<int32_t> index_of(qh->vertex_id, -1);  // by Qhull's vertex id
    vertexT* vertex;
    vertexT** vertexp;
    FORALLvertices {
      index_of[vertex->id] = static_cast<int32_t>(hull.vertices.size());
      hull.vertices.push_back({vertex->point[0], vertex->point[1], vertex->point[2]});
    }
    facetT* facet;
    FORALLfacets {
      hull.facet_normals.push_back({facet->normal[0], facet->normal[1], facet->normal[2]});
      std::vector<int32_t>& corners = hull.facet_vertices.emplace_back();
      FOREACHvertex_(facet->vertices) corners.push_back(index_of[vertex->id]);
    }
  }
  qh_freeqhull(qh, !qh_ALL);
  int long_blocks = 0;
  int long_bytes = 0;
  qh_memfreeshort(qh, &long_blocks, &long_bytes);
  std::fclose(error_stream);
  const std::string report(errors, errors_size);
  std::free(errors);
  if (exit_code != 0) return Status::InvalidArgument("convex hull: qhull failed: " + report);
  return hull;
}

double MaximumDiameter(const std::vector<imaging::Vec3>& points) {
  double best = 0;
  for (size_t a = 0; a < points.size(); ++a) {
    for (size_t b = a + 1; b < points.size(); ++b) {
      const double dx = points[a][0] - points[b][0];
      const double dy = points[a][1] - points[b][1];
      const double dz = points[a][2] - points[b][2];
      best = std::max(best, dx * dx + dy * dy + dz * dz);
    }
  }
  return std::sqrt(best);
}

}  // namespace radfed::radiomics::morphology
