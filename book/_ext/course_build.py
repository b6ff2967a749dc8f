"""Sphinx extension for the course's book build.

It tells the notebooks executed during the build to show each slider demo's
*static* face (all frames precomputed, flipped in the browser), which is
what a page without a kernel can use. The kernels that execute the notebooks
inherit this process's environment.
"""

import os


def setup(app):
    os.environ["COMPANION_DEMO_FACES"] = "static"
    return {"parallel_read_safe": True, "parallel_write_safe": True}
