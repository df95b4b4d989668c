// The one way this project imports TensorFlow.js: `import * as tf from '<path>/electron/core/tf/tf'`.
// It is what the @tensorflow/tfjs umbrella gave us, minus what we never use (the webgl backend,
// the graph-model converter, tfjs-data: ~50 MB installed): tfjs-core with its gradients and chained
// ops, tfjs-layers, and the cpu backend. The wasm backend and the optional native ones are loaded by
// the backend ladder (training/backend/rungs.ts) where they are wanted.
// Import order matters: tfjs-core first (it creates the engine), then the generated extras that
// register gradients and chained ops into it (scripts/build-tf.mjs explains why they are generated;
// `npm install` makes the file, and `node scripts/build-tf.mjs` remakes it).
import '@tensorflow/tfjs-core';
import './generated/tfjs-core-extras.mjs';
import '@tensorflow/tfjs-backend-cpu';

// Types only: tfjs-core declares the chained ops (t.add(u)…) as augmentations of Tensor in this file.
export type {} from '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';
export * from '@tensorflow/tfjs-core';
// tfjs-layers' values are named one by one: with two `export *` of external packages, rollup (the
// electron-vite build) cannot see which package a name is in and guessed tfjs-core for `layers`, `model`
// and `input`. test/tf/tf.test.ts fails when tfjs-layers exports a value missing here.
export {
  Callback,
  CallbackList,
  CustomCallback,
  EarlyStopping,
  History,
  InputSpec,
  LayerVariable,
  LayersModel,
  RNN,
  Sequential,
  SymbolicTensor,
  callbacks,
  constraints,
  initializers,
  input,
  layers,
  loadLayersModel,
  metrics,
  model,
  models,
  registerCallbackConstructor,
  regularizers,
  sequential,
  version_layers,
} from '@tensorflow/tfjs-layers';
export type * from '@tensorflow/tfjs-layers';
