import { createElement, type FunctionComponent } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { beforeAll, describe, expect, it } from 'vitest';

// The components are .tsx, which the node tsconfig (the one test files compile under) does not take: they are
// loaded by path at run time (vitest compiles them), and their props typed here.
type Props = Record<string, unknown>;
const component = async (rel: string, name: string): Promise<FunctionComponent<Props>> =>
  ((await import(/* @vite-ignore */ new URL(rel, import.meta.url).href)) as Record<string, FunctionComponent<Props>>)[name]!;
let TextTileContent: FunctionComponent<Props>;
let FilterBar: FunctionComponent<Props>;
let GalleryText: FunctionComponent<Props>;
beforeAll(async () => {
  TextTileContent = await component('../../renderer/src/text/TextTileContent.tsx', 'TextTileContent');
  FilterBar = await component('../../renderer/src/datasets/FilterBar.tsx', 'FilterBar');
  GalleryText = await component('../../renderer/src/text/GalleryText.tsx', 'GalleryText');
});

const longText = 'replication manager for PostgreSQL common files '.repeat(6).trim();

describe('text in the Label grid, its search box and the galleries', () => {
  it('a text row: the class tag, the text and the assist badge are side by side in the flow, none laid over the text', () => {
    const html = renderToStaticMarkup(createElement(TextTileContent, { text: longText, label: 'database', color: '#e53935', hint: { text: 'mail?', title: 'the probe guesses mail' } }));
    const order = ['data-testid="grid-item-label"', 'data-testid="grid-item-text"', 'data-testid="hint-badge"'].map((m) => html.indexOf(m));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(html).not.toContain('position:absolute');
    // Clamped to two lines in the row, the whole text on hover.
    expect(html).toContain(`title="${longText}"`);
    expect(html).toMatch(/-webkit-line-clamp:2/);
  });

  it('the search box says what it searches', () => {
    const props = { view: { filter: {}, showSkipped: false }, classes: [], skipped: 0, onChange: () => undefined };
    expect(renderToStaticMarkup(createElement(FilterBar, { ...props, kind: 'text' }))).toContain('Search texts');
    expect(renderToStaticMarkup(createElement(FilterBar, { ...props, kind: 'image' }))).toContain('Search file names');
  });

  it('a gallery card shows the text itself, whole on hover', () => {
    const html = renderToStaticMarkup(createElement(GalleryText, { text: longText }));
    expect(html).toContain(`>${longText}<`);
    expect(html).toContain(`title="${longText}"`);
  });
});

describe('the Train form\'s advanced settings speak of what the dataset holds', () => {
  it('texts for a text backbone, images for an image one', async () => {
    const { validationCopy } = await import('../../renderer/src/training/advanced-options');
    expect(Object.values(validationCopy(false)).join(' ')).not.toMatch(/\bimages?\b/);
    expect(validationCopy(false)).toEqual({
      auto: 'Automatic: cross-validation when a label has fewer than 30 texts.',
      split: 'Held-out validation and test texts',
      cv: 'Cross-validation on every text',
    });
    expect(validationCopy(true).split).toBe('Held-out validation and test images');
  });
});
