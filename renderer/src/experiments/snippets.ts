import type { ExportFormat } from '../../../shared/api/methods/export';

/**
 * A ready-to-paste loader for each export target, as Teachable Machine gives one. Names match what the
 * download contains (run-<id>-<format>/…); the model card (README.md) in it has the full preprocessing.
 */
export function snippetFor(format: ExportFormat, runId: number, family: string | undefined): { language: string; runtime: string; code: string } {
  const dir = `run-${runId}-${format}`;
  if (format === 'tfjs') {
    return {
      language: 'js',
      runtime: 'TensorFlow.js',
      code: [
        "import * as tf from '@tensorflow/tfjs';",
        '',
        `// Serve the unzipped ${dir}/ folder next to your page.`,
        `const model = await tf.loadLayersModel('${dir}/model.json');`,
        '// pixels: [N, H, W, 3] float32, resized and normalised as README.md says.',
        'const probabilities = tf.softmax(model.predict(pixels));',
        'const best = probabilities.argMax(-1).dataSync(); // index into the labels in README.md',
      ].join('\n'),
    };
  }
  if (format === 'onnx') {
    return {
      language: 'python',
      runtime: 'ONNX Runtime',
      code: [
        'import numpy as np',
        'import onnxruntime as ort',
        '',
        `session = ort.InferenceSession("${dir}/model.onnx")`,
        '# pixels: float32 [N, 3, H, W], resized and normalised as README.md says',
        'logits = session.run(None, {session.get_inputs()[0].name: pixels})[0]',
        'best = logits.argmax(axis=1)  # index into the labels in README.md',
      ].join('\n'),
    };
  }
  const text = family === 'bert' || family === 'gpt2';
  return {
    language: 'python',
    runtime: 'PyTorch',
    code: text
      ? [
          'from transformers import AutoModelForSequenceClassification, AutoTokenizer',
          '',
          `model = AutoModelForSequenceClassification.from_pretrained("${dir}").eval()`,
          `tokenizer = AutoTokenizer.from_pretrained("${dir}")`,
          'logits = model(**tokenizer(["your text"], return_tensors="pt")).logits',
          'print(model.config.id2label[int(logits.argmax())])',
        ].join('\n')
      : [
          '# Standard timm/torchvision architectures; a reduced-width starter backbone is built as',
          "# Transfer Studio's scripts/export/check_torch_load.py does, then loaded the same way.",
          'import json, timm, torch',
          'from safetensors.torch import load_file',
          '',
          `config = json.load(open("${dir}/config.json"))`,
          'model = timm.create_model(config["architecture"], num_classes=len(config["label_names"]), **config.get("model_args", {}))',
          `model.load_state_dict(load_file("${dir}/model.safetensors"), strict=True)`,
          'model.eval()',
          '# pixels: float32 [N, 3, H, W], normalised as config.json "preprocessing" says',
          'print(config["label_names"][int(model(pixels).argmax())])',
        ].join('\n'),
  };
}
