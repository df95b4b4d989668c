export { imagePreprocessor, normalise, pixelsToInput, preprocessImage, resizedSize, type ImagePreprocessor, type ImageSource } from './image';
export { timmSpec, hfSpec, defaultSpec, type ImagePreprocessSpec, type Interpolation } from './spec';
