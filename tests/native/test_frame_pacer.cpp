// The frame pacer (src/app/platform/frame_pacer.h): which animation frames the page draws. Each test plays a
// stretch of 60 Hz frames with made-up signals and counts what is drawn.
#include <gtest/gtest.h>

#include <functional>

#include "platform/frame_pacer.h"

namespace aeplay {
namespace {

constexpr double kFrameMs = 1000.0 / 60.0;

// Plays `frames` animation frames from `start_ms`; `signals(i, s)` fills frame i's signals. Returns the
// number drawn.
int play(FramePacer& pacer, double start_ms, int frames, const std::function<void(int, FrameSignals&)>& signals = {}) {
  int drawn = 0;
  for (int i = 0; i < frames; ++i) {
    FrameSignals s;
    s.now_ms = start_ms + i * kFrameMs;
    if (signals) signals(i, s);
    drawn += pacer.should_draw(s) ? 1 : 0;
  }
  return drawn;
}

TEST(FramePacer, DrawsTheFirstFrameThenNothingWhileIdle) {
  FramePacer pacer;
  EXPECT_EQ(play(pacer, 0, 1), 1);
  EXPECT_EQ(play(pacer, 1000, 600), 0);  // ten idle seconds
  EXPECT_EQ(pacer.frames_drawn(), 1);
  EXPECT_EQ(pacer.frames_skipped(), 600);
}

TEST(FramePacer, InputDrawsAtOnceAndWhileItSettles) {
  FramePacer pacer;
  play(pacer, 0, 1);
  const int drawn = play(pacer, 1000, 120, [](int i, FrameSignals& s) { s.input = (i == 0); });
  // The input's frame and the frames of the settling time after it, then nothing.
  const int settle = static_cast<int>(FramePacer::kSettleMs / kFrameMs);
  EXPECT_GE(drawn, settle);
  EXPECT_LE(drawn, settle + 2);
  FrameSignals first;
  first.now_ms = 5000;
  first.input = true;
  EXPECT_TRUE(pacer.should_draw(first));
}

TEST(FramePacer, AResizeDrawsLikeInput) {
  FramePacer pacer;
  play(pacer, 0, 1);
  FrameSignals s;
  s.now_ms = 1000;
  s.resized = true;
  EXPECT_TRUE(pacer.should_draw(s));
}

TEST(FramePacer, StateChangesAreDrawnAtMostTenTimesASecond) {
  FramePacer pacer;
  play(pacer, 0, 1);
  // A worker whose every frame changes the state (60 reports a second): two seconds.
  const int drawn = play(pacer, 1000, 120, [](int i, FrameSignals& s) { s.state_stamp = 100 + i; });
  EXPECT_GE(drawn, 2 * 1000 / static_cast<int>(FramePacer::kStateFrameMs) - 2);
  EXPECT_LE(drawn, 2 * 1000 / static_cast<int>(FramePacer::kStateFrameMs) + 1);
  // A single change after a quiet spell is drawn in its own frame.
  FrameSignals s;
  s.now_ms = 9000;
  s.state_stamp = 1;
  EXPECT_TRUE(pacer.should_draw(s));
  s.now_ms += kFrameMs;
  EXPECT_FALSE(pacer.should_draw(s));  // drawn already: the same stamp draws nothing more
}

TEST(FramePacer, ADeferredChangeIsDrawnOnceItsTurnComes) {
  FramePacer pacer;
  play(pacer, 0, 1);
  FrameSignals s;
  s.now_ms = 1000;
  s.state_stamp = 1;
  EXPECT_TRUE(pacer.should_draw(s));
  s.now_ms += kFrameMs;
  s.state_stamp = 2;  // too soon after the last drawn change
  EXPECT_FALSE(pacer.should_draw(s));
  s.now_ms = 1000 + FramePacer::kStateFrameMs;
  EXPECT_TRUE(pacer.should_draw(s));  // not lost
}

TEST(FramePacer, RequestsDrawThatManyFrames) {
  FramePacer pacer;
  play(pacer, 0, 1);
  pacer.request(3);
  EXPECT_EQ(pacer.pending_requests(), 3);
  EXPECT_EQ(play(pacer, 1000, 30), 3);
  pacer.request(1000);  // clamped
  EXPECT_EQ(pacer.pending_requests(), 60);
  pacer.request(-5);  // at least one; never lowers what is pending
  EXPECT_EQ(pacer.pending_requests(), 60);
}

TEST(FramePacer, BusyWorkDrawsEveryFrameAndAFocusedFieldOnlyForItsCaret) {
  FramePacer pacer;
  play(pacer, 0, 1);
  EXPECT_EQ(play(pacer, 1000, 60, [](int, FrameSignals& s) { s.busy = true; }), 60);
  const int caret = play(pacer, 5000, 60, [](int, FrameSignals& s) { s.text_focus = true; });
  EXPECT_GE(caret, 4);  // one second with a focused field: about every 200 ms
  EXPECT_LE(caret, 6);
}

TEST(FramePacer, HiddenDrawsNothingAndTheFirstFrameBackIsDrawn) {
  FramePacer pacer;
  play(pacer, 0, 1);
  pacer.request(5);
  const int hidden = play(pacer, 1000, 120, [](int i, FrameSignals& s) {
    s.visible = false;
    s.input = (i % 10 == 0);
    s.busy = true;
    s.state_stamp = i;
  });
  EXPECT_EQ(hidden, 0);
  EXPECT_EQ(pacer.pending_requests(), 5);  // kept for when it is back
  FrameSignals back;
  back.now_ms = 10000;
  EXPECT_TRUE(pacer.should_draw(back));
}

TEST(FramePacer, TheFirstFrameIsDrawnEvenOutOfView) {
  FramePacer pacer;  // an embed below the fold: its first frame resolves aeplay.ready
  FrameSignals s;
  s.visible = false;
  EXPECT_TRUE(pacer.should_draw(s));
  s.now_ms = 100;
  EXPECT_FALSE(pacer.should_draw(s));
}

}  // namespace
}  // namespace aeplay
