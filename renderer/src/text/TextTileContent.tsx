import { textOn } from '../datasets/colors';

/** Lines of a text shown in a Label-grid row (the row is 50 px tall: two 20 px lines and padding). */
export const TEXT_LINES = 2;

/**
 * A text item's row in the Label grid: the class tag and the assist badge sit in the row's flow, beside
 * the text, instead of on top of it as they do on a thumbnail (where they would hide the first words).
 * Plain elements and inline styles, like the image tile, since hundreds mount while scrolling.
 */
export function TextTileContent(props: { text: string; label?: string; color?: string; hint?: { text: string; title: string } }) {
  return (
    <>
      {props.label && (
        <span
          data-testid="grid-item-label"
          style={{ flex: 'none', maxWidth: '22%', marginRight: 10, padding: '1px 8px', borderRadius: 4, fontSize: 12, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap', color: props.color ? textOn(props.color) : '#fff', background: props.color }}
        >
          {props.label}
        </span>
      )}
      <span
        data-testid="grid-item-text"
        title={props.text}
        style={{ flex: 1, minWidth: 0, overflow: 'hidden', display: '-webkit-box', WebkitLineClamp: TEXT_LINES, WebkitBoxOrient: 'vertical', fontSize: 14, lineHeight: '20px', overflowWrap: 'anywhere' }}
      >
        {props.text}
      </span>
      {props.hint && (
        <span data-testid="hint-badge" title={props.hint.title} style={{ flex: 'none', marginLeft: 10, padding: '1px 8px', borderRadius: 4, fontSize: 12, color: '#fff', background: 'rgba(33,33,33,0.85)' }}>
          {props.hint.text}
        </span>
      )}
    </>
  );
}
