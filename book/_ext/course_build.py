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
"""

import os
import re

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


def setup(app):
    os.environ["COMPANION_DEMO_FACES"] = "static"
    app.connect("html-page-context", list_items_for_references)
    # Late, so that scripts other extensions add to the page are seen too.
    app.connect("html-page-context", load_scripts_once, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
