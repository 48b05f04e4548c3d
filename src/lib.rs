//! Placeholder library of the test-suite package; the tests live in `tests/`.
