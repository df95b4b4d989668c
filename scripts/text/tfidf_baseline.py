"""TF-IDF + logistic regression (scikit-learn defaults) on a text split: the classic baseline.

    /usr/bin/python3 scripts/text/tfidf_baseline.py SPLIT.json  → {"accuracy": …, "train": n, "test": n}

Fitted on train + validation (the studio's probe also refits on both once C is chosen), judged on test.
"""
import json
import sys

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

split = json.load(open(sys.argv[1]))
train = split["train"] + split.get("val", [])
vec = TfidfVectorizer()
x = vec.fit_transform([r["text"] for r in train])
clf = LogisticRegression(max_iter=1000).fit(x, [r["label"] for r in train])
acc = clf.score(vec.transform([r["text"] for r in split["test"]]), [r["label"] for r in split["test"]])
print(json.dumps({"accuracy": acc, "train": len(train), "test": len(split["test"])}))
