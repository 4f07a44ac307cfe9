# The two commands of the README. Both set up whatever is missing first.
.PHONY: run test setup lock rehearse

setup:
	@bash scripts/setup.sh

run: setup
	@bash scripts/run.sh

test: setup
	@bash scripts/test.sh

# After changing the dependencies in pyproject.toml: write the lock files again.
lock:
	@bash scripts/lock.sh

# The scale-out rehearsal (bench/scale_out.py, about 4 minutes): two app hosts behind HAProxy
# with PostgreSQL, Redis, an S3-compatible server and two workers; a host, a worker and Redis
# killed under load. Installs HAProxy and Redis from Debian's packages when run as root.
rehearse:
	@SETUP_DEBIAN_EXTRA="haproxy redis-server" bash scripts/setup.sh
	@.venv/bin/python bench/scale_out.py
