"""scikit-learn reference for the studio's exact probe (electron/core/training/probe).

    /usr/bin/python3 scripts/probe/sklearn_logreg.py OUT_DIR

Reads OUT_DIR/cases.json ([{name, x: path of float32 .npy [n,d], y: path of int32 .npy [n],
train: [row...], test: [row...], C, class_weight}]) and writes OUT_DIR/sklearn.json with, per
case, scikit-learn LogisticRegression's test probabilities and accuracy on features standardised
with StandardScaler fitted on the train rows.

    /usr/bin/python3 scripts/probe/sklearn_logreg.py --dump digits|wine OUT_DIR

writes one of scikit-learn's bundled datasets as OUT_DIR/<name>-x.npy (float32) and -y.npy (int32).
"""
import json
import os
import sys
import warnings

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler

if sys.argv[1] == "--dump":
    from sklearn import datasets
    name, out = sys.argv[2], sys.argv[3]
    data = {"digits": datasets.load_digits, "wine": datasets.load_wine}[name]()
    np.save(os.path.join(out, f"{name}-x.npy"), data.data.astype(np.float32))
    np.save(os.path.join(out, f"{name}-y.npy"), data.target.astype(np.int32))
    sys.exit(0)

out = sys.argv[1]
cases = json.load(open(os.path.join(out, "cases.json")))
res = {}
for c in cases:
    x = np.load(c["x"]).astype(np.float64)
    y = np.load(c["y"]).astype(np.int64)
    tr, te = np.array(c["train"]), np.array(c["test"])
    sc = StandardScaler().fit(x[tr])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        m = LogisticRegression(C=c["C"], class_weight=c.get("class_weight"), max_iter=5000, tol=1e-10)
        m.fit(sc.transform(x[tr]), y[tr])
    p = m.predict_proba(sc.transform(x[te]))
    res[c["name"]] = {"proba": p.tolist(), "accuracy": float((m.classes_[p.argmax(1)] == y[te]).mean())}
json.dump(res, open(os.path.join(out, "sklearn.json"), "w"))
