#include "node/radiomics/morphology/enclosing_shapes.h"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

namespace radfed::radiomics::morphology {
namespace {

using imaging::Vec3;

struct Point2 {
  double x = 0;
  double y = 0;
};

double Cross2(const Point2& o, const Point2& a, const Point2& b) {
  return (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);
}

// Counter-clockwise convex hull of 2D points (Andrew's monotone chain), collinear points dropped.
// Turns within rounding of straight count as collinear: 3D hull vertices on an edge parallel to
// the projection direction land a few ulps apart, and an edge between two such points has an
// arbitrary direction, which misleads the rectangle search.
std::vector<Point2> ConvexHull2(std::vector<Point2> points) {
  std::sort(points.begin(), points.end(),
            [](const Point2& a, const Point2& b) { return a.x < b.x || (a.x == b.x && a.y < b.y); });
  if (points.size() < 3) return points;
  double low_y = points.front().y;
  double high_y = low_y;
  for (const Point2& p : points) {
    low_y = std::min(low_y, p.y);
    high_y = std::max(high_y, p.y);
  }
  const double extent = std::max(points.back().x - points.front().x, high_y - low_y);
  const double straight = 1e-12 * extent * extent;
  std::vector<Point2> hull(2 * points.size());
  size_t k = 0;
  for (size_t i = 0; i < points.size(); ++i) {
    while (k >= 2 && Cross2(hull[k - 2], hull[k - 1], points[i]) <= straight) --k;
    hull[k++] = points[i];
  }
  for (size_t i = points.size() - 1, lower = k + 1; i-- > 0;) {
    while (k >= lower && Cross2(hull[k - 2], hull[k - 1], points[i]) <= straight) --k;
    hull[k++] = points[i];
  }
  hull.resize(k - 1);
  return hull;
}

struct Rectangle {
  double width = 0;
  double length = 0;
};

// Smallest-area rectangle enclosing a counter-clockwise convex polygon: one of its sides lies on
// a polygon edge, and while that edge turns around the polygon the three other extreme points only
// move forward (rotating calipers), so the search is linear.
Rectangle MinimumAreaRectangle(const std::vector<Point2>& hull) {
  const size_t m = hull.size();
  if (m < 3) return {};
  // Indices count on around the polygon; i % m is the vertex.
  const auto dot = [&](size_t i, double ux, double uy) {
    return hull[i % m].x * ux + hull[i % m].y * uy;
  };
  Rectangle best;
  double best_area = std::numeric_limits<double>::infinity();
  size_t right = 1, far = 1, left = 1;
  for (size_t i = 0; i < m; ++i) {
    const Point2& a = hull[i];
    const Point2& b = hull[(i + 1) % m];
    const double len = std::hypot(b.x - a.x, b.y - a.y);
    const double ux = (b.x - a.x) / len;
    const double uy = (b.y - a.y) / len;
    const double vx = -uy;  // inward normal of a counter-clockwise polygon
    const double vy = ux;
    // Going on from the edge, the polygon reaches its extreme along u, then along v, then its
    // minimum along u.
    right = std::max(right, i + 1);
    while (dot(right + 1, ux, uy) > dot(right, ux, uy)) ++right;
    far = std::max(far, right);
    while (dot(far + 1, vx, vy) > dot(far, vx, vy)) ++far;
    left = std::max(left, far);
    while (dot(left + 1, ux, uy) < dot(left, ux, uy)) ++left;
    const double length = dot(right, ux, uy) - dot(left, ux, uy);
    const double width = dot(far, vx, vy) - (a.x * vx + a.y * vy);
    if (length * width < best_area) {
      best_area = length * width;
      best = {width, length};
    }
  }
  return best;
}

}  // namespace

std::array<double, 3> PrincipalEigenvalues(const std::vector<Vec3>& points) {
  if (points.size() < 2) return {0, 0, 0};
  Eigen::Vector3d mean = Eigen::Vector3d::Zero();
  for (const auto& p : points) mean += Eigen::Vector3d(p[0], p[1], p[2]);
  mean /= static_cast<double>(points.size());
  Eigen::Matrix3d covariance = Eigen::Matrix3d::Zero();
  for (const auto& p : points) {
    const Eigen::Vector3d d = Eigen::Vector3d(p[0], p[1], p[2]) - mean;
    covariance += d * d.transpose();
  }
  covariance /= static_cast<double>(points.size() - 1);
  const Eigen::SelfAdjointEigenSolver<Eigen::Matrix3d> solver(covariance,
                                                              Eigen::EigenvaluesOnly);
  const Eigen::Vector3d values = solver.eigenvalues();  // ascending
  return {std::max(values[2], 0.0), std::max(values[1], 0.0), std::max(values[0], 0.0)};
}

double EllipsoidArea(double a, double b, double c) {
  if (a <= 0) return 0;
  // IBSI's definition, which its reference values follow. It is exact for spheres but not the
  // true area of other ellipsoids (for a prolate spheroid it gives the oblate one's series).
  const double alpha = std::sqrt(std::max(0.0, 1 - b * b / (a * a)));
  const double beta = std::sqrt(std::max(0.0, 1 - c * c / (a * a)));
  // The series term (alpha*beta)^nu * P_nu(x), x = (alpha^2 + beta^2) / (2 alpha beta), follows
  // from Bonnet's recursion without dividing by alpha*beta, so spheroids and spheres are exact.
  const double s = (alpha * alpha + beta * beta) / 2;
  const double p2 = alpha * alpha * beta * beta;
  double previous = 1;  // nu = 0
  double current = s;   // nu = 1
  double sum = 1 + current / (1 - 4.0);
  for (int nu = 1; nu < 20; ++nu) {
    const double next = ((2 * nu + 1) * s * current - nu * p2 * previous) / (nu + 1);
    previous = current;
    current = next;
    const double n1 = nu + 1;
    sum += current / (1 - 4 * n1 * n1);
  }
  return 4 * std::numbers::pi * a * b * sum;
}

Box OrientedMinimumBoundingBox(const ConvexHull& hull) {
  const std::vector<Vec3>& vertices = hull.vertices;
  // The facets around each vertex: first[v] .. first[v + 1] in around.
  std::vector<size_t> first(vertices.size() + 1, 0);
  for (const auto& corners : hull.facet_vertices) {
    for (int32_t v : corners) ++first[static_cast<size_t>(v) + 1];
  }
  for (size_t v = 0; v < vertices.size(); ++v) first[v + 1] += first[v];
  std::vector<size_t> around(first.back());
  {
    std::vector<size_t> next(first.begin(), first.end() - 1);
    for (size_t f = 0; f < hull.facet_vertices.size(); ++f) {
      for (int32_t v : hull.facet_vertices[f]) around[next[static_cast<size_t>(v)]++] = f;
    }
  }

  Box best{std::numeric_limits<double>::infinity(), 0};
  std::vector<double> facing(hull.facet_normals.size());
  std::vector<Point2> silhouette;
  for (const auto& normal : hull.facet_normals) {
    const Eigen::Vector3d n = Eigen::Vector3d(normal[0], normal[1], normal[2]).normalized();
    // Any orthonormal pair spanning the facet plane will do: the rectangle search rotates.
    const Eigen::Vector3d helper =
        std::abs(n.x()) < 0.9 ? Eigen::Vector3d::UnitX() : Eigen::Vector3d::UnitY();
    const Eigen::Vector3d e1 = n.cross(helper).normalized();
    const Eigen::Vector3d e2 = n.cross(e1);
    for (size_t g = 0; g < facing.size(); ++g) {
      const auto& m = hull.facet_normals[g];
      facing[g] = m[0] * n.x() + m[1] * n.y() + m[2] * n.z();
    }
    // A vertex projects inside the hull's shadow on the plane unless a plane through it parallel
    // to n supports the hull, that is unless its facets' normals face both ways along n (or
    // across it). Only those silhouette vertices go into the 2D hull; the margin keeps every
    // vertex whose facing rounding could hide.
    constexpr double kMargin = 1e-9;
    double low = std::numeric_limits<double>::infinity();
    double high = -low;
    silhouette.clear();
    for (size_t v = 0; v < vertices.size(); ++v) {
      const Eigen::Vector3d p(vertices[v][0], vertices[v][1], vertices[v][2]);
      const double h = p.dot(n);
      low = std::min(low, h);
      high = std::max(high, h);
      bool front = false;
      bool back = false;
      for (size_t a = first[v]; a < first[v + 1]; ++a) {
        front = front || facing[around[a]] >= -kMargin;
        back = back || facing[around[a]] <= kMargin;
      }
      if (front && back) silhouette.push_back({p.dot(e1), p.dot(e2)});
    }
    const Rectangle r = MinimumAreaRectangle(ConvexHull2(silhouette));
    const double height = high - low;
    const double volume = r.width * r.length * height;
    if (volume < best.volume) {
      best.volume = volume;
      best.area = 2 * (r.width * r.length + r.width * height + r.length * height);
    }
  }
  if (hull.facet_normals.empty()) best.volume = 0;
  return best;
}

std::array<double, 3> MinimumVolumeEnclosingEllipsoid(const std::vector<Vec3>& points,
                                                      double tolerance) {
  // Dual problem: weights u on the points, lifted to q = (p, 1), maximising log det X(u) with
  // X(u) = sum u_i q_i q_i^T. m_i = q_i^T X^-1 q_i is at most d + 1 = 4 for every point and at
  // least 4 for every weighted point at the optimum.
  constexpr double kLifted = 4;
  const size_t n = points.size();
  std::vector<Eigen::Vector4d> q(n);
  for (size_t i = 0; i < n; ++i) q[i] << points[i][0], points[i][1], points[i][2], 1;
  std::vector<double> u(n, 1.0 / static_cast<double>(n));
  std::vector<double> m(n);
  Eigen::Matrix4d x_inv;
  // Recomputes X^-1 and m from the weights; false when X is singular.
  const auto recompute = [&] {
    Eigen::Matrix4d x = Eigen::Matrix4d::Zero();
    for (size_t i = 0; i < n; ++i) {
      if (u[i] > 0) x.noalias() += u[i] * q[i] * q[i].transpose();
    }
    x_inv = x.inverse();
    if (!x_inv.allFinite()) return false;
    for (size_t i = 0; i < n; ++i) m[i] = q[i].dot(x_inv * q[i]);
    return true;
  };
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  if (!recompute()) return {kNaN, kNaN, kNaN};  // the points do not span three dimensions
  bool exact = true;  // m has just been recomputed, without accumulated update rounding
  for (int iteration = 1; iteration <= 1000000; ++iteration) {
    size_t far = 0;   // largest m: the point most outside the current ellipsoid
    size_t near = 0;  // smallest m among the weighted points: the most inside one
    for (size_t i = 0; i < n; ++i) {
      if (m[i] > m[far]) far = i;
      if (u[i] > 0 && (u[near] == 0 || m[i] < m[near])) near = i;
    }
    const double outside = m[far] / kLifted - 1;
    const double inside = 1 - m[near] / kLifted;
    if (std::max(outside, inside) <= tolerance) {
      if (exact) break;
      if (!recompute()) return {kNaN, kNaN, kNaN};
      exact = true;
      continue;
    }
    // Khachiyan's step moves weight onto the farthest point; Todd and Yildirim's away step takes
    // weight off the most inside one, down to zero, which is what makes the convergence linear
    // (plain Khachiyan needs more than 100,000 steps on an ROI's hull vertices).
    size_t j = far;
    double step = (m[far] - kLifted) / (kLifted * (m[far] - 1));
    if (inside > outside) {
      j = near;
      step = std::max((m[near] - kLifted) / (kLifted * (m[near] - 1)), -u[near] / (1 - u[near]));
    }
    // X' = (1 - step) X + step q_j q_j^T: Sherman-Morrison updates X^-1 and every m_i in O(n).
    const Eigen::Vector4d g = x_inv * q[j];
    const double rank_one = step / (1 - step + step * m[j]);
    const double rescale = 1 / (1 - step);
    for (size_t i = 0; i < n; ++i) {
      const double a = q[i].dot(g);
      m[i] = (m[i] - rank_one * a * a) * rescale;
      u[i] *= 1 - step;
    }
    x_inv = (x_inv - rank_one * g * g.transpose()) * rescale;
    u[j] = std::max(0.0, u[j] + step);
    exact = false;
    if (iteration % 256 == 0) {
      if (!recompute()) return {kNaN, kNaN, kNaN};
      exact = true;
    }
  }
  Eigen::Vector3d centre = Eigen::Vector3d::Zero();
  Eigen::Matrix3d second = Eigen::Matrix3d::Zero();
  for (size_t i = 0; i < n; ++i) {
    const Eigen::Vector3d p = q[i].head<3>();
    centre += u[i] * p;
    second.noalias() += u[i] * p * p.transpose();
  }
  constexpr double d = 3;
  const Eigen::Matrix3d shape = (second - centre * centre.transpose()).inverse() / d;
  const Eigen::SelfAdjointEigenSolver<Eigen::Matrix3d> solver(shape, Eigen::EigenvaluesOnly);
  const Eigen::Vector3d values = solver.eigenvalues();  // ascending: largest axis first
  return {1 / std::sqrt(values[0]), 1 / std::sqrt(values[1]), 1 / std::sqrt(values[2])};
}

}  // namespace radfed::radiomics::morphology
