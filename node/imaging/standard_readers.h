// The readers radfed-node uses for --image and --mask, in the order they are tried.
#pragma once

#include "node/imaging/volume_reader.h"

namespace radfed::imaging {

// NIfTI, NRRD and the DICOM readers (series directories, RTSTRUCT, SEG).
ReaderSet StandardReaders();

}  // namespace radfed::imaging
