import { describe, expect, it } from 'vitest';
import { truncationMessage } from '../../renderer/src/text/truncation';

describe('Predict page: what a text prediction says about its length', () => {
  it('a text the model cut says so, with both counts', () => {
    expect(truncationMessage({ tokens: 302, maxTokens: 64, truncated: true })).toBe(
      'Truncated: this text is 302 tokens long and the model reads only the first 64, so the rest did not count.',
    );
  });
  it('a text that fits gives its length beside the maximum', () => {
    expect(truncationMessage({ tokens: 12, maxTokens: 64, truncated: false })).toBe('12 tokens (the model reads up to 64)');
    expect(truncationMessage({ tokens: 1, maxTokens: 64, truncated: false })).toBe('1 token (the model reads up to 64)');
  });
  it('an image prediction (no token counts) gets no line', () => {
    expect(truncationMessage({})).toBeNull();
  });
});
