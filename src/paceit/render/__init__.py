"""Renderers: the only place that formats results for a terminal or a file."""
