import { useState } from 'react';
import { Box, Button, Collapse, FormControlLabel, MenuItem, Stack, Switch, TextField, Typography } from '@mui/material';
import { defaultLearningRate } from '../../../shared/api/methods/training';
import { fieldError, isDefault, trainDefaults, validationCopy, type AdvancedValues, type Mode, type NumericField, initialAdvanced } from './advanced-options';

interface Props {
  values: AdvancedValues;
  onChange(v: AdvancedValues): void;
  mode: Mode;
  isImage: boolean;
  /** Of the backbone(s) picked, when the core knows them: finetune's default and the most it can train. */
  blocks: { defaultBlocks?: number; numBlocks?: number };
}

/** Every default as an override, closed by default so a newcomer never has to look inside. */
export function AdvancedSettings({ values, onChange, mode, isImage, blocks }: Props) {
  const [open, setOpen] = useState(false);
  const set = (patch: Partial<AdvancedValues>) => onChange({ ...values, ...patch });
  const field = (f: NumericField, label: string, help: string, extra: { placeholder?: string; step?: number } = {}) => {
    const err = fieldError(f, values[f], blocks.numBlocks);
    return (
      <TextField
        key={f}
        label={label}
        value={values[f]}
        onChange={(e) => set({ [f]: e.target.value })}
        error={err !== null}
        helperText={err ?? help}
        placeholder={extra.placeholder}
        size="small"
        type="text"
        sx={{ width: 210 }}
        slotProps={{ htmlInput: { inputMode: 'decimal', 'data-testid': `adv-${f}` }, inputLabel: { shrink: true } }}
      />
    );
  };
  return (
    <Box>
      <Stack direction="row" spacing={1} alignItems="center">
        <Button onClick={() => setOpen((o) => !o)} aria-expanded={open} data-testid="advanced-toggle">
          {open ? '▾' : '▸'} Advanced settings
        </Button>
        {!isDefault(values) && <Typography variant="caption" color="text.secondary">(changed from the defaults)</Typography>}
      </Stack>
      <Collapse in={open} unmountOnExit>
        <Stack spacing={2} sx={{ pt: 1, pl: 1 }} data-testid="advanced-settings">
          <Typography variant="body2" color="text.secondary">
            Every setting has a sensible default; only what you change is sent with the run.
          </Typography>
          <Stack direction="row" flexWrap="wrap" useFlexGap spacing={2}>
            {field('epochs', 'Epochs', `Passes over the data (default ${trainDefaults.epochs}).`)}
            {field('learningRate', 'Learning rate', `Empty = ${defaultLearningRate(mode)} for this mode.`, { placeholder: String(defaultLearningRate(mode)) })}
            {field('batchSize', 'Batch size', 'Empty = auto, sized to memory.', { placeholder: 'auto' })}
            {field('hiddenUnits', 'Head hidden layer size', '0 = none: one dense layer on the features.')}
            {field('dropout', 'Dropout', `0–0.9 (default ${trainDefaults.dropout}).`)}
            {field('labelSmoothing', 'Label smoothing', `0–0.5 (default ${trainDefaults.labelSmoothing}).`)}
            {field('patience', 'Early-stopping patience', `Epochs without improvement before stopping; 0 = off (default ${trainDefaults.patience}).`)}
            {field('seed', 'Seed', 'Same seed, same backend: the same run again.')}
            {mode === 'finetune' &&
              field(
                'finetuneBlocks',
                'Blocks to train',
                blocks.defaultBlocks
                  ? `Empty = the last ${blocks.defaultBlocks} of ${blocks.numBlocks ?? '?'} (this backbone’s default).`
                  : 'Empty = the default for the backbone’s family.',
                { placeholder: blocks.defaultBlocks ? String(blocks.defaultBlocks) : 'family default' },
              )}
            <TextField
              select
              size="small"
              label="Accuracy measured by"
              value={values.validation}
              onChange={(e) => set({ validation: e.target.value as AdvancedValues['validation'] })}
              helperText={validationCopy(isImage).auto}
              sx={{ width: 260 }}
              slotProps={{ htmlInput: { 'data-testid': 'adv-validation' } }}
            >
              <MenuItem value="auto">Automatic</MenuItem>
              <MenuItem value="split">{validationCopy(isImage).split}</MenuItem>
              <MenuItem value="cv">{validationCopy(isImage).cv}</MenuItem>
            </TextField>
          </Stack>
          <Stack direction="row" spacing={3} alignItems="center" flexWrap="wrap">
            <FormControlLabel
              control={<Switch checked={values.exactHead} onChange={(e) => set({ exactHead: e.target.checked })} slotProps={{ input: { 'aria-label': 'Exact head' } }} data-testid="adv-exactHead" />}
              label="Exact classifier (fitted to convergence; off = trained epoch by epoch)"
            />
            <FormControlLabel
              control={<Switch checked={values.classWeights} onChange={(e) => set({ classWeights: e.target.checked })} />}
              label="Class weights (balance rare labels)"
            />
            {isImage && (
              <FormControlLabel
                control={<Switch checked={values.augment} onChange={(e) => set({ augment: e.target.checked })} />}
                label="Augmentation (crops, flips, colour jitter)"
              />
            )}
            <Button onClick={() => onChange(initialAdvanced())} disabled={isDefault(values)} data-testid="advanced-reset">
              Reset to defaults
            </Button>
          </Stack>
        </Stack>
      </Collapse>
    </Box>
  );
}
