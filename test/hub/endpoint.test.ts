import { describe, expect, it } from 'vitest';
import { DEFAULT_HUB_ENDPOINT, HubError, resolveHubEndpoint, resolveHubToken } from '../../electron/core/hub';
import { modelInfoUrl, resolveUrl } from '../../electron/core/hub/endpoint';
import { RateMeter } from '../../electron/core/hub/progress';
import { normalizeEtag } from '../../electron/core/hub/verify';

describe('hub endpoint', () => {
  it('reads HF_ENDPOINT, defaulting to huggingface.co', () => {
    expect(resolveHubEndpoint(undefined, {})).toBe('https://huggingface.co');
    expect(DEFAULT_HUB_ENDPOINT).toBe('https://huggingface.co');
    expect(resolveHubEndpoint(undefined, { HF_ENDPOINT: 'https://hf-mirror.example/' })).toBe('https://hf-mirror.example');
    expect(resolveHubEndpoint('http://127.0.0.1:9', { HF_ENDPOINT: 'https://x.example' })).toBe('http://127.0.0.1:9');
    expect(() => resolveHubEndpoint('ftp://x', {})).toThrow(HubError);
    expect(resolveHubToken(undefined, { HF_TOKEN: 'hf_x' })).toBe('hf_x');
    expect(resolveHubToken(undefined, {})).toBeUndefined();
  });

  it('builds the hub URLs', () => {
    expect(modelInfoUrl('https://huggingface.co', 'timm/resnet50.a1_in1k', 'main')).toBe('https://huggingface.co/api/models/timm/resnet50.a1_in1k/revision/main?blobs=true');
    expect(resolveUrl('https://huggingface.co', 'openai-community/gpt2', 'refs/pr/1', 'onnx/model.onnx')).toBe(
      'https://huggingface.co/openai-community/gpt2/resolve/refs%2Fpr%2F1/onnx/model.onnx',
    );
  });

  it('normalises ETags', () => {
    expect(normalizeEtag('W/"abc"')).toBe('abc');
    expect(normalizeEtag('"abc"')).toBe('abc');
    expect(normalizeEtag(null)).toBeUndefined();
  });

  it('measures the rate over a sliding window', () => {
    let t = 0;
    const m = new RateMeter(1000, () => t);
    m.add(0);
    t = 500;
    m.add(500);
    expect(m.bytesPerSecond()).toBe(1000);
    t = 5000; // stalled: the rate falls
    expect(m.bytesPerSecond()).toBe(100);
  });
});
