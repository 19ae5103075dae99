"""Backend Competency Handbook generator: load, validate, render, build and export the model."""

__version__ = "0.1.0"
