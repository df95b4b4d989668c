"""BERT and GPT-2 in plain torch with transformers' tensor names (transformers is not installed here).

Same computation as transformers' BertModel / GPT2Model (post-LN BERT with erf GELU and a tanh
pooler; pre-LN GPT-2 with gelu_new, Conv1D weights stored [in, out]). Heads: BertForPreTraining
(MLM tied to the word embeddings + NSP), BertForSequenceClassification (`classifier`),
GPT2LMHeadModel (tied), GPT2ForSequenceClassification (`score`, no bias, last non-pad token).
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F


def gelu_new(x):
    return 0.5 * x * (1.0 + torch.tanh(math.sqrt(2.0 / math.pi) * (x + 0.044715 * torch.pow(x, 3.0))))


# ---------------------------------------------------------------- BERT
class BertSelf(nn.Module):
    def __init__(s, h):
        super().__init__()
        s.query, s.key, s.value = nn.Linear(h, h), nn.Linear(h, h), nn.Linear(h, h)


class BertDense(nn.Module):
    def __init__(s, i, o, eps, ln=True):
        super().__init__()
        s.dense = nn.Linear(i, o)
        if ln:
            s.LayerNorm = nn.LayerNorm(o, eps=eps)


class BertAttention(nn.Module):
    def __init__(s, c):
        super().__init__()
        s.self = BertSelf(c["hidden_size"])
        s.output = BertDense(c["hidden_size"], c["hidden_size"], c["layer_norm_eps"])


class BertLayer(nn.Module):
    def __init__(s, c):
        super().__init__()
        h = c["hidden_size"]
        s.attention = BertAttention(c)
        s.intermediate = BertDense(h, c["intermediate_size"], 0, ln=False)
        s.output = BertDense(c["intermediate_size"], h, c["layer_norm_eps"])
        s.heads, s.drop = c["num_attention_heads"], nn.Dropout(c["hidden_dropout_prob"])
        s.adrop = nn.Dropout(c["attention_probs_dropout_prob"])

    def forward(s, x, bias):
        B, T, H = x.shape
        nh, hd = s.heads, H // s.heads
        at = s.attention.self
        q, k, v = (m(x).view(B, T, nh, hd).transpose(1, 2) for m in (at.query, at.key, at.value))
        p = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(hd) + bias, dim=-1)
        ctx = (s.adrop(p) @ v).transpose(1, 2).reshape(B, T, H)
        o = s.attention.output
        x = o.LayerNorm(x + s.drop(o.dense(ctx)))
        y = s.output.dense(F.gelu(s.intermediate.dense(x)))
        return s.output.LayerNorm(x + s.drop(y))


class BertEmbeddings(nn.Module):
    def __init__(s, c):
        super().__init__()
        h = c["hidden_size"]
        s.word_embeddings = nn.Embedding(c["vocab_size"], h, padding_idx=c.get("pad_token_id", 0))
        s.position_embeddings = nn.Embedding(c["max_position_embeddings"], h)
        s.token_type_embeddings = nn.Embedding(c["type_vocab_size"], h)
        s.LayerNorm = nn.LayerNorm(h, eps=c["layer_norm_eps"])
        s.drop = nn.Dropout(c["hidden_dropout_prob"])

    def forward(s, ids, tt):
        pos = torch.arange(ids.shape[1]).unsqueeze(0)
        return s.drop(s.LayerNorm(s.word_embeddings(ids) + s.position_embeddings(pos) + s.token_type_embeddings(tt)))


class BertEncoder(nn.Module):
    def __init__(s, c):
        super().__init__()
        s.layer = nn.ModuleList([BertLayer(c) for _ in range(c["num_hidden_layers"])])


class BertModel(nn.Module):
    def __init__(s, c):
        super().__init__()
        s.embeddings, s.encoder = BertEmbeddings(c), BertEncoder(c)
        s.pooler = BertDense(c["hidden_size"], c["hidden_size"], 0, ln=False)

    def forward(s, ids, mask, tt):
        bias = (1.0 - mask[:, None, None, :].float()) * torch.finfo(torch.float32).min
        x = s.embeddings(ids, tt)
        for layer in s.encoder.layer:
            x = layer(x, bias)
        return x, torch.tanh(s.pooler.dense(x[:, 0]))


def bert_init(module, std=0.02):
    for m in module.modules():
        if isinstance(m, (nn.Linear, nn.Embedding)):
            nn.init.normal_(m.weight, 0.0, std)
            if isinstance(m, nn.Linear) and m.bias is not None:
                nn.init.zeros_(m.bias)
            if isinstance(m, nn.Embedding) and m.padding_idx is not None:
                with torch.no_grad():
                    m.weight[m.padding_idx].zero_()
        elif isinstance(m, nn.LayerNorm):
            nn.init.ones_(m.weight)
            nn.init.zeros_(m.bias)


class BertPredictions(nn.Module):
    def __init__(s, c):
        super().__init__()
        s.transform = BertDense(c["hidden_size"], c["hidden_size"], c["layer_norm_eps"])
        s.bias = nn.Parameter(torch.zeros(c["vocab_size"]))


class BertPreTrainingHeads(nn.Module):
    def __init__(s, c):
        super().__init__()
        s.predictions = BertPredictions(c)
        s.seq_relationship = nn.Linear(c["hidden_size"], 2)


class BertForPreTraining(nn.Module):
    def __init__(s, c):
        super().__init__()
        s.bert, s.cls = BertModel(c), BertPreTrainingHeads(c)
        bert_init(s)

    def forward(s, ids, mask, tt, at=None, return_pooled=False, return_cls=False):
        """at: a boolean mask of the positions whose MLM logits are wanted (all when None)."""
        hidden, pooled = s.bert(ids, mask, tt)
        x = hidden[at] if at is not None else hidden
        t = s.cls.predictions.transform
        h = t.LayerNorm(F.gelu(t.dense(x)))
        mlm = h @ s.bert.embeddings.word_embeddings.weight.t() + s.cls.predictions.bias
        if return_cls:
            return mlm, hidden[:, 0]
        if return_pooled:
            return mlm, s.cls.seq_relationship(pooled), pooled
        return mlm, s.cls.seq_relationship(pooled)


class BertForSequenceClassification(nn.Module):
    def __init__(s, c):
        super().__init__()
        s.bert = BertModel(c)
        s.classifier = nn.Linear(c["hidden_size"], c["num_labels"])

    def forward(s, ids, mask, tt):
        return s.classifier(s.bert(ids, mask, tt)[1])


# ---------------------------------------------------------------- GPT-2
class Conv1D(nn.Module):
    def __init__(s, nin, nout):
        super().__init__()
        s.weight = nn.Parameter(torch.empty(nin, nout))
        s.bias = nn.Parameter(torch.zeros(nout))
        nn.init.normal_(s.weight, std=0.02)

    def forward(s, x):
        return x @ s.weight + s.bias


class Gpt2Attn(nn.Module):
    def __init__(s, h):
        super().__init__()
        s.c_attn, s.c_proj = Conv1D(h, 3 * h), Conv1D(h, h)


class Gpt2Mlp(nn.Module):
    def __init__(s, h, inner):
        super().__init__()
        s.c_fc, s.c_proj = Conv1D(h, inner), Conv1D(inner, h)


class Gpt2Block(nn.Module):
    def __init__(s, c):
        super().__init__()
        h = c["n_embd"]
        s.ln_1, s.ln_2 = nn.LayerNorm(h, eps=c["layer_norm_epsilon"]), nn.LayerNorm(h, eps=c["layer_norm_epsilon"])
        s.attn, s.mlp = Gpt2Attn(h), Gpt2Mlp(h, c.get("n_inner") or 4 * h)
        s.heads = c["n_head"]
        s.drop, s.adrop = nn.Dropout(c["resid_pdrop"]), nn.Dropout(c["attn_pdrop"])

    def forward(s, x, bias):
        B, T, H = x.shape
        nh, hd = s.heads, H // s.heads
        q, k, v = s.attn.c_attn(s.ln_1(x)).split(H, dim=2)
        q, k, v = (t.view(B, T, nh, hd).transpose(1, 2) for t in (q, k, v))
        p = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(hd) + bias, dim=-1)
        a = (s.adrop(p) @ v).transpose(1, 2).reshape(B, T, H)
        x = x + s.drop(s.attn.c_proj(a))
        return x + s.drop(s.mlp.c_proj(gelu_new(s.mlp.c_fc(s.ln_2(x)))))


class GPT2Model(nn.Module):
    def __init__(s, c):
        super().__init__()
        h = c["n_embd"]
        s.wte, s.wpe = nn.Embedding(c["vocab_size"], h), nn.Embedding(c["n_positions"], h)
        s.h = nn.ModuleList([Gpt2Block(c) for _ in range(c["n_layer"])])
        s.ln_f = nn.LayerNorm(h, eps=c["layer_norm_epsilon"])
        s.drop = nn.Dropout(c["embd_pdrop"])
        for m in s.modules():
            if isinstance(m, nn.Embedding):
                nn.init.normal_(m.weight, std=0.02)
        # GPT-2's scaled init of the residual projections.
        for name, p in s.named_parameters():
            if name.endswith("c_proj.weight"):
                nn.init.normal_(p, std=0.02 / math.sqrt(2 * c["n_layer"]))

    def forward(s, ids, mask):
        T = ids.shape[1]
        causal = torch.tril(torch.ones(T, T, dtype=torch.bool))
        allowed = causal[None, None] & mask[:, None, None, :].bool()
        bias = torch.where(allowed, 0.0, torch.finfo(torch.float32).min)
        x = s.drop(s.wte(ids) + s.wpe(torch.arange(T).unsqueeze(0)))
        for b in s.h:
            x = b(x, bias)
        return s.ln_f(x)


class GPT2LMHeadModel(nn.Module):
    def __init__(s, c):
        super().__init__()
        s.transformer = GPT2Model(c)

    def forward(s, ids, mask):
        return s.transformer(ids, mask) @ s.transformer.wte.weight.t()


class GPT2ForSequenceClassification(nn.Module):
    def __init__(s, c):
        super().__init__()
        s.transformer = GPT2Model(c)
        s.score = nn.Linear(c["n_embd"], c["num_labels"], bias=False)
        s.pad = c["pad_token_id"]

    def forward(s, ids, mask):
        logits = s.score(s.transformer(ids, mask))
        # transformers: the last token that is not pad_token_id (right padding).
        # transformers >= 4.47: the rightmost token that is not pad_token_id.
        last = (torch.arange(ids.shape[1]) * (ids != s.pad).long()).argmax(-1)
        return logits[torch.arange(ids.shape[0]), last]
