"""The course's benchmarks: ``make bench`` (``python -m benchmarks.run``).

One module per measured item; :mod:`benchmarks.stats` and
:mod:`benchmarks.report` hold the statistics and the table. See
``benchmarks/README.md`` for what each item measures and its target.
"""
