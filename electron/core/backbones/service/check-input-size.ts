import { StudioError } from '../../../../shared/api/errors';

type Json = Record<string, unknown>;

/**
 * Image sides a preprocessing config may ask for. Real checkpoints use 28–1024; outside this range
 * a config is a typo, and 100000 would ask for a 120 GB pixel buffer ("Invalid typed array length").
 */
export const inputSideRange = { min: 8, max: 4096 } as const;

const isSide = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= inputSideRange.min && v <= inputSideRange.max;
const range = `an integer from ${inputSideRange.min} to ${inputSideRange.max} pixels`;

function sides(label: string, file: string, field: string, values: unknown[]): void {
  const bad = values.find((v) => !isSide(v));
  if (bad !== undefined) throw new StudioError('bad_input', `${label}: ${file} ${field} asks for ${JSON.stringify(bad)}; each side must be ${range}`);
}

function triple(label: string, field: string, v: unknown, positive: boolean): void {
  if (v === undefined || v === null) return;
  const ok = Array.isArray(v) && v.length === 3 && v.every((x) => typeof x === 'number' && Number.isFinite(x) && (!positive || x > 0));
  if (!ok) throw new StudioError('bad_input', `${label}: config.json ${field} must be three ${positive ? 'positive ' : ''}numbers (RGB), got ${JSON.stringify(v).slice(0, 80)}`);
}

/** timm: pretrained_cfg.input_size [3, H, W], crop_pct, mean, std. */
export function checkTimmInput(config: Json, label: string): void {
  const pre = (typeof config.pretrained_cfg === 'object' && config.pretrained_cfg !== null ? config.pretrained_cfg : {}) as Json;
  if (pre.input_size !== undefined) {
    const s = pre.input_size;
    if (!Array.isArray(s) || s.length !== 3) throw new StudioError('bad_input', `${label}: config.json pretrained_cfg.input_size must be [3, height, width], got ${JSON.stringify(s)}`);
    if (s[0] !== 3) throw new StudioError('bad_input', `${label}: config.json pretrained_cfg.input_size has ${JSON.stringify(s[0])} channels; only RGB (3) is supported`);
    sides(label, 'config.json', 'pretrained_cfg.input_size', s.slice(1));
  }
  const crop = pre.crop_pct;
  if (crop !== undefined && crop !== null && !(typeof crop === 'number' && crop >= 0.1 && crop <= 2)) {
    throw new StudioError('bad_input', `${label}: config.json pretrained_cfg.crop_pct must be a number from 0.1 to 2 (usually 0.875–1), got ${JSON.stringify(crop)}`);
  }
  triple(label, 'pretrained_cfg.mean', pre.mean, false);
  triple(label, 'pretrained_cfg.std', pre.std, true);
}

/** transformers ViT: image_size in config.json and the sizes preprocessor_config.json resizes and crops to. */
export function checkHfImageInput(config: Json, preprocessor: Json | null, label: string): void {
  if (config.image_size !== undefined) sides(label, 'config.json', 'image_size', [Array.isArray(config.image_size) ? config.image_size[0] : config.image_size]);
  if (!preprocessor) return;
  for (const field of ['size', 'crop_size']) {
    const v = preprocessor[field];
    if (v === undefined || v === null) continue;
    if (typeof v === 'number') sides(label, 'preprocessor_config.json', field, [v]);
    else if (typeof v === 'object') {
      const o = v as Json;
      const given = ['height', 'width', 'shortest_edge'].filter((k) => o[k] !== undefined && o[k] !== null);
      for (const k of given) sides(label, 'preprocessor_config.json', `${field}.${k}`, [o[k]]);
    }
  }
}
