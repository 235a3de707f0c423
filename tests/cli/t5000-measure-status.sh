#!/bin/sh
# t5000-measure-status.sh — `mlfit measure` exits with the command's status,
# forwards signals, and writes the record however the command ends.
. "${srcdir:-.}/tests/cli/lib.sh"

cd "$WORK" || exit 1
PY=/usr/bin/python3

# field NAME [FILE] [ROW]: a column of the last (or ROW-th) record
field() {
	$PY -c "import csv,sys; r=list(csv.DictReader(open(sys.argv[2], newline='')))[int(sys.argv[3])]; print(r[sys.argv[1]])" \
		"$1" "${2:-emissions.csv}" "${3:--1}"
}
records() {
	$PY -c "import csv,sys; print(len(list(csv.DictReader(open(sys.argv[1], newline='')))))" "${1:-emissions.csv}"
}

run measure --intensity 400 -- sh -c 'exit 7'
expect_status 7 "the command's exit status"
[ "$(records)" = 1 ] || fail "one record after one run"
[ "$(field mlfit_exit_status)" = 7 ] || fail "the record keeps the status 7"
expect_err_match '^mlfit: measured .* s: .* kWh, .* kg CO2e \(cpu estimated, gpu none, ram estimated\) -> emissions.csv$' \
	"summary line on stderr"

run measure --intensity 400 -- sh -c 'kill -TERM $$'
expect_status 143 "killed by SIGTERM: 128 + 15"
[ "$(records)" = 2 ] || fail "a second record appended"
[ "$(field mlfit_exit_status)" = 143 ] || fail "the record keeps 143"

run measure --intensity 400 -- ./no-such-command-here
expect_status 127 "a missing command"
expect_err_match "^mlfit: cannot run './no-such-command-here': No such file or directory$" \
	"a missing command is named"
[ "$(records)" = 3 ] || fail "a record even for a command that did not start"
[ "$(field mlfit_exit_status)" = 127 ] || fail "the record keeps 127"

# a command exiting 127 itself is not "missing"
run measure -q --intensity 400 -- sh -c 'exit 127'
expect_status 127 "a command's own 127"
if printf '%s\n' "$err" | grep -q 'cannot run'; then fail "own 127 taken for a missing command"; fi

# SIGTERM sent to mlfit reaches the command; the record is still written
"$MLFIT" measure -q --intensity 400 -o term.csv -- sleep 30 &
pid=$!
sleep 1
kill -TERM "$pid"
wait "$pid"
status=$?
count=$((count + 1))
[ "$status" -eq 143 ] || fail "SIGTERM forwarded: exit $status, expected 143"
[ -f term.csv ] && [ "$(records term.csv)" = 1 ] || fail "record written after SIGTERM"
close_to "$(field duration term.csv)" 1 0.9 || fail "stopped early, not after 30 s: $(field duration term.csv) s"

# (a script's background jobs start with SIGINT ignored: undo that first)
$PY -c 'import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execv(sys.argv[1], sys.argv[1:])' \
	"$MLFIT" measure -q --intensity 400 -o int.csv -- sleep 30 &
pid=$!
sleep 1
kill -INT "$pid"
wait "$pid"
status=$?
count=$((count + 1))
[ "$status" -eq 130 ] || fail "SIGINT forwarded: exit $status, expected 130"

# the command's own options are its own, with or without --
run measure -q --intensity 400 -o own.csv sh -c 'test "$1" = --interval' x --interval
expect_status 0 "options after the command belong to it"
run measure -q --intensity 400 -o own.csv -- sh -c 'test "$1" = -o' x -o
expect_status 0 "options after -- belong to the command"

# usage errors are mlfit's, before anything runs
run measure
expect_status 2 "no command" && expect_one_line_error "no command"
run measure --interval 0 -- true
expect_status 2 "zero interval" && expect_one_line_error "zero interval"
run measure --region nowhere:nada -- true
expect_status 2 "unknown region" && expect_err_match "unknown region 'nowhere:nada'" "unknown region"
run measure --model no-such-model --train -- true
expect_status 2 "a bad workload is caught before the command runs"
run measure --format table -- true
expect_status 2 "measure writes csv or json"

# without a place: a warning, the world average, said in the record
run measure -o world.csv -- true
expect_status 0 "world average"
expect_err_match 'world-average grid intensity' "warning names the world average"
[ "$(field mlfit_intensity_basis world.csv)" = "world average" ] || fail "the record says world average"
[ "$(field mlfit_intensity world.csv)" = 475 ] || fail "475 g/kWh: $(field mlfit_intensity world.csv)"

# a region gives intensity, PUE and CodeCarbon's cloud columns
run measure -q -o gcp.csv --region gcp:europe-west4 -- true
expect_status 0 "a region"
[ "$(field cloud_provider gcp.csv)" = gcp ] && [ "$(field cloud_region gcp.csv)" = europe-west4 ] &&
	[ "$(field on_cloud gcp.csv)" = Y ] && [ "$(field mlfit_country gcp.csv)" = NL ] ||
	fail "cloud columns for gcp:europe-west4"
[ "$(field mlfit_intensity_basis gcp.csv)" = region ] || fail "the region's own intensity"

finish
