import { createTheme, type PaletteMode } from '@mui/material/styles';

export function studioTheme(mode: PaletteMode) {
  return createTheme({
    palette: {
      mode,
      primary: { main: mode === 'light' ? '#3949ab' : '#9fa8da' },
      secondary: { main: mode === 'light' ? '#00897b' : '#80cbc4' },
    },
    shape: { borderRadius: 10 },
    typography: { fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif' },
    components: {
      // A focus ring a keyboard user can see from across the room (MUI's default is a faint ripple).
      MuiButtonBase: {
        styleOverrides: {
          root: {
            '&.Mui-focusVisible': { outline: `3px solid ${mode === 'light' ? '#1a237e' : '#c5cae9'}`, outlineOffset: 2 },
          },
        },
      },
    },
  });
}

const KEY = 'studio.theme';

export function savedMode(): PaletteMode {
  const v = localStorage.getItem(KEY);
  if (v === 'light' || v === 'dark') return v;
  return window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export function saveMode(mode: PaletteMode): void {
  localStorage.setItem(KEY, mode);
}
