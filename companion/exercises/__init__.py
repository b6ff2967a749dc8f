"""Each chapter's self-checking exercises, one module per chapter (see :mod:`companion.checks`).

A module defines ``q1``, ``q2``, ... (:class:`companion.checks.Exercise`) and
lists them in ``EXERCISES``; the tests run every reference answer through its
checker.
"""
