// aeplay make-photos: builds the photos data set (photos.h) from photographs, by default those of Debian's
// mate-backgrounds and plasma-workspace-wallpapers packages. scripts/build-native.sh runs it once.
#include <cstdio>

#include "args.h"
#include "commands.h"
#include "error.h"
#include "photos.h"

namespace cli {

namespace {
// The photographs of the two packages, in the order the split counts in (photos.h). Plasma's other wallpapers
// are digital artwork (and Kite has a drawn kite on its sky); its photographs come in many sizes, one is taken.
constexpr const char* kDebianPhotos =
    "/usr/share/backgrounds/mate/nature,"
    "/usr/share/wallpapers/BytheWater/contents/images/2560x1600.jpg,"
    "/usr/share/wallpapers/ColdRipple/contents/images/2560x1600.jpg,"
    "/usr/share/wallpapers/ColorfulCups/contents/images/2560x1600.jpg,"
    "/usr/share/wallpapers/DarkestHour/contents/images/2560x1600.jpg,"
    "/usr/share/wallpapers/EveningGlow/contents/images/2560x1600.jpg,"
    "/usr/share/wallpapers/FallenLeaf/contents/images/2560x1600.jpg,"
    "/usr/share/wallpapers/Grey/contents/images/2560x1600.jpg,"
    "/usr/share/wallpapers/OneStandsOut/contents/images/2560x1600.jpg,"
    "/usr/share/wallpapers/Path/contents/images/2560x1600.jpg,"
    "/usr/share/wallpapers/summer_1am/contents/images/2560x1600.jpg";
constexpr const char* kDebianCopyrights =
    "/usr/share/doc/mate-backgrounds/copyright,/usr/share/doc/plasma-workspace-wallpapers/copyright";
constexpr const char* kDebianLicence =
    "Source: the Debian packages mate-backgrounds (/usr/share/backgrounds/mate/nature/*.jpg) and\n"
    "plasma-workspace-wallpapers (the ten wallpapers listed above, 2560x1600): photographs only; the packages'\n"
    "other images are artwork and are not used.\n"
    "Licence: GPL-2+ for every one of these photographs (see COPYRIGHT.mate-backgrounds, which names each\n"
    "photograph's authors, and COPYRIGHT.plasma-workspace-wallpapers beside this file, copied from\n"
    "/usr/share/doc/PACKAGE/copyright). The patches are a derived work under the same licence.";

std::vector<std::string> split_commas(const std::string& list) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < list.size()) {
    const size_t comma = list.find(',', start);
    out.push_back(list.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}
}  // namespace

int cmd_make_photos(int argc, char** argv) {
  Args args("aeplay make-photos", argc, argv, 2,
            {{"from", true, "photographs: folders of PNG/JPEG files and single files, comma-separated, in the order "
                             "the split counts in (default: mate-backgrounds' and plasma-workspace-wallpapers' photographs)"},
             {"out", true, "where to write the data set (default $AEPLAY_PHOTOS, else the build's cache directory)"},
             {"licence", true, "text recorded under the list of photographs (default: the packages' GPL-2+)"},
             {"copyright", true, "copyright files copied beside the set, comma-separated (default: the packages')"}});
  if (args.has("help")) {
    std::printf("usage: aeplay make-photos [options]\n%s", args.usage().c_str());
    return 0;
  }
  const std::string out = args.str("out", ae::photos_dir());
  if (out.empty()) throw ae::Error("no output folder: pass --out DIR or set AEPLAY_PHOTOS");
  const bool debian = !args.has("from");
  const ae::PhotosBuilt built = ae::build_photos(
      ae::photo_sources(args.str("from", kDebianPhotos)), out, ae::PhotoPatchPlan{},
      args.str("licence", debian ? kDebianLicence : "Licence: not recorded (pass --licence)"),
      split_commas(args.str("copyright", debian ? kDebianCopyrights : "")));
  std::printf("wrote %s: %zu training patches from %zu photographs, %zu test patches from %zu photographs\n",
              out.c_str(), built.train_patches, built.train_photos.size(), built.test_patches, built.test_photos.size());
  return 0;
}

}  // namespace cli
