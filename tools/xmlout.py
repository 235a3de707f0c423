"""Small helpers shared by the maintainer scripts in tools/ (standard library only).

Numbers are written as plain decimals without thousands separators; a
quantity is "<number> <unit>"; attribute values are XML-escaped.
"""

from xml.sax.saxutils import escape, quoteattr


def num(x, digits=6):
    """Format a number compactly: no exponent, no trailing zeros."""
    if isinstance(x, str):
        return x
    s = f"{x:.{digits}f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def q(x, unit, digits=6):
    return f"{num(x, digits)} {unit}"


def attrs(**kw):
    """Render keyword attributes in the given order; None values are left out.

    A trailing underscore is stripped (class_ -> class); other underscores
    become hyphens.
    """
    out = []
    for k, v in kw.items():
        if v is None:
            continue
        name = k.rstrip("_").replace("_", "-")
        out.append(f" {name}={quoteattr(str(v))}")
    return "".join(out)


def text(s):
    return escape(str(s))


HEADER = '<?xml version="1.0" encoding="UTF-8"?>\n'


def comment(s, indent="", width=100):
    """An XML comment wrapped to about `width` columns."""
    import textwrap
    s = s.replace("--", "- -")
    lines = textwrap.wrap(s, width=width - len(indent) - 5, break_on_hyphens=False)
    if len(lines) <= 1:
        return f"<!-- {s} -->"
    body = ("\n" + indent + "     ").join(lines)
    return f"<!-- {body} -->"


def note(s, indent, width=100, tag="note"):
    """A <note> element whose text is wrapped (the loader collapses blanks in notes)."""
    import textwrap
    body = escape(str(s))
    one = f"{indent}<{tag}>{body}</{tag}>"
    if len(one) <= width + 20:
        return one
    lines = textwrap.wrap(body, width=width - len(indent) - 2, break_on_hyphens=False,
                          break_long_words=False)
    inner = "\n".join(f"{indent}  {ln}" for ln in lines)
    return f"{indent}<{tag}>\n{inner}\n{indent}</{tag}>"


def _wrap_tag(indent, tag, tail, width, kw):
    parts = [attrs(**{k: v}).strip() for k, v in kw.items() if v is not None]
    one = f"{indent}<{tag}" + "".join(" " + p for p in parts) + tail
    if len(one) <= width or not parts:
        return one
    lead = f"{indent}<{tag} "
    pad = " " * len(lead)
    lines, cur = [], lead + parts[0]
    for k, p in enumerate(parts[1:], 2):
        extra = len(tail) if k == len(parts) else 0
        if len(cur) + 1 + len(p) + extra > width:
            lines.append(cur)
            cur = pad + p
        else:
            cur += " " + p
    lines.append(cur + tail)
    return "\n".join(lines)


def elem(indent, tag, content, width=118, **kw):
    """<tag a="..." b="...">content</tag>, attributes wrapped onto continuation lines
    (aligned under the first attribute) when the line would be longer than `width`."""
    return _wrap_tag(indent, tag, f">{escape(str(content))}</{tag}>", width, kw)


def open_tag(indent, tag, width=118, **kw):
    """An opening tag with its attributes wrapped like elem()."""
    return _wrap_tag(indent, tag, ">", width, kw)
