"""Batch generators of the text pretraining recipe (scripts/text/pretrain_text.py): BERT's masked LM with
next-sentence pairs, two masked views (contrastive), or one masked window with its paragraph's bag of words
(the pooler objective the shipped starter uses); GPT-2's causal LM windows."""
import math

import torch

import tokenizers_mini as T


def mask_tokens(seq, rng, vocab):
    """BERT's masking: 15 % of the non-special tokens are targets; 80 % become [MASK], 10 % random, 10 % kept."""
    cls, sep, mask_id = vocab["[CLS]"], vocab["[SEP]"], vocab["[MASK]"]
    n_special = len(T.BERT_SPECIALS)
    out, lab = list(seq), [-100] * len(seq)
    for i, t in enumerate(seq):
        if t in (cls, sep) or rng.random() >= 0.15:
            continue
        lab[i] = t
        r = rng.random()
        out[i] = mask_id if r < 0.8 else (rng.randrange(n_special, len(vocab)) if r < 0.9 else t)
    return out, lab


def idf_weights(docs, vocab_size, n_special):
    """log(N / df) per token id (0 for the special tokens): the weights of the bag-of-words targets, so that
    "the" and "of" do not crowd out the words that say what a paragraph is about."""
    df = [0] * vocab_size
    for d in docs:
        for t in set(d):
            df[t] += 1
    n = len(docs)
    return [0.0 if i < n_special or df[i] == 0 else math.log(n / df[i]) for i in range(vocab_size)]


def bert_bow_batches(docs, rng, batch, vocab, seq_len, idf):
    """[CLS] window [SEP], MLM-masked, where the window is up to seq_len - 2 tokens of one paragraph; the
    target of the pooler is the paragraph's whole bag of words weighted by idf (normalised to sum 1), so the
    pooler has to say what the paragraph is about, including the part outside the window (as PROP's and
    Condenser-style bag-of-words objectives train a sequence vector)."""
    cls, sep, pad = vocab["[CLS]"], vocab["[SEP]"], vocab["[PAD]"]
    while True:
        ids, labels, targets = [], [], torch.zeros(batch, len(vocab))
        for r in range(batch):
            d = docs[rng.randrange(len(docs))]
            start = rng.randrange(max(1, len(d) - (seq_len - 2) + 1))
            masked, lab = mask_tokens([cls] + d[start:start + seq_len - 2] + [sep], rng, vocab)
            padn = seq_len - len(masked)
            ids.append(masked + [pad] * padn)
            labels.append(lab + [-100] * padn)
            for t in d:
                targets[r, t] += idf[t]
        targets /= targets.sum(1, keepdim=True).clamp_min(1e-9)
        yield torch.tensor(ids), torch.tensor(labels), targets


def bert_batches(docs, rng, batch, vocab, seq_len):
    """[CLS] A [SEP] B [SEP]: B continues A half the time, else comes from another paragraph (BERT's NSP)."""
    cls, sep, pad = vocab["[CLS]"], vocab["[SEP]"], vocab["[PAD]"]
    while True:
        ids, tts, labels, nsp = [], [], [], []
        for _ in range(batch):
            d = docs[rng.randrange(len(docs))]
            budget = seq_len - 3
            start = rng.randrange(max(1, len(d) - 4))
            a_len = rng.randint(2, max(2, min(len(d) - start - 2, budget // 2)))
            a = d[start:start + a_len]
            if rng.random() < 0.5 and len(d) > start + a_len + 1:
                b, is_next = d[start + a_len:start + a_len + budget - len(a)], 0
            else:
                o = docs[rng.randrange(len(docs))]
                s2 = rng.randrange(max(1, len(o) - 2))
                b, is_next = o[s2:s2 + budget - len(a)], 1
            seq = [cls] + a + [sep] + b + [sep]
            tt = [0] * (len(a) + 2) + [1] * (len(b) + 1)
            seq, lab = mask_tokens(seq, rng, vocab)
            padn = seq_len - len(seq)
            ids.append(seq + [pad] * padn)
            tts.append(tt + [0] * padn)
            labels.append(lab + [-100] * padn)
            nsp.append(is_next)
        yield (torch.tensor(ids), torch.tensor(tts), torch.tensor(labels), torch.tensor(nsp))


def bert_views(docs, rng, batch, vocab, seq_len):
    """One paragraph chunk per row, masked twice independently: MLM targets for both views, and the two
    views of a row are the positive pair of the contrastive objective on the pooler (as in SimCSE,
    with masking as well as dropout making the views differ)."""
    cls, sep, pad = vocab["[CLS]"], vocab["[SEP]"], vocab["[PAD]"]
    while True:
        views = [[], []]
        for _ in range(batch):
            d = docs[rng.randrange(len(docs))]
            start = rng.randrange(max(1, len(d) - 8))
            seq = [cls] + d[start:start + seq_len - 2] + [sep]
            for v in views:
                ids, lab = mask_tokens(seq, rng, vocab)
                padn = seq_len - len(seq)
                v.append((ids + [pad] * padn, lab + [-100] * padn))
        yield [(torch.tensor([r[0] for r in v]), torch.tensor([r[1] for r in v])) for v in views]


def gpt2_batches(stream, rng, batch, seq_len):
    while True:
        starts = [rng.randrange(len(stream) - seq_len - 1) for _ in range(batch)]
        x = torch.tensor([stream[s:s + seq_len + 1] for s in starts])
        yield x[:, :-1], x[:, 1:]


def init_output_biases(mlm_bias, bow_bias, docs, idf):
    """Output biases start at the log-frequencies they would otherwise spend the first hundreds of steps
    learning (the MLM decoder's at the token unigram distribution, the bag-of-words head's at the
    idf-weighted one): with AdamW at 2e-3 a bias moves at most ~2e-3 a step, and these need values of -10."""
    counts = torch.ones(mlm_bias.shape[0])
    for d in docs:
        counts.index_add_(0, torch.tensor(d), torch.ones(len(d)))
    with torch.no_grad():
        mlm_bias.copy_(torch.log(counts / counts.sum()))
        if bow_bias is not None:
            w = counts * torch.tensor(idf) + 1e-3
            bow_bias.copy_(torch.log(w / w.sum()))
