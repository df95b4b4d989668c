import { MenuItem, Stack, TextField, ToggleButton } from '@mui/material';
import type { ClassInfo, ItemFilter } from '../../../shared/domain/dataset';

export type View = { filter: ItemFilter; showSkipped: boolean };

export function FilterBar(props: { view: View; classes: ClassInfo[]; skipped: number; kind?: 'image' | 'text'; onChange(v: View): void }) {
  const { filter } = props.view;
  const set = (f: Partial<ItemFilter>) => {
    const next: ItemFilter = { ...filter, ...f };
    for (const k of Object.keys(next) as Array<keyof ItemFilter>) if (next[k] === undefined || next[k] === '') delete next[k];
    props.onChange({ filter: next, showSkipped: false });
  };
  return (
    <Stack direction="row" spacing={1} sx={{ mb: 1, alignItems: 'center', flexWrap: 'wrap' }} useFlexGap data-testid="filter-bar">
      <TextField
        select
        size="small"
        label="Class"
        value={filter.label === undefined ? 'all' : String(filter.label)}
        onChange={(e) => set({ label: e.target.value === 'all' ? undefined : e.target.value === 'unlabeled' ? 'unlabeled' : Number(e.target.value) })}
        sx={{ minWidth: 160 }}
        slotProps={{ select: { SelectDisplayProps: { 'data-testid': 'filter-class' } as object } }}
      >
        <MenuItem value="all">All classes</MenuItem>
        <MenuItem value="unlabeled">Unlabeled</MenuItem>
        {props.classes.map((c) => (
          <MenuItem key={c.id} value={String(c.id)}>
            {c.name}
          </MenuItem>
        ))}
      </TextField>
      <TextField
        select
        size="small"
        label="Split"
        value={filter.subset ?? 'all'}
        onChange={(e) => set({ subset: e.target.value === 'all' ? undefined : (e.target.value as ItemFilter['subset']) })}
        sx={{ minWidth: 130 }}
      >
        <MenuItem value="all">All splits</MenuItem>
        <MenuItem value="train">Train</MenuItem>
        <MenuItem value="val">Validation</MenuItem>
        <MenuItem value="test">Test</MenuItem>
        <MenuItem value="none">Not split</MenuItem>
      </TextField>
      <TextField
        size="small"
        // A text dataset's search runs over the texts themselves (and their file names).
        label={props.kind === 'text' ? 'Search texts' : 'Search file names'}
        value={filter.search ?? ''}
        onChange={(e) => set({ search: e.target.value })}
        slotProps={{ htmlInput: { 'data-testid': 'filter-search' } }}
      />
      <ToggleButton
        size="small"
        value="skipped"
        selected={props.view.showSkipped}
        onChange={() => props.onChange({ ...props.view, showSkipped: !props.view.showSkipped })}
        data-testid="filter-skipped"
      >
        Skipped files ({props.skipped})
      </ToggleButton>
    </Stack>
  );
}
