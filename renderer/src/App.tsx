import { useMemo, useState } from 'react';
import {
  AppBar,
  Box,
  CssBaseline,
  Drawer,
  IconButton,
  List,
  ListItemButton,
  ListItemIcon,
  ListItemText,
  ThemeProvider,
  Toolbar,
  Tooltip,
  Typography,
} from '@mui/material';
import DarkIcon from '@mui/icons-material/DarkMode';
import LightIcon from '@mui/icons-material/LightMode';
import { pages } from './pages/registry';
import { navigate, useRoute } from './shell/route';
import { savedMode, saveMode, studioTheme } from './shell/theme';
import { StatusChips } from './shell/StatusChips';
import { DemoBanner } from './demo/DemoBanner';

const DRAWER = 200;

export function App() {
  const [mode, setMode] = useState(savedMode);
  const theme = useMemo(() => studioTheme(mode), [mode]);
  const route = useRoute();
  const current = pages.find((p) => p.id === route.page) ?? pages[0]!;
  const toggle = () => {
    const next = mode === 'light' ? 'dark' : 'light';
    saveMode(next);
    setMode(next);
  };
  return (
    <ThemeProvider theme={theme}>
      <CssBaseline />
      <Box sx={{ display: 'flex' }} data-testid="app-shell" data-theme={mode}>
        <AppBar position="fixed" sx={{ zIndex: (t) => t.zIndex.drawer + 1 }} color="default" elevation={1}>
          <Toolbar>
            <Typography variant="h6" sx={{ flex: 1 }}>
              Transfer Studio
            </Typography>
            <StatusChips />
            <Tooltip title={mode === 'light' ? 'Dark theme' : 'Light theme'}>
              <IconButton onClick={toggle} aria-label="toggle theme" sx={{ ml: 1 }}>
                {mode === 'light' ? <DarkIcon /> : <LightIcon />}
              </IconButton>
            </Tooltip>
          </Toolbar>
        </AppBar>
        <Drawer variant="permanent" sx={{ width: DRAWER, [`& .MuiDrawer-paper`]: { width: DRAWER, boxSizing: 'border-box' } }}>
          <Toolbar />
          <List component="nav" aria-label="main">
            {pages.map((p) => (
              <ListItemButton key={p.id} selected={p.id === current.id} onClick={() => navigate(p.id)} data-testid={`nav-${p.id}`}>
                <ListItemIcon>{p.icon}</ListItemIcon>
                <ListItemText primary={p.label} />
              </ListItemButton>
            ))}
          </List>
        </Drawer>
        <Box component="main" sx={{ flex: 1, p: 3, minWidth: 0 }} data-testid={`page-${current.id}`}>
          <Toolbar />
          <DemoBanner />
          <current.Component rest={route.rest} />
        </Box>
      </Box>
    </ThemeProvider>
  );
}
