#include "node/imaging/nrrd_reader.h"

#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>

#include "node/imaging/nifti_reader.h"

namespace radfed::imaging {
namespace {

std::string Trim(const std::string& s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return s.substr(b, e - b);
}

Result<std::string> Inflate(const std::string& compressed, size_t expected, const std::filesystem::path& path) {
  std::string out(expected, '\0');
  z_stream z{};
  if (inflateInit2(&z, 15 + 32) != Z_OK) return Status::Internal("zlib initialisation failed");
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
  z.avail_in = static_cast<uInt>(compressed.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  const int rc = inflate(&z, Z_FINISH);
  const size_t produced = out.size() - z.avail_out;
  inflateEnd(&z);
  if ((rc != Z_STREAM_END && rc != Z_BUF_ERROR && rc != Z_OK) || produced != expected) {
    return Status::InvalidArgument(path.string() + ": compressed voxel data is corrupt or short (" + std::to_string(produced) +
                                   " of " + std::to_string(expected) + " bytes)");
  }
  return out;
}

// "(1,0,0)" -> {1,0,0}; "none" -> empty.
Result<Vec3> ParseVector(const std::string& text, const std::filesystem::path& path) {
  std::string t = Trim(text);
  if (t.size() < 2 || t.front() != '(' || t.back() != ')') return Status::InvalidArgument(path.string() + ": bad vector '" + t + "'");
  std::replace(t.begin(), t.end(), ',', ' ');
  std::istringstream in(t.substr(1, t.size() - 2));
  Vec3 v{};
  if (!(in >> v[0] >> v[1] >> v[2])) return Status::InvalidArgument(path.string() + ": bad vector '" + text + "'");
  return v;
}

struct NrrdFile {
  Volume<double> values;
};

Result<NrrdFile> ParseNrrd(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound(path.string() + ": cannot open file");
  std::string line;
  std::getline(in, line);
  if (line.rfind("NRRD000", 0) != 0) return Status::InvalidArgument(path.string() + ": not a NRRD file");
  std::map<std::string, std::string> fields;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) break;
    if (line[0] == '#') continue;
    const size_t colon = line.find(':');
    if (colon == std::string::npos) continue;
    if (line.compare(colon, 2, ":=") == 0) continue;  // key/value pairs: not needed
    fields[Trim(line.substr(0, colon))] = Trim(line.substr(colon + 1));
  }
  const std::streampos data_start = in.tellg();
  auto field = [&](const std::string& name) -> Result<std::string> {
    auto it = fields.find(name);
    if (it == fields.end()) return Status::InvalidArgument(path.string() + ": NRRD field '" + name + "' missing");
    return it->second;
  };
  RADFED_ASSIGN_OR_RETURN(std::string type, field("type"));
  RADFED_ASSIGN_OR_RETURN(std::string dimension, field("dimension"));
  RADFED_ASSIGN_OR_RETURN(std::string sizes_text, field("sizes"));
  const int dims = std::atoi(dimension.c_str());
  if (dims < 2 || dims > 4) return Status::InvalidArgument(path.string() + ": only 2D and 3D volumes are supported (dimension " + dimension + ")");
  std::istringstream sizes_in(sizes_text);
  std::vector<int64_t> sizes;
  for (int64_t s; sizes_in >> s;) sizes.push_back(s);
  if (static_cast<int>(sizes.size()) != dims) return Status::InvalidArgument(path.string() + ": 'sizes' does not match 'dimension'");
  // A leading axis of length 1 (e.g. a list of one component) is dropped.
  if (dims == 4) {
    if (sizes[0] != 1) return Status::InvalidArgument(path.string() + ": multi-component volumes are not supported");
    sizes.erase(sizes.begin());
  }
  Grid g;
  for (size_t a = 0; a < 3; ++a) g.size[a] = a < sizes.size() ? sizes[a] : 1;

  // Geometry.
  bool ras = false;
  if (fields.count("space")) {
    const std::string space = fields["space"];
    if (space == "right-anterior-superior" || space == "RAS") ras = true;
    else if (space != "left-posterior-superior" && space != "LPS") {
      return Status::InvalidArgument(path.string() + ": unsupported space '" + space + "' (LPS or RAS expected)");
    }
  }
  if (fields.count("space directions")) {
    std::istringstream dirs(fields["space directions"]);
    std::vector<std::string> vectors;
    for (std::string token; dirs >> token;) {
      if (token == "none") continue;
      // Vectors may contain spaces after commas; rejoin until ')'.
      while (token.back() != ')' && dirs) {
        std::string more;
        dirs >> more;
        token += more;
      }
      vectors.push_back(token);
    }
    if (vectors.size() < 2 || vectors.size() > 3) return Status::InvalidArgument(path.string() + ": bad 'space directions'");
    for (size_t a = 0; a < vectors.size(); ++a) {
      RADFED_ASSIGN_OR_RETURN(Vec3 v, ParseVector(vectors[a], path));
      const double len = std::sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
      if (!(len > 0)) return Status::InvalidArgument(path.string() + ": zero-length space direction");
      g.spacing[a] = len;
      g.direction[a] = {v[0] / len, v[1] / len, v[2] / len};
      if (ras) g.direction[a] = {-g.direction[a][0], -g.direction[a][1], g.direction[a][2]};
    }
  } else if (fields.count("spacings")) {
    // strtod rather than >>, which stops at "nan" and left the spacing unset: nan and inf must be
    // read to be refused by CheckHeaderGeometry.
    const std::string& text = fields["spacings"];
    std::vector<double> spacings;
    for (const char* p = text.c_str();;) {
      while (std::isspace(static_cast<unsigned char>(*p))) ++p;
      if (*p == '\0') break;
      char* end = nullptr;
      const double v = std::strtod(p, &end);
      if (end == p) return Status::InvalidArgument(path.string() + ": bad 'spacings' '" + text + "'");
      spacings.push_back(v);
      p = end;
    }
    if (static_cast<int>(spacings.size()) != dims) {
      return Status::InvalidArgument(path.string() + ": 'spacings' does not match 'dimension'");
    }
    if (dims == 4) spacings.erase(spacings.begin());  // the dropped list axis has no spacing
    for (size_t a = 0; a < spacings.size(); ++a) g.spacing[a] = spacings[a];
  }
  if (fields.count("space origin")) {
    RADFED_ASSIGN_OR_RETURN(g.origin, ParseVector(fields["space origin"], path));
    if (ras) g.origin = {-g.origin[0], -g.origin[1], g.origin[2]};
  }
  RADFED_RETURN_IF_ERROR(CheckHeaderGeometry(g, path));

  size_t bytes = 0;
  enum Kind { kI8, kU8, kI16, kU16, kI32, kU32, kI64, kU64, kF32, kF64 } kind;
  static const std::map<std::string, std::pair<Kind, size_t>> kTypes{
      {"signed char", {kI8, 1}}, {"int8", {kI8, 1}}, {"int8_t", {kI8, 1}},
      {"uchar", {kU8, 1}}, {"unsigned char", {kU8, 1}}, {"uint8", {kU8, 1}}, {"uint8_t", {kU8, 1}},
      {"short", {kI16, 2}}, {"short int", {kI16, 2}}, {"signed short", {kI16, 2}}, {"int16", {kI16, 2}}, {"int16_t", {kI16, 2}},
      {"ushort", {kU16, 2}}, {"unsigned short", {kU16, 2}}, {"uint16", {kU16, 2}}, {"uint16_t", {kU16, 2}},
      {"int", {kI32, 4}}, {"signed int", {kI32, 4}}, {"int32", {kI32, 4}}, {"int32_t", {kI32, 4}},
      {"uint", {kU32, 4}}, {"unsigned int", {kU32, 4}}, {"uint32", {kU32, 4}}, {"uint32_t", {kU32, 4}},
      {"longlong", {kI64, 8}}, {"long long", {kI64, 8}}, {"int64", {kI64, 8}}, {"int64_t", {kI64, 8}},
      {"ulonglong", {kU64, 8}}, {"unsigned long long", {kU64, 8}}, {"uint64", {kU64, 8}}, {"uint64_t", {kU64, 8}},
      {"float", {kF32, 4}}, {"double", {kF64, 8}}};
  auto t = kTypes.find(type);
  if (t == kTypes.end()) return Status::InvalidArgument(path.string() + ": unsupported NRRD type '" + type + "'");
  kind = t->second.first;
  bytes = t->second.second;
  const bool big = fields.count("endian") && fields["endian"] == "big" && bytes > 1;
  const std::string encoding = fields.count("encoding") ? fields["encoding"] : "raw";

  std::string raw;
  if (fields.count("data file")) {
    const std::filesystem::path detached = path.parent_path() / fields["data file"];
    std::ifstream data(detached, std::ios::binary);
    if (!data) return Status::NotFound(detached.string() + ": cannot open the NRRD data file");
    raw.assign(std::istreambuf_iterator<char>(data), {});
  } else {
    in.clear();
    in.seekg(data_start);
    raw.assign(std::istreambuf_iterator<char>(in), {});
  }
  const size_t needed = static_cast<size_t>(g.voxel_count()) * bytes;
  std::string decoded;
  if (encoding == "raw") {
    if (raw.size() < needed) return Status::InvalidArgument(path.string() + ": truncated voxel data");
    decoded = raw.substr(raw.size() - needed);
  } else if (encoding == "gzip" || encoding == "gz") {
    RADFED_ASSIGN_OR_RETURN(decoded, Inflate(raw, needed, path));
  } else {
    return Status::InvalidArgument(path.string() + ": unsupported NRRD encoding '" + encoding + "'");
  }
  NrrdFile out;
  out.values = Volume<double>(g);
  for (size_t i = 0; i < out.values.voxels.size(); ++i) {
    unsigned char b[8];
    std::memcpy(b, decoded.data() + i * bytes, bytes);
    if (big) std::reverse(b, b + bytes);
    double v = 0;
    switch (kind) {
      case kI8: { int8_t x; std::memcpy(&x, b, 1); v = x; break; }
      case kU8: v = b[0]; break;
      case kI16: { int16_t x; std::memcpy(&x, b, 2); v = x; break; }
      case kU16: { uint16_t x; std::memcpy(&x, b, 2); v = x; break; }
      case kI32: { int32_t x; std::memcpy(&x, b, 4); v = x; break; }
      case kU32: { uint32_t x; std::memcpy(&x, b, 4); v = x; break; }
      case kI64: { int64_t x; std::memcpy(&x, b, 8); v = static_cast<double>(x); break; }
      case kU64: { uint64_t x; std::memcpy(&x, b, 8); v = static_cast<double>(x); break; }
      case kF32: { float x; std::memcpy(&x, b, 4); v = x; break; }
      case kF64: { double x; std::memcpy(&x, b, 8); v = x; break; }
    }
    out.values.voxels[i] = v;
  }
  return out;
}

}  // namespace

bool NrrdReader::CanRead(const std::filesystem::path& path) const {
  const std::string ext = path.extension().string();
  return ext == ".nrrd" || ext == ".nhdr";
}

Result<Image> NrrdReader::ReadImage(const std::filesystem::path& path) const {
  RADFED_ASSIGN_OR_RETURN(NrrdFile p, ParseNrrd(path));
  Image image(p.values.grid);
  for (size_t i = 0; i < image.voxels.size(); ++i) image.voxels[i] = static_cast<float>(p.values.voxels[i]);
  return image;
}

Result<Mask> NrrdReader::ReadMask(const std::filesystem::path& path, std::string_view roi, const Grid& reference) const {
  RADFED_ASSIGN_OR_RETURN(NrrdFile p, ParseNrrd(path));
  return LabelMapToMask(p.values, roi, reference, path);
}

}  // namespace radfed::imaging
