"""Reports people would rather look at: one self-contained HTML page with maps and charts.

- :func:`gbda_core.report.share.write_share_report`: the GBDA share per area;
- :func:`gbda_core.report.plan.write_plan_report`: a layout plan for a site;
- :func:`gbda_core.report.progress.write_progress_report`: the km programme's progress.

Each writes ``<kind>_report.html`` (images embedded, CSS and JavaScript inlined: it opens
without a network) and its figures as PNG (and SVG for the charts) into a folder, in Dutch
(``nl``, the default) or English (``en``). See docs/report.md.
"""
