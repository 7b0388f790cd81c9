// lab_bench: the 2-D lab's training rate natively (points/s), the number bench/lab.js prints beside the rate in
// the page's training worker. The same TrainingSession and lab models as the page (core/lab.h), training in
// this thread for --seconds on the lab's default settings with --shape and --family.
//   lab_bench [--shape circle] [--family plain] [--points 2000] [--seconds 3]   prints one JSON line
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>

#include "core/lab.h"
#include "error.h"

int main(int argc, char** argv) {
  aeplay::LabSettings s;
  s.data.shape = ae::ToyShape::Circle;
  s.data.points = 2000;
  double seconds = 3;
  try {
    for (int i = 1; i + 1 < argc; i += 2) {
      const std::string key = argv[i], value = argv[i + 1];
      if (key == "--shape") s.data.shape = ae::parse_toy_shape(value);
      else if (key == "--family")
        s.model.family = ae::parse_lab_family(value);
      else if (key == "--points")
        s.data.points = std::stoi(value);
      else if (key == "--seconds")
        seconds = std::stod(value);
      else
        throw ae::Error("unknown option " + key + " (--shape, --family, --points, --seconds)");
    }
    s.train.epochs = 100000;
    aeplay::Lab lab;
    std::string err = lab.apply(s);
    if (err.empty()) err = lab.start(nullptr);
    if (!err.empty()) throw ae::Error(err);
    lab.advance(200);  // warm-up
    const long before = lab.session().samples_seen();
    const auto t0 = std::chrono::steady_clock::now();
    double spent = 0;
    while (spent < seconds && lab.trains_here()) {
      lab.advance(50);
      spent = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    }
    const double rate = static_cast<double>(lab.session().samples_seen() - before) / spent;
    std::printf("{\"kind\": \"lab\", \"shape\": \"%s\", \"family\": \"%s\", \"points\": %d, \"points_per_s\": %.0f}\n",
                ae::to_string(s.data.shape), ae::to_string(s.model.family), s.data.points, rate);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "lab_bench: %s\n", e.what());
    return 1;
  }
}
