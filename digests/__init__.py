"""Digests: build, render and publish daily digests, posts, map and charts."""
