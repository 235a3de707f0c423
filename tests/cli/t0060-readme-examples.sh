#!/bin/sh
# t0060-readme-examples.sh — every command in README.md's sh blocks runs as
# written (from the top of the source tree, ./mlfit being the built binary)
# and succeeds with output; the shipped examples are what their recipe makes
# (issue 8, item 18).
. "${srcdir:-.}/tests/cli/lib.sh"

# one command per line: continuations joined, "./bootstrap && " dropped
python3 - "$srcdir/README.md" >"$WORK/commands" <<'PY'
import sys
cmds, cur, in_sh = [], "", False
for line in open(sys.argv[1], encoding="utf-8"):
    line = line.rstrip("\n")
    if line.startswith("```"):
        in_sh = not in_sh and line.strip() == "```sh"
        continue
    if not in_sh:
        continue
    if not cur:
        if line.startswith("./bootstrap && ./mlfit "):
            line = line[len("./bootstrap && "):]
        if not line.startswith("./mlfit "):
            continue
    cur = (cur + " " + line.strip()) if cur else line
    if cur.endswith("\\"):
        cur = cur[:-1].rstrip()
        continue
    cmds.append(cur)
    cur = ""
print("\n".join(cmds))
PY
n=$(wc -l <"$WORK/commands")
[ "$n" -ge 15 ] || fail "README.md: only $n example commands found"

mkdir "$WORK/bin"
ln -s "$MLFIT" "$WORK/bin/mlfit"
while IFS= read -r cmd; do
	count=$((count + 1))
	# the README's ./mlfit is the binary under test; paths are the source tree's
	(cd "$srcdir" && PATH="$WORK/bin:$PATH" sh -c "${cmd#./}") >"$WORK/out" 2>"$WORK/err"
	status=$?
	if [ "$status" -ne 0 ]; then
		fail "README example exits $status: $cmd: $(head -3 "$WORK/err")"
	elif [ ! -s "$WORK/out" ]; then
		fail "README example prints nothing: $cmd"
	elif grep -v '^mlfit: warning: ' "$WORK/err" | grep -q .; then
		fail "README example prints more than warnings on stderr: $cmd: $(head -3 "$WORK/err")"
	fi
done <"$WORK/commands"

# the shipped ONNX example is what its recipe (README.md) writes, and profiles
# to the counts of its layers: conv 3->8 (216), BN (16), a basic block 8->16
# with a downsample (1152 + 32 + 2304 + 32 + 128 + 32), the head 16->10 (170)
if [ -n "${PYTHON:-}" ]; then
	"$PYTHON" "$srcdir/tests/onnx/zoo.py" tiny "$WORK/tiny.onnx" --raw &&
		cmp -s "$WORK/tiny.onnx" "$srcdir/data/examples/tiny-cnn.onnx" ||
		fail "data/examples/tiny-cnn.onnx is not what 'zoo.py tiny --raw' writes"
fi
run profile "$srcdir/data/examples/tiny-cnn.onnx" --format json
expect_ok "profile tiny-cnn.onnx" && [ "$(json_get "int(j['params'])")" = 4082 ] ||
	fail "tiny-cnn.onnx: $(json_get "j['params']") parameters, expected 4082"
run catalog validate "$srcdir/data/examples/overlay.xml"
expect_ok "the sample overlay validates"

finish
