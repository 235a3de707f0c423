#!/bin/sh
# t0020-build-files.sh — what the build and mlfit leave on disk: man pages that
# show the version, --write-lp files with the usual permissions, a clear
# message for --write-lp into a directory, generated files ignored by git.
. "${srcdir:-.}/tests/cli/lib.sh"

version=$("$MLFIT" --version | sed 's/^mlfit //')
for man in "$top_builddir"/doc/*.1; do
	[ -f "$man" ] || { fail "no man page built in $top_builddir/doc"; break; }
	head -1 "$man" | grep -q "\"mlfit $version\"" ||
		fail "$(basename "$man") does not show version $version: $(head -1 "$man")"
	if grep -q '@[A-Z_]*@' "$man"; then
		fail "$(basename "$man") has an unsubstituted @VARIABLE@"
	fi
done

TINY="$FIXTURES/optimize/tiny.xml"
# a written model is an ordinary file: 0644 under umask 022, not mkstemp's 0600
(umask 022 && "$MLFIT" --catalog "$TINY" recommend resnet18 --epochs 10 --providers tp \
	--write-lp "$WORK/model.lp" >/dev/null 2>&1) || fail "--write-lp failed"
mode=$(stat -c %a "$WORK/model.lp" 2>/dev/null)
[ "$mode" = 644 ] || fail "--write-lp file has mode '$mode', expected 644 under umask 022"
(umask 077 && "$MLFIT" --catalog "$TINY" recommend resnet18 --epochs 10 --providers tp \
	--write-lp "$WORK/private.lp" >/dev/null 2>&1) || fail "--write-lp failed"
mode=$(stat -c %a "$WORK/private.lp" 2>/dev/null)
[ "$mode" = 600 ] || fail "--write-lp file has mode '$mode', expected 600 under umask 077"

# --write-lp naming a directory says so, and leaves nothing in or beside it
mkdir "$WORK/lpdir"
run --catalog "$TINY" recommend resnet18 --epochs 10 --providers tp --write-lp "$WORK/lpdir"
expect_status 3 "--write-lp into a directory" &&
	expect_one_line_error "--write-lp into a directory" &&
	expect_err_match "cannot write the model to '.*/lpdir': it is a directory" "--write-lp directory"
[ -z "$(ls "$WORK/lpdir")" ] || fail "--write-lp left files in the directory"
[ "$(ls "$WORK" | grep -c '^lpdir\.')" -eq 0 ] || fail "--write-lp left a temporary file"

# in a git checkout built in place, nothing the build made shows as untracked
if command -v git >/dev/null 2>&1 && [ "$(cd "$top_builddir" && git rev-parse --show-toplevel 2>/dev/null)" = "$(cd "$top_builddir" && pwd -P)" ]; then
	left=$(cd "$top_builddir" && git status --porcelain --untracked-files=all |
		sed -n 's/^?? //p' | grep -E '(\.1|\.log|\.trs|\.o|\.a|stamp[^/]*|/mlfit|^mlfit|\.pb-c\.[ch]|\.tar\.gz)$')
	[ -z "$left" ] || fail "build products not ignored by git: $left"
fi

finish
