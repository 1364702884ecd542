"""iammock's benchmarks: ``python -m benchmarks`` (``--quick`` for tiny sizes, ``--json`` for figures).

Every figure is measured in one process, contenders alternating round by round, and reported as the
median over rounds; targets are printed next to the measurements, never asserted.
"""
