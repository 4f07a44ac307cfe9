# The two commands of the README. Both set up whatever is missing first.
.PHONY: run test setup

setup:
	@bash scripts/setup.sh

run: setup
	@bash scripts/run.sh

test: setup
	@bash scripts/test.sh
