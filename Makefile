# The two commands of the README. Both set up whatever is missing first.
.PHONY: run test setup lock

setup:
	@bash scripts/setup.sh

run: setup
	@bash scripts/run.sh

test: setup
	@bash scripts/test.sh

# After changing the dependencies in pyproject.toml: write the lock files again.
lock:
	@bash scripts/lock.sh
