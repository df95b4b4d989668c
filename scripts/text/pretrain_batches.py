"""Batch generators of the text pretraining recipe (scripts/text/pretrain_text.py): BERT's masked LM on
windows of one paragraph, GPT-2's causal LM on windows of the paragraph stream."""
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
    """log(N / df) per token id (0 for the special tokens and for tokens never seen), so that "the" and "of"
    weigh little in a text's vector beside the words that say what it is about."""
    df = [0] * vocab_size
    for d in docs:
        for t in set(d):
            df[t] += 1
    n = len(docs)
    return [0.0 if i < n_special or df[i] == 0 else math.log(n / df[i]) for i in range(vocab_size)]


def bert_mlm_batches(docs, rng, batch, vocab, seq_len, min_len):
    """[CLS] window [SEP], MLM-masked, padded to the longest row. Window lengths are drawn from min_len to
    seq_len - 2 tokens of one paragraph: texts people classify are often one short line, and a model that only
    ever saw full windows summarises a five-token text poorly."""
    cls, sep, pad = vocab["[CLS]"], vocab["[SEP]"], vocab["[PAD]"]
    while True:
        rows = []
        for _ in range(batch):
            d = docs[rng.randrange(len(docs))]
            n = rng.randint(min(min_len, len(d)), min(len(d), seq_len - 2))
            start = rng.randrange(len(d) - n + 1)
            rows.append(mask_tokens([cls] + d[start:start + n] + [sep], rng, vocab))
        width = max(len(ids) for ids, _ in rows)
        yield (torch.tensor([ids + [pad] * (width - len(ids)) for ids, _ in rows]),
               torch.tensor([lab + [-100] * (width - len(lab)) for _, lab in rows]))


def gpt2_batches(stream, rng, batch, seq_len):
    while True:
        starts = [rng.randrange(len(stream) - seq_len - 1) for _ in range(batch)]
        x = torch.tensor([stream[s:s + seq_len + 1] for s in starts])
        yield x[:, :-1], x[:, 1:]


def init_mlm_bias(mlm_bias, docs):
    """The MLM decoder's bias starts at the token unigram log-frequencies, which it would otherwise spend the
    first hundreds of steps learning: with AdamW at 2e-3 a bias moves at most ~2e-3 a step, and these need -10."""
    counts = torch.ones(mlm_bias.shape[0])
    for d in docs:
        counts.index_add_(0, torch.tensor(d), torch.ones(len(d)))
    with torch.no_grad():
        mlm_bias.copy_(torch.log(counts / counts.sum()))
