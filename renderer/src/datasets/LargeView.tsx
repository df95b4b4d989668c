import { Box, Dialog, DialogContent, DialogTitle, Typography } from '@mui/material';
import type { ClassInfo, Item } from '../../../shared/domain/dataset';
import { studio } from '../api/studio';
import { classColor, textOn } from './colors';

/** Enter opens this; the workspace keeps handling keys (1–9, 0, arrows), so labeling goes on here. */
export function LargeView(props: { item: Item | undefined; classes: ClassInfo[]; position: string; onClose(): void }) {
  const { item } = props;
  const cls = props.classes.find((c) => c.id === item?.labelId);
  return (
    <Dialog open onClose={props.onClose} maxWidth="lg" fullWidth data-testid="large-view" disableRestoreFocus>
      <DialogTitle sx={{ display: 'flex', gap: 2, alignItems: 'center' }}>
        <Typography component="span" noWrap sx={{ flex: 1 }} title={item?.originalPath ?? ''}>
          {item?.name ?? '…'}
        </Typography>
        <Typography component="span" color="text.secondary">
          {props.position}
        </Typography>
        <Box component="span" data-testid="large-view-label" sx={{ px: 1, borderRadius: 1, color: cls ? textOn(classColor(cls.position)) : '#fff', bgcolor: cls ? classColor(cls.position) : 'grey.700' }}>
          {cls?.name ?? 'unlabeled'}
        </Box>
      </DialogTitle>
      <DialogContent sx={{ display: 'flex', justifyContent: 'center', minHeight: 300 }}>
        {item?.thumbId ? (
          // Enlarged means larger than the thumbnail: small images (28×28 scans) are scaled up, pixels kept sharp.
          <img
            src={studio().fileUrl('image', item.thumbId)}
            alt={item.name}
            data-testid="large-view-image"
            style={{ width: '100%', height: '70vh', objectFit: 'contain', imageRendering: (item.width ?? 999) < 256 ? 'pixelated' : 'auto' }}
          />
        ) : (
          <Typography sx={{ whiteSpace: 'pre-wrap' }}>{item?.text}</Typography>
        )}
      </DialogContent>
      {item && (
        <Typography variant="caption" color="text.secondary" sx={{ px: 3, pb: 2 }}>
          {item.originalPath} {item.width ? `· ${item.width}×${item.height}` : ''} {item.subset ? `· ${item.subset}` : ''}
        </Typography>
      )}
    </Dialog>
  );
}
