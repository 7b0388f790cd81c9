// A folder of PNG/JPEG files as a labelled data set: one subfolder per class (its name is the class name),
// files in name order. Optional train/ and test/ subfolders (each with the class subfolders) give the split;
// without them dataset.h's every-10th rule splits each class. Images directly in the folder form one class.
#pragma once
#include <string>
#include <vector>

#include "dataset.h"
#include "image_import.h"

namespace ae {

struct FolderLimits {
  size_t max_images = 100000;
  uint64_t max_total_bytes = 2ull << 30;
  size_t max_classes = 64;
  ImageLimits image;
};

struct FolderOptions {
  ImageFit fit = ImageFit::Plain;
  ImageInvert invert = ImageInvert::Auto;
  FolderLimits limits;
};

bool looks_like_image_folder(const std::string& dir);  // has .png/.jpg/.jpeg files, directly or one level down
// One split of the folder; throws ae::Error naming the file or the limit for anything wrong.
Dataset read_image_folder(const std::string& dir, Split split, const FolderOptions& options = {}, Index limit = 0);

}  // namespace ae
