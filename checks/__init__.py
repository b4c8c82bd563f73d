"""checkfacts: extract the figures of Chinese newspaper issues and check them against declared rules."""

__version__ = "0.1.0"
