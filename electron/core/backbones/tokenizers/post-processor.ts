/**
 * The tokenizer.json `post_processor` section, applied to ids: adds the special tokens
 * ([CLS] A [SEP] B [SEP]) and assigns token type ids. Reimplemented here (not taken from the
 * tokenizer package) because truncation must know how many tokens it adds before it runs.
 */
export interface Processed {
  ids: number[];
  typeIds: number[];
}

export interface PostProcessor {
  /** Number of special tokens added to a single text (pair = false) or a pair. */
  added(pair: boolean): number;
  apply(a: number[], b: number[] | null): Processed;
}

type Piece = { special: number[]; typeId: number } | { seq: 'A' | 'B'; typeId: number };

interface TemplateConfig {
  single: unknown[];
  pair: unknown[];
  special_tokens: Record<string, { ids: number[] }>;
}

function templateProcessor(single: Piece[], pair: Piece[]): PostProcessor {
  const run = (pieces: Piece[], a: number[], b: number[] | null): Processed => {
    const ids: number[] = [];
    const typeIds: number[] = [];
    for (const p of pieces) {
      const src = 'special' in p ? p.special : p.seq === 'A' ? a : (b ?? []);
      for (const id of src) {
        ids.push(id);
        typeIds.push(p.typeId);
      }
    }
    return { ids, typeIds };
  };
  const count = (pieces: Piece[]) => pieces.reduce((n, p) => n + ('special' in p ? p.special.length : 0), 0);
  return {
    added: (isPair) => count(isPair ? pair : single),
    apply: (a, b) => run(b === null ? single : pair, a, b),
  };
}

function parseTemplate(cfg: TemplateConfig, which: 'single' | 'pair'): Piece[] {
  const pieces = cfg[which];
  if (!Array.isArray(pieces)) throw new Error(`TemplateProcessing: "${which}" is not a list.`);
  return pieces.map((raw): Piece => {
    const item = raw as { SpecialToken?: { id: string; type_id: number }; Sequence?: { id: 'A' | 'B'; type_id: number } };
    if (item.SpecialToken) {
      const tok = cfg.special_tokens?.[item.SpecialToken.id];
      if (!tok) throw new Error(`TemplateProcessing: special token ${item.SpecialToken.id} is not defined in special_tokens.`);
      return { special: tok.ids, typeId: item.SpecialToken.type_id };
    }
    if (item.Sequence) return { seq: item.Sequence.id, typeId: item.Sequence.type_id };
    throw new Error(`TemplateProcessing: unrecognised piece ${JSON.stringify(raw)}.`);
  });
}

const identity: PostProcessor = {
  added: () => 0,
  apply: (a, b) => ({ ids: [...a, ...(b ?? [])], typeIds: [...a.map(() => 0), ...(b ?? []).map(() => 1)] }),
};

/** Builds the post-processor from a tokenizer.json section; throws on types not implemented. */
export function createPostProcessor(section: unknown): PostProcessor {
  if (section === null || section === undefined) return identity;
  const cfg = section as { type?: string } & Record<string, unknown>;
  switch (cfg.type) {
    case 'BertProcessing': {
      const [, cls] = cfg.cls as [string, number];
      const [, sep] = cfg.sep as [string, number];
      return templateProcessor(
        [{ special: [cls], typeId: 0 }, { seq: 'A', typeId: 0 }, { special: [sep], typeId: 0 }],
        [
          { special: [cls], typeId: 0 },
          { seq: 'A', typeId: 0 },
          { special: [sep], typeId: 0 },
          { seq: 'B', typeId: 1 },
          { special: [sep], typeId: 1 },
        ],
      );
    }
    case 'TemplateProcessing': {
      const t = cfg as unknown as TemplateConfig;
      return templateProcessor(parseTemplate(t, 'single'), parseTemplate(t, 'pair'));
    }
    case 'ByteLevel':
      // Only trims offsets; ids are unchanged.
      return identity;
    case 'Sequence': {
      const parts = (cfg.processors as unknown[]).map(createPostProcessor);
      return {
        added: (isPair) => parts.reduce((n, p) => n + p.added(isPair), 0),
        apply: (a, b) => {
          const nonTrivial = parts.filter((p) => p !== identity);
          if (nonTrivial.length > 1) throw new Error('Sequence post-processor with more than one token-adding step is not supported.');
          return (nonTrivial[0] ?? identity).apply(a, b);
        },
      };
    }
    default:
      throw new Error(`Unsupported tokenizer post_processor type "${String(cfg.type)}" (supported: BertProcessing, TemplateProcessing, ByteLevel, Sequence).`);
  }
}
