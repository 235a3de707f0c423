/*
 * tui_view.h — the curses side of `mlfit tui`: the only code that includes
 * curses.  It draws a struct tui_state and turns terminal input (keys,
 * mouse, resizes) into the state's events.
 *
 * Layer 5.  tui_view_start() takes the terminal and tui_view_stop()
 * restores it; stop is safe to call more than once and from a signal
 * handler that then re-raises (cmd_tui.c), so every way out restores it.
 */
#ifndef MLFIT_TUI_VIEW_H
#define MLFIT_TUI_VIEW_H

#include <stdbool.h>

#include "err.h"
#include "tui_state.h"

/* The smallest terminal drawn; smaller ones get a message until enlarged. */
#define TUI_MIN_COLS 80
#define TUI_MIN_LINES 24

/*
 * Takes the terminal (curses, keypad, mouse); colours unless monochrome
 * (NO_COLOR, or a terminal without them).  -1 with err if it cannot.
 */
int tui_view_start(bool monochrome, struct mlf_err *err);
void tui_view_stop(void);

/* Draws the whole screen for s (or the too-small message). */
void tui_view_draw(struct tui_state *s);

/*
 * Waits for one input event and gives it to s (keys, clicks; a resize
 * redraws); returns the state's enum tui_reaction bits.
 */
unsigned tui_view_event(struct tui_state *s);

#endif
