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

# The installable QGIS plugin zip (gbda_plugin/ with metadata.txt, the .qm and the core bundled).
.PHONY: plugin
plugin:
	python3 gbda_plugin/build.py --out dist/gbda_plugin.zip
