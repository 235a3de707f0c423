#!/bin/sh
# t4040-tui-form.sh — with no workload mlfit tui opens on a form to pick a zoo model
# and the task; the comparison it opens agrees with recommend's for that choice.
. "${srcdir:-.}/tests/cli/lib.sh"
. "${srcdir:-.}/tests/cli/tui-lib.sh"

tui_start --
if tui_wait 'pick a model of the zoo and the task' "the form"; then
	tui_screen | grep -q '^ > resnet50$' || fail "the form does not start on resnet50"
	tui_screen | grep -q '^   bert-base$' || fail "the form does not list the zoo"
	tui_keys t Enter	# inference without a number of requests: refused
	tui_wait "^--requests: " "inference without requests"
	tui_keys 1e6 Enter
	if tui_wait '^ best: ' "the comparison"; then
		want=$(recommend_best resnet50 --infer --requests 1e6)
		[ "$(tui_best_line)" = "$want" ] || fail "form: '$(tui_best_line)', recommend says '$want'"
	fi
fi
tui_stop
[ "$status" = 0 ] || fail "q: exit status $status"
finish
