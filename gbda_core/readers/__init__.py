"""Readers for vector sources: any OGR file, BGT downloads and BRP gewaspercelen."""
