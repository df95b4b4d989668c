export { SafetensorsReader, readSafetensors, type LoadedTensor } from './reader';
export { writeSafetensors, type TensorToWrite } from './writer';
export { SafetensorsError } from './errors';
export { MAX_HEADER_BYTES, type TensorEntry, type SafetensorsHeader } from './header';
export type { SafetensorsDtype } from './dtypes';
