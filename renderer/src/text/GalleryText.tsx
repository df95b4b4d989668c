import { Typography } from '@mui/material';

/** A text in an evaluation gallery card: as many whole lines as the thumbnail's height holds, the rest on hover. */
export function GalleryText({ text }: { text: string }) {
  return (
    <Typography
      variant="body2"
      title={text}
      data-testid="gallery-text"
      sx={{ m: 1, height: 100, overflow: 'hidden', display: '-webkit-box', WebkitLineClamp: 5, WebkitBoxOrient: 'vertical', overflowWrap: 'anywhere', lineHeight: '20px' }}
    >
      {text}
    </Typography>
  );
}
