// The reader moved into the core (the CLI's embed/tokenize read and write .npy); tests keep importing it from here.
export { npyRows, readNpy, writeNpy, encodeNpy, parseNpy, type NpyArray } from '../../electron/core/backbones/npy';
