import { StudioError } from '../../../../shared/api/errors';

/** A malformed or unsupported safetensors file; the message names the file and what is wrong. */
export class SafetensorsError extends StudioError {
  constructor(message: string) {
    super('bad_input', message);
    this.name = 'SafetensorsError';
  }
}
