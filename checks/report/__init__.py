"""Renderings of a checkfacts report dict: HTML for people, JUnit and SARIF for machines."""
