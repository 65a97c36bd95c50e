"""The test suite (a regular package, so that a third-party top-level ``tests`` package — textstat 0.7.13
ships one — cannot shadow it when the benchmarks import the browser harness)."""
