"""Helpers for tests that drive iammock: things a real user would get from a device or a tool."""
