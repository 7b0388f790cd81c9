// The one running app: it owns all state (the playground, the latent explorer, the UI's state) and is the
// host's listener. main() creates one and hands it to whoever needs it: the platform's frame callbacks and, on
// the web, the bridge (bridge/attach.h), whose entry points are C functions that cannot carry a pointer.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/few_labels.h"
#include "core/lab.h"
#include "core/latent_explorer.h"
#include "core/playground.h"
#include "platform/frame_pacer.h"
#include "platform/host.h"
#include "platform/platform.h"
#include "ui/panels.h"
#include "ui/ui_state.h"

namespace aeplay {

class AppContext final : public host::Listener {
 public:
  Playground playground;
  LatentExplorer latent;
  Lab lab;  // the 2-D lab (view=lab): its own points, model and training run
  FewLabels few_labels;  // the few-labels lesson: two classifiers trained on N labelled digits
  UiState ui;
  long frames = 0;  // frames drawn so far
  FramePacer pacer;  // which animation frames are drawn (web: platform_web.cpp asks it every frame)
  int gl_restores = 0;  // times the GL context came back after it was lost (web)
  // What the JS API hands back to the page: valid until the next call that fills it (cwrap copies at once).
  struct BridgeBuffers {
    std::string text;
    ae::Mat samples;
    std::vector<uint8_t> bytes;  // an exported model
  } bridge;

  // One frame: training within the frame's time budget, the outputs, the UI.
  void frame(const Platform& platform);
  // An animation frame not drawn (nothing changed, the page is hidden, or the GL context is lost): in-page
  // training goes on.
  void frame_without_gl();
  // Changes whenever something a frame shows changed (versions, training progress, notices, models, my set,
  // the latent snapshot): a hash, compared by the frame pacer.
  uint64_t state_stamp() const;
  // Work that advances only while frames are drawn: training in the page's frames, the latent panel's map.
  bool busy() const;
  // What the training worker sends (bridge/js_training.cpp): the model is saved at epoch ends, at a pause and
  // when the run stops, as when it trains in the frame.
  void on_training_report(int run, const std::string& json);
  void on_training_snapshot(int run, const float* params, size_t count);
  void on_training_failure(int run, const std::string& why);
  // The GL context came back empty: re-creates the shaders and views (textures, the latent map's points).
  void rebuild_gl(const Platform& platform);
  // Applies URL settings (model, noise, seed, digit, layout) and reports bad values as notices.
  void apply_page_settings(const std::string& query);
  // Data and models arriving (from the page's JS, or the desktop's files). Return "" or the error shown.
  std::string add_model(const std::string& id, const std::string& label, const std::vector<uint8_t>& bytes,
                        Origin origin, bool select);
  // A named data set's split; data for another set than the current one (the user switched meanwhile) is
  // dropped without a word.
  std::string set_dataset_split(const std::string& dataset, bool train, ByteView images, ByteView labels);
  // Switches the data set (the selector, the URL's dataset=, the JS API) and asks for its test set.
  std::string switch_dataset(const std::string& id);
  void save_user_set();  // after each change of my set
  // Pauses training and saves the model (the Train panel's Pause does the same).
  void pause_training();
  // The 2-D lab: opens it (or goes back to the digits) and starts its training (in the worker when there is
  // one). "" or why not (also shown as a notice).
  void show_lab(bool open);
  std::string start_lab_training();
  // The few-labels lesson: fine-tuned and from-scratch classifiers of the current model on N labelled test digits.
  std::string start_few_labels(const FewLabelsSettings& s);

  // host::Listener
  void on_notice(const std::string& text, bool error) override { playground.notify(text, error); }
  void on_model(const std::string& id, const std::vector<uint8_t>& bytes, bool select) override;
  void on_dataset_split(const std::string& dataset, bool train, const std::vector<uint8_t>& images,
                        const std::vector<uint8_t>& labels) override;

 private:
  void train_for_a_frame();  // one slice of training within the frame's budget, saved at epoch ends
};

}  // namespace aeplay
