"""Prints scikit-learn's metric-MDS stress for a precomputed dissimilarity matrix.

Usage: sklearn_mds_stress.py MATRIX.txt  (whitespace-separated rows). Runs
MDS(dissimilarity="precomputed", n_init=4, random_state=0) and prints the lower of its
reported stress_ (measured one update before the end) and the raw stress of the embedding it
returns, so attnscope is compared with the best that scikit-learn achieved.
"""
import sys
import warnings

import numpy as np
from sklearn.manifold import MDS

d = np.loadtxt(sys.argv[1], ndmin=2)
with warnings.catch_warnings():
    warnings.simplefilter("ignore", FutureWarning)  # normalized_stress's changing default
    mds = MDS(dissimilarity="precomputed", n_init=4, random_state=0, normalized_stress=False)
    x = mds.fit_transform(d)
diff = np.sqrt(((x[:, None, :] - x[None, :, :]) ** 2).sum(-1)) - d
print(repr(min(mds.stress_, (diff**2).sum() / 2)))
