// aeplay make-photos: builds the photos data set (photos.h) from a folder of photographs, by default the
// nature photographs of Debian's mate-backgrounds package. scripts/build-native.sh runs it once.
#include <cstdio>

#include "args.h"
#include "commands.h"
#include "error.h"
#include "photos.h"

namespace cli {

namespace {
constexpr const char* kMateNature = "/usr/share/backgrounds/mate/nature";
constexpr const char* kMateCopyright = "/usr/share/doc/mate-backgrounds/copyright";
constexpr const char* kMateLicence =
    "Source: Debian package mate-backgrounds, /usr/share/backgrounds/mate/nature/*.jpg (photographs only; the\n"
    "package's abstract and desktop images are artwork and are not used).\n"
    "Licence: GPL-2+ for every one of these photographs (see COPYRIGHT beside this file, copied from\n"
    "/usr/share/doc/mate-backgrounds/copyright, which names each photograph's authors). The patches are a\n"
    "derived work under the same licence.";
}  // namespace

int cmd_make_photos(int argc, char** argv) {
  Args args("aeplay make-photos", argc, argv, 2,
            {{"from", true, std::string("folder of PNG/JPEG photographs (default ") + kMateNature + ")"},
             {"out", true, "where to write the data set (default $AEPLAY_PHOTOS, else the build's cache directory)"},
             {"licence", true, "text recorded under the list of photographs (default: mate-backgrounds' GPL-2+)"},
             {"copyright", true, std::string("file copied beside the set as COPYRIGHT (default ") + kMateCopyright + ")"}});
  if (args.has("help")) {
    std::printf("usage: aeplay make-photos [options]\n%s", args.usage().c_str());
    return 0;
  }
  const std::string from = args.str("from", kMateNature), out = args.str("out", ae::photos_dir());
  if (out.empty()) throw ae::Error("no output folder: pass --out DIR or set AEPLAY_PHOTOS");
  const bool mate = !args.has("from");
  const ae::PhotosBuilt built =
      ae::build_photos(ae::list_photos(from), out, ae::PhotoPatchPlan{},
                       args.str("licence", mate ? kMateLicence : "Licence: not recorded (pass --licence)"),
                       args.str("copyright", mate ? kMateCopyright : ""));
  std::printf("wrote %s: %zu training patches from %zu photographs, %zu test patches from %zu photographs\n",
              out.c_str(), built.train_patches, built.train_photos.size(), built.test_patches, built.test_photos.size());
  return 0;
}

}  // namespace cli
