"""Small, deterministic trainers and encoders for the two tokenizer.json formats the studio reads.

WordPiece (BERT, lower case): BertNormalizer (clean text, lower case, strip accents) →
BertPreTokenizer (whitespace, then every punctuation character alone) → greedy longest-match
WordPiece with '##' continuations. Byte-level BPE (GPT-2): bytes mapped to printable characters,
GPT-2's pre-tokenisation regex, merges applied by rank. The vocabularies are learnt by BPE merges
(the tokenizers library's WordPieceTrainer also learns its pieces by merging pairs); ties break by
the pair's characters, so a run is deterministic.
"""
import collections
import json
import re
import unicodedata

BERT_SPECIALS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
EOT = "<|endoftext|>"


# ---------- BERT normalisation and pre-tokenisation (tokenizers' BertNormalizer/BertPreTokenizer)
def _is_punct(ch):
    cp = ord(ch)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


_CJK = [(0x4E00, 0x9FFF), (0x3400, 0x4DBF), (0x20000, 0x2A6DF), (0x2A700, 0x2B73F), (0x2B740, 0x2B81F),
        (0x2B820, 0x2CEAF), (0xF900, 0xFAFF), (0x2F800, 0x2FA1F)]


def bert_normalize(text):
    out = []
    for ch in text:
        cp = ord(ch)
        if cp == 0 or cp == 0xFFFD or (unicodedata.category(ch).startswith("C") and ch not in "\t\n\r"):
            continue
        if any(a <= cp <= b for a, b in _CJK):
            out.append(f" {ch} ")  # handle_chinese_chars: each ideograph is a word
            continue
        out.append(" " if ch in "\t\n\r" or unicodedata.category(ch) == "Zs" else ch)
    s = "".join(out).lower()
    s = unicodedata.normalize("NFD", s)
    return "".join(c for c in s if unicodedata.category(c) != "Mn")


def bert_pretokenize(text):
    words = []
    for chunk in text.split():
        cur = ""
        for ch in chunk:
            if _is_punct(ch):
                if cur:
                    words.append(cur)
                words.append(ch)
                cur = ""
            else:
                cur += ch
        if cur:
            words.append(cur)
    return words


# ---------- GPT-2 byte level
def bytes_to_unicode():
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return dict(zip(bs, map(chr, cs)))


_B2U = bytes_to_unicode()
# GPT-2's pattern with \p{L} ≈ [^\W\d_] and \p{N} ≈ \d (equal on the ASCII corpus the recipe uses).
_GPT2_RE = re.compile(r"""'s|'t|'re|'ve|'m|'ll|'d| ?[^\W\d_]+| ?\d+| ?(?:[^\s\w]|_)+|\s+(?!\S)|\s+""")


def gpt2_pretokenize(text):
    return ["".join(_B2U[b] for b in piece.encode("utf-8")) for piece in _GPT2_RE.findall(text)]


# ---------- shared merge learner
def learn_merges(word_counts, initial_symbols, target_size, split_word):
    """BPE merges over word types until the vocabulary (initial symbols + merged) has target_size."""
    words = [(split_word(w), c) for w, c in sorted(word_counts.items())]
    vocab = list(initial_symbols)
    seen = set(vocab)
    pair_counts = collections.Counter()
    where = collections.defaultdict(set)
    for i, (syms, c) in enumerate(words):
        for a, b in zip(syms, syms[1:]):
            pair_counts[(a, b)] += c
            where[(a, b)].add(i)
    merges = []
    while len(vocab) < target_size and pair_counts:
        best = max(pair_counts.items(), key=lambda kv: (kv[1], kv[0]))[0]
        if pair_counts[best] < 2:
            break
        a, b = best
        merged = a + (b[2:] if b.startswith("##") else b)
        merges.append(best)
        if merged not in seen:
            vocab.append(merged)
            seen.add(merged)
        for i in sorted(where.pop(best, ())):
            syms, c = words[i]
            for x, y in zip(syms, syms[1:]):
                pair_counts[(x, y)] -= c
                if pair_counts[(x, y)] <= 0:
                    del pair_counts[(x, y)]
            new, j = [], 0
            while j < len(syms):
                if j + 1 < len(syms) and syms[j] == a and syms[j + 1] == b:
                    new.append(merged)
                    j += 2
                else:
                    new.append(syms[j])
                    j += 1
            words[i] = (new, c)
            for x, y in zip(new, new[1:]):
                pair_counts[(x, y)] += c
                where[(x, y)].add(i)
        pair_counts.pop(best, None)
    return vocab, merges


# ---------- WordPiece
def train_wordpiece(texts, vocab_size):
    counts = collections.Counter()
    for t in texts:
        counts.update(bert_pretokenize(bert_normalize(t)))
    counts = {w: c for w, c in counts.items() if len(w) <= 100}
    chars = sorted({ch for w in counts for ch in w})
    initial = BERT_SPECIALS + chars + sorted({"##" + ch for w in counts for ch in w[1:]})
    split = lambda w: [w[0]] + ["##" + ch for ch in w[1:]]
    vocab, _ = learn_merges(counts, initial, vocab_size, split)
    return vocab


class WordPiece:
    def __init__(self, vocab):
        self.vocab = {t: i for i, t in enumerate(vocab)}
        self.unk = self.vocab["[UNK]"]

    def word_ids(self, word):
        if len(word) > 100:
            return [self.unk]
        ids, start = [], 0
        while start < len(word):
            end, found = len(word), None
            while start < end:
                piece = ("##" if start > 0 else "") + word[start:end]
                if piece in self.vocab:
                    found = self.vocab[piece]
                    break
                end -= 1
            if found is None:
                return [self.unk]
            ids.append(found)
            start = end
        return ids

    def encode(self, text):
        """Token ids without [CLS]/[SEP]."""
        out = []
        for w in bert_pretokenize(bert_normalize(text)):
            out += self.word_ids(w)
        return out


def wordpiece_tokenizer_json(vocab):
    """The document tokenizers writes for a BertWordPiece tokenizer (as synthesize.ts builds it)."""
    v = {t: i for i, t in enumerate(vocab)}
    special = lambda t: {"id": t, "ids": [v[t]], "tokens": [t]}
    added = [{"id": v[t], "content": t, "single_word": False, "lstrip": False, "rstrip": False,
              "normalized": False, "special": True} for t in BERT_SPECIALS]
    return {
        "version": "1.0", "truncation": None, "padding": None, "added_tokens": added,
        "normalizer": {"type": "BertNormalizer", "clean_text": True, "handle_chinese_chars": True,
                       "strip_accents": None, "lowercase": True},
        "pre_tokenizer": {"type": "BertPreTokenizer"},
        "post_processor": {
            "type": "TemplateProcessing",
            "single": [{"SpecialToken": {"id": "[CLS]", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                       {"SpecialToken": {"id": "[SEP]", "type_id": 0}}],
            "pair": [{"SpecialToken": {"id": "[CLS]", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                     {"SpecialToken": {"id": "[SEP]", "type_id": 0}}, {"Sequence": {"id": "B", "type_id": 1}},
                     {"SpecialToken": {"id": "[SEP]", "type_id": 1}}],
            "special_tokens": {"[CLS]": special("[CLS]"), "[SEP]": special("[SEP]")},
        },
        "decoder": {"type": "WordPiece", "prefix": "##", "cleanup": True},
        "model": {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##",
                  "max_input_chars_per_word": 100, "vocab": v},
    }


# ---------- byte-level BPE
def train_bpe(texts, vocab_size):
    counts = collections.Counter()
    for t in texts:
        counts.update(gpt2_pretokenize(t))
    initial = [_B2U[b] for b in range(256)]
    vocab, merges = learn_merges(counts, initial, vocab_size - 1, list)
    return vocab + [EOT], merges


class ByteBPE:
    def __init__(self, vocab, merges):
        self.vocab = {t: i for i, t in enumerate(vocab)}
        self.ranks = {tuple(m): i for i, m in enumerate(merges)}
        self.cache = {}

    def piece_ids(self, piece):
        if piece in self.cache:
            return self.cache[piece]
        syms = list(piece)
        while len(syms) > 1:
            pairs = [(self.ranks.get((a, b), 1 << 30), i) for i, (a, b) in enumerate(zip(syms, syms[1:]))]
            r, i = min(pairs)
            if r == 1 << 30:
                break
            syms = syms[:i] + [syms[i] + syms[i + 1]] + syms[i + 2:]
        ids = [self.vocab[s] for s in syms]
        self.cache[piece] = ids
        return ids

    def encode(self, text):
        out = []
        for p in gpt2_pretokenize(text):
            out += self.piece_ids(p)
        return out


def bpe_tokenizer_json(vocab, merges):
    v = {t: i for i, t in enumerate(vocab)}
    bl = {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": True}
    return {
        "version": "1.0", "truncation": None, "padding": None,
        "added_tokens": [{"id": v[EOT], "content": EOT, "single_word": False, "lstrip": False, "rstrip": False,
                          "normalized": True, "special": True}],
        "normalizer": None, "pre_tokenizer": bl, "post_processor": {**bl, "trim_offsets": False}, "decoder": bl,
        "model": {"type": "BPE", "dropout": None, "unk_token": None, "continuing_subword_prefix": "",
                  "end_of_word_suffix": "", "fuse_unk": False, "byte_fallback": False, "ignore_merges": False,
                  "vocab": v, "merges": [f"{a} {b}" for a, b in merges]},
    }


def write_json(path, obj):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(obj, f, ensure_ascii=False, indent=1)
        f.write("\n")
