"""Sphinx extension for the course's book build.

It tells the notebooks executed during the build to show each slider demo's
*static* face (all frames precomputed, flipped in the browser), which is
what a page without a kernel can use. The kernels that execute the notebooks
inherit this process's environment.

It also loads each page's scripts once. Sphinx 7.4 registers an inline script
added after the builder starts (sphinx-thebe's ``THEBE_JS_URL`` config,
sphinx-togglebutton's selector) twice: once with the file name ``None`` and
once with ``""``, so the page declared ``const THEBE_JS_URL`` twice and the
browser raised "Identifier 'THEBE_JS_URL' has already been declared".

And it makes the reference lists valid ARIA: docutils writes each chapter's
bibliography as ``<div role="list">`` of ``role="doc-biblioentry"`` entries, a
role that ARIA 1.2 deprecates and that axe-core does not accept as a list's
child (a critical violation); the entries become ``role="listitem"``.

Finally, once the site is written, it moves every inline image (``data:image/png;base64,...``
or ``data:image/webp;...``: a demo's frames, its default frame, a figure) out of the pages
into ``_images/inline/<sha256 prefix>.<png|webp>``, one file per distinct image, and points
each reference at it with a relative URL, so a page weighs its text and the browser fetches
a frame only when it is shown (``_static/cnn-demo.js``). Relative URLs work served and from
``file://``.
The notebooks keep their inline images: Jupyter needs them.
"""

import base64
import binascii
import hashlib
import os
import re
from pathlib import Path

_BIBLIOENTRY = re.compile(r'(<div class="citation" id="[^"]*") role="doc-biblioentry"')


def _script_key(script):
    attributes = tuple(sorted((str(k), str(v)) for k, v in script.attributes.items()))
    return (str(script.filename or ""), script.priority, attributes)


def load_scripts_once(app, pagename, templatename, context, doctree):
    """Drop repeated entries (same file or inline body) from the page's script list."""
    scripts = context.get("script_files")
    if not scripts:
        return
    seen = set()
    unique = []
    for script in scripts:
        key = _script_key(script)
        if key not in seen:
            seen.add(key)
            unique.append(script)
    scripts[:] = unique


def list_items_for_references(app, pagename, templatename, context, doctree):
    """Give a reference list's entries the role a list's children must have."""
    body = context.get("body")
    if body and "doc-biblioentry" in body:
        context["body"] = _BIBLIOENTRY.sub(r'\1 role="listitem"', body)


INLINE_FOLDER = ("_images", "inline")
_EXTENSIONS = {"png": ".png", "jpeg": ".jpg", "gif": ".gif", "webp": ".webp"}
_INLINE_NAME = re.compile(r"_images/inline/([0-9a-f]{16}\.[a-z]+)")
_DATA_URI = re.compile(r"data:image/(png|jpeg|gif|webp);base64,([A-Za-z0-9+/]+={0,2})")


def page_files(outdir: Path) -> list[Path]:
    """The written pages: every .html outside the static assets and hidden folders."""
    return sorted(
        path
        for path in outdir.rglob("*.html")
        if not any(part.startswith(("_", ".")) for part in path.relative_to(outdir).parts[:-1])
    )


def externalise_inline_images(outdir: Path) -> dict[str, int]:
    """Move the pages' base64 images into files under ``_images/inline``; relative URLs instead.

    Identical images share one file, named by the first 16 hex digits of their sha256.
    Returns, per page (relative path), how many references were rewritten.
    """
    outdir = Path(outdir)
    folder = outdir.joinpath(*INLINE_FOLDER)
    rewritten: dict[str, int] = {}
    for page in page_files(outdir):
        text = page.read_text(encoding="utf-8")
        if ";base64," not in text:
            continue
        prefix = Path(os.path.relpath(folder, page.parent)).as_posix()
        count = 0

        def to_file(match: re.Match, prefix: str = prefix) -> str:
            nonlocal count
            try:
                data = base64.b64decode(match.group(2), validate=True)
            except (binascii.Error, ValueError):
                return match.group(0)  # not an image we can read: left as it was
            name = hashlib.sha256(data).hexdigest()[:16] + _EXTENSIONS[match.group(1)]
            target = folder / name
            if not target.is_file():
                folder.mkdir(parents=True, exist_ok=True)
                temporary = target.with_suffix(target.suffix + ".part")
                temporary.write_bytes(data)
                temporary.replace(target)
            count += 1
            return f"{prefix}/{name}"

        new = _DATA_URI.sub(to_file, text)
        if count:
            page.write_text(new, encoding="utf-8")
            rewritten[page.relative_to(outdir).as_posix()] = count
    _remove_unreferenced(outdir, folder)
    return rewritten


def _remove_unreferenced(outdir: Path, folder: Path) -> None:
    """Drop files of ``folder`` that no page names any more (images of an earlier build)."""
    if not folder.is_dir():
        return
    named = set()
    for page in page_files(outdir):
        named.update(_INLINE_NAME.findall(page.read_text(encoding="utf-8")))
    for path in folder.iterdir():
        if path.is_file() and path.name not in named:
            path.unlink()


def images_to_files(app, exception):
    """After a successful html build: inline images become files (see the module's notes)."""
    if exception is None and getattr(app.builder, "format", None) == "html":
        externalise_inline_images(Path(app.outdir))


def setup(app):
    os.environ["COMPANION_DEMO_FACES"] = "static"
    app.connect("html-page-context", list_items_for_references)
    # Late, so that scripts other extensions add to the page are seen too.
    app.connect("html-page-context", load_scripts_once, priority=900)
    app.connect("build-finished", images_to_files)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
