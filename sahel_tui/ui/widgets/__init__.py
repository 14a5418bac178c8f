"""One widget per module; each declares the Messages it sends."""
