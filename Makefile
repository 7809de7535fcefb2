# Convenience wrappers; the scripts do the work (and install what is missing).
.PHONY: setup test demo bench
setup:
	bash scripts/bootstrap.sh
test:
	bash scripts/test.sh
demo:
	bash scripts/demo.sh
bench:
	bash benchmarks/run.sh
