import { useEffect, useMemo, useState } from 'react';
import { AppBar, Box, CssBaseline, Drawer, IconButton, ThemeProvider, Toolbar, Tooltip, Typography } from '@mui/material';
import { QueryClientProvider } from '@tanstack/react-query';
import DarkIcon from '@mui/icons-material/DarkMode';
import LightIcon from '@mui/icons-material/LightMode';
import MenuIcon from '@mui/icons-material/Menu';
import MenuOpenIcon from '@mui/icons-material/MenuOpen';
import { pages } from './pages/registry';
import { useRoute } from './shell/route';
import { savedMode, saveMode, studioTheme } from './shell/theme';
import { StatusChips } from './shell/StatusChips';
import { NavList } from './shell/NavList';
import { SkipLink } from './shell/SkipLink';
import { drawerWidth, saveCollapsed, savedCollapsed } from './shell/layout';
import { DemoBanner } from './demo/DemoBanner';
import { RunNotifier } from './runs/RunNotifier';
import { createStudioQueryClient, invalidateOnEvents } from './api/query-client';

export function App() {
  const [client] = useState(createStudioQueryClient);
  useEffect(() => invalidateOnEvents(client), [client]);
  const [mode, setMode] = useState(savedMode);
  const [collapsed, setCollapsed] = useState(savedCollapsed);
  const theme = useMemo(() => studioTheme(mode), [mode]);
  const route = useRoute();
  const current = pages.find((p) => p.id === route.page) ?? pages[0]!;
  const width = drawerWidth(collapsed);
  const toggle = () => {
    const next = mode === 'light' ? 'dark' : 'light';
    saveMode(next);
    setMode(next);
  };
  const fold = () => {
    saveCollapsed(!collapsed);
    setCollapsed(!collapsed);
  };
  return (
    <QueryClientProvider client={client}>
      <ThemeProvider theme={theme}>
        <CssBaseline />
        <SkipLink target="main-content" />
        <Box sx={{ display: 'flex' }} data-testid="app-shell" data-theme={mode} data-sidebar={collapsed ? 'collapsed' : 'open'}>
          <AppBar position="fixed" sx={{ zIndex: (t) => t.zIndex.drawer + 1 }} color="default" elevation={1}>
            <Toolbar>
              <Tooltip title={collapsed ? 'Show page names' : 'Hide page names'}>
                <IconButton edge="start" onClick={fold} aria-label={collapsed ? 'Expand the sidebar' : 'Collapse the sidebar'} aria-expanded={!collapsed} data-testid="sidebar-toggle" sx={{ mr: 1 }}>
                  {collapsed ? <MenuIcon /> : <MenuOpenIcon />}
                </IconButton>
              </Tooltip>
              <Typography variant="h6" component="div" sx={{ flex: 1 }} noWrap>
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
          <Drawer variant="permanent" sx={{ width, flexShrink: 0, [`& .MuiDrawer-paper`]: { width, boxSizing: 'border-box', overflowX: 'hidden' } }}>
            <Toolbar />
            <NavList current={current.id} collapsed={collapsed} />
          </Drawer>
          <Box
            component="main"
            id="main-content"
            tabIndex={-1}
            sx={{ flex: 1, p: { xs: 2, md: 3 }, minWidth: 0, outline: 'none' }}
            data-testid={`page-${current.id}`}
          >
            <Toolbar />
            <DemoBanner />
            <current.Component rest={route.rest} />
          </Box>
        </Box>
        <RunNotifier />
      </ThemeProvider>
    </QueryClientProvider>
  );
}
