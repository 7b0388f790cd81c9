#include "platform/frame_pacer.h"

#include <algorithm>

namespace aeplay {

void FramePacer::request(int frames) { requested_ = std::max(requested_, std::clamp(frames, 1, 60)); }

bool FramePacer::should_draw(const FrameSignals& s) {
  const bool draw = decide(s);
  if (draw) {
    ++drawn_;
    last_draw_ms_ = s.now_ms;
    drawn_stamp_ = s.state_stamp;
    if (requested_ > 0) --requested_;
  } else {
    ++skipped_;
  }
  return draw;
}

bool FramePacer::decide(const FrameSignals& s) {
  // The first frame is drawn even out of view: it resolves aeplay.ready (an embed below the fold must still
  // answer its course page).
  if (first_) {
    first_ = false;
    return true;
  }
  if (!s.visible) {  // hidden: nothing is drawn; input meanwhile still settles once it is back
    was_visible_ = false;
    if (s.input || s.resized) settle_until_ = s.now_ms + kSettleMs;
    return false;
  }
  const bool came_back = !was_visible_;
  was_visible_ = true;
  if (s.input || s.resized) settle_until_ = s.now_ms + kSettleMs;
  if (came_back || s.input || s.resized || requested_ > 0 || s.busy) return true;
  if (s.now_ms < settle_until_) return true;
  const double since_draw = s.now_ms - last_draw_ms_;
  if (s.state_stamp != drawn_stamp_ && since_draw >= kStateFrameMs) return true;
  return s.text_focus && since_draw >= kCaretMs;
}

}  // namespace aeplay
