#!/bin/sh
# t3030-report-output.sh — where a report goes: -o - is stdout; a missing
# directory, a directory, a full disk (/dev/full) or a write that fails midway
# give one message, exit 3 and no partial file, and an existing file is kept;
# usage mistakes exit 2 with one message.
. "${srcdir:-.}/tests/cli/lib.sh"
EST="resnet18 --train --epochs 1 --device nvidia-t4 --region aws:us-east-1 --no-sensitivity"

# shellcheck disable=SC2086
run report estimate $EST -o -
expect_ok "-o -" && expect_out_match '^<!DOCTYPE html>$' "stdout is HTML by default" &&
	expect_out_match '^</html>$' "the whole document"
# shellcheck disable=SC2086
run report estimate $EST -o - --format md
expect_ok "-o - --format md" && expect_out_match '^# mlfit estimate report$' "Markdown on stdout"

# shellcheck disable=SC2086
run report estimate $EST -o "$WORK/no/such/dir/r.html"
expect_status 3 "missing directory" && expect_one_line_error "missing directory" &&
	expect_err_match "r.html: cannot write: No such file or directory" "missing directory"

mkdir "$WORK/d"
# shellcheck disable=SC2086
run report estimate $EST -o "$WORK/d" --format html
expect_status 3 "a directory" && expect_one_line_error "a directory" &&
	expect_err_match "is a directory" "a directory"
[ -z "$(ls -A "$WORK/d")" ] || fail "something was left in the directory: $(ls -A "$WORK/d")"

# shellcheck disable=SC2086
run report estimate $EST -o /dev/full --format json
expect_status 3 "/dev/full" && expect_one_line_error "/dev/full" &&
	expect_err_match "/dev/full: cannot write: No space left on device" "/dev/full"

# a write that fails midway (the file-size limit): the old report stays, no temporary is left
mkdir "$WORK/keep"
echo "the old report" >"$WORK/keep/r.html"
(
	ulimit -f 4
	trap '' XFSZ
	# shellcheck disable=SC2086
	exec "$MLFIT" report estimate $EST -o "$WORK/keep/r.html"
) >"$WORK/out" 2>"$WORK/err"
status=$?
err=$(cat "$WORK/err")
count=$((count + 1))
expect_status 3 "a failing write" && expect_one_line_error "a failing write" &&
	expect_err_match "r.html: cannot write: File too large" "a failing write"
[ "$(cat "$WORK/keep/r.html")" = "the old report" ] || fail "the old report was not kept"
[ "$(ls -A "$WORK/keep")" = "r.html" ] || fail "a temporary was left: $(ls -A "$WORK/keep")"

# success replaces it whole, as an ordinary file
# shellcheck disable=SC2086
run report estimate $EST -o "$WORK/keep/r.html"
expect_ok "replace" && grep -q '^</html>$' "$WORK/keep/r.html" || fail "not replaced"
[ "$(stat -c %a "$WORK/keep/r.html")" = 644 ] || [ "$(umask)" != 0022 ] ||
	fail "mode $(stat -c %a "$WORK/keep/r.html"), not 644"

# report options may come before the kind
# shellcheck disable=SC2086
run report -o "$WORK/pre.md" estimate $EST
expect_ok "-o before the kind" && grep -q '^# mlfit estimate report$' "$WORK/pre.md" ||
	fail "-o before the kind: no report"

# nothing feasible: the report is still written, says why, and the status is 1
run report recommend resnet50 --epochs 90 --deadline 2h --max-cost 5 --no-sensitivity \
	-o "$WORK/none.md"
expect_status 1 "infeasible" && expect_err_match "no placement meets the constraints" "infeasible"
# the cost it names is the least-cost plan recommend finds for that deadline alone
run recommend resnet50 --epochs 90 --deadline 2h --objective cost --format json
expect_ok "least cost for the deadline" && least=$(printf '%s' "$out" | python3 -c '
import json, sys
c = json.load(sys.stdin)["best"]["cost_usd"]
assert c > 5, c      # above --max-cost, or the case above would be feasible
print("%.2f" % c)') || fail "no least-cost plan above 5 USD for the deadline"
grep -q '^No placement meets the limits.$' "$WORK/none.md" &&
	grep -q "^Without max-cost: the cheapest plan meeting --deadline 2 h costs ${least:-?} USD (--max-cost 5.00 USD)\.\$" \
		"$WORK/none.md" || fail "the infeasible report does not say why"

# usage
# shellcheck disable=SC2086
run report estimate $EST
expect_status 2 "no -o" && expect_err_match "give -o FILE" "no -o"
run report plna x.xml -o r.html
expect_status 2 "unknown kind" && expect_one_line_error "unknown kind" &&
	expect_err_match "unknown report 'plna'; did you mean 'plan'" "unknown kind"
run report
expect_status 2 "no kind"
# shellcheck disable=SC2086
run report estimate $EST -o "$WORK/r.txt"
expect_status 2 "unknown extension" && expect_err_match "give --format" "unknown extension"
# shellcheck disable=SC2086
run report estimate $EST -o "$WORK/r.html" --format pdf
expect_status 2 "--format pdf" && expect_err_match "html, md, latex or json, not 'pdf'" "--format pdf"
# shellcheck disable=SC2086
run report estimate $EST -o "$WORK/r.html" --discount-rate 5%
expect_status 2 "--discount-rate for an estimate"
run report plan "$srcdir/data/examples/portfolio.xml" -o "$WORK/r.html" --discount-rate 150%
expect_status 2 "--discount-rate 150%"
run report plan "$srcdir/data/examples/portfolio.xml" -o "$WORK/r.html" --experiments 3
expect_status 2 "--experiments for a plan"
[ ! -e "$WORK/r.html" ] || fail "a usage error wrote a report"
run report plan "$WORK/none.xml" -o "$WORK/r.html"
expect_status 3 "a missing workloads file" && expect_one_line_error "a missing workloads file"
run report --help
expect_ok "--help" && expect_out_match '^usage: mlfit report plan WORKLOADS.xml' "--help"
finish
