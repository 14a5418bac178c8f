"""Key points, actors, comparison, chronology and framing. Imports no Textual."""

import os

# OpenBLAS starts a thread per core for every matrix product. Key points
# multiply tiny per-article matrices, thousands of times: with 2 cores the
# threads' hand-offs made them 1.7x slower (4.3 s -> 7.5 s for 2,000 articles,
# bench/throughput.py), and their spinning took CPU from the app's UI thread.
# The one large product (article similarity) loses nothing measurable on one
# thread. Set before numpy is first imported (every numpy import in the program
# is deferred into these modules); a value the user set is kept.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
