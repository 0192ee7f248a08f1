"""storyline: Vietnamese news to a sourced, dated, structured record of a story."""

__version__ = "0.1.0"
