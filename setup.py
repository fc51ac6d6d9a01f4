"""pre-commit's entry to the prebuilt tlslint wheel; not the tlslint package itself.

pre-commit installs a `language: python` hook with `pip install .` in a checkout of this
repository at the user's `rev:`. This file makes that install take the `tlslint` wheel of the
same version (built by maturin from python/pyproject.toml and published on PyPI) instead of
compiling tlslint, as typos does. The version below must be Cargo.toml's; tests/pre_commit.rs
checks that it is.
"""

from setuptools import setup

VERSION = "0.1.0"

setup(
    name="tlslint-pre-commit-hook",
    version=VERSION,
    description="pre-commit hook entry that installs the prebuilt tlslint wheel",
    install_requires=[f"tlslint=={VERSION}"],
    packages=[],
    py_modules=[],
)
