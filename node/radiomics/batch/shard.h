// Shards of a cohort manifest, so that a cluster (a Kubernetes Indexed Job, a Slurm array) can
// extract one cohort on several machines: `extract-batch --shard i/N` runs shard i of N.
//
// A case belongs to shard SHA-256(case_id) mod N (the digest's first 8 bytes, big-endian), not to
// its manifest row mod N: a case keeps its shard when the manifest is sorted again or grows, so a
// shard rerun on an edited manifest still resumes from its earlier parts. The price is that shard
// sizes are equal only on average (about n/N ± sqrt(n/N) cases).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "node/radiomics/batch/manifest.h"

namespace radfed::radiomics {

struct Shard {
  int index = 0;  // 0 <= index < count
  int count = 1;
};

// Parses "i/N" (0-based i, as a Kubernetes completion index or a Slurm array from 0).
Result<Shard> ParseShard(std::string_view text);

// The shard `case_id` belongs to, in [0, count).
Result<int> ShardOf(const std::string& case_id, int count);

// The cases of `shard`, in manifest order.
Result<std::vector<ManifestCase>> SelectShard(std::vector<ManifestCase> cases, const Shard& shard);

}  // namespace radfed::radiomics
