#!/usr/bin/env bash
# Accepts the current output as the expected output of the snapshot tests
# (tests/testsuite/snapshots/) and of the checked-in search bundle
# (tests/fixtures/search-bundle). Review `git diff` before committing.
set -euo pipefail
cd "$(dirname "$0")/.."
INSTA_UPDATE=always SHIORI_BLESS=1 cargo test --test testsuite -- snapshots bundle::checked_in_fixture_bundle_is_current
git status --short tests/testsuite/snapshots tests/fixtures
