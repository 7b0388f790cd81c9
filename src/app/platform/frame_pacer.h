// Draw on demand: at each of the browser's animation frames, decide whether the app draws.
// A browser page cannot sleep, so idling means returning from the frame callback without drawing (Dear ImGui's
// own advice for power saving). A frame is drawn when what it shows may have changed:
//   - input (pointer, keys, wheel, touch) or a resize, and for a short while after it, so ImGui's hover,
//     active and tooltip states settle (they change with time, without another event);
//   - a change of the app's state (its versions, training, notices, models: AppContext::state_stamp), at most
//     every kStateFrameMs, so a worker's 10-20 reports a second do not take the page's core;
//   - explicit requests (a restored GL context, a JS API call, a model or data set arriving);
//   - work that advances only in drawn frames (in-page training, the latent panel's map): every frame;
//   - a focused text field: every kCaretMs, enough for its caret to blink.
// Nothing is drawn while the page is hidden or the canvas is scrolled out of view; the first frame back is.
// Pure logic, no SDL or browser: tests/native/test_frame_pacer.cpp drives it with made-up signals.
#pragma once
#include <cstdint>

namespace aeplay {

struct FrameSignals {
  double now_ms = 0;            // a monotonic clock
  bool visible = true;          // the page is shown and the canvas is (partly) on screen
  bool input = false;           // input events arrived since the last frame
  bool resized = false;         // the canvas' size or the device-pixel ratio changed
  uint64_t state_stamp = 0;     // changes whenever something the frame shows changed
  bool busy = false;            // work that advances only while frames are drawn
  bool text_focus = false;      // a text field has focus (its caret blinks)
};

class FramePacer {
 public:
  static constexpr double kSettleMs = 600;      // after input: > ImGui's tooltip delay (0.40 s + 0.15 s)
  static constexpr double kStateFrameMs = 100;  // state changes are drawn at most 10 times a second
  static constexpr double kCaretMs = 200;       // a focused text field's caret

  // True if this animation frame should be drawn. Call once per animation frame.
  bool should_draw(const FrameSignals& s);
  // Draws the next `frames` visible frames whatever the signals say (clamped to 1..60).
  void request(int frames);

  int pending_requests() const { return requested_; }
  long frames_drawn() const { return drawn_; }
  long frames_skipped() const { return skipped_; }

 private:
  bool decide(const FrameSignals& s);

  bool first_ = true;
  bool was_visible_ = true;
  int requested_ = 0;
  double settle_until_ = -1;
  double last_draw_ms_ = -1e300;
  uint64_t drawn_stamp_ = 0;
  long drawn_ = 0, skipped_ = 0;
};

}  // namespace aeplay
