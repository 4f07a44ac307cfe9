"""The quick check: a program that must start now answers a few questions and gets a provisional
verdict and a one-page temporary-use plan, then grows it into the full assessment."""
