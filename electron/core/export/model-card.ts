import type { RunSummary } from '../../../shared/domain/run';
import type { RunEvaluation } from '../../../shared/api/methods/evaluation';

export interface CardInputs {
  run: RunSummary;
  format: 'tfjs' | 'safetensors' | 'onnx';
  labels: string[];
  backbone: { id: string; name: string; family: string; source: string; license: string | null };
  preprocessing: { size: [number, number]; mean: number[]; std: number[]; cropPct: number; spec?: { interpolation: string } } | null;
  data: { datasetName: string | null; snapshotId: number | null; counts: Record<string, number> };
  evaluation: RunEvaluation | null;
  files: string[];
}

const pct = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? '—' : `${(v * 100).toFixed(1)} %`);

const decision = (run: RunSummary) => (run.params.decision ?? {}) as Record<string, unknown>;

/** What the run decided on its own (validation policy, regularisation, probe vs finetune), in its own words. */
function decisionLines(run: RunSummary): string[] {
  const d = decision(run);
  return (['policyReason', 'cReason', 'keptReason'] as const).flatMap((k) => (typeof d[k] === 'string' ? [`- ${String(d[k])}`] : []));
}

/** A model card (Hugging Face style README.md): what it predicts, from what, how well, and how to load it. */
export function modelCard(c: CardInputs): string {
  const m = c.run.metrics;
  const opts = (c.run.params.options ?? {}) as Record<string, unknown>;
  const lines: string[] = [
    '---',
    `library_name: ${c.format === 'tfjs' ? 'tensorflowjs' : c.format === 'onnx' ? 'onnx' : 'pytorch'}`,
    `pipeline_tag: ${c.preprocessing ? 'image' : 'text'}-classification`,
    ...(c.backbone.license ? [`license: ${c.backbone.license}`] : []),
    'tags: [transfer-studio]',
    '---',
    '',
    `# Run #${c.run.id}: ${c.backbone.name} (${c.run.mode}) on ${c.data.datasetName ?? 'a dataset'}`,
    '',
    'Trained offline with Transfer Studio.',
    '',
    '## Labels',
    '',
    ...c.labels.map((l, i) => `${i}. ${l}`),
    '',
    '## Preprocessing',
    '',
    c.preprocessing
      ? `Decoded with PIL as torchvision's loader does (\`Image.open(f).convert('RGB')\`: alpha dropped, not blended; no colour management), with EXIF orientation applied first (\`ImageOps.exif_transpose\`). ` +
        `Resized with PIL's ${c.preprocessing.spec?.interpolation ?? 'bilinear'} filter to ${c.preprocessing.size[0]}×${c.preprocessing.size[1]}${c.preprocessing.cropPct < 1 ? ` (short side to size / ${c.preprocessing.cropPct}, centre crop)` : ''}, scaled to [0, 1], then normalised with mean [${c.preprocessing.mean.join(', ')}] and std [${c.preprocessing.std.join(', ')}]. ` +
        'config.json `preprocessing.torchvision` spells out the exact transform.'
      : 'Text, tokenized with the backbone’s own tokenizer (files included).',
    c.format === 'tfjs'
      ? 'The TF.js model takes NHWC float32 pixels after this normalisation and returns logits.'
      : c.format === 'onnx'
        ? 'The ONNX model takes `pixel_values`, NCHW float32 after this normalisation (texts: int64 `input_ids`, `attention_mask`), and returns `logits`, `probabilities` and `features`; labels and preprocessing are also in its metadata_props.'
        : 'The PyTorch model takes NCHW float32 pixels after this normalisation and returns logits.',
    '',
    '## Data',
    '',
    `Dataset: ${c.data.datasetName ?? '—'}, snapshot #${c.data.snapshotId ?? '—'}: ` + Object.entries(c.data.counts).map(([k, v]) => `${v} ${k}`).join(', ') + '.',
    '',
    '## Training',
    '',
    `- Backbone: ${c.backbone.name} (\`${c.backbone.id}\`, ${c.backbone.family}, from ${c.backbone.source})`,
    `- Mode: ${c.run.mode}; epochs ${String(opts.epochs ?? '—')}, best epoch ${m.bestEpoch ?? '—'}, learning rate ${String(opts.learningRate ?? 'default')}, seed ${String(opts.seed ?? 0)}`,
    ...decisionLines(c.run),
    `- Backend: ${c.run.backend ?? '—'}`,
    `- Time: trunk ${m.trunkSeconds?.toFixed(1) ?? '—'} s, head ${m.headSeconds?.toFixed(1) ?? '—'} s`,
    '',
    '## Metrics',
    '',
    ...(typeof decision(c.run).estimateText === 'string' ? [`- Expected accuracy: ${String(decision(c.run).estimateText)}`] : []),
    `- Validation accuracy: ${pct(m.valAccuracy)}`,
    `- Test accuracy: ${pct(m.testAccuracy)}`,
  ];
  const r = c.evaluation?.report;
  if (r) {
    lines.push('', `Per class on the ${c.evaluation!.subset} split (${r.count} items):`, '', '| label | precision | recall | F1 | support |', '|---|---|---|---|---|');
    for (const l of r.labels) {
      const f = r.perClass[l]!;
      lines.push(`| ${l} | ${f.precision.toFixed(3)} | ${f.recall.toFixed(3)} | ${f.f1.toFixed(3)} | ${f.support} |`);
    }
  }
  lines.push('', '## Loading', '');
  if (c.format === 'onnx') {
    lines.push(
      '```python',
      'import onnxruntime as ort',
      'session = ort.InferenceSession("model.onnx")',
      'labels = json.loads(session.get_modelmeta().custom_metadata_map["labels"])',
      'logits, = session.run(["logits"], {"pixel_values": pixels})  # [N, 3, H, W], normalised as above',
      '```',
    );
  } else if (c.format === 'tfjs') {
    lines.push(
      '```js',
      "const model = await tf.loadLayersModel('file://path/to/model.json'); // or an http(s) URL",
      'const logits = model.predict(pixels); // [N, H, W, 3], normalised as above',
      '```',
    );
  } else {
    lines.push(
      'Build the same architecture with its classifier resized to the labels above, then load strictly:',
      '',
      '```python',
      'from safetensors.torch import load_file',
      'model.load_state_dict(load_file("model.safetensors"), strict=True)',
      '```',
      '',
      '`scripts/export/check_torch_load.py` in the Transfer Studio repository does this with torchvision and compares logits.',
    );
  }
  lines.push('', `Files: ${c.files.join(', ')}`, '');
  return lines.join('\n');
}
